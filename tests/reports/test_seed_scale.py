"""`seed_demo --scale N` adds benchmark volume in bulk, idempotently."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from assessments.models import Assessment, AssessmentResult
from consulting.models import AdvisorySession, Company
from events.models import Event, Registration
from portal import tenancy
from portal.models import User
from reports.forms import Period
from reports.selectors import build_report

pytestmark = pytest.mark.django_db


def _counts() -> dict[str, int]:
    with tenancy.unscoped("test: count the volume"):
        return {
            "companies": Company.objects.filter(name__startswith="Benchmark-Firma").count(),
            "sessions": AdvisorySession.objects.filter(
                company__name__startswith="Benchmark-Firma"
            ).count(),
            "assessments": Assessment.objects.filter(
                company__name__startswith="Benchmark-Firma", status="completed"
            ).count(),
            "results": AssessmentResult.objects.filter(
                assessment__company__name__startswith="Benchmark-Firma"
            ).count(),
            "workshops": Event.objects.filter(slug__startswith="benchmark-workshop").count(),
            "registrations": Registration.objects.filter(
                event__slug__startswith="benchmark-workshop"
            ).count(),
            "all_users": User.objects.count(),
        }


def test_scale_one_adds_the_volume_once():
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())
    with tenancy.unscoped("test"):
        assert not Company.objects.filter(name__startswith="Benchmark-Firma").exists()
    call_command("seed_demo", scale=1, stdout=io.StringIO())
    counts = _counts()
    assert counts | {"all_users": 0} == {
        "companies": 1000,
        "sessions": 5000,
        "assessments": 1000,
        "results": 1000,
        "workshops": 100,
        "registrations": 3000,
        "all_users": 0,
    }
    call_command("seed_demo", scale=1, stdout=io.StringIO())
    assert _counts() == counts
    # The figures read the bulk rows like any other.
    with tenancy.unscoped("test: figures over everything"):
        period = Period(
            start=min(AdvisorySession.objects.values_list("date", flat=True)),
            end=max(AdvisorySession.objects.values_list("date", flat=True)),
            label="all",
        )
        report = build_report(period=period, partner=None, by_partner=False)
    assert report.figures["sessions"]["sessions"] >= 5000
    assert report.figures["assessments"]["assessments"] >= 1000
