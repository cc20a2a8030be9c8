"""Requests per second under gunicorn, as ratios against a trivial view (issue #18).

    DATABASE_URL=postgres://... REDIS_URL=redis://.../N .venv/bin/python benchmarks/throughput.py

Starts gunicorn (2 sync workers, persistent database connections, DEBUG off) on a throw-away
URLconf that adds `/bench/trivial/` (a view that answers "ok" behind the same middleware), then
loads it with `wrk` (Debian package) from the same machine. Each page and the trivial view run
in alternating slices, so that other load on the machine falls on both alike; only the ratios
of one run mean something here, not the absolute figures.

- events cached:   `/events/`, the same URL each time (the page cache answers);
- events uncached: `/events/` with real filters, pages and both languages, one distinct URL per
  request (benchmarks/distinct.lua): every request is rendered;
- companies:       a consultant's `/consulting/companies/` with distinct pages and searches,
  signed in, against the trivial view signed in.

Writes var/bench/throughput.json for benchmarks/summary.py. Uses the database as it is (seed
it first: benchmarks/run.sh does). Options: --seconds per page (split into slices), --clients.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

URLCONF = """
from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), path("", include("portal.urls"))]
"""
SETTINGS = """
from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
"""
GOALS = {"events cached": 0.8, "events uncached": 0.2}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20.0, help="per page and per trivial")
    parser.add_argument("--slices", type=int, default=4)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8134")))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: sudo apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    (work / "bench_urls.py").write_text(URLCONF)
    (work / "bench_settings.py").write_text(SETTINGS)
    env = {
        **os.environ,
        "PYTHONPATH": f"{work}:{ROOT}",
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PORTAL_STAFF_MFA_REQUIRED": "false",
        "DEBUG": "false",
        "CONN_MAX_AGE": "600",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-" + "x" * 50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DEBUG")})
    sys.path.insert(0, str(work))
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run(
        [python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    paths, cookie = _prepare(work)
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "portal.wsgi:application",
            "--workers=2",
            "--worker-class=sync",
            f"--bind=127.0.0.1:{args.port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        _wait_for(base + "/bench/trivial/")
        results = _measure(base, paths, cookie, args)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "throughput.json").write_text(json.dumps(results, indent=2))
    for name, row in results["pages"].items():
        goal = GOALS.get(name)
        verdict = (
            "" if goal is None else f"  goal >= {goal}: {'yes' if row['ratio'] >= goal else 'NO'}"
        )
        print(
            f"{name:<18} {row['page']:8.1f} req/s   trivial {row['trivial']:8.1f} req/s"
            f"   ratio {row['ratio']:.2f}{verdict}"
        )


def _prepare(work: Path) -> tuple[dict[str, Path], str]:
    """Files of paths for wrk, and a signed-in consultant's session cookie."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from events.models import Event
    from portal.active_context import SESSION_KEY as CONTEXT_KEY
    from portal.models import Membership, PartnerInstitution, Topic, User
    from portal.tenancy import unscoped

    with unscoped("benchmark: the URLs to load"):
        topics = list(Topic.objects.filter(is_active=True).values_list("pk", flat=True))
        partners = list(PartnerInstitution.objects.active().values_list("pk", flat=True))
        upcoming = Event.objects.filter(status=Event.Status.PUBLISHED).count()
        user = User.objects.get(email="consultant@tu-ilmenau.example")
        membership = Membership.objects.filter(user=user).first()
    events = [f"/events/?page={n}" for n in range(1, max(2, upcoming // 24 + 2))]
    for topic in [None, *topics]:
        for partner in [None, *partners]:
            for kind in ["", *Event.Format.values]:
                query = [
                    f"topic={topic}" if topic else "",
                    f"partner={partner}" if partner else "",
                    f"format={kind}" if kind else "",
                ]
                events.append("/events/?" + "&".join(part for part in query if part))
    random.Random(18).shuffle(events)
    companies = [f"/consulting/companies/?page={n}" for n in range(1, 40)]
    companies += [
        f"/consulting/companies/?q={letters}" for letters in ("gmbh", "ag", "tech", "bau")
    ]
    files = {
        "events": events,
        "trivial": ["/bench/trivial/"],
        "companies": companies,
    }
    paths = {}
    for name, lines in files.items():
        paths[name] = work / f"{name}.txt"
        paths[name].write_text("\n".join(lines) + "\n")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[CONTEXT_KEY] = str(membership.partner_id) if membership else ""
    session.create()
    return paths, f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _wait_for(url: str) -> None:
    for _ in range(100):
        try:
            request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(request, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer at {url}")


def _wrk(base: str, seconds: float, clients: int, script: list[str] | None, path: str) -> float:
    command = ["wrk", f"-t{min(clients, 2)}", f"-c{clients}", f"-d{max(1, round(seconds))}s"]
    if script:
        command += ["-s", str(ROOT / "benchmarks" / "distinct.lua"), base, "--", *script]
    else:
        command += ["-H", "X-Forwarded-Proto: https", base + path]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in output:
        raise SystemExit(f"wrk saw answers other than 200 for {path or script}:\n{output}")
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not found:
        raise SystemExit(f"wrk said nothing about requests/s:\n{output}")
    return float(found.group(1))


def _measure(base: str, paths: dict[str, Path], cookie: str, args: argparse.Namespace) -> dict:
    slice_seconds = args.seconds / args.slices
    trivial = str(paths["trivial"])
    pairs = {
        # name: (page wrk args, trivial wrk args); a wrk args tuple is (script args, path)
        "events cached": ((None, "/events/"), (None, "/bench/trivial/")),
        "events uncached": (([str(paths["events"])], ""), ([trivial], "")),
        "companies signed in": (([str(paths["companies"]), cookie], ""), ([trivial, cookie], "")),
    }
    for page, _ in pairs.values():  # warm up: templates, connections, the cached page
        _wrk(base, 1, args.clients, *page)
    results: dict = {
        "clients": args.clients,
        "seconds": args.seconds,
        "machine": _machine(),
        "pages": {},
    }
    for name, (page, trivial_args) in pairs.items():
        page_rate = trivial_rate = 0.0
        for _ in range(args.slices):
            page_rate += _wrk(base, slice_seconds, args.clients, *page)
            trivial_rate += _wrk(base, slice_seconds, args.clients, *trivial_args)
        page_rate, trivial_rate = page_rate / args.slices, trivial_rate / args.slices
        results["pages"][name] = {
            "page": page_rate,
            "trivial": trivial_rate,
            "ratio": page_rate / trivial_rate,
            "goal": GOALS.get(name),
        }
    return results


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}"


if __name__ == "__main__":
    main()
