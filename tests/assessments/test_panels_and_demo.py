"""What the check adds to shared pages, the published questionnaire, and the demo data."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import translation

from assessments import panels
from assessments.models import Assessment, AssessmentResult, Questionnaire, Report
from consulting.models import Company
from portal.active_context import ActiveContext
from portal.tenancy import unscoped
from tests.access import client_for
from tests.assessments.factories import completed, scope_of, sme_user
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def _request(user, context):
    request = RequestFactory().get("/")
    request.user = user
    request.active_context = context
    return request


@translation.override("en")
def test_navigation_by_role():
    user = sme_user()
    with unscoped("test"):
        company_id = Company.objects.get(members__user=user).pk
    sme = panels.nav_items(_request(user, ActiveContext(company_id=company_id, is_sme=True)))
    assert [(str(i.label), i.url, i.order) for i in sme] == [
        ("Readiness check", "/assessments/", 40)
    ]
    membership = MembershipFactory()
    staff = panels.nav_items(_request(membership.user, ActiveContext(membership=membership)))
    assert [(str(i.label), i.order) for i in staff] == [("Assessments", 45)]


def test_dashboards_and_timeline_show_results_only_to_those_who_may_see_them():
    user = sme_user()
    assessment, _r = completed(user, level=3)
    with unscoped("test"):
        company = Company.objects.get(pk=assessment.company_id)
    own = client_for(user).get("/dashboard/").content.decode()
    assert "Experienced" in own
    consultant = MembershipFactory(partner=company.lead_partner).user
    stranger = MembershipFactory().user
    assert company.name in client_for(consultant).get("/dashboard/").content.decode()
    assert company.name not in client_for(stranger).get("/dashboard/").content.decode()
    with scope_of(consultant):
        entries = panels.company_timeline(company, consultant)
    assert [e.url for e in entries] == [assessment.get_absolute_url()]
    with scope_of(stranger):
        assert panels.company_timeline(company, stranger) == []


def test_the_migration_published_version_one():
    questionnaire = Questionnaire.objects.get(status=Questionnaire.Status.PUBLISHED)
    assert questionnaire.version == 1
    assert "IMPULS" in questionnaire.weight_source
    assert [float(d.weight) for d in questionnaire.dimensions.all()] == [25, 14, 10, 19, 14, 18]


def test_seed_demo_gives_benchmarks_in_two_sectors_and_ready_reports(settings, tmp_path):
    call_command("seed_demo")
    with unscoped("test"):
        counts = {
            section: AssessmentResult.objects.filter(sector_section=section)
            .values("assessment__company")
            .distinct()
            .count()
            for section in ("C", "F")
        }
        assert counts["C"] >= 5
        assert counts["F"] >= 5
        assert Report.objects.filter(status=Report.Status.READY).count() == 2
        total = Assessment.objects.count()
    call_command("seed_demo")
    with unscoped("test"):
        assert Assessment.objects.count() == total
