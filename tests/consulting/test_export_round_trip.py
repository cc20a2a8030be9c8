"""The company export is the import's format: an exported list (CSV in either language, XLSX)
imports again with every field unchanged."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consulting.models import Company
from consulting.services.records import EDITABLE_COMPANY_FIELDS
from portal.tenancy import unscoped
from tests.access import client_for
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def _originals(world) -> list[Company]:
    return [
        CompanyFactory(
            lead_partner=world.partner_a,
            name="Müller & Söhne Präzision GmbH & Co. KG",
            legal_form="gmbh_co_kg",
            street="Am Ehrenberg 8",
            postcode="98693",
            city="Ilmenau",
            district="16070",
            sector_section="C",
            sector_division="28",
            employees=120,
            annual_turnover=Decimal("18500000"),
            balance_sheet_total=Decimal("9000000"),
            website="https://www.mueller.example",
            phone="+49 3677 123456",
        ),
        CompanyFactory(
            lead_partner=world.partner_a,
            name="Kleinbetrieb; mit Semikolon, und Komma",
            legal_form="ug",
            district="outside",
            postcode="10115",
            city="Berlin",
            sector_section="M",
            sector_division="",
            employees=3,
        ),
    ]


def _fields(company: Company) -> dict:
    return {name: getattr(company, name) for name in EDITABLE_COMPANY_FIELDS}


def _import(world, filename: str, content: bytes) -> None:
    client = client_for(world.consultant_b)
    url = reverse("consulting:company_import")
    upload = SimpleUploadedFile(filename, content)
    check = client.post(url, {"file": upload, "action": "check"})
    assert check.context["report"].errors == []
    upload = SimpleUploadedFile(filename, content)
    done = client.post(url, {"file": upload, "action": "import"})
    assert done.status_code == 302


@pytest.mark.parametrize(
    ("language", "kind", "filename"),
    [("de", "csv", "firmen.csv"), ("en", "csv", "companies.csv"), ("de", "xlsx", "f.xlsx")],
)
def test_an_exported_company_list_imports_again_unchanged(world, language, kind, filename):
    originals = _originals(world)
    response = client_for(world.consultant_a).get(
        reverse("consulting:company_list"),
        {"export": kind, "q": "Müller" if language == "en" else ""},
        HTTP_ACCEPT_LANGUAGE=language,
    )
    if kind == "csv":
        delimiter = ";" if language == "de" else ","
        text = response.content.decode("utf-8-sig")
        assert text.splitlines()[0].startswith(f"name{delimiter}legal_form{delimiter}")
    _import(world, filename, response.content)
    with unscoped("test: compare the copies"):
        for original in originals if language != "en" else originals[:1]:
            copy = Company.objects.get(lead_partner=world.partner_b, name=original.name)
            assert _fields(copy) == _fields(original)


def test_the_xlsx_sheet_is_named_in_the_users_language(world):
    from openpyxl import load_workbook

    _originals(world)
    response = client_for(world.consultant_a).get(
        reverse("consulting:company_list"), {"export": "xlsx"}, HTTP_ACCEPT_LANGUAGE="de"
    )
    assert load_workbook(io.BytesIO(response.content)).sheetnames == ["Unternehmen"]
