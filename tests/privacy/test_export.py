"""An SME user downloads all data of their company: a ZIP of JSON and CSV, nothing of others."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from django.utils import translation

from portal.models import AuditEntry
from portal.tenancy import unscoped
from privacy.services import build_export_zip
from tests.access import assert_access, client_for


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_export_holds_every_data_set_as_json_and_csv(world):
    archive = _zip(client_for(world.sme_a).get(f"/my-data/{world.company_a.pk}/export/"))
    data = json.loads(archive.read("all.json"))
    expected = {
        "company",
        "contacts",
        "user_accounts",
        "consultation_requests",
        "advisory_sessions",
        "assessments",
        "assessment_answers",
        "assessment_security_answers",
        "workshop_registrations",
    }
    assert expected <= set(data)
    names = set(archive.namelist())
    for key in expected:
        assert f"json/{key}.json" in names
        assert f"csv/{key}.csv" in names
    assert data["company"][0]["name"] == "Alpha Fräserei GmbH"
    assert {c["email"] for c in data["contacts"]} >= {"chef@alpha.example"}
    assert {a["email"] for a in data["user_accounts"]} == {
        world.sme_a.email,
        world.sme_a2.email,
    }
    assert data["consultation_requests"][0]["description"] == "Request text of Alpha"
    assert data["advisory_sessions"][0]["stage"] == "first contact"
    assessment = data["assessments"][0]
    assert assessment["status"] == "Completed"
    assert float(assessment["overall_score"]) == pytest.approx(3.0)
    assert len(assessment["dimensions"]) == 6
    assert data["assessment_answers"]
    assert data["workshop_registrations"][0]["workshop"] == "Workshop for Alpha"


def test_export_contains_nothing_of_another_company(world):
    archive = _zip(client_for(world.sme_a).get(f"/my-data/{world.company_a.pk}/export/"))
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode("utf-8")
    for foreign in [
        "Beta Optik",
        "chefin@beta.example",
        "bernd.beta@beta.example",
        "Request text of Beta",
        "Workshop for Beta",
        "Dora",
    ]:
        assert foreign not in everything
    data = json.loads(archive.read("all.json"))
    with unscoped("test: count company B's rows"):
        from assessments.models import Assessment

        own = Assessment.objects.filter(company=world.company_a).count()
    assert len(data["assessments"]) == own == 1


def test_export_leaves_out_the_partners_internal_session_notes(world):
    archive = _zip(client_for(world.sme_a).get(f"/my-data/{world.company_a.pk}/export/"))
    assert "Internal notes about Alpha" not in archive.read("all.json").decode()


@pytest.mark.parametrize(("language", "delimiter"), [("de", ";"), ("en", ",")])
def test_csv_follows_the_language_and_neutralises_formulas(language, delimiter):
    # German Excel reads ";" (and decimal commas), English Excel "," (portal/exports.py, #17)
    with translation.override(language):
        content = build_export_zip({"contacts": [{"name": "=HYPERLINK(1)", "n": 2}]})
    archive = zipfile.ZipFile(io.BytesIO(content))
    text = archive.read("csv/contacts.csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert rows == [["name", "n"], ["'=HYPERLINK(1)", "2"]]


def test_export_is_logged_for_the_lead_partner(world):
    client_for(world.sme_a).get(f"/my-data/{world.company_a.pk}/export/")
    with unscoped("test: read the audit log"):
        entry = AuditEntry.objects.get(action="privacy.company_data.exported")
    assert entry.actor == world.sme_a
    assert entry.partner_id == world.partner_a.pk
    assert entry.target_id == str(world.company_a.pk)
    assert entry.data["data_sets"]["contacts"] >= 1


def test_only_the_company_s_own_users_reach_export_and_my_data(world):
    url = f"/my-data/{world.company_a.pk}/export/"
    assert_access(
        url,
        allowed=[],
        denied=[
            world.sme_b,
            world.consultant_a,
            world.admin_a,
            world.consultant_b,
            (world.consortium, "consortium"),
        ],
        anonymous=302,
    )
    assert client_for(world.sme_a).get(url).status_code == 200
    assert_access(
        "/my-data/",
        allowed=[world.sme_a, world.sme_b],
        denied=[world.consultant_a, world.admin_b, (world.consortium, "consortium")],
        anonymous=302,
    )


def test_my_data_page_offers_own_company_only(world):
    response = client_for(world.sme_b).get("/my-data/")
    assert f"/my-data/{world.company_b.pk}/export/" in response.content.decode()
    assert f"/my-data/{world.company_a.pk}/" not in response.content.decode()
