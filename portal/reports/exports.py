"""CSV and XLSX downloads of the report's tables; text that a spreadsheet would run as a formula
is neutralised (consulting.exports.neutralise, the same rule as the company export)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any

from django.http import HttpResponse
from openpyxl import Workbook

from consulting.exports import neutralise
from portal.reports.selectors import Report, Table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cells(table: Table) -> list[list[Any]]:
    return [
        [neutralise(str(c)) for c in table.columns],
        *([neutralise(_plain(c)) for c in row] for row in table.rows),
    ]


def _plain(value: Any) -> Any:
    # Lazy translations and other objects become text; numbers stay numbers for the sheet.
    return value if isinstance(value, int | float) else str(value)


def _filename(report: Report, what: str, extension: str) -> str:
    who = report.partner.slug if report.partner else "all-partners"
    period = re.sub(r"[^0-9A-Za-z]+", "-", report.period.label).strip("-")
    return f"report-{who}-{period}-{what}.{extension}"


def csv_response(report: Report, table: Table) -> HttpResponse:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(_cells(table))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="{_filename(report, table.slug, "csv")}"'
    )
    return response


def xlsx_response(report: Report, tables: Iterable[Table], what: str) -> HttpResponse:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(title=table.slug[:31])
        for line in _cells(table):
            sheet.append(line)
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, what, "xlsx")}"'
    return response
