"""The scope a row's owner works in follows from the declaration (portal/owners.py)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from portal.owners import scope_of
from portal.tenancy import Scope, ScopeKind, unscoped
from reports.models import QuarterlyReport
from tests.consulting.factories import FollowUpFactory, RequestFactory
from tests.events.factories import EventFactory
from tests.factories import CompanyFactory, ContactFactory, PartnerFactory
from tests.reports.factories import RegistrationFactory

pytestmark = pytest.mark.django_db


def partner(partner_id: int) -> Scope:
    return Scope(ScopeKind.PARTNER, partner_id=partner_id)


def test_a_company_works_in_its_lead_partners_scope_or_its_own():
    led, unrouted = CompanyFactory(), CompanyFactory(lead_partner=None)
    with unscoped("test: read the owners"):
        assert scope_of(led) == partner(led.lead_partner_id)
        assert scope_of(unrouted) == Scope(ScopeKind.COMPANY, company_id=unrouted.pk)


def test_a_company_owned_row_works_in_its_companys_scope():
    contact = ContactFactory()
    with unscoped("test: read the owners"):
        assert scope_of(contact) == partner(contact.company.lead_partner_id)


def test_a_row_follows_the_first_partner_path_that_is_set():
    follow_up = FollowUpFactory()
    registration = RegistrationFactory(event=EventFactory())
    with unscoped("test: read the owners"):
        assert scope_of(follow_up) == partner(follow_up.session.partner_id)
        assert scope_of(registration) == partner(registration.event.organizer_id)


def test_an_unrouted_request_works_in_its_companys_scope():
    request = RequestFactory(partner=None)
    with unscoped("test: read the owners"):
        assert scope_of(request) == Scope(ScopeKind.COMPANY, company_id=request.company_id)


def test_a_row_of_no_partner_is_the_consortiums():
    with unscoped("test: two quarterly reports"):
        mine = QuarterlyReport.objects.create(
            partner=PartnerFactory(), year=2026, quarter=1, language="en",
            requested_at=timezone.now(),
        )  # fmt: skip
        everyone = QuarterlyReport.objects.create(
            partner=None, year=2026, quarter=1, language="de", requested_at=timezone.now()
        )
        assert scope_of(mine) == partner(mine.partner_id)
        assert scope_of(everyone).kind is ScopeKind.CONSORTIUM
