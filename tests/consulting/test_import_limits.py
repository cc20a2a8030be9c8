"""The company import is bounded while it reads (issue #11): it stops at the row limit instead of
reading the whole sheet first, and refuses a small XLSX that unpacks to a huge one before
parsing it. The files are built here, by hand, as an attacker would."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from consulting import imports
from consulting.models import Company
from portal.errors import BusinessRuleError
from portal.tenancy import unscoped
from tests.access import client_for

HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="{dimension}"/><sheetData>'
)
TAIL = "</sheetData></worksheet>"
HEADER = ["name", "postcode", "city", "district", "sector_section", "employees"]


def cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def header_row() -> str:
    return (
        '<row r="1">'
        + "".join(cell(f"{c}1", n) for c, n in zip("ABCDEF", HEADER, strict=True))
        + "</row>"
    )


def xlsx_with_sheet(sheet_xml: str) -> bytes:
    """A valid workbook (openpyxl's own parts) whose first sheet is `sheet_xml`."""
    source = io.BytesIO()
    Workbook().save(source)
    parts = zipfile.ZipFile(source)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in parts.infolist():
            data = parts.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode()
            archive.writestr(info.filename, data)
    return output.getvalue()


def unpacked_size(content: bytes) -> int:
    return sum(info.file_size for info in zipfile.ZipFile(io.BytesIO(content)).infolist())


def timed_refusal(content: bytes) -> tuple[str, float]:
    started = time.perf_counter()
    with pytest.raises(BusinessRuleError) as refused:
        imports.read_rows("firmen.xlsx", content)
    return str(refused.value.message), time.perf_counter() - started


def test_an_xlsx_that_unpacks_past_the_limit_is_refused_quickly_with_a_clear_message():
    bomb = "A" * (40 * 1024 * 1024)  # one cell of 40 MB: compresses to almost nothing
    content = xlsx_with_sheet(
        HEAD.format(dimension="A1:F2")
        + header_row()
        + f'<row r="2">{cell("A2", bomb)}</row>'
        + TAIL
    )
    assert len(content) < 100 * 1024
    assert unpacked_size(content) > imports.MAX_UNPACKED_BYTES
    message, seconds = timed_refusal(content)
    assert "unpacks to more than 10 MB" in message
    assert seconds < 5, f"took {seconds:.2f} s to refuse"


def test_reading_stops_at_the_row_limit_while_streaming():
    """130,000 tiny rows stay under the unpacked limit: only the row limit stops them, and it
    must do so after row 2,001 rather than after reading all of them (about 1.5 s here)."""
    rows = "".join(f'<row r="{i}"><c r="F{i}"><v>5</v></c></row>' for i in range(2, 130_002))
    content = xlsx_with_sheet(HEAD.format(dimension="A1:F130001") + header_row() + rows + TAIL)
    assert unpacked_size(content) < imports.MAX_UNPACKED_BYTES
    message, seconds = timed_refusal(content)
    assert "at most 2000 rows" in message
    assert seconds < 5, f"took {seconds:.2f} s to refuse"


def test_a_sheet_claiming_a_million_rows_and_columns_is_not_walked_row_by_row():
    """Read-only openpyxl fills the gap before a far row with empty rows as wide as the
    dimension says: bounded rows and columns keep that small."""
    far = '<row r="1048576"><c r="A1048576"><v>1</v></c></row>'
    content = xlsx_with_sheet(
        HEAD.format(dimension="A1:XFD1048576")
        + header_row()
        + f'<row r="2">{cell("A2", "Firma")}</row>'
        + far
        + TAIL
    )
    message, seconds = timed_refusal(content)
    assert "at most 2000 rows" in message
    assert seconds < 5, f"took {seconds:.2f} s to refuse"


def test_a_csv_is_read_only_up_to_the_row_limit():
    """400,000 rows in 4.8 MB (under the upload limit): reading all took about 2 s here."""
    content = (
        "name;postcode;city;district;sector_section;employees\n" + "x;1;2;3;C;4\n" * 400_000
    ).encode()
    started = time.perf_counter()
    with pytest.raises(BusinessRuleError, match="at most 2000 rows"):
        imports.read_rows("firmen.csv", content)
    assert time.perf_counter() - started < 5


def test_blank_lines_between_rows_are_still_skipped():
    content = b"name;postcode;city;district;sector_section;employees\n\n;;;;;\nx;1;2;3;C;4\n\n"
    assert [row["name"] for row in imports.read_rows("firmen.csv", content)] == ["x"]


@pytest.mark.django_db
def test_the_import_page_refuses_the_bomb_and_imports_nothing(world):
    bomb = "A" * (20 * 1024 * 1024)
    content = xlsx_with_sheet(
        HEAD.format(dimension="A1:F2")
        + header_row()
        + f'<row r="2">{cell("A2", bomb)}</row>'
        + TAIL
    )
    with unscoped("test: count companies"):
        before = Company.objects.count()
    response = client_for(world.consultant_a).post(
        "/consulting/companies/import/",
        {"file": SimpleUploadedFile("firmen.xlsx", content), "action": "import"},
    )
    assert response.status_code == 200
    assert "unpacks to more than 10 MB" in response.content.decode()
    with unscoped("test: count companies"):
        assert Company.objects.count() == before
