"""Two partners with a lab each, their staff (guides), and one SME company per partner."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from portal.models import Membership
from tests.factories import (
    CompanyFactory,
    CompanyMemberFactory,
    MembershipFactory,
    PartnerFactory,
    TopicFactory,
    UserFactory,
    give_second_factor,
)
from tests.labs.factories import LabFactory


@pytest.fixture(autouse=True)
def _run_on_commit_callbacks(commit_per_request):
    """Each request behaves as in production (see tests/conftest.py: commit_per_request)."""


@pytest.fixture(autouse=True)
def _english(english_source_strings):
    """Assertions read the English source strings (see tests/conftest.py)."""


@pytest.fixture
def world(db):
    robots = TopicFactory(slug="automation-robotics", name_en="Automation & robotics")
    sensors = TopicFactory(slug="sensors-iot", name_en="Sensors & IoT")
    partner_a = PartnerFactory(slug="alpha", short_name="Alpha")
    partner_b = PartnerFactory(slug="beta", short_name="Beta")
    guide_a = MembershipFactory(partner=partner_a).user
    guide_a2 = MembershipFactory(partner=partner_a).user
    admin_a = MembershipFactory(partner=partner_a, role=Membership.Role.PARTNER_ADMIN).user
    consultant_a = MembershipFactory(partner=partner_a).user  # staff, not a guide
    guide_b = MembershipFactory(partner=partner_b).user
    lab_a = LabFactory(
        partner=partner_a, name="Robotik-Demonstrator", guides=[guide_a, guide_a2], topics=[robots]
    )
    lab_b = LabFactory(
        partner=partner_b,
        name="Sensorlabor",
        equipment="Klimakammer\nFunkmessplatz",
        guides=[guide_b],
        topics=[sensors],
    )
    hidden_lab = LabFactory(partner=partner_a, name="Prototyp-Zelle", is_published=False)
    company_a = CompanyFactory(lead_partner=partner_a, name="Alpha Fräserei GmbH")
    company_b = CompanyFactory(lead_partner=partner_b, name="Beta Optik GmbH")
    sme_a = CompanyMemberFactory(company=company_a).user
    sme_b = CompanyMemberFactory(company=company_b).user
    consortium = give_second_factor(UserFactory(is_consortium_admin=True))
    return SimpleNamespace(**locals())
