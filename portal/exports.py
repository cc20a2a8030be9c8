"""Spreadsheet downloads (CSV and XLSX), the one writer for every app and gatherer.

Every cell goes through `neutralise`: text that a spreadsheet program would run as a formula
(CSV/formula injection, OWASP) gets a leading single quote and is shown as the text it is. The
rule is the same for every download: text starting with = + - @ or a tab or carriage return is
quoted; numbers, dates, booleans and None are left as they are (a sheet keeps them numeric,
and a negative number is a number, not a formula). Lazy translations count as text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.translation import get_language
from openpyxl import Workbook

# A cell starting with one of these is read as a formula (or can start one after a tab/CR).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Rows = Iterable[Sequence[Any]]


def neutralise(value: Any) -> Any:
    """'=HYPERLINK(...)' -> "'=HYPERLINK(...)"; any other value unchanged (text stays text)."""
    if isinstance(value, Promise):
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class CsvFormat:
    """How a CSV separates cells and writes decimals, and whether it starts with a BOM."""

    delimiter: str
    decimal: str
    bom: bool
    suffix: str  # added to the file name, so the two kinds are told apart


# What German Excel expects (semicolons, decimal comma, a BOM for the umlauts), what English
# Excel expects, and what programs expect (RFC 4180 commas, decimal point, no BOM).
EXCEL_DE = CsvFormat(delimiter=";", decimal=",", bom=True, suffix="")
EXCEL_EN = CsvFormat(delimiter=",", decimal=".", bom=True, suffix="")
PLAIN = CsvFormat(delimiter=",", decimal=".", bom=False, suffix="-plain")


def spreadsheet_format() -> CsvFormat:
    """The spreadsheet CSV of the active language (German: semicolons and decimal commas)."""
    return EXCEL_DE if (get_language() or "de").startswith("de") else EXCEL_EN


def _csv_cell(value: Any, decimal: str) -> Any:
    value = neutralise(value)
    if isinstance(value, float | Decimal) and not isinstance(value, bool):
        return format(value, "f" if isinstance(value, Decimal) else "").replace(".", decimal)
    return value


def csv_text(rows: Rows, csv_format: CsvFormat | None = None) -> str:
    """CRLF line ends; None becomes an empty cell. By default the spreadsheet CSV of the active
    language; PLAIN for programs. Decimals are written with the format's separator."""
    chosen = csv_format or spreadsheet_format()
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=chosen.delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_csv_cell(cell, chosen.decimal) for cell in row])
    return ("\ufeff" if chosen.bom else "") + buffer.getvalue()


# Characters Excel refuses in a sheet name.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_names(titles: Iterable[str]) -> list[str]:
    """Excel-safe, unique sheet names (at most 31 characters, no []:*?/\\)."""
    names: list[str] = []
    for title in titles:
        base = SHEET_NAME_FORBIDDEN.sub(" ", str(title)).strip()[:31] or "Sheet"
        name, number = base, 2
        while name.lower() in (n.lower() for n in names):
            tail = f" ({number})"
            name, number = base[: 31 - len(tail)] + tail, number + 1
        names.append(name)
    return names


def xlsx_bytes(sheets: Iterable[tuple[str, Rows]]) -> bytes:
    """One worksheet per (title, rows); titles made Excel-safe and unique (sheet_names)."""
    sheets = list(sheets)
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the empty default sheet
    for name, (_title, rows) in zip(sheet_names(t for t, _r in sheets), sheets, strict=True):
        sheet = workbook.create_sheet(title=name)
        for row in rows:
            sheet.append([neutralise(cell) for cell in row])
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _download(body: str | bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def csv_response(rows: Rows, *, filename: str, csv_format: CsvFormat | None = None) -> HttpResponse:
    """`filename` ends in .csv; the format's suffix goes before it (companies-plain.csv)."""
    chosen = csv_format or spreadsheet_format()
    if chosen.suffix:
        filename = filename.removesuffix(".csv") + f"{chosen.suffix}.csv"
    return _download(csv_text(rows, chosen), CSV_TYPE, filename)


def xlsx_response(sheets: Iterable[tuple[str, Rows]], *, filename: str) -> HttpResponse:
    return _download(xlsx_bytes(sheets), XLSX_TYPE, filename)
