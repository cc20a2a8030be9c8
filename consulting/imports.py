"""Reading an uploaded company list (CSV or XLSX) into rows; pure apart from the file itself.

Bounded while reading (issue #11): rows are streamed and reading stops at the limit, and an XLSX
(a ZIP of XML) is refused before parsing when its parts unpack to more than MAX_UNPACKED_BYTES,
so a small file cannot tie a worker up.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Generator, Iterator
from contextlib import closing
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from portal.errors import BusinessRuleError
from portal.exports import FORMULA_PREFIXES

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
    "phone",
    "contact_first_name",
    "contact_last_name",
    "contact_email",
    "contact_phone",
]
REQUIRED = ["name", "postcode", "city", "district", "sector_section", "employees"]
MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024
# Lines read, blank ones included (spreadsheets keep formatted empty rows), before refusing.
MAX_LINES = 10 * MAX_ROWS
# Columns read of each row; the columns above (and a few the file may add) fit well within it.
MAX_COLUMNS = 50
# What an XLSX may unpack to. 2,000 full rows written by a spreadsheet program unpack to about
# 2-3 MB; a crafted file of 60 KB can unpack to hundreds.
MAX_UNPACKED_BYTES = 10 * 1024 * 1024


def read_rows(filename: str, content: bytes) -> list[dict[str, str]]:
    """Rows as dicts of stripped strings; raises BusinessRuleError for a file we cannot read."""
    if len(content) > MAX_BYTES:
        raise BusinessRuleError(_("The file is larger than 5 MB."))
    lower = filename.lower()
    if lower.endswith(".csv"):
        lines = _csv_lines(content)
    elif lower.endswith(".xlsx"):
        lines = _xlsx_lines(content)
    else:
        raise BusinessRuleError(_("Please upload a CSV or XLSX file."))
    with closing(lines):
        return _rows(lines)


def _too_many_rows() -> BusinessRuleError:
    return BusinessRuleError(_("Please import at most %(n)s rows at once.") % {"n": MAX_ROWS})


def _rows(lines: Iterator[list[Any]]) -> list[dict[str, str]]:
    first = next(lines, None)
    if first is None:
        raise BusinessRuleError(_("The file is empty."))
    header = [str(cell or "").strip().lower() for cell in first]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise BusinessRuleError(
            _("These columns are missing: %(columns)s") % {"columns": ", ".join(missing)}
        )
    rows: list[dict[str, str]] = []
    for number, line in enumerate(lines, start=1):
        if number > MAX_LINES:
            raise _too_many_rows()
        values = [_unquoted("" if cell is None else str(cell).strip()) for cell in line]
        if not any(values):
            continue
        if len(rows) == MAX_ROWS:
            raise _too_many_rows()
        row = dict(zip(header, values, strict=False))
        rows.append({column: row.get(column, "") for column in COLUMNS})
    return rows


def _unquoted(value: str) -> str:
    """Undo the export's formula guard (portal.exports.neutralise: "'+49 ..." -> "+49 ..."),
    so that an exported list imports unchanged. The text is stored as text either way."""
    if value.startswith("'") and value[1:2] and value[1] in FORMULA_PREFIXES:
        return value[1:]
    return value


class _Semicolon(csv.excel):
    delimiter = ";"  # what German spreadsheet programs write


def _csv_lines(content: bytes) -> Generator[list[Any], None, None]:
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
        for line in csv.reader(io.StringIO(text, newline=""), dialect):
            yield line[:MAX_COLUMNS]
    except csv.Error:
        raise BusinessRuleError(_("The CSV file could not be read as text.")) from None


def _unpacked_size(content: bytes) -> int:
    """What the ZIP's parts declare they unpack to. Python's zipfile never unpacks a part past
    its declared size (a lying entry fails its checksum), so the declaration bounds the work."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise BusinessRuleError(_("The XLSX file could not be read.")) from error


def _xlsx_lines(content: bytes) -> Generator[list[Any], None, None]:
    if _unpacked_size(content) > MAX_UNPACKED_BYTES:
        raise BusinessRuleError(
            _(
                "The XLSX file unpacks to more than %(mb)s MB. Please save only the company "
                "list in it (one sheet, no pictures) or split it into several files."
            )
            % {"mb": MAX_UNPACKED_BYTES // (1024 * 1024)}
        )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise BusinessRuleError(_("The XLSX file could not be read.")) from error
    try:
        # Both bounds matter: read-only openpyxl fills the gap before a far row with empty
        # rows as wide as the sheet's declared dimension (up to 16,384 columns).
        rows = workbook.worksheets[0].iter_rows(
            max_row=MAX_LINES + 2, max_col=MAX_COLUMNS, values_only=True
        )
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as error:  # a damaged sheet fails while streaming
                raise BusinessRuleError(_("The XLSX file could not be read.")) from error
            yield [int(c) if isinstance(c, float) and c.is_integer() else c for c in row]
    finally:
        workbook.close()
