"""portal/exports.py: one rule for formulas in every CSV and XLSX download (no database)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from portal.exports import csv_response, csv_text, neutralise, xlsx_bytes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+49 3677 69-0", "'+49 3677 69-0"),
        ("-1+2", "'-1+2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Müller GmbH", "Müller GmbH"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_text_starting_a_formula_is_quoted_and_other_text_is_kept(value, expected):
    assert neutralise(value) == expected


@pytest.mark.parametrize("value", [None, 42, -3, 1.5, True, date(2025, 1, 2)])
def test_values_that_are_not_text_stay_as_they_are(value):
    assert neutralise(value) == value


def test_lazy_translations_are_text_too():
    assert neutralise(gettext_lazy("=1+1")) == "'=1+1"


def test_csv_is_semicolon_separated_with_a_byte_order_mark_and_neutralised_cells():
    text = csv_text([["Name", "Organisation", "n"], ["=cmd|' /C calc'!A0", "Vogt; Söhne", -1]])
    assert text.startswith("\ufeff")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows == [["Name", "Organisation", "n"], ["'=cmd|' /C calc'!A0", "Vogt; Söhne", "-1"]]


def test_csv_response_is_a_named_download():
    response = csv_response([["a", "b"], [None, "x"]], filename="x.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response.content.decode("utf-8-sig") == "a;b\r\n;x\r\n"  # None: an empty cell


def test_xlsx_neutralises_text_and_keeps_numbers_numeric():
    workbook = load_workbook(io.BytesIO(xlsx_bytes([("sheet", [["@A1", -2, None, 1.5]])])))
    cells = [cell.value for cell in next(workbook["sheet"].iter_rows())]
    assert cells == ["'@A1", -2, None, 1.5]


def test_spreadsheet_csv_follows_the_language_and_plain_csv_is_for_programs():
    from decimal import Decimal

    from django.utils import translation

    from portal.exports import PLAIN

    rows = [["Wert", 15.5, Decimal("3.20"), 7, "1.5 m"]]
    with translation.override("de"):
        assert csv_text(rows) == "\ufeffWert;15,5;3,20;7;1.5 m\r\n"  # text stays as typed
    with translation.override("en"):
        assert csv_text(rows) == "\ufeffWert,15.5,3.20,7,1.5 m\r\n"
        assert csv_text(rows, PLAIN) == "Wert,15.5,3.20,7,1.5 m\r\n"
    response = csv_response(rows, filename="x.csv", csv_format=PLAIN)
    assert response["Content-Disposition"] == 'attachment; filename="x-plain.csv"'


def test_sheet_names_are_excel_safe_and_unique():
    from portal.exports import sheet_names

    names = sheet_names(
        [
            "Erreichte KMU nach Branche (Abschnitt)",
            "Erreichte KMU nach Branche (Abschnitt B)",
            "a/b:c?",
            "",
        ]
    )
    assert names == [
        "Erreichte KMU nach Branche (Abs",
        "Erreichte KMU nach Branche  (2)",
        "a b c",
        "Sheet",
    ]
    assert all(len(name) <= 31 for name in names)
