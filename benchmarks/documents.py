"""How long the portal's PDFs take, and how much memory a worker keeps (issue #18).

    DATABASE_URL=postgres://... .venv/bin/python benchmarks/documents.py [--renders 200]

On the seeded database (benchmarks/run.sh seeds it):
- the consortium's quarterly report PDF for the current quarter, cold (a new process: the first
  render loads fonts, templates and WeasyPrint) and warm (the next renders), goal cold <= 2 s;
- the readiness report PDF of the demo company's latest assessment, p95, goal <= 0.3 s;
- the resident memory (RSS) of this process after `--renders` readiness reports, as a worker
  that rendered them would keep it, goal <= 300 MiB.
The cold figure is taken in a child process, so that nothing this process loaded counts.
Writes var/bench/documents.json for benchmarks/summary.py.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def _setup() -> None:
    import logging

    import django

    django.setup()
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.WARNING)


def quarterly_seconds(runs: int) -> tuple[list[float], int, int]:
    """Seconds of `runs` renders of the consortium's quarterly PDF, its size and pages."""
    from django.utils import timezone, translation

    from portal.models import User
    from portal.tenancy import consortium_scope
    from reports.forms import quarter_of
    from reports.models import QuarterlyReport
    from reports.services import _render

    year, quarter = quarter_of(timezone.localdate())
    admin = User.objects.get(email="admin@m40.example")
    report = QuarterlyReport(year=year, quarter=quarter, partner=None, language="de")
    timings = []
    pdf = b""
    with translation.override("de"), consortium_scope(admin, purpose="benchmark: quarterly PDF"):
        for _ in range(runs):
            started = time.perf_counter()
            pdf = _render(report)
            timings.append(time.perf_counter() - started)
    return timings, len(pdf), _pages(pdf)


def _pages(pdf: bytes) -> int:
    """The PDF's number of pages, as poppler's pdfinfo reads it (0 without poppler-utils)."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        try:
            info = subprocess.run(
                ["pdfinfo", file.name],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        except (OSError, subprocess.CalledProcessError):
            return 0
    found = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    return int(found.group(1)) if found else 0


def assessment_seconds(runs: int) -> tuple[list[float], int]:
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
            raise SystemExit("No completed demo assessment: run `manage.py seed_demo` first.")
        user = assessment.company.members.first().user
        # An unsaved report row: the benchmark measures rendering, it stores nothing.
        report = Report(
            assessment=assessment, language="de", requested_by=user, requested_at=timezone.now()
        )
        timings = []
        size = 0
        with translation.override("de"):
            for _ in range(runs):
                started = time.perf_counter()
                size = len(render_report_pdf(report))
                timings.append(time.perf_counter() - started)
    return timings, size


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--cold-only", action="store_true", help="(internal) one cold render")
    args = parser.parse_args()
    _setup()
    if args.cold_only:
        timings, size, pages = quarterly_seconds(1)
        print(json.dumps({"seconds": timings[0], "bytes": size, "pages": pages}))
        return
    cold = json.loads(
        subprocess.run(
            [sys.executable, __file__, "--cold-only"],
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    warm, _, _ = quarterly_seconds(3)
    assessment_seconds(2)  # warm-up: fonts, templates
    timings, size = assessment_seconds(args.renders)
    results = {
        "quarterly_cold_s": cold["seconds"],
        "quarterly_warm_s": statistics.median(warm),
        "quarterly_pages": cold["pages"],
        "quarterly_kib": cold["bytes"] / 1024,
        "assessment_median_s": statistics.median(timings),
        "assessment_p95_s": p95(timings),
        "assessment_kib": size / 1024,
        "renders": args.renders + 2,
        "rss_mib": rss_mib(),
    }
    out = ROOT / "var" / "bench"
    out.mkdir(parents=True, exist_ok=True)
    (out / "documents.json").write_text(json.dumps(results, indent=2))
    print(
        f"quarterly PDF      cold {results['quarterly_cold_s']:.2f} s  warm"
        f" {results['quarterly_warm_s']:.2f} s  ({cold['pages']} pages,"
        f" {results['quarterly_kib']:.0f} KiB)  goal cold <= 2 s"
    )
    print(
        f"assessment PDF     median {results['assessment_median_s']:.3f} s  p95"
        f" {results['assessment_p95_s']:.3f} s  ({results['assessment_kib']:.0f} KiB)"
        "  goal p95 <= 0.3 s"
    )
    print(
        f"worker RSS after {results['renders']} renders: {results['rss_mib']:.0f} MiB  goal <= 300"
    )


if __name__ == "__main__":
    main()
