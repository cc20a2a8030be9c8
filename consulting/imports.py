"""Reading an uploaded company list (CSV or XLSX) into rows; pure apart from the file itself."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from portal.errors import BusinessRuleError

COLUMNS = [
    "name",
    "legal_form",
    "street",
    "postcode",
    "city",
    "district",
    "sector_section",
    "sector_division",
    "employees",
    "annual_turnover",
    "balance_sheet_total",
    "website",
    "contact_first_name",
    "contact_last_name",
    "contact_email",
    "contact_phone",
]
REQUIRED = ["name", "postcode", "city", "district", "sector_section", "employees"]
MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024


def read_rows(filename: str, content: bytes) -> list[dict[str, str]]:
    """Rows as dicts of stripped strings; raises BusinessRuleError for a file we cannot read."""
    if len(content) > MAX_BYTES:
        raise BusinessRuleError(_("The file is larger than 5 MB."))
    lower = filename.lower()
    if lower.endswith(".csv"):
        table = _csv_table(content)
    elif lower.endswith(".xlsx"):
        table = _xlsx_table(content)
    else:
        raise BusinessRuleError(_("Please upload a CSV or XLSX file."))
    if not table:
        raise BusinessRuleError(_("The file is empty."))
    header = [str(cell or "").strip().lower() for cell in table[0]]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise BusinessRuleError(
            _("These columns are missing: %(columns)s") % {"columns": ", ".join(missing)}
        )
    rows = []
    for line in table[1:]:
        values = ["" if cell is None else str(cell).strip() for cell in line]
        if not any(values):
            continue
        row = dict(zip(header, values, strict=False))
        rows.append({column: row.get(column, "") for column in COLUMNS})
    if len(rows) > MAX_ROWS:
        raise BusinessRuleError(_("Please import at most %(n)s rows at once.") % {"n": MAX_ROWS})
    return rows


class _Semicolon(csv.excel):
    delimiter = ";"  # what German spreadsheet programs write


def _csv_table(content: bytes) -> list[list[Any]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")  # older Excel exports
        except UnicodeDecodeError:
            raise BusinessRuleError(_("The CSV file could not be read as text.")) from None
    if "\x00" in text:
        raise BusinessRuleError(_("Please upload a CSV or XLSX file."))
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = _Semicolon
    try:
        return list(csv.reader(io.StringIO(text, newline=""), dialect))
    except csv.Error:
        raise BusinessRuleError(_("The CSV file could not be read as text.")) from None


def _xlsx_table(content: bytes) -> list[list[Any]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:
        raise BusinessRuleError(_("The XLSX file could not be read.")) from error
    sheet = workbook.worksheets[0]
    table = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    for row in table:
        for index, cell in enumerate(row):
            if isinstance(cell, float) and cell.is_integer():
                row[index] = int(cell)
    return table
