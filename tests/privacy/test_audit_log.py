"""The audit log: viewed and exported records are logged; admins read their own part."""

from __future__ import annotations

from portal import audit
from portal.models import AuditEntry
from portal.tenancy import unscoped
from tests.access import assert_access, client_for


def entries(action: str) -> list[AuditEntry]:
    with unscoped("test: read the audit log"):
        return list(AuditEntry.objects.filter(action=action).order_by("pk"))


def test_staff_viewing_a_company_page_is_logged_for_its_lead_partner(world):
    client_for(world.consultant_a).get(f"/consulting/companies/{world.company_a.pk}/")
    [entry] = entries("consulting.company.viewed")
    assert entry.actor == world.consultant_a
    assert entry.partner_id == world.partner_a.pk
    assert entry.target_id == str(world.company_a.pk)


def test_the_sme_reading_its_own_record_is_not_logged(world):
    response = client_for(world.sme_a).get(f"/consulting/companies/{world.company_a.pk}/")
    assert response.status_code == 200
    assert entries("consulting.company.viewed") == []


def test_a_denied_view_is_not_logged(world):
    response = client_for(world.consultant_b).get(f"/consulting/companies/{world.company_a.pk}/")
    assert response.status_code == 404
    assert entries("consulting.company.viewed") == []


def test_exporting_the_company_list_is_logged(world):
    response = client_for(world.consultant_a).get("/consulting/companies/?export=csv")
    assert response.status_code == 200
    [entry] = entries("consulting.company.exported")
    assert entry.actor == world.consultant_a
    assert entry.partner_id == world.partner_a.pk
    assert entry.data["format"] == "csv"
    assert entry.data["count"] == 1


def test_audit_page_is_for_partner_admins_and_consortium_admins_only(world):
    assert_access(
        "/audit/",
        allowed=[world.admin_a, world.admin_b, (world.consortium, "consortium")],
        denied=[world.consultant_a, world.sme_a],
        anonymous=302,
    )


def test_partner_admin_reads_only_their_partner_s_entries(world):
    client_for(world.consultant_a).get(f"/consulting/companies/{world.company_a.pk}/")
    client_for(world.consultant_b).get(f"/consulting/companies/{world.company_b.pk}/")
    html_a = client_for(world.admin_a).get("/audit/").content.decode()
    assert "Alpha Fräserei GmbH" in html_a
    assert world.consultant_a.email in html_a
    assert "Beta Optik" not in html_a
    assert world.consultant_b.email not in html_a
    html_b = client_for(world.admin_b).get("/audit/").content.decode()
    assert "Beta Optik" in html_b
    assert "Alpha Fräserei" not in html_b


def test_consortium_admin_reads_the_consortium_s_own_entries(world):
    with unscoped("test: write entries"):
        audit.record(actor=world.consortium, action="portal.topic.updated", data={})
        audit.record(actor=world.admin_a, action="portal.partner.secret", partner=world.partner_a)
    html = client_for((world.consortium, "consortium")).get("/audit/").content.decode()
    assert "portal.topic.updated" in html
    assert "portal.partner.secret" not in html


def test_filter_by_kind_and_text(world):
    client_for(world.consultant_a).get(f"/consulting/companies/{world.company_a.pk}/")
    client_for(world.consultant_a).get("/consulting/companies/?export=csv")
    client = client_for(world.admin_a)
    html = client.get("/audit/", {"action": "consulting.company", "q": "Fräserei"}).content
    assert "consulting.company.viewed" in html.decode()
    assert "consulting.company.exported" not in html.decode()  # has no record description
    html = client.get("/audit/", {"action": "no.such.kind"}).content.decode()
    assert "Select a valid choice" in html


def test_audit_page_has_a_query_budget(world, django_assert_max_num_queries):
    for _ in range(30):
        client_for(world.consultant_a).get(f"/consulting/companies/{world.company_a.pk}/")
    client = client_for(world.admin_a)
    with django_assert_max_num_queries(15):
        assert client.get("/audit/").status_code == 200


def test_navigation_offers_the_audit_log_to_admins_and_my_data_to_smes(world):
    assert 'href="/audit/"' in client_for(world.admin_a).get("/dashboard/").content.decode()
    assert (
        'href="/audit/"' not in client_for(world.consultant_a).get("/dashboard/").content.decode()
    )
    dashboard = client_for(world.sme_a).get("/dashboard/").content.decode()
    assert 'href="/my-data/"' in dashboard
    assert 'href="/audit/"' not in dashboard
