"""Two partners with staff, a consortium admin and an SME user; report data in Q1 2025."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from portal.models import Membership
from tests.factories import (
    CompanyMemberFactory,
    MembershipFactory,
    PartnerFactory,
    UserFactory,
    give_second_factor,
)

DAY = date(2025, 1, 20)  # in Q1 2025; DAY + 31 days is too
OUTSIDE = date(2024, 11, 15)  # Q4 2024
Q1_2025 = {"kind": "quarter", "year": "2025", "quarter": "1"}


@pytest.fixture(autouse=True)
def _english(english_source_strings):
    """Assertions read the English source strings (see tests/conftest.py)."""


@pytest.fixture
def world(db):
    partner_a = PartnerFactory(slug="alpha", short_name="Alpha")
    partner_b = PartnerFactory(slug="beta", short_name="Beta")
    consultant_a = MembershipFactory(partner=partner_a).user
    admin_a = MembershipFactory(partner=partner_a, role=Membership.Role.PARTNER_ADMIN).user
    admin_b = MembershipFactory(partner=partner_b, role=Membership.Role.PARTNER_ADMIN).user
    sme = CompanyMemberFactory(company__lead_partner=partner_a).user
    consortium = give_second_factor(UserFactory(is_consortium_admin=True))
    return SimpleNamespace(**locals())
