"""Fixtures of the workshop tests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services
from events.models import Event
from portal.models import Membership
from tests.events.factories import EventFactory, scope_of, sme
from tests.factories import MembershipFactory, UserFactory, give_second_factor


@pytest.fixture
def run_on_commit(commit_per_request):
    """Each request behaves as in production (see tests/conftest.py: commit_per_request)."""


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _english(english_source_strings):
    """Assertions read the English source strings (see tests/conftest.py)."""


@pytest.fixture
def world(run_on_commit):
    """Partner A runs the workshops; partner B and SME b are the others."""
    a_admin = MembershipFactory(role=Membership.Role.PARTNER_ADMIN)
    partner_a = a_admin.partner
    a_consultant = MembershipFactory(partner=partner_a).user
    b_admin = MembershipFactory(role=Membership.Role.PARTNER_ADMIN)
    b_consultant = MembershipFactory(partner=b_admin.partner).user
    event = EventFactory(organizer=partner_a, title="Cobots in der Montage", capacity=1)
    draft = EventFactory(organizer=partner_a, status=Event.Status.DRAFT)
    past = EventFactory(
        organizer=partner_a,
        status=Event.Status.COMPLETED,
        start=timezone.now() - timedelta(days=3),
        end=timezone.now() - timedelta(days=3) + timedelta(hours=4),
    )
    sme_a, sme_b = sme(), sme()
    with scope_of(sme_a):
        registration = services.register_for_event(event=event, user=sme_a)
    consortium = give_second_factor(UserFactory(is_consortium_admin=True))
    return {
        "a_admin": a_admin.user,
        "a_consultant": a_consultant,
        "b_admin": b_admin.user,
        "b_consultant": b_consultant,
        "sme_a": sme_a,
        "sme_b": sme_b,
        "consortium": (consortium, "consortium"),
        "event": event,
        "draft": draft,
        "past": past,
        "registration": registration,
    }
