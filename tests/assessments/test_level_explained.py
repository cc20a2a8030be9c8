"""The level is shown with its meaning and the score; the company timeline rounds the score."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from assessments.models import AssessmentResult
from assessments.panels import company_timeline
from portal.tenancy import unscoped
from tests.access import client_for
from tests.assessments.factories import completed, scope_of, sme_user

pytestmark = pytest.mark.django_db


def test_the_result_page_explains_the_level_and_the_gate():
    user = sme_user(name="Glaswerk Ilmenau GmbH")
    assessment, _result = completed(user, level=2)
    page = client_for(user).get(assessment.get_absolute_url()).content.decode()
    assert "so 2.0 means level 2" in page
    assert "its level is that of its weakest field (the gate)" in page


def test_the_company_timeline_shows_the_score_rounded_and_labelled():
    user = sme_user(name="Glaswerk Ilmenau GmbH")
    assessment, result = completed(user, level=3)
    with unscoped("test: a score that is not a round number"):
        AssessmentResult.objects.filter(pk=result.pk).update(overall_score=Decimal("3.88"))
        company = assessment.company
    with scope_of(user):
        (entry,) = company_timeline(company, user)
        with translation.override("de"):
            (german,) = company_timeline(company, user)
    assert entry.detail == "Overall score 3.9 of 5"
    assert german.detail == "Gesamtwert 3,9 von 5"
    assert entry.title.startswith("Readiness check completed: level 3")
