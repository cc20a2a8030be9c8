"""Two partners, a company at each with SME users, contacts, requests, sessions, assessments
and workshop registrations: enough for export, erasure and the audit log."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from consulting import services as consulting_services
from consulting.models import MeetingFormat, Stage
from events.services.registration import register_for_event
from portal.models import Membership
from tests.assessments.factories import completed
from tests.events.factories import EventFactory
from tests.factories import (
    CompanyFactory,
    CompanyMemberFactory,
    ContactFactory,
    MembershipFactory,
    PartnerFactory,
    TopicFactory,
    UserFactory,
    give_second_factor,
)


@pytest.fixture(autouse=True)
def _run_on_commit_callbacks(commit_per_request):
    """Each request behaves as in production: mail tasks run when its transaction commits."""


@pytest.fixture(autouse=True)
def _english(english_source_strings):
    """Assertions read the English source strings (see tests/conftest.py)."""


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _fill(company, partner, consultant, topic, sme, tag):
    """A request, a session, an assessment and a workshop registration for `company`."""
    from portal.tenancy import company_scope, partner_scope

    with company_scope(company.pk):
        consulting_services.book_consultation(
            actor=sme,
            topics=[topic],
            description=f"Request text of {tag}",
            preferred_partner=partner,
            proposed_times="Mondays",
        )
    with partner_scope(partner.pk):
        consulting_services.log_session(
            actor=consultant,
            partner=partner,
            company=company,
            date=date(2026, 10, 1),
            duration_minutes=90,
            format=MeetingFormat.ON_SITE,
            stage=Stage.FIRST_CONTACT,
            topics=[topic],
            summary=f"Internal notes about {tag}",
            consultants=[consultant],
        )
    completed(sme, level=3)
    event = EventFactory(organizer=partner, title=f"Workshop for {tag}")
    register_for_event(event=event, user=sme)


@pytest.fixture
def world(db):
    topic = TopicFactory(slug="sensors-iot", name_en="Sensors & IoT")
    partner_a = PartnerFactory(slug="alpha", short_name="Alpha")
    partner_b = PartnerFactory(slug="beta", short_name="Beta")
    consultant_a = MembershipFactory(partner=partner_a).user
    admin_a = MembershipFactory(partner=partner_a, role=Membership.Role.PARTNER_ADMIN).user
    consultant_b = MembershipFactory(partner=partner_b).user
    admin_b = MembershipFactory(partner=partner_b, role=Membership.Role.PARTNER_ADMIN).user
    company_a = CompanyFactory(
        lead_partner=partner_a,
        name="Alpha Fräserei GmbH",
        city="Suhl",
        postcode="98527",
        district="16054",
        street="Werkstraße 1",
        phone="03681 12345",
        website="https://alpha-fraeserei.example",
        employees=40,
    )
    company_b = CompanyFactory(
        lead_partner=partner_b,
        name="Beta Optik GmbH",
        city="Jena",
        postcode="07743",
        district="16053",
        sector_section="C",
        sector_division="26",
        employees=120,
    )
    sme_a = CompanyMemberFactory(
        company=company_a,
        user=UserFactory(email="anna.alpha@alpha.example", first_name="Anna", last_name="Amsel"),
    ).user
    sme_a2 = CompanyMemberFactory(company=company_a).user
    sme_b = CompanyMemberFactory(
        company=company_b,
        user=UserFactory(email="bernd.beta@beta.example", first_name="Bernd", last_name="Bussard"),
    ).user
    contact_a = ContactFactory(
        company=company_a, first_name="Clara", last_name="Chef", email="chef@alpha.example"
    )
    contact_b = ContactFactory(
        company=company_b, first_name="Dora", last_name="Direktor", email="chefin@beta.example"
    )
    _fill(company_a, partner_a, consultant_a, topic, sme_a, "Alpha")
    _fill(company_b, partner_b, consultant_b, topic, sme_b, "Beta")
    consortium = give_second_factor(UserFactory(is_consortium_admin=True))
    return SimpleNamespace(**locals())
