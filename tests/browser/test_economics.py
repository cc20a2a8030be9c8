"""The economic evaluation's journey (issue #14's "done when"), in a real browser: an SME and a
consultant create evaluations from a template, watch the results change as they type, save two
versions, compare them, download the PDF, and find it on the company page and in the figures;
another partner's consultant gets 404. axe-core checks the pages in German and English."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from economics.models import Evaluation, EvaluationReport, EvaluationVersion
from portal.tenancy import unscoped
from tests.browser.helpers import axe_violations, describe, use_session_of
from tests.economics.helpers import MeasureTemplateFactory
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def template(world):
    return MeasureTemplateFactory(
        partner=world.partner,
        defaults={
            "horizon": "5",
            "rate": "5",
            "inv_hardware": "100000",
            "run_maintenance": "5000",
            "ben_scrap": "25000",
            "funding_share": "40",
        },
    )


def _figure(page, name: str):
    return page.locator(f"#results [data-figure={name}]")


def _create_from_template(page, base: str, template, title: str) -> None:
    page.goto(f"{base}/economics/")
    page.get_by_role("link", name=re.compile(f"Evaluate.*{template.title_en}")).click()
    expect(_figure(page, "npv")).to_have_text("26,589.53 EUR")
    page.get_by_label("Title").fill(title)


def test_sme_evaluates_an_investment_end_to_end(make_context, live_server, world, template):
    base = live_server.url
    context = make_context()
    use_session_of(context, base, world.sme)
    page = context.new_page()
    _create_from_template(page, base, template, "Retrofit der Drehmaschinen")
    expect(_figure(page, "irr")).to_have_text("19.86 %")
    expect(_figure(page, "payback")).to_have_text("3.00 years")
    expect(_figure(page, "discounted-payback")).to_have_text("3.34 years")

    # live results: more benefit, higher value, before anything is saved
    page.get_by_role("spinbutton", name="Scrap and rework avoided").fill("35000")
    expect(_figure(page, "npv")).to_have_text("69,884.30 EUR")
    expect(page.locator("#results [data-scenario=optimistic]")).to_be_visible()
    expect(page.locator("#results svg[aria-labelledby*=tornado]")).to_be_visible()
    # invalid input: a message, the results wait
    page.get_by_role("spinbutton", name="Horizon (years)").fill("20")
    expect(page.locator("#results")).to_contain_text("The horizon is 1 to 15 years.")
    page.get_by_role("spinbutton", name="Horizon (years)").fill("5")
    expect(_figure(page, "npv")).to_have_text("69,884.30 EUR")
    page.get_by_role("button", name="Save as version 1").click()
    expect(page.locator(".messages")).to_contain_text("saved as version 1")

    # a second version without the grant, then both side by side
    page.get_by_role("spinbutton", name="Funding: grant as a share").fill("0")
    page.get_by_label("What changed (optional)").fill("ohne Förderung")
    page.get_by_role("button", name="Save as a new version").click()
    expect(page.locator(".messages")).to_contain_text("Saved as version 2.")
    page.get_by_role("link", name="Compare versions").click()
    expect(page.locator("main table")).to_contain_text("Net present value (EUR)")
    expect(page.locator("main table thead")).to_contain_text("version 2")
    page.get_by_role("link", name="Back to the evaluation").click()

    # the PDF through the task pipeline, with its live status
    page.get_by_role("button", name="Request the PDF").click()
    link = page.get_by_role("link", name="Download PDF")
    expect(link).to_be_visible(timeout=20_000)
    with page.expect_download() as download:
        link.click()
    with open(download.value.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    # on the company's page (timeline)
    page.goto(f"{base}/consulting/companies/mine/")
    expect(page.locator("main")).to_contain_text(
        "Investment evaluation: Retrofit der Drehmaschinen"
    )

    with unscoped("test assertions"):
        evaluation = Evaluation.objects.get()
        assert evaluation.company_id == world.company.pk
        assert EvaluationVersion.objects.filter(evaluation=evaluation).count() == 2
        assert EvaluationReport.objects.get().status == EvaluationReport.Status.READY

    # another partner's consultant: the evaluation does not exist for them
    stranger = MembershipFactory().user
    other = make_context()
    use_session_of(other, base, stranger)
    response = other.new_page().goto(f"{base}{evaluation.get_absolute_url()}")
    assert response.status == 404

    # and the partner's figures count it (counts and sums only)
    admin = make_context()
    use_session_of(admin, base, world.admin)
    report = admin.new_page()
    report.goto(f"{base}/reports/")
    expect(report.locator("main")).to_contain_text("Investment evaluations made")
    expect(report.locator("main tr", has_text="Investment volume evaluated")).to_contain_text(
        "100000"
    )


def test_consultant_evaluates_for_a_client_from_a_template(
    make_context, live_server, world, template
):
    base = live_server.url
    context = make_context()
    use_session_of(context, base, world.consultant)
    page = context.new_page()
    _create_from_template(page, base, template, "MDE für Keller")
    page.get_by_label("Company").select_option(str(world.company.pk))
    page.get_by_role("button", name="Save as version 1").click()
    expect(page.locator("h1")).to_have_text("MDE für Keller")
    expect(page.locator(".page-intro")).to_contain_text("Keller Feinmechanik GmbH")


@pytest.mark.parametrize("language", ["de", "en"])
def test_economics_pages_pass_axe(make_context, live_server, world, template, axe_source, language):
    from tests.economics.helpers import evaluation_for

    evaluation = evaluation_for(world.sme, company=world.company)
    base = live_server.url
    found = {}
    for user, paths in (
        (
            world.sme,
            [
                "/economics/",
                f"/economics/new/?template={template.pk}",
                evaluation.get_absolute_url(),
                f"/economics/{evaluation.pk}/compare/",
            ],
        ),
        (world.admin, ["/economics/templates/", f"/economics/templates/{template.pk}/"]),
    ):
        context = make_context(language)
        use_session_of(context, base, user)
        page = context.new_page()
        for path in paths:
            page.goto(base + path)
            found[f"{language} {path}"] = axe_violations(page, axe_source)
    assert not any(found.values()), describe(found)
