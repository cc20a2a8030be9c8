"""Pages: the isolation matrix for every view, and the whole flow through the browser's eyes."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from pypdf import PdfReader

from assessments import services
from assessments.models import Answer, Assessment, Question, Report
from consulting.models import Company
from portal.tenancy import unscoped
from tests.access import assert_access, client_for
from tests.assessments.factories import all_answers, completed, published, scope_of, sme_user
from tests.factories import CompanyShareFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    owner = sme_user(name="Feinwerk Ilm <GmbH>")
    with unscoped("test"):
        company = Company.objects.get(members__user=owner)
    from tests.factories import CompanyMemberFactory

    colleague = CompanyMemberFactory(company=company).user
    consultant = MembershipFactory(partner=company.lead_partner).user
    shared = MembershipFactory().user
    CompanyShareFactory(company=company, partner=shared.partner_memberships()[0].partner)
    stranger_sme = sme_user()
    stranger_consultant = MembershipFactory().user
    done, _result = completed(owner, level=2)
    with scope_of(owner):
        draft = services.start_assessment(actor=owner, company=company)
        report = Report.objects.create(
            assessment=done, language="de", requested_by=owner, requested_at=done.completed_at
        )
        services.render_report(report_id=report.pk)
    return {
        "owner": owner,
        "colleague": colleague,
        "consultant": consultant,
        "shared": shared,
        "stranger_sme": stranger_sme,
        "stranger_consultant": stranger_consultant,
        "done": done,
        "draft": draft,
        "report": report,
    }


def test_result_and_report_are_visible_to_the_company_and_its_partners_only(world):
    w = world
    for url in (
        f"/assessments/{w['done'].pk}/",
        f"/assessments/reports/{w['report'].pk}/status/",
        f"/assessments/reports/{w['report'].pk}/download/",
    ):
        assert_access(
            url,
            allowed=[w["owner"], w["colleague"], w["consultant"], w["shared"]],
            denied=[w["stranger_sme"], w["stranger_consultant"]],
            anonymous=302,
        )


def test_answering_and_review_are_for_the_companys_own_users(world):
    w = world
    for url in (f"/assessments/{w['draft'].pk}/step/1/", f"/assessments/{w['draft'].pk}/review/"):
        assert_access(
            url,
            allowed=[w["owner"], w["colleague"]],
            denied=[w["consultant"], w["stranger_sme"], w["stranger_consultant"]],
            anonymous=302,
        )


def test_lists_answer_every_signed_in_role(world):
    w = world
    assert_access(
        "/assessments/",
        allowed=[w["owner"], w["consultant"], w["stranger_consultant"]],
        anonymous=302,
    )
    assert_access("/assessments/compare/", allowed=[w["owner"]], denied=[w["consultant"]])
    page = client_for(w["stranger_consultant"]).get("/assessments/").content.decode()
    assert "Feinwerk Ilm" not in page
    page = client_for(w["consultant"]).get("/assessments/").content.decode()
    assert "Feinwerk Ilm &lt;GmbH&gt;" in page


def test_posting_to_another_companys_assessment_answers_404_and_changes_nothing(world):
    w = world
    answers, _req = all_answers(published(), 3)
    question_id, option_id = next(iter(answers.items()))
    for actor in (w["stranger_sme"], w["consultant"]):
        response = client_for(actor).post(
            f"/assessments/{w['draft'].pk}/step/1/", {f"q{question_id}": option_id, "save": ""}
        )
        assert response.status_code == 404
        response = client_for(actor).post(
            f"/assessments/{w['done'].pk}/report/"
            if actor is w["stranger_sme"]
            else "/assessments/start/",
            {"language": "en"},
        )
        assert response.status_code == 404
    with unscoped("test"):
        assert not Answer.objects.filter(assessment=w["draft"]).exists()


def test_an_option_of_another_question_is_refused_with_a_message(world):
    w = world
    client = client_for(w["owner"])
    with unscoped("test"):
        first, second = Question.objects.filter(
            field__dimension__questionnaire=w["draft"].questionnaire
        ).order_by("field__dimension__order", "field__order", "order")[:2]
        foreign = second.options.get(level=1)
    response = client.post(
        f"/assessments/{w['draft'].pk}/step/1/", {f"q{first.pk}": foreign.pk, "save": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    with unscoped("test"):
        assert not Answer.objects.filter(assessment=w["draft"]).exists()


def test_the_whole_flow_from_start_to_downloaded_pdf(run_on_commit):
    user = sme_user(name="Zahnradwerk Suhl GmbH")
    client = client_for(user)
    assert client.get("/assessments/").status_code == 200
    response = client.post("/assessments/start/")
    with unscoped("test"):
        assessment = Assessment.objects.get(company__members__user=user)
    assert response["Location"] == f"/assessments/{assessment.pk}/step/1/"
    answers, security = all_answers(assessment.questionnaire, 2, security="not_met")
    # Save and resume with htmx: the partial confirms, nothing navigates.
    question_id, option_id = next(iter(answers.items()))
    partial = client.post(
        f"/assessments/{assessment.pk}/step/1/",
        {f"q{question_id}": option_id, "save": ""},
        HTTP_HX_REQUEST="true",
    )
    assert partial.status_code == 200
    assert b"Saved" in partial.content or b"Gespeichert" in partial.content
    assert b"<html" not in partial.content
    # Without JavaScript: every step posted with "next".
    data = {f"q{q}": o for q, o in answers.items()} | {f"r{r}": s for r, s in security.items()}
    for step in range(1, 8):
        response = client.post(f"/assessments/{assessment.pk}/step/{step}/", data | {"next": ""})
        assert response.status_code == 302
    assert response["Location"] == f"/assessments/{assessment.pk}/review/"
    response = client.post(f"/assessments/{assessment.pk}/review/", HTTP_ACCEPT_LANGUAGE="en")
    assert response["Location"] == f"/assessments/{assessment.pk}/"
    page = client.get(f"/assessments/{assessment.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "<svg" in html
    assert "<desc" in html
    assert "<caption>" in html
    assert "Red flags" in html or "Rote" in html
    response = client.post(f"/assessments/{assessment.pk}/report/", {"language": "en"})
    assert response.status_code == 302
    with unscoped("test"):
        report = Report.objects.get(assessment=assessment)
    assert report.status == Report.Status.READY
    assert mail.outbox[-1].to == [user.email]
    status = client.get(f"/assessments/reports/{report.pk}/status/").content.decode()
    assert "hx-trigger" not in status
    assert "download" in status
    pdf = client.get(f"/assessments/reports/{report.pk}/download/")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.getvalue())).pages)
    assert "Zahnradwerk Suhl GmbH" in text
    assert "Level 2: Intermediate" in text


def test_a_pending_report_polls_and_a_draft_result_redirects_to_answering(world):
    w = world
    with unscoped("test"):
        Report.objects.filter(pk=w["report"].pk).update(status=Report.Status.PENDING)
    status = client_for(w["owner"]).get(f"/assessments/reports/{w['report'].pk}/status/")
    assert b'hx-trigger="every 2s"' in status.content
    download = client_for(w["owner"]).get(f"/assessments/reports/{w['report'].pk}/download/")
    assert download.status_code == 404
    response = client_for(w["owner"]).get(f"/assessments/{w['draft'].pk}/")
    assert response.status_code == 302
    assert client_for(w["consultant"]).get(f"/assessments/{w['draft'].pk}/").status_code == 404


@pytest.mark.parametrize("many", [1, 6])
def test_list_pages_have_a_fixed_query_budget(world, many, django_assert_max_num_queries):
    w = world
    for _ in range(many):
        completed(sme_user(lead_partner=w["consultant"].partner_memberships()[0].partner))
        completed(w["owner"], level=3)
    consultant, owner = client_for(w["consultant"]), client_for(w["owner"])
    with django_assert_max_num_queries(15):
        assert consultant.get("/assessments/").status_code == 200
    with django_assert_max_num_queries(15):
        assert owner.get("/assessments/").status_code == 200


def test_the_history_offers_the_last_two_assessments_for_comparison(world):
    w = world
    later, _r = completed(w["owner"], level=4)
    client = client_for(w["owner"])
    page = client.get("/assessments/").content.decode()
    assert f'<option value="{later.pk}" selected>' in page
    assert f'<option value="{w["done"].pk}" selected>' in page
    table = client.get(
        "/assessments/compare/", {"before": w["done"].pk, "after": later.pk}
    ).content.decode()
    assert "+2.0" in table or "+2,0" in table
    same = client.get("/assessments/compare/", {"before": later.pk, "after": later.pk})
    assert same.context["changes"] is None
    assert same.context["form"].non_field_errors()
    foreign, _f = completed(w["stranger_sme"], level=1)
    bad = client.get("/assessments/compare/", {"before": foreign.pk, "after": later.pk})
    assert bad.context["changes"] is None
