"""The demo workshops: all four partners, past and upcoming, full ones with a waitlist."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count, Q

from events.models import Event, Registration
from portal.tenancy import unscoped

pytestmark = pytest.mark.django_db


def _snapshot():
    with unscoped("compare the demo workshops"):
        return sorted(
            Registration.objects.values_list("event__slug", "user__email", "status", "created_at")
        ), sorted(Event.objects.values_list("slug", "status", "start", "capacity"))


def test_seed_demo_adds_workshops_once_and_they_follow_the_rules():
    call_command("seed_demo")
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first
    with unscoped("check the demo workshops"):
        events = Event.objects.annotate(
            seats=Count(
                "registrations", filter=Q(registrations__status__in=["confirmed", "attended"])
            ),
            waiting=Count("registrations", filter=Q(registrations__status="waitlisted")),
            attended=Count("registrations", filter=Q(registrations__status="attended")),
            rated=Count("registrations", filter=Q(registrations__feedback_rating__isnull=False)),
        ).select_related("organizer")
        assert len(events) >= 15
        assert {e.organizer.slug for e in events} == {"tu-ilmenau", "gfe", "eah-jena", "imms"}
        assert all(e.seats <= e.capacity for e in events)
        full = [e for e in events if e.status == "published" and e.waiting]
        assert len(full) >= 2
        assert all(e.seats == e.capacity for e in full)
        past = [e for e in events if e.status == "completed"]
        assert len(past) >= 4
        assert all(e.attended and e.rated for e in past)
        upcoming = [e for e in events if e.status == "published"]
        assert all(e.attended == 0 for e in upcoming)
        people = set(Registration.objects.values_list("user__email", flat=True))
        assert people == {f"sme{i}@example.com" for i in range(1, 7)}
