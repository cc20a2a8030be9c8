"""CSV and XLSX downloads of the report's tables (portal/exports.py writes them and
neutralises text a spreadsheet would run as a formula)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse

from portal import exports
from portal.figures import Table
from reports.selectors import Report


def _cells(table: Table) -> list[list[Any]]:
    return [list(table.columns), *(list(map(_plain, row)) for row in table.rows)]


def _plain(value: Any) -> Any:
    # Lazy translations and other objects become text; numbers stay numbers for the sheet.
    return value if isinstance(value, int | float) else str(value)


def _filename(report: Report, what: str, extension: str) -> str:
    who = report.partner.slug if report.partner else "all-partners"
    period = re.sub(r"[^0-9A-Za-z]+", "-", report.period.label).strip("-")
    return f"report-{who}-{period}-{what}.{extension}"


def csv_response(report: Report, table: Table, *, plain: bool = False) -> HttpResponse:
    """The spreadsheet CSV of the page's language, or (`plain`) the one for programs."""
    return exports.csv_response(
        _cells(table),
        filename=_filename(report, table.slug, "csv"),
        csv_format=exports.PLAIN if plain else None,
    )


def xlsx_response(report: Report, tables: Iterable[Table], what: str) -> HttpResponse:
    """One sheet per table, named by its (translated) title."""
    sheets = [(table.title, _cells(table)) for table in tables]
    return exports.xlsx_response(sheets, filename=_filename(report, what, "xlsx"))
