"""Render one readiness report N times and print the median and p95 seconds and its size.

    .venv/bin/python benchmarks/report_render.py [runs]

Uses the dev database (run `manage.py seed_demo` first): the latest completed assessment of the
demo company of sme1@example.com. Target (issue #4): median <= 0.3 s and <= 500 KB.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def main(runs: int) -> None:
    import django

    django.setup()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    from django.utils import timezone, translation

    from assessments.models import Assessment, Report
    from assessments.pdf import render_report_pdf
    from portal.tenancy import unscoped

    with unscoped("benchmark: render a demo report"):
        assessment = (
            Assessment.objects.completed()
            .filter(company__members__user__email="sme1@example.com")
            .order_by("-completed_at")
            .first()
        )
        if assessment is None:
            sys.exit("No completed demo assessment: run `manage.py seed_demo` first.")
        user = assessment.company.members.first().user
        # An unsaved report row: the benchmark measures rendering, it stores nothing.
        report = Report(
            assessment=assessment, language="de", requested_by=user, requested_at=timezone.now()
        )
        timings = []
        size = 0
        with translation.override("de"):
            render_report_pdf(report)  # warm-up: fonts, templates
            for _ in range(runs):
                start = time.perf_counter()
                size = len(render_report_pdf(report))
                timings.append(time.perf_counter() - start)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    print(f"runs: {runs}")
    print(f"median: {statistics.median(timings):.3f} s")
    print(f"p95: {p95:.3f} s")
    print(f"size: {size / 1024:.1f} KB")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
