"""Public pages, dashboards by role, German as the default language, tenancy of staff pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from portal.models import Membership
from tests.access import assert_access, client_for
from tests.factories import (
    CompanyFactory,
    CompanyMemberFactory,
    MembershipFactory,
    PartnerFactory,
    UserFactory,
    give_second_factor,
)

pytestmark = pytest.mark.django_db


def test_home_is_german_by_default(client):
    PartnerFactory(short_name="TU Ilmenau")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    html = response.content.decode()
    assert '<html lang="de"' in html
    assert "TU Ilmenau" in html
    assert "Anmelden" in html  # the header's "Sign in", translated
    assert "Unsere Angebote" in html


def test_english_on_request(client):
    response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Language"] == "en"
    assert '<html lang="en"' in response.content.decode()
    assert "What we offer" in response.content.decode()


def test_language_switch_is_kept(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert client.get(reverse("home"))["Content-Language"] == "en"


def test_assets_are_served_by_the_portal(client):
    html = client.get(reverse("home")).content.decode()
    assert "/static/bootstrap/css/bootstrap.min.css" in html
    assert "https://" not in html.split("<body")[0]  # no CDN, font or tracker in <head>


def test_skip_link_and_landmarks(client):
    html = client.get(reverse("home")).content.decode()
    assert 'href="#main"' in html
    assert 'id="main"' in html
    assert "<nav" in html
    assert "<footer" in html


def test_partner_pages(client):
    partner = PartnerFactory(description="Wir testen Sensoren.")
    assert partner.short_name in client.get(reverse("partner_list")).content.decode()
    detail = client.get(partner.get_absolute_url())
    assert "Wir testen Sensoren." in detail.content.decode()
    assert client.get(reverse("partner_detail", args=["nope"])).status_code == 404


def test_inactive_partner_has_no_page(client):
    partner = PartnerFactory(is_active=False)
    assert client.get(partner.get_absolute_url()).status_code == 404


def test_dashboard_needs_login(client):
    response = client.get(reverse("dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.usefixtures("english_source_strings")
class TestDashboardByRole:
    def test_consultant_sees_their_partner_and_its_companies(self):
        membership = MembershipFactory()
        CompanyFactory(lead_partner=membership.partner)
        CompanyFactory()
        response = client_for(membership.user).get(reverse("dashboard"))
        assert response.context["role"] == "consultant"
        stats = {str(stat.label): stat.value for stat in response.context["stats"]}
        assert stats["Companies you may see"] == 1
        assert stats["Staff members"] == 1

    def test_partner_admin(self):
        membership = MembershipFactory(role=Membership.Role.PARTNER_ADMIN)
        response = client_for(membership.user).get(reverse("dashboard"))
        assert response.context["role"] == "partner_admin"
        assert reverse("staff_list") in response.content.decode()

    def test_consortium_admin_sees_figures_across_partners(self):
        admin = give_second_factor(UserFactory(is_consortium_admin=True))
        first, second = CompanyFactory(), CompanyFactory()
        CompanyFactory(lead_partner=None)
        response = client_for(admin).get(reverse("dashboard"))
        columns = [str(column.label) for column in response.context["partner_columns"]]
        companies = columns.index("Companies (lead partner)")
        rows = {
            row["partner"]: row["counts"][companies] for row in response.context["partner_rows"]
        }
        assert rows[first.lead_partner] == 1
        assert rows[second.lead_partner] == 1
        assert response.context["unassigned"][companies] == 1
        assert "Not yet routed" in response.content.decode()

    def test_sme_user_sees_their_company(self):
        member = CompanyMemberFactory()
        response = client_for(member.user).get(reverse("dashboard"))
        assert response.context["role"] == "sme"
        panel = next(p for p in response.context["panels"] if "company" in p.context)
        assert panel.context["company"] == member.company
        assert member.company.name in response.content.decode()

    def test_user_without_role(self):
        response = client_for(UserFactory()).get(reverse("dashboard"))
        assert response.context["role"] == "none"


def test_staff_page_only_for_the_active_partners_admins():
    admin = MembershipFactory(role=Membership.Role.PARTNER_ADMIN)
    colleague = MembershipFactory(partner=admin.partner)
    other_admin = MembershipFactory(role=Membership.Role.PARTNER_ADMIN)
    sme = CompanyMemberFactory().user
    assert_access(
        reverse("staff_list"),
        allowed=[admin.user, other_admin.user],
        denied=[colleague.user, sme],
        anonymous=302,
    )


def test_staff_page_lists_only_own_partner():
    admin = MembershipFactory(role=Membership.Role.PARTNER_ADMIN)
    stranger = MembershipFactory()
    html = client_for(admin.user).get(reverse("staff_list")).content.decode()
    assert admin.user.email in html
    assert stranger.user.email not in html


def test_another_partners_member_cannot_be_changed():
    admin = MembershipFactory(role=Membership.Role.PARTNER_ADMIN)
    stranger = MembershipFactory()
    client = client_for(admin.user)
    assert client.post(reverse("staff_remove", args=[stranger.pk])).status_code == 404
    assert (
        client.post(
            reverse("staff_role_change", args=[stranger.pk]), {"role": "partner_admin"}
        ).status_code
        == 404
    )
    stranger.refresh_from_db()
    assert stranger.role == Membership.Role.CONSULTANT


def test_django_admin_is_for_superusers_and_unscoped():
    CompanyFactory(name="Sichtbar GmbH")
    operator = give_second_factor(UserFactory(is_superuser=True, is_staff=True))
    client = client_for(operator)
    response = client.get("/admin/consulting/company/")
    assert response.status_code == 200
    assert "Sichtbar GmbH" in response.content.decode()
    staff_only = give_second_factor(UserFactory(is_staff=True))
    assert client_for(staff_only).get("/admin/consulting/company/").status_code in (302, 403)


def test_django_admin_login_goes_through_allauth(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_apps_add_panels_and_navigation_through_their_panels_module(monkeypatch):
    import types

    from portal import panels

    fake = types.ModuleType("fake.panels")
    fake.nav_items = lambda request: [panels.NavItem("Workshops-Kalender", "/events/", 30)]
    fake.home_panels = lambda request: [
        panels.Panel("portal/_partner_card.html", {"note": "x"}, order=1)
    ]
    monkeypatch.setattr(panels, "_panel_modules", lambda: (fake,))
    response = Client().get(reverse("home"))
    assert "Workshops-Kalender" in response.content.decode()
    assert [p.template for p in response.context["panels"]] == ["portal/_partner_card.html"]
