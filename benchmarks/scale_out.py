"""Driver of benchmarks/scale_out.sh: what an operator's users do, through the proxy.

Sets its data up in the proof's database directly (the test factories, as the tests do), signs
people in with sessions in the shared database, then talks HTTPS to Caddy only, except where it
proves that every replica serves the same file. Prints one line per check and the figures;
exits 1 if any check failed.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import django

django.setup()

import requests  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.core.files.storage import storages  # noqa: E402
from django.utils import timezone  # noqa: E402

from assessments.models import Report  # noqa: E402
from consulting.models import AvailabilitySlot, ConsultationRequest  # noqa: E402
from events.models import Registration  # noqa: E402
from portal.active_context import SESSION_KEY as CONTEXT_KEY  # noqa: E402
from portal.models import Topic  # noqa: E402
from portal.tenancy import unscoped  # noqa: E402

# Caddy's internal certificate authority signed the proxy's certificate: trust exactly it.
CA = str(Path(os.environ["PROOF_TMP"]) / "caddy/pki/authorities/local/root.crt")

PROXY = os.environ["PROOF_PROXY"]
ONE = os.environ["PROOF_ONE"]
REPLICAS = os.environ["PROOF_REPLICAS"].split()
TMP = Path(os.environ["PROOF_TMP"])
SECONDS_EACH = float(os.environ.get("SECONDS_EACH", "6"))
failures: list[str] = []


def check(condition: bool, what: str) -> None:
    print(f"  {'ok  ' if condition else 'FAIL'} {what}", flush=True)
    if not condition:
        failures.append(what)


def browser(user: Any = None, partner_id: int | None = None) -> requests.Session:
    """A browser signed in as `user` (a session in the shared database), or a visitor's."""
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE would replace `verify`
    session.verify = CA
    if user is not None:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        if partner_id is not None:
            store[CONTEXT_KEY] = str(partner_id)
        store.create()
        session.cookies.set(settings.SESSION_COOKIE_NAME, store.session_key)
    return session


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
SUBMISSION = re.compile(r'name="submission" value="([^"]+)"')


def form_fields(session: requests.Session, page: str) -> dict[str, str]:
    html = session.get(f"{PROXY}{page}", timeout=30).text
    token = TOKEN.search(html)
    if token is None:
        raise AssertionError(f"{page}: no form with a CSRF token")
    fields = {"csrfmiddlewaretoken": token.group(1)}
    submission = SUBMISSION.search(html)
    if submission:
        fields["submission"] = submission.group(1)
    return fields


def post(session: requests.Session, page: str, url: str, data: dict[str, Any]) -> int:
    response = session.post(
        f"{PROXY}{url}", data=data, headers={"Referer": f"{PROXY}{page}"},
        allow_redirects=False, timeout=60,
    )  # fmt: skip
    return response.status_code


def all_at_once(jobs: list[Callable[[], Any]]) -> list[Any]:
    """Start every job at the same moment (a barrier), one thread each; their results."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = jobs[index]()
        except Exception as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results


# --- set-up -----------------------------------------------------------------------------------

print("set-up: two tenants (the security tests' world), 80 SME users, a workshop, a slot")
with unscoped("scale-out proof: set-up"):
    from tests.assessments.factories import completed
    from tests.events.factories import EventFactory, sme
    from tests.security.world import build_world

    world = build_world()
    event = EventFactory(capacity=10)
    racers = [sme() for _ in range(50)]
    bookers = [sme() for _ in range(10)]
    start = timezone.now() + timedelta(days=7)
    slot = AvailabilitySlot.objects.create(
        partner=world.a.partner, consultant=world.a.consultant,
        starts_at=start, ends_at=start + timedelta(hours=1), mode="remote",
    )  # fmt: skip
    topic = Topic.objects.filter(is_active=True).first()
    owners = [sme() for _ in range(20)]
assessments = [completed(owner)[0] for owner in owners]


# --- 1. the workshop registration race --------------------------------------------------------

print(f"\n1. 50 SMEs register at once for a workshop with 10 seats ({PROXY})")
page = f"/events/{event.slug}/"
browsers = [browser(person) for person in racers]
forms = [form_fields(b, page) for b in browsers]
statuses = all_at_once(
    [
        (lambda b=b, f=f: post(b, page, f"/events/{event.slug}/register/", f))
        for b, f in zip(browsers, forms, strict=True)
    ]
)
check(
    all(s == 302 for s in statuses), f"every registration answered (statuses {Counter(statuses)})"
)
with unscoped("proof: count"):
    seats = Counter(Registration.objects.filter(event=event).values_list("status", flat=True))
check(
    seats == {"confirmed": 10, "waitlisted": 40},
    f"exactly 10 confirmed, 40 waitlisted: {dict(seats)}",
)


# --- 2. the slot booking race -----------------------------------------------------------------

print("\n2. 10 SMEs book the same free slot at once")
browsers = [browser(person) for person in bookers]
forms = [form_fields(b, "/consulting/book/") for b in browsers]
answers = {"topics": [topic.pk], "description": "Sensors, please", "slot": slot.pk}
statuses = all_at_once(
    [
        (lambda b=b, f=f: post(b, "/consulting/book/", "/consulting/book/", {**f, **answers}))
        for b, f in zip(browsers, forms, strict=True)
    ]
)
check(all(isinstance(s, int) and s < 500 for s in statuses), f"no error page ({Counter(statuses)})")
with unscoped("proof: count"):
    booked = ConsultationRequest.objects.filter(slot=slot).count()
check(booked == 1, f"the slot is booked by exactly one request ({booked})")


# --- 3. the cross-tenant URL walk -------------------------------------------------------------

print("\n3. tenant B's people walk every URL filled with tenant A's rows")
from tests.security.test_url_walk import check as walk_check  # noqa: E402
from tests.security.urlwalk import all_patterns, urls_for  # noqa: E402


class Answer:
    """A requests answer with the interface the URL walk's checks read."""

    streaming = False

    def __init__(self, response: requests.Response) -> None:
        self.status_code = response.status_code
        self.content = response.content
        self._headers = response.headers

    def get(self, key: str, default: Any = None) -> Any:
        return self._headers.get(key, default)

    def __getitem__(self, key: str) -> Any:
        return self._headers[key]

    def __contains__(self, key: str) -> bool:
        return key in self._headers


walked = 0
problems: list[str] = []
memberships = {
    "consultant_b": world.b.partner.pk, "admin_b": world.b.partner.pk, "sme_b": None,
}  # fmt: skip
for actor, partner_id in memberships.items():
    user, forbidden = world.actors()[actor]
    walker = browser(user, partner_id)
    for pattern in all_patterns():
        if pattern.name in {"account_logout"}:
            continue
        rows = bool(pattern.params)  # a 403 only matters for a URL that names A's rows
        for url, secret in urls_for(world, pattern, strict=False):
            response = walker.get(f"{PROXY}{url}", allow_redirects=False, timeout=60)
            walked += 1
            problems += walk_check(
                Answer(response), None, url, forbidden, secret, outsider=rows, signed_in=True
            )
check(walked > 100 and not problems, f"{walked} answers, none with tenant A's data: {problems[:5]}")


# --- 4. requests per second, 1 and 3 replicas -------------------------------------------------


def rate(base: str, path: Callable[[int], str], make: Callable[[], requests.Session]) -> float:
    clients, done, errors = 6, [0] * 6, []
    stop = time.monotonic() + SECONDS_EACH

    def run(index: int) -> None:
        session = make()
        n = 0
        while time.monotonic() < stop:
            n += 1
            response = session.get(f"{base}{path(index * 1_000_000 + n)}", timeout=30)
            if response.status_code != 200:
                errors.append(response.status_code)
                return
            done[index] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        failures.append(f"rate {base}: HTTP {errors[0]}")
    return sum(done) / SECONDS_EACH


print(f"\n4. requests per second through the proxy, 6 clients, {SECONDS_EACH:.0f} s each")
print("   (2 cores for everything: proxy, replicas, workers, databases and these clients)")
consultant = world.a.consultant
cases = [
    ("/events/ (public), same URL", lambda n: "/events/", browser),
    ("/events/ (public), distinct URLs", lambda n: f"/events/?nocache={n}", browser),
    (
        "/consulting/companies/, same URL",
        lambda n: "/consulting/companies/",
        lambda: browser(consultant, world.a.partner.pk),
    ),
    (
        "/consulting/companies/, distinct URLs",
        lambda n: f"/consulting/companies/?nocache={n}",
        lambda: browser(consultant, world.a.partner.pk),
    ),
]
print(f"   {'page':36} {'1 replica':>10} {'3 replicas':>11}")
for label, path, make in cases:
    one = rate(ONE, path, make)
    three = rate(PROXY, path, make)
    print(f"   {label:36} {one:10.1f} {three:11.1f}", flush=True)


# --- 5. 20 PDF reports at once, one web replica and one worker killed -------------------------

print("\n5. 20 SMEs ask for their PDF report at once; then one web replica and one worker die")
browsers = [browser(owner) for owner in owners]
forms = [
    form_fields(b, f"/assessments/{a.pk}/") for b, a in zip(browsers, assessments, strict=True)
]
statuses = all_at_once(
    [
        (
            lambda b=b, f=f, a=a: post(
                b, f"/assessments/{a.pk}/", f"/assessments/{a.pk}/report/", {**f, "language": "de"}
            )
        )
        for b, f, a in zip(browsers, forms, assessments, strict=True)
    ]
)
check(all(s == 302 for s in statuses), f"every request answered ({Counter(statuses)})")
for name, group in (("web2", "PROOF_KILL_WEB"), ("worker2", "PROOF_KILL_WORKER")):
    os.killpg(int(os.environ[group]), signal.SIGKILL)
    print(f"  killed {name} (SIGKILL to its process group)")
killed_at = time.monotonic()

with unscoped("proof: report ids"):
    reports = {r.assessment_id: r.pk for r in Report.objects.filter(assessment__in=assessments)}
check(len(reports) == 20, f"20 report rows ({len(reports)})")
polls: Counter[int] = Counter()
deadline = time.monotonic() + 240
while time.monotonic() < deadline:
    for b, a in zip(browsers, assessments, strict=True):  # what the result page's htmx poll asks
        polls[
            b.get(f"{PROXY}/assessments/reports/{reports[a.pk]}/status/", timeout=30).status_code
        ] += 1
    with unscoped("proof: statuses"):
        pending = Report.objects.filter(pk__in=reports.values()).exclude(status="ready").count()
    if not pending:
        break
    time.sleep(2)
took = time.monotonic() - killed_at
check(pending == 0, f"all 20 ready {took:.0f} s after the kills")
check(set(polls) == {200}, f"status polls through the proxy during the kills: {dict(polls)}")

bucket = storages["default"].bucket
files = [o.key for o in bucket.objects.filter(Prefix="assessments/reports/")]
with unscoped("proof: the stored names"):
    ours = set(Report.objects.filter(pk__in=reports.values()).values_list("file", flat=True))
    every = set(Report.objects.exclude(file="").values_list("file", flat=True))
check(len(ours) == 20 and ours <= set(files), f"every report's file is in the bucket ({len(ours)})")
orphans = sorted(set(files) - every)
check(not orphans, f"no file without its report, no second copy: {orphans}")
mail_text = "\n".join(p.read_text(errors="replace") for p in (TMP / "mail").glob("*"))
sent = Counter(
    owner.email for owner in owners for _ in range(mail_text.count(f"To: {owner.email}"))
)
check(all(sent[o.email] == 1 for o in owners), f"one 'ready' mail each ({set(sent.values())})")

alive = [replica for i, replica in enumerate(REPLICAS) if i != 1]
same, refused, through_proxy = 0, 0, 0
for i, (b, a) in enumerate(zip(browsers, assessments, strict=True)):
    url = f"/assessments/reports/{reports[a.pk]}/download/"
    via_proxy = b.get(f"{PROXY}{url}", timeout=30)
    through_proxy += via_proxy.status_code == 200 and via_proxy.content.startswith(b"%PDF")
    cookie = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={b.cookies[settings.SESSION_COOKIE_NAME]}"}
    copies = {
        requests.get(
            f"{replica}{url}", headers={**cookie, "X-Forwarded-Proto": "https"}, timeout=30
        ).content
        for replica in alive
    }
    same += copies == {via_proxy.content}
    other = browsers[(i + 1) % len(browsers)]
    refused += other.get(f"{PROXY}{url}", timeout=30).status_code == 404
check(through_proxy == 20, f"every owner downloads their PDF through the proxy ({through_proxy})")
check(same == 20, f"each surviving replica serves the same bytes ({same})")
check(refused == 20, f"another SME gets 404 for every report ({refused})")

print("\n6. metrics: each replica answers its internal scraper, the proxy nobody")
for replica in alive:
    text = requests.get(f"{replica}/metrics", timeout=30).text
    rendered = re.search(
        r'portal_celery_tasks_total\{outcome="success",task="assessments.render_report"\} (\S+)',
        text,
    )
    check(
        "django_http_requests_latency_seconds_by_view_method_bucket" in text
        and rendered is not None
        and float(rendered.group(1)) >= 20,
        f"{replica}/metrics: request latencies and {rendered.group(1) if rendered else 'no'} "
        "successful renders",
    )
outside = requests.get(f"{PROXY}/metrics", verify=CA, timeout=30)
check(outside.status_code == 404, f"{PROXY}/metrics answers {outside.status_code}")

print()
if failures:
    print(f"{len(failures)} check(s) failed")
    raise SystemExit(1)
print("all checks passed")
