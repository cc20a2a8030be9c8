"""Every form on every page the URL walk reaches, with extreme values (issue #11): huge numbers,
the years 1 and 9999, empty fields, 100 kB strings, digits that are not ASCII. No answer may be
a 5xx, and a refused submission must leave the database as it was.

The forms are found, not listed: the walk (tests/security/urlwalk.py) opens every URL pattern
with tenant A's rows as each role, and every <form> with fields on an HTML answer is taken
(GET filters too), each distinct form once, as the first role that reached it. A form is filled
as a person would (the page's own values, or one that fits the field's type), so that a hostile
value gets past the other fields into the service behind the form. Then:
- the sweep: each field in turn gets each extreme of its kind (tests/security/fuzz.py
  TYPED_EXTREMES: a number field 10^23, a date field the years 1 and 9999 ...);
- hypothesis: one to three fields at once get any extreme, or are left out.
Each submission runs in a savepoint that is rolled back, so every one starts from the same world
however the one before ended (a cancelled registration, a withdrawn slot ...).

Bounded for CI: PORTAL_FUZZ_EXAMPLES hypothesis examples per form (default 3), plus the sweep.
"""

from __future__ import annotations

import os
import time
import traceback
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.fuzz import PageForm, database_state, extreme_submission, page_forms, sweep
from tests.security.urlwalk import all_patterns, urls_for
from tests.security.world import World, signed_in

pytestmark = pytest.mark.django_db

EXAMPLES_PER_FORM = int(os.environ.get("PORTAL_FUZZ_EXAMPLES", "3"))
ACTORS = ("visitor", "sme_a", "consultant_a", "admin_a", "consortium")
# Signing out would end the role's run early (the visitor has a run of its own).
SKIPPED_ACTIONS = ("/accounts/logout/",)
ERROR_SIGNS = (b"is-invalid", b"invalid-feedback", b"alert-danger", b"alert-warning")


class _Rollback(Exception):
    """Leaves the savepoint of one submission."""


def forms_reached(client: Client, world: World, seen: set[tuple]) -> list[tuple[str, PageForm]]:
    """(page, form) for each form not seen yet on the HTML pages this client reaches."""
    found = []
    for pattern in all_patterns():
        if pattern.route.startswith("admin/"):
            continue  # the Django admin is for operators, none of the roles here
        for url, _secret in urls_for(world, pattern, strict=False):
            response = client.get(url)
            if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
                continue
            for form in page_forms(response.content.decode(), url):
                if form.action.startswith(SKIPPED_ACTIONS) or not form.action.startswith("/"):
                    continue
                if form.key() not in seen:
                    seen.add(form.key())
                    found.append((url, form))
    return found


def short(data: dict[str, Any]) -> str:
    return repr(
        {k: v[:30] + "…" if isinstance(v, str) and len(v) > 30 else v for k, v in data.items()}
    )


def refused(response: Any) -> bool:
    if 400 <= response.status_code < 500:
        return True
    return response.status_code == 200 and any(sign in response.content for sign in ERROR_SIGNS)


WRITES = ("insert", "update", "delete", "truncate", "alter", "create", "drop")


class _WriteRecorder:
    """Notes whether a request sent a statement that can change a row (sessions aside: they
    change with every sign-in and are not compared). Comparing the whole database only after
    such a request keeps the test as strict and makes it several times faster."""

    def __init__(self) -> None:
        self.wrote = False

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statement = sql.lstrip().lower()
        changes_rows = statement.startswith(WRITES) and "django_session" not in statement[:80]
        cte_changes_rows = statement.startswith("with") and any(
            f" {word} " in statement for word in WRITES[:3]
        )
        self.wrote = self.wrote or changes_rows or cte_changes_rows
        return execute(sql, params, many, context)


class Runner:
    """Submits forms as one role, each submission in a savepoint that is rolled back."""

    def __init__(self, actor: str, user: Any) -> None:
        self.actor, self.user = actor, user
        self.client = signed_in(user)
        self.before: dict | None = None  # the same for every submission: each is rolled back
        self.count = 0
        self.failures: list[str] = []

    def submit(self, page: str, form: PageForm, data: dict[str, Any]) -> None:
        cache.clear()  # rate limits and cached pages start afresh each time
        if self.user is not None and self.client.session.get("_auth_user_id") != str(self.user.pk):
            self.client.force_login(self.user)
        if self.before is None:
            self.before = database_state()
        self.count += 1
        problem = None
        writes = _WriteRecorder()
        try:
            with transaction.atomic():
                try:
                    send = self.client.post if form.method == "POST" else self.client.get
                    with connection.execute_wrapper(writes):
                        response = send(form.action, data)
                except Exception:  # any exception of a view is what this test looks for
                    problem = "exception\n" + traceback.format_exc(limit=-4)
                else:
                    if response.status_code >= 500:
                        problem = f"answered {response.status_code}"
                    elif (
                        form.method == "POST"
                        and refused(response)
                        and writes.wrote
                        and database_state() != self.before
                    ):
                        problem = f"refused ({response.status_code}), database changed"
                raise _Rollback
        except _Rollback:
            pass
        if problem:
            self.failures.append(
                f"{self.actor}: {form.method} {form.action} (on {page}) {short(data)}: {problem}"
            )


def fuzz(runner: Runner, page: str, form: PageForm, today: Any) -> None:
    @settings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        database=None,  # the same bounded examples every run, nothing kept between runs
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def property_(data: st.DataObject) -> None:
        runner.submit(page, form, data.draw(extreme_submission(form, today)))

    property_()


def test_every_form_on_every_page_survives_extreme_values(world):
    today = timezone.localdate()
    started = time.perf_counter()
    seen: set[tuple] = set()
    runners, forms = [], 0
    for actor in ACTORS:
        runner = Runner(actor, world.actors()[actor][0])
        runners.append(runner)
        reached = forms_reached(runner.client, world, seen)
        forms += len(reached)
        for page, form in reached:
            for data in sweep(form, today):
                runner.submit(page, form, data)

            fuzz(runner, page, form, today)
    submissions = sum(r.count for r in runners)
    seconds = time.perf_counter() - started
    print(f"\n{forms} forms, {submissions} submissions in {seconds:.0f} s")  # noqa: T201
    assert forms >= 45, f"the walk reached only {forms} forms"
    failures = [failure for runner in runners for failure in runner.failures]
    assert not failures, f"{len(failures)} problem(s):\n" + "\n\n".join(failures)
