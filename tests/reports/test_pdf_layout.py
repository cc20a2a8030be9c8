"""The documents fit A4: no table is wider than its page (measured on WeasyPrint's layout boxes),
wide tables go landscape or are split, the first page carries the title and content."""

from __future__ import annotations

import pytest
from django.utils import timezone
from weasyprint.formatting_structure.boxes import PageBox, TableBox

from portal import tenancy
from portal.figures import Table
from portal.pdf import layout, tables_wider_than_page
from reports import pdf
from reports.forms import quarter_period
from reports.models import QuarterlyReport
from reports.selectors import Report as Figures
from reports.services import QUARTERLY_TEMPLATE, quarterly_context
from tests.factories import PartnerFactory
from tests.reports.conftest import DAY, OUTSIDE
from tests.reports.factories import build_partner_data

LONG = "Abgeschlossene Reifegrad-Checks mit Umsetzungsprojekt"


def _wide_table(columns: int) -> Table:
    return Table(
        f"wide-{columns}",
        f"{columns} columns",
        ["Partner", *(f"{LONG} {n}" for n in range(1, columns))],
        [[f"Partner {r}", *(123456.7 + n for n in range(1, columns))] for r in range(4)],
        chart_column=1,
    )


def _context(tables: list[Table], sections: list[pdf.Section]) -> dict:
    period = quarter_period(2025, 1)
    figures = Figures(period=period, partner=None, consortium=True, figures={}, tables=tables)
    report = QuarterlyReport(partner=None, year=2025, quarter=1, language="de")
    return {
        "report": figures,
        "sections": sections,
        "partners": [],
        "quarterly": report,
        "generated_at": timezone.now(),
    }


def page_text(document, number: int) -> str:
    """The words laid out on one page (1-based), header and footer included."""
    page = document.pages[number - 1]._page_box
    return " ".join(
        box.text for box in page.descendants() if getattr(box, "text", None) is not None
    )


def _landscape(document, number: int) -> bool:
    page: PageBox = document.pages[number - 1]._page_box
    return page.margin_width() > page.margin_height()


def test_split_columns_repeat_the_label_column_and_keep_every_value():
    table = _wide_table(25)
    parts = pdf.split_columns(table, pdf.LANDSCAPE_COLUMNS)
    assert len(parts) == 3
    assert all(part.columns[0] == "Partner" and len(part.columns) <= 10 for part in parts)
    assert [c for part in parts for c in part.columns[1:]] == table.columns[1:]
    assert [v for part in parts for v in part.rows[0][1:]] == table.rows[0][1:]


def test_the_width_check_catches_a_table_too_wide_for_the_page(db):
    table = _wide_table(25)
    unsplit = pdf.Section(
        table.slug, table.title, None, [pdf.Part(table.columns, table.rows, 1, 1)]
    )
    document = layout(QUARTERLY_TEMPLATE, _context([table], [unsplit]))
    assert tables_wider_than_page(document)


@pytest.mark.parametrize("columns", [3, 6, 8, 10, 25])
def test_no_table_is_wider_than_its_page_however_many_columns(db, columns):
    table = _wide_table(columns)
    document = layout(QUARTERLY_TEMPLATE, _context([table], pdf.sections([table])))
    assert tables_wider_than_page(document) == []
    tables = sum(
        isinstance(box, TableBox) for page in document.pages for box in page._page_box.descendants()
    )
    assert tables >= len(pdf.split_columns(table, pdf.LANDSCAPE_COLUMNS))
    assert _landscape(document, len(document.pages)) is (columns > pdf.PORTRAIT_COLUMNS)


def test_bars_keep_their_labels_clear_and_use_the_portal_colour():
    chart = pdf.bar_chart(_wide_table(3))
    assert chart is not None
    for bar in chart.bars:
        assert len(bar.label) <= pdf.LABEL_CHARS
        assert float(bar.width) <= pdf.BAR_SPACE
        assert float(bar.value_x) < pdf.CHART_WIDTH - 40
    assert chart.bars[0].label.endswith("…") is False
    long = Table("t", "t", ["x", "n"], [["W" * 80, 3]], chart_column=1)
    assert pdf.bar_chart(long).bars[0].label.endswith("…")


def test_consortium_quarterly_report_fits_and_starts_with_its_cover_and_figures(world):
    build_partner_data(world.partner_a, day=DAY, outside=OUTSIDE)
    build_partner_data(world.partner_b, day=DAY, outside=OUTSIDE)
    for n in range(6):  # eight partners: the table by partner is long and wide
        PartnerFactory(slug=f"p{n}", short_name=f"Hochschule Nummer {n}")
    report = QuarterlyReport(partner=None, year=2025, quarter=1, language="en")
    with tenancy.unscoped("test: render as the task would"):
        document = layout(QUARTERLY_TEMPLATE, quarterly_context(report))
    assert tables_wider_than_page(document) == []
    first = page_text(document, 1)
    assert "Quarterly report Q1 2025" in first
    assert "Funded by the Federal Ministry" in first
    assert "Key figures" in first
    assert f"Page 1 of {len(document.pages)}" in first
    assert "Page 2 of" in page_text(document, 2)
