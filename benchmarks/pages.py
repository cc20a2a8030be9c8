"""Queries and server times of the portal's main pages at scale, uncached (issue #18).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \\
        .venv/bin/python benchmarks/pages.py [--runs 30] [--no-seed] [--scale 10]

Seeds `seed_demo --scale 10` (idempotent) into the database given by DATABASE_URL, which should
be PostgreSQL, then requests each page in-process through the whole middleware stack with
Django's test client, signed in as the demo user who would open it, in German.

Every figure is **uncached**: the whole-page cache (portal/pagecache.py, only the public
calendar has one) is emptied before each request, as right after a change. Pieces kept by what
they show (portal/fragments.py) stay, as they would in a running process. "cpu" is the time
this process itself spent on a request (the server's cost, whatever else runs on the machine;
the wall-clock figures include waiting for the database and for the CPU). Each page is timed
with one client and with 8 concurrent clients (threads of this process, each with its own
database connection; they share this process's CPU as a worker's requests would). The calendar
is also timed served from its page cache ("cached"). Goals: list pages p95 <= 100 ms, figures
pages <= 300 ms, both with 1 and with 8 clients; at most 25 queries each.
Writes var/bench/pages.json for benchmarks/summary.py.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("PORTAL_STAFF_MFA_REQUIRED", "false")

QUERY_BUDGET = 25
CLIENTS = 8


def _pages() -> list[tuple[str, str, str | None, str, int]]:
    """(name, user e-mail, active context, url, target ms)."""
    from django.utils import timezone

    from assessments.models import Assessment
    from consulting.models import Company
    from portal.models import PartnerInstitution
    from portal.tenancy import unscoped
    from reports.forms import quarter_of

    year, quarter = quarter_of(timezone.localdate())
    with unscoped("benchmark: pick the pages"):
        tu = PartnerInstitution.objects.get(slug="tu-ilmenau")
        company = (
            Company.objects.filter(lead_partner=tu, sessions__isnull=False).order_by("pk").first()
        )
        assessment = (
            Assessment.objects.completed()
            .filter(company__members__user__email="sme1@example.com")
            .order_by("-completed_at")
            .first()
        )
    if company is None or assessment is None:
        raise SystemExit("The demo data is missing: run without --no-seed first.")
    period = f"?kind=quarter&year={year}&quarter={quarter}"
    consultant = "consultant@tu-ilmenau.example"
    return [
        ("consortium figures", "admin@m40.example", "consortium", f"/reports/{period}", 300),
        ("partner figures", "padmin@tu-ilmenau.example", str(tu.pk), f"/reports/{period}", 300),
        ("company list", consultant, str(tu.pk), "/consulting/companies/", 100),
        ("company page", consultant, str(tu.pk), f"/consulting/companies/{company.pk}/", 100),
        ("requests inbox", consultant, str(tu.pk), "/consulting/requests/", 100),
        ("event calendar", "", None, "/events/", 100),
        ("assessment result", "sme1@example.com", None, f"/assessments/{assessment.pk}/", 100),
        ("dashboard (SME)", "sme1@example.com", None, "/dashboard/", 100),
        ("home", "", None, "/", 100),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--no-seed", action="store_true")
    parser.add_argument("--scale", type=int, default=10)
    args = parser.parse_args()

    import django

    django.setup()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    if connection.vendor != "postgresql":
        print(f"warning: running on {connection.vendor}, the goals are for PostgreSQL")
    if not args.no_seed:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("seed_demo", scale=args.scale, verbosity=0)
        print(f"seed_demo --scale {args.scale}: {time.perf_counter() - started:.1f} s")
    setup_test_environment()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

    print(
        f"{'page (uncached)':<20} {'queries':>7} {'cpu':>6} {'median':>7} {'p95':>7}"
        f" {'p95 x8':>7} {'goal':>5}  ok     (ms; cpu: this process's own time, median;"
        " x8: 8 concurrent clients)"
    )
    results: dict[str, Any] = {"scale": args.scale, "runs": args.runs, "pages": {}}
    for name, email, context, url, target in _pages():
        row = _measure(email, context, url, args.runs)
        ok = (
            row["queries"] <= QUERY_BUDGET
            and row["p95_ms"] <= target
            and row["p95_8_clients_ms"] <= target
        )
        results["pages"][name] = {**row, "url": url, "goal_ms": target, "ok": ok}
        print(
            f"{name:<20} {row['queries']:>7} {row['cpu_median_ms']:>6.1f}"
            f" {row['median_ms']:>7.1f} {row['p95_ms']:>7.1f}"
            f" {row['p95_8_clients_ms']:>7.1f} {target:>5}  {'yes' if ok else 'NO'}"
        )
    # The calendar right after a change: no stored page and no kept piece (its results are
    # kept under the data version that every change replaces; its cards by what they show).
    cold = _cold_calendar(args.runs)
    results["event calendar after a change"] = cold
    print(
        f"{'calendar, changed':<20} {cold['queries']:>7} {cold['cpu_median_ms']:>6.1f}"
        f" {cold['median_ms']:>7.1f} {cold['p95_ms']:>7.1f}"
    )
    cached = _timings(_client("", None), "/events/", args.runs, clear=False)
    results["event calendar cached"] = {
        "median_ms": statistics.median(cached),
        "p95_ms": _p95(cached),
    }
    print(
        f"{'event calendar':<20} {'cached':>7} {'':>6} {statistics.median(cached):>7.1f}"
        f" {_p95(cached):>7.1f}"
    )
    results["load_average"] = os.getloadavg()
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "pages.json").write_text(json.dumps(results, indent=2))


def _client(email: str, context: str | None) -> Any:
    from django.test import Client

    from portal.active_context import SESSION_KEY
    from portal.models import User

    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    if email:
        client.force_login(User.objects.get(email=email))
        if context:
            session = client.session
            session[SESSION_KEY] = context
            session.save()
    return client


def _measure(email: str, context: str | None, url: str, runs: int) -> dict[str, Any]:
    from django.db import connection

    client = _client(email, context)
    response = client.get(url)  # warm up: templates, the filters' lists, kept pieces
    assert response.status_code == 200, (url, response.status_code)
    queries = _queries(connection, lambda: _get(client, url))
    cpu = []
    for _ in range(max(5, runs // 3)):
        started = time.thread_time()
        _get(client, url)
        cpu.append((time.thread_time() - started) * 1000)
    timings = _timings(client, url, runs)
    concurrent = _concurrent(email, context, url, runs)
    return {
        "queries": queries,
        "cpu_median_ms": statistics.median(cpu),
        "median_ms": statistics.median(timings),
        "p95_ms": _p95(timings),
        "p95_8_clients_ms": _p95(concurrent),
    }


def _cold_calendar(runs: int) -> dict[str, Any]:
    from django.db import connection

    from portal import fragments

    client = _client("", None)

    def get() -> Any:
        fragments.clear()
        return _get(client, "/events/")

    get()
    queries = _queries(connection, get)
    cpu, wall = [], []
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.thread_time()
        get()
        cpu.append((time.thread_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started) * 1000)
    return {
        "queries": queries,
        "cpu_median_ms": statistics.median(cpu),
        "median_ms": statistics.median(wall),
        "p95_ms": _p95(wall),
    }


def _get(client: Any, url: str, clear: bool = True) -> Any:
    from portal import pagecache

    if clear:
        pagecache._pages.clear()  # as right after a change: the page is rendered again
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response


def _queries(connection: Any, get: Callable[[], Any]) -> int:
    queries: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        get()
    return len(queries)


def _timings(client: Any, url: str, runs: int, clear: bool = True) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        _get(client, url, clear)
        timings.append((time.perf_counter() - started) * 1000)
    return sorted(timings)


def _concurrent(email: str, context: str | None, url: str, runs: int) -> list[float]:
    """Server times of `runs` requests per client from CLIENTS clients at once."""
    from django.db import connection

    timings: list[float] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS)

    def run() -> None:
        try:
            client = _client(email, context)
            _get(client, url)
            start.wait()
            found = _timings(client, url, runs)
            with lock:
                timings.extend(found)
        except BaseException as error:  # reported below, in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return sorted(timings)


def _p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


if __name__ == "__main__":
    main()
