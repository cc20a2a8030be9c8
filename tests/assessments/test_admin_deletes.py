"""Issue #13: an operator's delete in the Django admin keeps the services' rule: a company with
results has one latest result (the one benchmarks count)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from assessments.models import AssessmentResult, ResultDimension
from portal.tenancy import unscoped
from tests.access import client_for
from tests.assessments.factories import completed
from tests.events.factories import sme
from tests.factories import give_second_factor

pytestmark = pytest.mark.django_db


def test_deleting_the_latest_assessment_restores_the_previous_result_as_latest(run_on_commit):
    person = sme()
    _, older = completed(person, level=2)
    newest_assessment, newest = completed(person, level=4)
    with unscoped("test"):
        assert AssessmentResult.objects.get(pk=older.pk).is_latest is False
    operator = get_user_model().objects.create_superuser(email="op@example.com", password="x")
    url = reverse("admin:assessments_assessment_delete", args=[newest_assessment.pk])
    response = client_for(give_second_factor(operator)).post(url, {"post": "yes"})
    assert response.status_code == 302
    with unscoped("test"):
        assert not AssessmentResult.objects.filter(pk=newest.pk).exists()
        assert AssessmentResult.objects.get(pk=older.pk).is_latest is True
        assert set(
            ResultDimension.objects.filter(result_id=older.pk).values_list("is_latest", flat=True)
        ) == {True}
