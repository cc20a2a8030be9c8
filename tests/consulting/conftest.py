"""A small consortium: partners A and B, their staff, one company each with an SME user."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from portal.models import Membership
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
    """Each request behaves as in production (see tests/conftest.py: commit_per_request)."""


@pytest.fixture
def world(db):
    sensors = TopicFactory(slug="sensors-iot", name_en="Sensors & IoT")
    security = TopicFactory(slug="it-security", name_en="IT security")
    erp = TopicFactory(slug="erp-mes", name_en="ERP/MES")
    partner_a = PartnerFactory(slug="alpha", short_name="Alpha")
    partner_b = PartnerFactory(slug="beta", short_name="Beta")
    partner_a.competences.set([sensors])
    partner_b.competences.set([security, erp])
    consultant_a = MembershipFactory(partner=partner_a).user
    admin_a = MembershipFactory(partner=partner_a, role=Membership.Role.PARTNER_ADMIN).user
    consultant_b = MembershipFactory(partner=partner_b).user
    company_a = CompanyFactory(lead_partner=partner_a, name="Alpha Fräserei GmbH", city="Suhl")
    company_b = CompanyFactory(lead_partner=partner_b, name="Beta Optik GmbH", city="Jena")
    sme_a = CompanyMemberFactory(company=company_a).user
    sme_b = CompanyMemberFactory(company=company_b).user
    ContactFactory(company=company_a, email="chef@alpha.example")
    consortium = give_second_factor(UserFactory(is_consortium_admin=True))
    return SimpleNamespace(**locals())


@pytest.fixture(autouse=True)
def _english(english_source_strings):
    """Assertions read the English source strings (see tests/conftest.py)."""
