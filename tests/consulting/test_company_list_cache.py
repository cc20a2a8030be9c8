"""The company list from the whole-page cache (issue #6): served again while nothing changed,
right at once after every kind of change a user can make, never shared between tenants."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from consulting import services
from consulting.caching import seconds_until_tomorrow
from consulting.models import AdvisorySession, Company
from consulting.services.sessions import next_stage
from portal import pagecache
from portal.demo import seed_core
from portal.models import AuditEntry, Membership
from portal.privacy import services as privacy
from portal.tenancy import unscoped
from tests.access import client_for
from tests.consulting.factories import SessionFactory, SlotFactory
from tests.factories import PASSWORD, CompanyFactory, MembershipFactory, give_second_factor

pytestmark = pytest.mark.django_db
CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture(autouse=True)
def _empty_page_store():
    pagecache._pages.clear()
    yield
    pagecache._pages.clear()


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """A service call as in production: its on-commit work runs when it commits."""

    def run(action, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return action(**kwargs)

    return run


def companies_page(client, **params) -> tuple[str, str]:
    """(how it was served: "hit", "miss" or "" when bypassed, the page's text)."""
    response = client.get(reverse("consulting:company_list"), params)
    assert response.status_code == 200
    return response.get(pagecache.HIT_HEADER, ""), response.content.decode()


def stored(client, **params) -> str:
    """Render the list once and check that the next visit is served from the cache."""
    first, body = companies_page(client, **params)
    assert first == "miss"
    again, body_again = companies_page(client, **params)
    assert again == "hit"
    # the same page but for the CSRF token, which is masked afresh for every response
    assert CSRF_VALUE.sub("", body_again) == CSRF_VALUE.sub("", body)
    return body


def fresh(client, **params) -> str:
    """The page after a change: rendered again, not the stored one."""
    served, body = companies_page(client, **params)
    assert served == "miss"
    return body


def test_an_unchanged_list_is_served_from_the_cache(world):
    client = client_for(world.consultant_a)
    body = stored(client)
    assert "Alpha Fräserei GmbH" in body
    assert companies_page(client)[0] == "hit"
    assert fresh(client, sort="-name")  # another query string is another page


def test_consultants_of_different_partners_never_share_a_page(world):
    url = reverse("consulting:company_list")
    assert "Alpha Fräserei GmbH" in stored(client_for(world.consultant_a))
    page_b = client_for(world.consultant_b).get(url)
    assert page_b[pagecache.HIT_HEADER] == "miss"
    assert "Beta Optik GmbH" in page_b.content.decode()
    assert "Alpha Fräserei GmbH" not in page_b.content.decode()


def test_one_user_acting_for_two_partners_gets_each_partners_own_list(world):
    MembershipFactory(user=world.consultant_a, partner=world.partner_b)
    as_a = client_for((world.consultant_a, world.partner_a.pk))
    as_b = client_for((world.consultant_a, world.partner_b.pk))
    assert "Beta Optik GmbH" not in stored(as_a)
    body = fresh(as_b)
    assert "Beta Optik GmbH" in body
    assert "Alpha Fräserei GmbH" not in body


def test_an_export_is_never_served_from_the_cache_and_is_audited_each_time(world):
    client = client_for(world.consultant_a)
    for _ in range(2):
        served, _body = companies_page(client, export="csv")
        assert served == ""
    with unscoped("test"):
        assert AuditEntry.objects.filter(action="consulting.company.exported").count() == 2


def test_a_page_stored_today_is_not_served_after_midnight():
    assert 0 < seconds_until_tomorrow() <= 24 * 3600 + 3600  # a DST day has 25 hours


def test_an_edit_through_the_page_shows_at_once_with_its_size_class(world):
    client = client_for(world.consultant_a)
    assert "Alpha Fräserei GmbH" in stored(client, size_class="small")  # 40 employees
    assert "Alpha Fräserei GmbH" not in stored(client, size_class="micro")
    response = client.post(
        reverse("consulting:company_edit", args=[world.company_a.pk]),
        {
            "name": "Alpha Zerspanung GmbH",
            "legal_form": "gmbh",
            "street": "",
            "postcode": "98527",
            "city": "Suhl",
            "district": "16054",
            "sector_section": "C",
            "sector_division": "25",
            "employees": "8",
            "annual_turnover": "",
            "balance_sheet_total": "",
            "website": "",
            "phone": "",
        },
    )
    assert response.status_code == 302
    client.get(response.url)  # the flash message is shown once
    assert "Alpha Zerspanung GmbH" in fresh(client, size_class="micro")
    assert "Alpha Zerspanung GmbH" not in fresh(client, size_class="small")


def test_sharing_and_revoking_change_the_other_partners_list_at_once(world, commit):
    client_b = client_for(world.consultant_b)
    assert "Alpha Fräserei GmbH" not in stored(client_b)
    share = commit(
        services.share_company,
        actor=world.consultant_a,
        company=world.company_a,
        partner=world.partner_b,
        reason="Gemeinsames Projekt",
    )
    assert "Alpha Fräserei GmbH" in fresh(client_b)
    assert companies_page(client_b)[0] == "hit"
    commit(services.revoke_share, actor=world.admin_a, share=share, reason="Projekt beendet")
    assert "Alpha Fräserei GmbH" not in fresh(client_b)


def test_a_logged_session_is_the_new_last_contact_at_once(world, commit):
    client = client_for(world.consultant_a)
    assert "Alpha Fräserei GmbH" in stored(client, last_contact="never")
    commit(
        services.log_session,
        actor=world.consultant_a,
        partner=world.partner_a,
        company=world.company_a,
        date=timezone.localdate() - timedelta(days=3),
        duration_minutes=60,
        format="on_site",
        stage=next_stage(world.company_a),
        topics=[world.sensors],
        summary="Rundgang",
    )
    assert "Alpha Fräserei GmbH" not in fresh(client, last_contact="never")
    assert "Alpha Fräserei GmbH" in fresh(client, last_contact="90")


def test_a_booking_shows_on_the_list_at_once(world, commit):
    client = client_for(world.consultant_a)
    assert "Alpha Fräserei GmbH" in stored(client, last_contact="never")
    commit(
        services.book_consultation,
        actor=world.sme_a,
        topics=[world.sensors],
        description="Maschinendaten",
        slot=SlotFactory(partner=world.partner_a, consultant=world.consultant_a),
    )
    assert "Alpha Fräserei GmbH" not in fresh(client, last_contact="never")


def test_a_booking_with_another_partner_puts_the_company_on_its_list_at_once(world, commit):
    client_b = client_for(world.consultant_b)
    assert "Alpha Fräserei GmbH" not in stored(client_b)
    commit(
        services.book_consultation,
        actor=world.sme_a,
        topics=[world.security],
        description="IT-Sicherheit",
        preferred_partner=world.partner_b,
        proposed_times="Montags",
    )
    assert "Alpha Fräserei GmbH" in fresh(client_b)


def test_a_new_sme_company_and_its_routing_show_at_once(world, commit):
    consortium = client_for((world.consortium, "consortium"))
    client_a = client_for(world.consultant_a)
    stored(consortium)
    stored(client_a)
    newcomer = get_user_model().objects.create_user(
        email="neu@example.com", password=PASSWORD, first_name="Nina", last_name="Neu"
    )
    commit(
        services.register_sme_user,
        user=newcomer,
        company_data={
            "name": "Neue Fertigung GmbH",
            "postcode": "99084",
            "city": "Erfurt",
            "district": "16051",
            "sector_section": "C",
            "sector_division": "25",
            "employees": 15,
        },
        invitation=None,
        role="Inhaber",
        consent_version="1",
    )
    assert "Neue Fertigung GmbH" in fresh(consortium)  # not yet routed to a partner
    request = commit(
        services.book_consultation,
        actor=newcomer,
        topics=[world.sensors],
        description="Wo anfangen?",
        proposed_times="Freitags",
    )
    assert "Neue Fertigung GmbH" not in companies_page(client_a)[1]
    commit(services.route_request, actor=world.consortium, request=request, partner=world.partner_a)
    assert "Neue Fertigung GmbH" in fresh(client_a)


def test_an_import_shows_on_the_list_at_once(world):
    client = client_for(world.consultant_a)
    stored(client)
    content = (
        "name;postcode;city;district;sector_section;sector_division;employees\n"
        "Importierte Firma GmbH;98693;Ilmenau;16070;C;25;12\n"
    )
    upload = SimpleUploadedFile("firmen.csv", content.encode(), content_type="text/csv")
    response = client.post(
        reverse("consulting:company_import"), {"file": upload, "action": "import"}
    )
    assert response.status_code == 302
    assert "Importierte Firma GmbH" in companies_page(client)[1]  # shows the flash message
    assert "Importierte Firma GmbH" in fresh(client)


def test_an_erased_company_loses_its_name_on_the_list_at_once(world, commit):
    client = client_for(world.consultant_a)
    assert "Alpha Fräserei GmbH" in stored(client)
    commit(privacy.erase_company, actor=world.sme_a, company=world.company_a, password=PASSWORD)
    body = fresh(client)
    assert "Alpha Fräserei GmbH" not in body
    assert f"[erased] #{world.company_a.pk}" in body


def test_an_operators_change_in_the_admin_shows_at_once(world):
    operator = get_user_model().objects.create_superuser(email="op@example.com", password="x")
    give_second_factor(operator)
    session = SessionFactory(company=world.company_a)
    client = client_for(world.consultant_a)
    assert "Alpha Fräserei GmbH" not in stored(client, last_contact="never")
    admin = client_for(operator)
    url = reverse("admin:consulting_advisorysession_delete", args=[session.pk])
    assert admin.post(url, {"post": "yes"}).status_code == 302
    with unscoped("test"):
        assert not AdvisorySession.objects.filter(pk=session.pk).exists()
    assert "Alpha Fräserei GmbH" in fresh(client, last_contact="never")


def test_the_demo_seed_shows_on_the_list_at_once(commit):
    with unscoped("test: the demo partners and their staff, before the apps' demo data"):
        seed_core()
        consultant = Membership.objects.get(
            partner__slug="tu-ilmenau", user__email="consultant@tu-ilmenau.example"
        ).user
    client = client_for(give_second_factor(consultant))
    assert "Präzisionsteile Vogt GmbH" not in stored(client)
    commit(call_command, command_name="seed_demo", verbosity=0)
    assert "Präzisionsteile Vogt GmbH" in fresh(client)


def test_changes_the_list_does_not_show_keep_the_stored_page(world, commit):
    """Contacts and follow-ups are not on the list: their changes re-render nothing."""
    client = client_for(world.consultant_a)
    stored(client)
    commit(
        services.save_contact,
        actor=world.consultant_a,
        company=world.company_a,
        data={"first_name": "Eva", "last_name": "Lang", "email": "eva@alpha.example"},
    )
    assert companies_page(client)[0] == "hit"


def test_the_uncached_list_needs_the_same_queries_for_ten_or_forty_companies(world):
    def queries_for_the_list() -> int:
        client = client_for(world.consultant_a)
        client.get(reverse("consulting:company_list"))  # sign-in and session rows
        pagecache._pages.clear()
        with CaptureQueriesContext(connection) as queries:
            assert fresh(client, sort="-last_contact")
        return len(queries)

    for n in range(10):
        company = CompanyFactory(lead_partner=world.partner_a, name=f"Firma {n:02}")
        SessionFactory(company=company)
    few = queries_for_the_list()
    for n in range(10, 40):
        company = CompanyFactory(lead_partner=world.partner_a, name=f"Firma {n:02}")
        SessionFactory(company=company)
        SessionFactory(company=company, date=timezone.localdate() - timedelta(days=400))
    assert queries_for_the_list() == few
    with unscoped("test"):
        assert Company.objects.filter(lead_partner=world.partner_a).count() == 41


def test_a_removed_membership_takes_its_partners_companies_off_a_cached_list(
    world, django_capture_on_commit_callbacks
):
    from portal import services as portal_services
    from tests.factories import MembershipFactory

    admin_b = MembershipFactory(partner=world.partner_b, role=Membership.Role.PARTNER_ADMIN).user
    # The consortium admin is also a consultant of B; acting for the consortium, the list
    # spans every partner the user belongs to.
    membership = MembershipFactory(user=world.consortium, partner=world.partner_b)
    client = client_for((world.consortium, "consortium"))
    url = reverse("consulting:company_list")
    assert "Beta Optik GmbH" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        portal_services.remove_membership(actor=admin_b, membership=membership)
    again = client.get(url)
    assert again[pagecache.HIT_HEADER] == "miss"
    assert "Beta Optik GmbH" not in again.content.decode()


def test_a_new_membership_reaches_the_context_switcher_of_a_cached_list(world):
    from tests.factories import MembershipFactory

    client = client_for(world.consultant_a)
    url = reverse("consulting:company_list")
    assert 'id="context-select"' not in client.get(url).content.decode()
    MembershipFactory(user=world.consultant_a, partner=world.partner_b)
    assert 'id="context-select"' in client.get(url).content.decode()
