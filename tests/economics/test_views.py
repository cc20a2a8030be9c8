"""Pages: every URL as every role (tenancy), live results, versions, downloads, the PDF."""

from __future__ import annotations

import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from economics import services
from economics.models import Evaluation, EvaluationReport, EvaluationVersion
from portal.models import Membership
from portal.tenancy import unscoped
from tests.access import assert_access, client_for
from tests.assessments.factories import scope_of, sme_user
from tests.economics.helpers import (
    MeasureTemplateFactory,
    company_of,
    evaluation_for,
    form_post,
    reference_data,
)
from tests.factories import (
    CompanyMemberFactory,
    CompanyShareFactory,
    MembershipFactory,
    UserFactory,
    give_second_factor,
)

pytestmark = pytest.mark.django_db

TITLE = '=HYPERLINK("http://x.invalid") Retrofit'  # a formula a spreadsheet would run


@pytest.fixture
def world():
    owner = sme_user(name="Feinwerk Ilm <GmbH>")
    company = company_of(owner)
    partner = company.lead_partner
    colleague = CompanyMemberFactory(company=company).user
    consultant = MembershipFactory(partner=partner).user
    admin = MembershipFactory(partner=partner, role=Membership.Role.PARTNER_ADMIN).user
    shared = MembershipFactory().user
    CompanyShareFactory(company=company, partner=shared.partner_memberships()[0].partner)
    stranger_sme = sme_user()
    stranger = MembershipFactory()
    consortium = give_second_factor(UserFactory(is_consortium_admin=True))
    evaluation = evaluation_for(owner, title=TITLE)
    with scope_of(owner):
        services.save_version(
            actor=owner, evaluation=evaluation, data=reference_data(funding_share=Decimal(0))
        )
        report = services.request_report(
            actor=owner,
            version=EvaluationVersion.objects.get(evaluation=evaluation, number=1),
            language="en",
        )
        services.render_report(report_id=report.pk)
    template = MeasureTemplateFactory(partner=partner)
    return SimpleNamespace(
        owner=owner,
        colleague=colleague,
        consultant=consultant,
        admin=admin,
        shared=shared,
        stranger_sme=stranger_sme,
        stranger=stranger.user,
        stranger_admin=MembershipFactory(
            partner=stranger.partner, role=Membership.Role.PARTNER_ADMIN
        ).user,
        consortium=(consortium, "consortium"),
        company=company,
        evaluation=evaluation,
        report=report,
        template=template,
    )


def test_an_evaluation_is_the_companys_and_its_partners_only(world):
    w = world
    pk = w.evaluation.pk
    for url in (
        f"/economics/{pk}/",
        f"/economics/{pk}/?version=1",
        f"/economics/{pk}/compare/",
        f"/economics/{pk}/compare/?a=1&b=2",
        f"/economics/{pk}/export/csv/",
        f"/economics/{pk}/export/xlsx/?version=1",
        f"/economics/reports/{w.report.pk}/status/",
        f"/economics/reports/{w.report.pk}/download/",
    ):
        assert_access(
            url,
            allowed=[w.owner, w.colleague, w.consultant, w.admin, w.shared],
            denied=[w.stranger_sme, w.stranger, w.stranger_admin, w.consortium],
            anonymous=302,
        )


def test_lists_and_the_new_form_answer_smes_and_staff_but_not_the_consortium(world):
    w = world
    for url in ("/economics/", "/economics/new/", f"/economics/new/?template={w.template.pk}"):
        assert_access(
            url,
            allowed=[w.owner, w.consultant, w.stranger, w.stranger_sme],
            denied=[w.consortium],
            anonymous=302,
        )
    assert_access(
        f"/economics/new/?company={w.company.pk}",
        allowed=[w.consultant, w.shared],
        denied=[w.stranger, w.consortium],
    )
    page = client_for(w.stranger).get("/economics/").content.decode()
    assert "HYPERLINK" not in page
    page = client_for(w.consultant).get("/economics/").content.decode()
    assert "Feinwerk Ilm &lt;GmbH&gt;" in page


def test_templates_are_kept_by_their_partners_admins_only(world):
    w = world
    assert_access(
        "/economics/templates/",
        allowed=[w.admin, w.stranger_admin],
        denied=[w.consultant, w.owner, w.consortium],
    )
    assert_access(
        f"/economics/templates/{w.template.pk}/",
        allowed=[w.admin],
        denied=[w.stranger_admin, w.consultant, w.owner, w.consortium],
    )


def test_a_stranger_posting_a_version_gets_404_and_nothing_changes(world, run_on_commit):
    w = world
    for actor in (w.stranger, w.stranger_sme, w.consortium):
        client = client_for(actor)
        assert client.post(f"/economics/{w.evaluation.pk}/", form_post()).status_code == 404
        assert (
            client.post(
                f"/economics/{w.evaluation.pk}/pdf/", {"language": "de", "version": 2}
            ).status_code
            == 404
        )
    with unscoped("test"):
        assert EvaluationVersion.objects.filter(evaluation=w.evaluation).count() == 2
        assert EvaluationReport.objects.count() == 1


def test_the_sme_creates_one_from_a_template_and_sees_the_reference_figures(world):
    w = world
    client = client_for(w.owner)
    page = client.get(f"/economics/new/?template={w.template.pk}").content.decode()
    assert 'value="20000' in page  # the template's hardware figure is proposed
    response = client.post(
        "/economics/new/",
        form_post(title="Zweite Maschine", company=w.company.pk, template=w.template.pk),
    )
    assert response.status_code == 302
    with unscoped("test"):
        created = Evaluation.objects.get(title="Zweite Maschine")
    assert created.template_id == w.template.pk
    page = client.get(response["Location"]).content.decode()
    assert "26,589.53 EUR" in page
    assert "19.86 %" in page
    assert "3.00 years" in page
    assert "3.34 years" in page


def test_bad_input_gets_a_message_per_field_and_saves_nothing(world):
    w = world
    client = client_for(w.owner)
    response = client.post(
        f"/economics/{w.evaluation.pk}/",
        form_post(horizon=16, rate=60, ramp_up_1=120, inv_hardware=-5, funding_amount=1000),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The horizon is 1 to 15 years." in page
    assert "The rate is 0 to 50 %." in page
    assert "Enter a share between 0 and 100 %." in page
    assert "Enter an amount of 0 or more." in page
    assert "either as a share or as an amount" in page
    # the message is tied to its input for screen readers
    assert 'value="16" min="1" max="15" class="form-control is-invalid"' in page
    assert 'aria-invalid="true" aria-describedby="id_horizon_error_1"' in page
    with unscoped("test"):
        assert EvaluationVersion.objects.filter(evaluation=w.evaluation).count() == 2


def test_the_live_preview_computes_without_saving(world):
    w = world
    client = client_for(w.owner)
    response = client.post(
        "/economics/preview/", form_post(ben_scrap=35000), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert 'data-figure="npv"' in page
    assert "69,884.30 EUR" in page  # 26,589.53 + 10,000 x annuity factor 4.3295
    invalid = client.post("/economics/preview/", form_post(horizon=0)).content.decode()
    assert "The horizon is 1 to 15 years." in invalid
    with unscoped("test"):
        assert EvaluationVersion.objects.filter(evaluation=w.evaluation).count() == 2
    assert client_for(w.consortium).post("/economics/preview/", form_post()).status_code == 404


def test_saving_from_the_page_adds_a_version_and_compare_shows_both(world):
    w = world
    client = client_for(w.consultant)
    response = client.post(
        f"/economics/{w.evaluation.pk}/", form_post(note="Angebot Lieferant B", ben_scrap=30000)
    )
    assert response.status_code == 302
    page = client.get(f"/economics/{w.evaluation.pk}/compare/?a=1&b=3").content.decode()
    assert "version 1" in page
    assert "version 3" in page
    assert "Net present value (EUR)" in page


def test_an_alternative_of_the_same_company_compares_side_by_side(world):
    w = world
    other = evaluation_for(w.owner, title="Neue Maschine statt Retrofit")
    page = client_for(w.owner).get(f"/economics/{w.evaluation.pk}/compare/?other={other.pk}")
    assert "Neue Maschine statt Retrofit" in page.content.decode()
    foreign = evaluation_for(w.stranger_sme, title="fremd")
    response = client_for(w.owner).get(f"/economics/{w.evaluation.pk}/compare/?other={foreign.pk}")
    assert response.status_code == 404


def test_downloads_neutralise_formulas(world):
    w = world
    client = client_for(w.owner)
    csv = client.get(f"/economics/{w.evaluation.pk}/export/csv/?version=1").content.decode()
    # English: comma-separated with decimal points, for programs (#17)
    assert csv.splitlines()[1] == "0,-60000.00,-60000.00,-60000.00"
    xlsx = client.get(f"/economics/{w.evaluation.pk}/export/xlsx/").content
    book = load_workbook(io.BytesIO(xlsx))
    assert book["Inputs"]["B1"].value == "'" + TITLE
    assert book.sheetnames == ["Cash flows", "Inputs", "Scenarios"]


def test_the_pdf_holds_the_figures_and_the_charts_text(world, run_on_commit):
    w = world
    client = client_for(w.owner)
    response = client.get(f"/economics/reports/{w.report.pk}/download/")
    assert response["Content-Type"] == "application/pdf"
    text = "".join(
        page.extract_text()
        for page in PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages
    )
    assert "26,589.53 EUR" in text
    assert "Cumulative cash flow" in text or "Cash flows" in text
    assert "Sensitivity" in text
    # a second request in another language renders once and shows its live status
    response = client.post(f"/economics/{w.evaluation.pk}/pdf/", {"language": "de", "version": 2})
    assert response.status_code == 302
    with unscoped("test"):
        made = EvaluationReport.objects.get(language="de")
    assert made.status == EvaluationReport.Status.READY
    status = client.get(f"/economics/reports/{made.pk}/status/").content.decode()
    assert "Download PDF" in status


def test_an_assessment_recommendation_offers_an_evaluation_prefilled_from_the_partners_template(
    world,
):
    from tests.assessments.factories import completed

    w = world
    assessment, _result = completed(w.owner, level=1)
    MeasureTemplateFactory(title_en="Another partner's retrofit", title_de="Anderes Retrofit")
    page = client_for(w.owner).get(f"/assessments/{assessment.pk}/").content.decode()
    assert f"/economics/new/?result={assessment.pk}&amp;dimension=" in page
    response = client_for(w.owner).get(
        f"/economics/new/?result={assessment.pk}&dimension=smart_factory"
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'Typical figures of "Retrofit: connecting machines"' in page
    assert f'name="result" value="{assessment.pk}"' in page
    response = client_for(w.owner).post(
        "/economics/new/",
        form_post(
            title="Aus dem Check",
            company=w.company.pk,
            result=assessment.pk,
            dimension="smart_factory",
        ),
    )
    assert response.status_code == 302
    with unscoped("test"):
        made = Evaluation.objects.get(title="Aus dem Check")
    assert (made.assessment_id, made.dimension_key) == (assessment.pk, "smart_factory")
    # another company's result does not exist for this user
    foreign, _r = completed(w.stranger_sme, level=1)
    assert client_for(w.owner).get(f"/economics/new/?result={foreign.pk}").status_code == 404
