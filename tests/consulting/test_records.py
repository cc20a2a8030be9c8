"""Company records: list, page, edit, contacts, shares; isolation for every view."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from consulting import services
from consulting.models import Company, CompanyShare, Contact
from consulting.size_class import SizeClass
from portal.errors import BusinessRuleError, PermissionRefused
from portal.models import AuditEntry
from portal.tenancy import unscoped
from tests.access import assert_access, client_for
from tests.consulting.factories import RequestFactory, SessionFactory
from tests.factories import CompanyFactory, CompanyShareFactory

pytestmark = pytest.mark.django_db


def test_company_list_isolation(world):
    assert_access(
        reverse("consulting:company_list"),
        allowed=[world.consultant_a, world.consultant_b, world.consortium],
        denied=[world.sme_a],
        anonymous=302,
    )


def test_company_list_shows_own_and_shared_companies_only(world):
    CompanyShareFactory(company=world.company_b, partner=world.partner_a)
    other = CompanyFactory(lead_partner=world.partner_b, name="Nur Beta KG")
    body = client_for(world.consultant_a).get(reverse("consulting:company_list")).content.decode()
    assert "Alpha Fräserei GmbH" in body
    assert "Beta Optik GmbH" in body
    assert other.name not in body


def test_company_list_search_and_filters(world):
    CompanyFactory(
        lead_partner=world.partner_a,
        name="Großbetrieb AG",
        city="Erfurt",
        employees=400,
        district="16051",
        sector_section="F",
        sector_division="",
    )
    client = client_for(world.consultant_a)
    url = reverse("consulting:company_list")

    def names(**params):
        response = client.get(url, params)
        return {c.name for c in response.context["page"]}

    assert names(q="suhl") == {"Alpha Fräserei GmbH"}
    assert names(q="groß") == {"Großbetrieb AG"}
    assert names(district="16051") == {"Großbetrieb AG"}
    assert names(sector="F") == {"Großbetrieb AG"}
    assert names(size_class=SizeClass.NOT_SME) == {"Großbetrieb AG"}
    assert names(size_class=SizeClass.SMALL) == {"Alpha Fräserei GmbH"}
    assert names(last_contact="never") == {"Alpha Fräserei GmbH", "Großbetrieb AG"}
    RequestFactory(company=world.company_a)
    assert names(last_contact="90") == {"Alpha Fräserei GmbH"}
    assert names(topic="sensors-iot") == set()
    ordered = [c.name for c in client.get(url, {"sort": "-employees"}).context["page"]]
    assert ordered == ["Großbetrieb AG", "Alpha Fräserei GmbH"]


def test_company_list_filter_by_partner_includes_shared(world):
    CompanyShareFactory(company=world.company_b, partner=world.partner_a)
    client = client_for(world.consultant_b)
    page = client.get(reverse("consulting:company_list"), {"partner": world.partner_a.pk})
    assert {c.name for c in page.context["page"]} == {"Beta Optik GmbH"}


def test_company_list_query_budget(world, django_assert_max_num_queries):
    for n in range(30):
        company = CompanyFactory(lead_partner=world.partner_a, name=f"Firma {n:02}")
        RequestFactory(company=company)
    client = client_for(world.consultant_a)
    client.get(reverse("consulting:company_list"))  # warm the session
    with django_assert_max_num_queries(14):
        response = client.get(reverse("consulting:company_list"), {"page": 2})
    assert response.status_code == 200
    assert len(response.context["page"]) == 6


def test_bad_filter_values_are_ignored_not_500(world):
    response = client_for(world.consultant_a).get(
        reverse("consulting:company_list"), {"district": "99999", "partner": "x"}
    )
    assert response.status_code == 200


def test_company_detail_isolation(world):
    assert_access(
        world.company_a.get_absolute_url(),
        allowed=[world.consultant_a, world.admin_a, world.sme_a],
        denied=[world.consultant_b, world.sme_b, world.consortium],
        anonymous=302,
    )


def test_shared_company_is_visible_until_revoked(world):
    share = services.share_company(
        actor=world.consultant_a,
        company=world.company_a,
        partner=world.partner_b,
        reason="Gemeinsames Sensorik-Projekt",
    )
    assert_access(world.company_a.get_absolute_url(), allowed=[world.consultant_b])
    services.revoke_share(actor=world.admin_a, share=share, reason="Projekt beendet")
    assert_access(world.company_a.get_absolute_url(), denied=[world.consultant_b])
    with unscoped("test"):
        assert AuditEntry.objects.filter(action="consulting.company_share.revoked").exists()


def test_only_lead_partner_shares(world):
    CompanyShareFactory(company=world.company_a, partner=world.partner_b)
    with pytest.raises(PermissionRefused):
        services.share_company(
            actor=world.consultant_b,
            company=world.company_a,
            partner=world.partner_b,
            reason="x",
        )


def test_share_needs_reason(world):
    with pytest.raises(BusinessRuleError):
        services.share_company(
            actor=world.consultant_a, company=world.company_a, partner=world.partner_b, reason=" "
        )
    with unscoped("test"):
        assert not CompanyShare.objects.exists()


def test_share_and_revoke_through_the_page(world):
    client = client_for(world.consultant_a)
    url = reverse("consulting:company_share", args=[world.company_a.pk])
    client.post(url, {"partner": world.partner_b.pk, "reason": "Laborversuch"})
    with unscoped("test"):
        share = CompanyShare.objects.get()
    assert share.reason == "Laborversuch"
    revoke = reverse("consulting:share_revoke", args=[world.company_a.pk, share.pk])
    assert client_for(world.consultant_b).post(revoke, {"reason": "x"}).status_code == 404
    client.post(revoke, {"reason": "erledigt"})
    with unscoped("test"):
        share.refresh_from_db()
    assert share.revoked_at is not None


def test_timeline_shows_requests_and_sessions_but_not_other_partners_sessions(world):
    RequestFactory(company=world.company_a)
    SessionFactory(company=world.company_a)
    CompanyShareFactory(company=world.company_a, partner=world.partner_b)
    SessionFactory(company=world.company_a, partner=world.partner_b, stage="lab_test")
    response = client_for(world.consultant_a).get(world.company_a.get_absolute_url())
    kinds = [entry.kind for entry, _label in response.context["timeline"]]
    assert kinds.count("request") == 1
    assert kinds.count("session") == 1
    assert "lab test" not in response.content.decode()


def test_sme_edits_own_company_and_size_class_follows(world):
    client = client_for(world.sme_a)
    url = reverse("consulting:company_edit", args=[world.company_a.pk])
    data = {
        "name": "Alpha Fräserei GmbH",
        "legal_form": "gmbh",
        "street": "Am Ehrenberg 1",
        "postcode": "98693",
        "city": "Ilmenau",
        "district": "16070",
        "sector_section": "C",
        "sector_division": "25",
        "employees": "8",
        "annual_turnover": "1500000",
        "balance_sheet_total": "",
        "website": "https://alpha.example",
        "phone": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    with unscoped("test"):
        world.company_a.refresh_from_db()
    assert world.company_a.street == "Am Ehrenberg 1"
    assert world.company_a.annual_turnover == Decimal(1500000)
    assert world.company_a.size_class == SizeClass.MICRO


@pytest.mark.parametrize(
    ("field", "value"),
    [("employees", "-3"), ("district", "12345"), ("postcode", "abc"), ("sector_division", "25")],
)
def test_bad_company_input_changes_nothing(world, field, value):
    data = {
        "name": "Neu",
        "legal_form": "",
        "street": "",
        "postcode": "98693",
        "city": "Ilmenau",
        "district": "16070",
        "sector_section": "F" if field == "sector_division" else "C",
        "sector_division": "",
        "employees": "5",
        "annual_turnover": "",
        "balance_sheet_total": "",
        "website": "",
        "phone": "",
    }
    data[field] = value
    url = reverse("consulting:company_edit", args=[world.company_a.pk])
    response = client_for(world.consultant_a).post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    with unscoped("test"):
        world.company_a.refresh_from_db()
    assert world.company_a.name == "Alpha Fräserei GmbH"


def test_edit_isolation(world):
    url = reverse("consulting:company_edit", args=[world.company_a.pk])
    assert_access(
        url,
        allowed=[world.sme_a, world.consultant_a],
        denied=[world.consultant_b, world.sme_b, world.consortium],
        anonymous=302,
    )


def test_contact_with_consent_is_recorded(world):
    client = client_for(world.consultant_a)
    url = reverse("consulting:contact_create", args=[world.company_a.pk])
    assert_access(url, allowed=[world.sme_a], denied=[world.consultant_b, world.sme_b])
    client.post(
        url,
        {"first_name": "Jana", "last_name": "Kühn", "role": "IT", "email": "kaputt", "phone": ""},
    )
    with unscoped("test"):
        assert not Contact.objects.filter(last_name="Kühn").exists()
    client.post(
        url,
        {
            "first_name": "Jana",
            "last_name": "Kühn",
            "role": "IT",
            "email": "jana@alpha.example",
            "phone": "03677 1",
            "consent": "on",
        },
    )
    with unscoped("test"):
        contact = Contact.objects.get(last_name="Kühn")
    assert contact.consent_at is not None
    assert contact.consent_text_version
    edit = reverse("consulting:contact_edit", args=[world.company_a.pk, contact.pk])
    assert_access(edit, allowed=[world.consultant_a], denied=[world.consultant_b, world.sme_b])
    assert not mail.outbox


def test_company_record_fields_kept(world):
    with unscoped("test"):
        company = Company.objects.get(pk=world.company_a.pk)
    assert company.get_size_class_display()
