"""The issue's "done when", end to end through the pages: a new SME user signs up, completes the
check in English, sees chart, benchmark and recommendations, requests the PDF and downloads it;
another company's user gets 404."""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.test import Client
from pypdf import PdfReader

from assessments.models import Assessment, Report
from portal.tenancy import unscoped
from tests.access import client_for
from tests.assessments.factories import all_answers, completed, published, sme_user
from tests.factories import SIGNUP_FORM

pytestmark = pytest.mark.django_db

SIGNUP = {
    **SIGNUP_FORM,
    "email": "neu@zerspanung.example",
    "company_name": "Keller Zerspanung GmbH",
    "company_sector_division": "25",
}


def test_sign_up_complete_in_english_and_download_the_report(run_on_commit):
    # Four other manufacturers have results: with the new one the sector benchmark appears.
    for _ in range(4):
        completed(sme_user(sector_section="C", sector_division="25"), level=1)
    visitor = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert visitor.post("/accounts/signup/", SIGNUP).status_code == 302
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+/)", mail.outbox[-1].body)
    visitor.post(link.group(1))
    visitor.post("/accounts/login/", {"login": SIGNUP["email"], "password": SIGNUP["password1"]})
    visitor.post("/i18n/setlang/", {"language": "en", "next": "/assessments/"})

    index = visitor.get("/assessments/").content.decode()
    assert "Start the assessment" in index
    start = visitor.post("/assessments/start/")
    with unscoped("test lookup"):
        assessment = Assessment.objects.get(company__name="Keller Zerspanung GmbH")
    assert start["Location"] == f"/assessments/{assessment.pk}/step/1/"
    first = visitor.get(start["Location"]).content.decode()
    assert "How far has your strategy for digitalising production come?" in first

    answers, security = all_answers(published(), {
        "strategy": 1, "smart_factory": 3, "smart_operations": 3,
        "smart_products": 3, "data_services": 2, "employees": 3,
    })  # fmt: skip
    data = {f"q{q}": o for q, o in answers.items()} | {f"r{r}": s for r, s in security.items()}
    for step in range(1, 8):
        assert visitor.post(f"{_step(assessment, step)}", data | {"next": ""}).status_code == 302
    assert visitor.post(f"/assessments/{assessment.pk}/review/").status_code == 302

    page = visitor.get(f"/assessments/{assessment.pk}/").content.decode()
    assert "Level 2: Intermediate" in page
    assert 'role="img"' in page
    assert "Your scores and the mean of 5 companies" in page
    assert "/consulting/book/?topics=" in page
    assert "Book a consultation" in page

    visitor.post(f"/assessments/{assessment.pk}/report/", {"language": "en"})
    with unscoped("test lookup"):
        report = Report.objects.get(assessment=assessment)
    assert "Download PDF" in visitor.get(f"/assessments/{assessment.pk}/").content.decode()
    pdf = visitor.get(f"/assessments/reports/{report.pk}/download/")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.getvalue())).pages)
    assert "Keller Zerspanung GmbH" in text
    assert "Intermediate" in text

    other = client_for(sme_user())
    assert other.get(f"/assessments/{assessment.pk}/").status_code == 404
    assert other.get(f"/assessments/reports/{report.pk}/download/").status_code == 404


def _step(assessment: Assessment, step: int) -> str:
    return f"/assessments/{assessment.pk}/step/{step}/"
