"""Query count and median / p95 server time of the portal's heavy pages at scale.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \\
        .venv/bin/python benchmarks/pages.py [--runs 30] [--no-seed]

Seeds `seed_demo --scale 10` (idempotent: a second run only checks) into the database given by
DATABASE_URL, which should be PostgreSQL, then requests each page in-process through the whole
middleware stack with Django's test client, signed in as the demo user who would open it.
Targets (issue #6): report pages p95 <= 300 ms, the others <= 100 ms.

Each page is measured twice: "warm" is the page as a returning visitor gets it (served from the
whole-page cache, portal/pagecache.py, where the page uses it), "uncached" is the first visit
after a change: this process's stored pages are dropped before every request, so the page is
rendered in full each time. A page passes when both p95 figures are within its target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("PORTAL_STAFF_MFA_REQUIRED", "false")

TARGET_REPORT_MS = 300
TARGET_PAGE_MS = 100


def _pages() -> list[tuple[str, str, str | None, str, int]]:
    """(name, user e-mail, active context, url, target ms)."""
    from django.utils import timezone

    from assessments.models import Assessment
    from consulting.models import Company
    from portal.models import PartnerInstitution
    from portal.reports.forms import quarter_of
    from portal.tenancy import unscoped

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
    period = f"?kind=quarter&year={year}&quarter={quarter}"
    return [
        ("consortium report", "admin@m40.example", "consortium", f"/reports/{period}", 300),
        ("partner report", "padmin@tu-ilmenau.example", str(tu.pk), f"/reports/{period}", 300),
        (
            "company list",
            "consultant@tu-ilmenau.example",
            str(tu.pk),
            "/consulting/companies/",
            100,
        ),
        (
            "company page",
            "consultant@tu-ilmenau.example",
            str(tu.pk),
            f"/consulting/companies/{company.pk}/",
            100,
        ),
        ("event calendar", "", None, "/events/", 100),
        (
            "assessment result",
            "sme1@example.com",
            None,
            f"/assessments/{assessment.pk}/",
            100,
        ),
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

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from portal.active_context import SESSION_KEY
    from portal.models import User

    if connection.vendor != "postgresql":
        print(f"warning: running on {connection.vendor}, the targets are for PostgreSQL")
    if not args.no_seed:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        call_command("seed_demo", scale=args.scale)
        print(f"seed_demo --scale {args.scale}: {time.perf_counter() - started:.1f} s")
    setup_test_environment()
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from portal import pagecache

    print(
        f"{'page':<20} {'queries':>7} {'warm median':>11} {'warm p95':>8}"
        f" {'uncached median':>15} {'uncached p95':>12} {'target':>6}  ok"
    )
    for name, email, context, url, target in _pages():
        client = Client(HTTP_ACCEPT_LANGUAGE="de")
        if email:
            client.force_login(User.objects.get(email=email))
            if context:
                session = client.session
                session[SESSION_KEY] = context
                session.save()
        response = client.get(url)  # warm up (templates, caches)
        assert response.status_code == 200, (name, url, response.status_code)

        def uncached_get(url: str = url, client: Client = client) -> Any:
            pagecache._pages.clear()  # as after a change: the page is rendered again
            return client.get(url)

        uncached_queries = _queries(connection, uncached_get)
        warm_queries = _queries(connection, lambda url=url, client=client: client.get(url))
        warm = _timings(lambda url=url, client=client: client.get(url), args.runs)
        uncached = _timings(uncached_get, args.runs)
        ok = max(_p95(warm), _p95(uncached)) <= target
        queries = (
            str(warm_queries)
            if warm_queries == uncached_queries
            else f"{warm_queries}/{uncached_queries}"
        )
        print(
            f"{name:<20} {queries:>7} {statistics.median(warm):>11.1f} {_p95(warm):>8.1f}"
            f" {statistics.median(uncached):>15.1f} {_p95(uncached):>12.1f} {target:>6}"
            f"  {'yes' if ok else 'NO'}"
        )
    print("queries: warm/uncached where they differ")


def _queries(connection: Any, get: Callable[[], Any]) -> int:
    queries: list[str] = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert get().status_code == 200
    return len(queries)


def _timings(get: Callable[[], Any], runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        response = get()
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return sorted(timings)


def _p95(timings: list[float]) -> float:
    return timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]


if __name__ == "__main__":
    main()
