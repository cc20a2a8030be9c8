"""Fixtures of the practice tests: two partners, their staff, two companies and their users."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from portal.models import Membership
from tests.consulting.factories import SessionFactory
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
def _english(english_source_strings):
    """Assertions read the English source strings (see tests/conftest.py)."""


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db, commit_per_request):
    sensors = TopicFactory(slug="sensors-iot", name_en="Sensors & IoT", name_de="Sensorik")
    security = TopicFactory(slug="it-security", name_en="IT security", name_de="IT-Sicherheit")
    partner_a = PartnerFactory(slug="alpha", short_name="Alpha")
    partner_b = PartnerFactory(slug="beta", short_name="Beta")
    consultant_a = MembershipFactory(partner=partner_a).user
    admin_a = MembershipFactory(partner=partner_a, role=Membership.Role.PARTNER_ADMIN).user
    consultant_b = MembershipFactory(partner=partner_b).user
    admin_b = MembershipFactory(partner=partner_b, role=Membership.Role.PARTNER_ADMIN).user
    company_a = CompanyFactory(lead_partner=partner_a, name="Alpha Fräserei GmbH", employees=40)
    company_b = CompanyFactory(lead_partner=partner_b, name="Beta Optik GmbH", district="16053")
    sme_a = CompanyMemberFactory(company=company_a).user
    sme_b = CompanyMemberFactory(company=company_b).user
    ContactFactory(company=company_a, email="chef@alpha.example", user=sme_a)
    consortium = give_second_factor(UserFactory(is_consortium_admin=True))
    session = SessionFactory(company=company_a, partner=partner_a, good_practice_consent=True)
    session.topics.set([sensors])
    return SimpleNamespace(**locals())
