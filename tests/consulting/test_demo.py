"""The demo data: idempotent, with requests in every state and sessions with follow-ups."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from consulting.figures import request_figures
from consulting.models import (
    AdvisorySession,
    AvailabilitySlot,
    Company,
    CompanyMember,
    ConsultationRequest,
    FollowUp,
    RequestStatus,
)
from portal.figures import Window
from portal.tenancy import unscoped

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent_and_complete():
    call_command("seed_demo", verbosity=0)
    with unscoped("test"):
        counts = (
            Company.objects.count(),
            ConsultationRequest.objects.count(),
            AdvisorySession.objects.count(),
        )
    call_command("seed_demo", verbosity=0)
    with unscoped("test"):
        assert (
            Company.objects.count(),
            ConsultationRequest.objects.count(),
            AdvisorySession.objects.count(),
        ) == counts
        assert counts[0] >= 46
        assert set(ConsultationRequest.objects.values_list("status", flat=True)) == set(
            RequestStatus.values
        )
        assert FollowUp.objects.exists()
        assert AvailabilitySlot.objects.filter(booking__isnull=True).exists()
        demo_smes = [f"sme{i}@example.com" for i in range(1, 7)]
        assert CompanyMember.objects.filter(user__email__in=demo_smes).count() == 6
        assert len(set(Company.objects.values_list("district", flat=True))) >= 20


def test_demo_requests_come_before_the_sessions_they_led_to():
    call_command("seed_demo", verbosity=0)
    today = timezone.localdate()
    with unscoped("test"):
        pairs = list(
            ConsultationRequest.objects.filter(session__isnull=False).values_list(
                "created_at", "session__date"
            )
        )
        assert pairs
        for created_at, session_date in pairs:
            assert timezone.localdate(created_at) <= session_date <= today
        figures = request_figures(Window(today - timedelta(days=365), today))
    assert figures["median_days_to_session"] > 0
