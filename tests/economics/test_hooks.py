"""What economics adds to the gatherers: figures (counts and sums), navigation, timeline,
data export and erasure, demo data."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from economics import demo, figures, panels, privacy
from economics.models import Evaluation, EvaluationReport, EvaluationVersion, MeasureTemplate
from portal.active_context import ActiveContext
from portal.demo import seed_core
from portal.figures import Window
from portal.tenancy import company_scope, consortium_scope, partner_scope, unscoped
from tests.assessments.factories import scope_of, sme_user
from tests.economics.helpers import company_of, evaluation_for, reference_data
from tests.factories import (
    CompanyFactory,
    CompanyMemberFactory,
    MembershipFactory,
    PartnerFactory,
    UserFactory,
    give_second_factor,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
WINDOW = Window(TODAY - dt.timedelta(days=30), TODAY)


@pytest.fixture
def two_partners():
    alpha, beta = PartnerFactory(short_name="Alpha"), PartnerFactory(short_name="Beta")
    small = CompanyFactory(lead_partner=alpha, employees=20, district="16070", sector_section="C")
    medium = CompanyFactory(
        lead_partner=beta, employees=120, district="16053", sector_section="F", sector_division=""
    )
    for company, investment in ((small, 100000), (small, 50000), (medium, 30000)):
        user = CompanyMemberFactory(company=company).user
        data = reference_data(investments={"hardware": (Decimal(investment), 0)})
        evaluation_for(user, company=company, data=data)
    consortium = give_second_factor(UserFactory(is_consortium_admin=True))
    return alpha, beta, consortium


def test_consortium_figures_are_counts_and_sums_in_one_query(two_partners):
    _alpha, _beta, consortium = two_partners
    with consortium_scope(consortium, purpose="test"), CaptureQueriesContext(connection) as q:
        found = figures.figures(WINDOW)
    assert len(q.captured_queries) == 1
    assert found.summary[0][1] == 3
    assert found.summary[1][1] == 180000
    tables = {table.slug: table for table in found.tables}
    sizes = {row[0]: row[1:] for row in tables["evaluations_size_classes"].rows}
    assert sizes["Small enterprise"] == [2, 150000]
    assert sizes["Medium-sized enterprise"] == [1, 30000]
    quarter = f"{TODAY:%Y}-Q{(TODAY.month - 1) // 3 + 1}"
    assert tables["evaluations_quarters"].rows == [[quarter, 3, 180000]]
    assert tables["evaluations_partners"].rows == [["Alpha", 2, 150000], ["Beta", 1, 30000]]
    assert len(found.reached) == 2


def test_a_partners_figures_hold_only_its_own_companies(two_partners):
    alpha, _beta, _consortium = two_partners
    with partner_scope(alpha):
        found = figures.figures(Window(WINDOW.start, WINDOW.end, alpha.pk))
    assert found.summary[0][1] == 2
    assert found.summary[1][1] == 150000
    assert "evaluations_partners" not in {table.slug for table in found.tables}


def test_navigation_for_smes_and_staff_only():
    user = sme_user()
    company = company_of(user)
    request = RequestFactory().get("/")
    request.user = user
    request.active_context = ActiveContext(company_id=company.pk, is_sme=True)
    assert [i.url for i in panels.nav_items(request)] == ["/economics/"]
    consortium = UserFactory(is_consortium_admin=True)
    request.user = consortium
    request.active_context = ActiveContext(is_consortium=True)
    assert panels.nav_items(request) == []


def test_the_timeline_shows_evaluations_to_those_who_may_open_them():
    owner = sme_user()
    company = company_of(owner)
    evaluation = evaluation_for(owner)
    consultant = MembershipFactory(partner=company.lead_partner).user
    stranger = MembershipFactory().user
    with scope_of(consultant):
        entries = panels.company_timeline(company, consultant)
    assert [e.url for e in entries] == [evaluation.get_absolute_url()]
    assert "26,589.53" in str(entries[0].detail)
    with scope_of(stranger):
        assert panels.company_timeline(company, stranger) == []


def test_export_holds_every_version_and_erasure_keeps_the_figures():
    owner = sme_user()
    company = company_of(owner)
    evaluation = evaluation_for(owner, title="Retrofit bei Vogt GmbH")
    from economics import services

    with scope_of(owner):
        version = services.save_version(
            actor=owner, evaluation=evaluation, data=reference_data(note="Angebot Vogt")
        )
        report = services.request_report(actor=owner, version=version, language="de")
        services.render_report(report_id=report.pk)
    with company_scope(company.pk):
        exported = privacy.export_company_data(company)
        assert [e["title"] for e in exported["economic_evaluations"]] == ["Retrofit bei Vogt GmbH"]
        assert [v["number"] for v in exported["economic_evaluation_versions"]] == [1, 2]
        assert (
            exported["economic_evaluation_versions"][0]["line_items"][0]["category"] == "hardware"
        )
        erased = privacy.erase_company_data(company, actor=owner)
        again = privacy.erase_company_data(company, actor=owner)
    assert erased == {"evaluation_reports": 1, "evaluation_titles": 1}
    assert again == {"evaluation_reports": 0, "evaluation_titles": 0}
    with unscoped("test"):
        kept = Evaluation.objects.get(pk=evaluation.pk)
        assert kept.title == "[erased]"
        assert kept.investment_total == Decimal(100000)
        assert not EvaluationReport.objects.exists()
        assert not EvaluationVersion.objects.exclude(note="").exists()


def test_demo_seed_is_idempotent_and_marks_its_figures_as_examples():
    with unscoped("test: seed"):
        seed_core()
        CompanyMemberFactory(user=UserFactory(email="sme1@example.com"))
        first = demo.seed()
        second = demo.seed()
        assert MeasureTemplate.objects.filter(is_example=False).count() == 0
        evaluation = Evaluation.objects.get()
    assert first == {"templates": 6, "evaluations": 1, "versions": 2}
    assert second == {"templates": 0, "evaluations": 0, "versions": 0}
    assert evaluation.version_count == 2


def test_the_dashboard_lists_the_newest_evaluations_to_those_who_may_open_them():
    from tests.access import client_for

    owner = sme_user()
    company = company_of(owner)
    evaluation_for(owner, title="Retrofit der Drehmaschinen")
    consultant = MembershipFactory(partner=company.lead_partner).user
    stranger = MembershipFactory().user
    assert "Retrofit der Drehmaschinen" in client_for(owner).get("/dashboard/").content.decode()
    page = client_for(consultant).get("/dashboard/").content.decode()
    assert "Retrofit der Drehmaschinen" in page
    assert company.name in page
    assert (
        "Retrofit der Drehmaschinen" not in client_for(stranger).get("/dashboard/").content.decode()
    )
