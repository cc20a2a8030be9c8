"""The figures hook (portal/figures.py): a new app's `figures.py` shows up on the report page's
tables, in the CSV/XLSX downloads and in the quarterly PDF by itself; the breakdown helpers."""

from __future__ import annotations

import csv
import io
from types import ModuleType

from django.db.models import Count
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from consulting.figures import breakdown, breakdown_tables, company_facts, reached_companies
from consulting.models import AdvisorySession, MeetingFormat
from portal import tenancy
from portal.figures import (
    ByPartner,
    Figures,
    Window,
    companies_per,
    counts_by_choice,
    figure_modules,
    grouped,
    per_quarter,
)
from portal.pdf import render_pdf
from reports import exports
from reports.forms import quarter_period
from reports.pdf import sections
from reports.selectors import build_report
from tests.reports.conftest import DAY, OUTSIDE
from tests.reports.factories import build_partner_data

PERIOD = quarter_period(2025, 1)


def _new_app() -> ModuleType:
    """What a new app's figures.py would hold (here counting the sessions held at a lab, as a
    labs app might count its trials), written only against the contract and its helpers."""
    module = ModuleType("labs.figures")

    def _rows(window: Window):
        rows = AdvisorySession.objects.filter(
            date__gte=window.start, date__lte=window.end, format=MeetingFormat.LAB
        )
        if window.partner_id is not None:
            rows = rows.filter(partner_id=window.partner_id)
        return rows

    def figures(window: Window) -> Figures:
        rows = _rows(window)
        by_size = breakdown(company_facts(rows))
        return Figures(
            summary=[["Lab trials", rows.count()], ["Lab trial rating", None]],
            trend={"Lab trials": {"2025-02": rows.count()}},
            reached=reached_companies(rows),
            tables=breakdown_tables(
                by_size,
                slug_prefix="trials-",
                column="Lab trials",
                titles=("Trials by district", "Trials by sector", "Trials by size class"),
            ),
            data={"lab_trials": rows.count()},
        )

    def by_partner(window: Window) -> ByPartner:
        rows = _rows(window)
        counts = grouped(rows, "partner_id", n=Count("pk"))
        return ByPartner(
            columns=["Lab trials"],
            rows={pk: [row["n"]] for pk, row in counts.items()},
            empty=[0],
            reached=companies_per(rows, "partner_id"),
        )

    module.ORDER = 40
    module.figures = figures
    module.by_partner = by_partner
    return module


def test_a_new_apps_figures_show_in_every_part_of_the_report(world):
    build_partner_data(world.partner_a, day=DAY, outside=OUTSIDE, size=2)
    modules = (*figure_modules(), _new_app())
    with tenancy.partner_scope(world.partner_a):
        report = build_report(
            period=PERIOD, partner=world.partner_a, by_partner=False, modules=modules
        )
    summary = dict(report.table("summary").rows)
    assert summary["Lab trials"] == 2  # one lab session per round
    assert summary["Lab trial rating"] == "—"
    assert report.table("trend").columns[-1] == "Lab trials"
    assert report.table("trend").rows[1][-1] == 2
    sizes = dict(report.table("trials-size_classes").rows)
    assert sizes["Micro enterprise"] == 2
    assert report.figures["lab_trials"] == 2
    # the new app's tables come after the apps before it, and the reach tables stay last
    slugs = [table.slug for table in report.tables]
    assert slugs.index("trials-districts") > slugs.index("dimensions")
    assert slugs[-3:] == ["districts", "sectors", "size_classes"]

    csv_rows = list(
        csv.reader(
            io.StringIO(
                exports.csv_response(report, report.table("trials-size_classes")).content.decode(
                    "utf-8-sig"
                )
            ),
            delimiter=",",  # English CSV for programs: comma and decimal point (#17)
        )
    )
    assert ["Micro enterprise", "2"] in csv_rows
    workbook = load_workbook(
        io.BytesIO(exports.xlsx_response(report, report.tables, "all").content)
    )
    # sheets are named by their translated titles (#17)
    assert str(report.table("trials-districts").title)[:31] in workbook.sheetnames
    pdf = render_pdf(
        "reports/pdf/quarterly.html",
        {
            "report": report,
            "sections": sections(report.tables),
            "quarterly": {"language": "en"},
            "generated_at": timezone.now(),
        },
    )
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Trials by size class" in text


def test_a_new_app_adds_its_columns_to_the_table_by_partner(world):
    build_partner_data(world.partner_a, day=DAY, outside=OUTSIDE)
    build_partner_data(world.partner_b, day=DAY, outside=OUTSIDE, size=2)
    modules = (*figure_modules(), _new_app())
    with tenancy.consortium_scope(world.consortium, purpose="test"):
        report = build_report(period=PERIOD, partner=None, by_partner=True, modules=modules)
    partners = report.table("partners")
    assert partners.columns[-1] == "Lab trials"
    assert [row[-1] for row in partners.rows] == [1, 2]


def test_quarters_and_choices_count_every_row_once(world):
    build_partner_data(world.partner_a, day=DAY, outside=OUTSIDE, size=2)
    with tenancy.partner_scope(world.partner_a):
        sessions = AdvisorySession.objects.all()
        assert per_quarter(sessions, "date") == {"2024-Q4": 2, "2025-Q1": 6}
        formats = dict(counts_by_choice(sessions, "format", MeetingFormat.choices))
    assert formats[str(MeetingFormat.LAB.label)] == 2
    assert sum(formats.values()) == 8
    assert len(formats) == len(MeetingFormat.choices)  # every choice, also those at 0
