"""Export (only what the user may see, formulas neutralised) and import (dry run, all or none)."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from consulting.models import Company, Contact
from portal.tenancy import unscoped
from tests.access import assert_access, client_for
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db


def _csv(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=","))  # English: commas (German: ;)


def test_csv_export_has_only_visible_filtered_rows_and_neutralised_formulas(world):
    CompanyFactory(lead_partner=world.partner_a, name='=HYPERLINK("http://x","y")', city="Gera")
    url = reverse("consulting:company_list")
    rows = _csv(client_for(world.consultant_a).get(url, {"export": "csv"}))
    names = [row[0] for row in rows[1:]]
    assert "Beta Optik GmbH" not in names
    assert "Alpha Fräserei GmbH" in names
    assert '\'=HYPERLINK("http://x","y")' in names
    filtered = _csv(client_for(world.consultant_a).get(url, {"export": "csv", "q": "gera"}))
    assert len(filtered) == 2


def test_xlsx_export(world):
    CompanyFactory(lead_partner=world.partner_a, name="@evil", city="Gera")
    response = client_for(world.consultant_a).get(
        reverse("consulting:company_list"), {"export": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'@evil" in values
    assert "Beta Optik GmbH" not in values
    assert sheet.cell(row=2, column=1).data_type == "s"


def test_export_isolation(world):
    url = reverse("consulting:company_list") + "?export=csv"
    assert_access(
        url, allowed=[world.consultant_a], denied=[world.sme_a, world.sme_b], anonymous=302
    )


HEADER = "name;postcode;city;district;sector_section;sector_division;employees;contact_first_name;contact_last_name;contact_email\n"  # noqa: E501


def _upload(text, name="firmen.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_import_dry_run_reports_each_bad_row(world):
    content = (
        HEADER
        + "Gute Firma GmbH;98693;Ilmenau;16070;C;25;12;Eva;Lang;eva@gut.example\n"
        + "Schlechte Mail KG;98693;Ilmenau;16070;C;25;12;Max;Ohne;kaputt\n"
        + "Minus AG;98693;Ilmenau;16070;C;25;-4;;;\n"
        + "Nirgendwo OHG;98693;Ilmenau;99999;C;;5;;;\n"
    )
    client = client_for(world.consultant_a)
    url = reverse("consulting:company_import")
    response = client.post(url, {"file": _upload(content), "action": "check"})
    report = response.context["report"]
    assert report.valid == 1
    assert [line for line, _reason in report.errors] == [3, 4, 5]
    assert "kaputt" in report.errors[0][1]
    response = client.post(url, {"file": _upload(content), "action": "import"})
    assert response.status_code == 200
    with unscoped("test"):
        assert not Company.objects.filter(name="Gute Firma GmbH").exists()


def test_import_commits_all_rows(world):
    content = (
        HEADER
        + "Gute Firma GmbH;98693;Ilmenau;16070;C;25;12;Eva;Lang;eva@gut.example\n"
        + "Zweite Firma GmbH;07743;Jena;16053;F;;30;;;\n"
    )
    response = client_for(world.consultant_a).post(
        reverse("consulting:company_import"), {"file": _upload(content), "action": "import"}
    )
    assert response.status_code == 302
    with unscoped("test"):
        imported = Company.objects.filter(name__in=["Gute Firma GmbH", "Zweite Firma GmbH"])
        assert {c.lead_partner_id for c in imported} == {world.partner_a.pk}
        assert Contact.objects.filter(email="eva@gut.example").exists()


def test_import_xlsx(world):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(";"))
    sheet.append(["Excel GmbH", "98693", "Ilmenau", "16070", "C", "28", 7, "", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("firmen.xlsx", buffer.getvalue())
    client_for(world.consultant_a).post(
        reverse("consulting:company_import"), {"file": upload, "action": "import"}
    )
    with unscoped("test"):
        assert Company.objects.filter(name="Excel GmbH", employees=7).exists()


def test_import_refuses_other_file_types(world):
    upload = SimpleUploadedFile("firmen.pdf", b"%PDF-1.4")
    response = client_for(world.consultant_a).post(
        reverse("consulting:company_import"), {"file": upload, "action": "check"}
    )
    assert "Please upload a CSV or XLSX file." in response.content.decode()
    broken = SimpleUploadedFile("firmen.xlsx", b"not a zip")
    response = client_for(world.consultant_a).post(
        reverse("consulting:company_import"), {"file": broken, "action": "check"}
    )
    assert "could not be read" in response.content.decode()


def test_import_isolation(world):
    assert_access(
        reverse("consulting:company_import"),
        allowed=[world.consultant_a],
        denied=[world.sme_a, world.consortium],
        anonymous=302,
    )
