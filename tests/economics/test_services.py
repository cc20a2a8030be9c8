"""The services: versions, refusals that change nothing, the figures kept on the evaluation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from economics import errors, services
from economics.models import Evaluation, EvaluationVersion, LineItem
from portal.models import AuditEntry
from portal.tenancy import unscoped
from tests.assessments.factories import scope_of, sme_user
from tests.consulting.factories import SessionFactory
from tests.economics.helpers import company_of, evaluation_for, reference_data
from tests.factories import CompanyFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_creating_keeps_version_one_with_its_line_items_and_figures():
    owner = sme_user()
    evaluation = evaluation_for(owner)
    with unscoped("test"):
        version = EvaluationVersion.objects.get(evaluation=evaluation)
        items = {(i.kind, i.category, i.amount) for i in LineItem.objects.filter(version=version)}
        assert AuditEntry.objects.filter(action="economics.evaluation.created").count() == 1
    assert version.number == 1
    assert items == {
        ("investment", "hardware", Decimal(100000)),
        ("running", "maintenance", Decimal(5000)),
        ("benefit", "scrap", Decimal(25000)),
    }
    assert evaluation.investment_total == Decimal(100000)
    assert evaluation.npv == Decimal("26589.53")
    # the saved version gives back exactly the inputs it was made from
    with scope_of(owner):
        assert version.data().to_finance() == reference_data().to_finance()


def test_every_save_is_a_new_version_and_old_ones_stay():
    owner = sme_user()
    evaluation = evaluation_for(owner)
    with scope_of(owner):
        second = services.save_version(
            actor=owner, evaluation=evaluation, data=reference_data(funding_share=Decimal(0))
        )
        evaluation.refresh_from_db()
        versions = list(EvaluationVersion.objects.filter(evaluation=evaluation))
    assert second.number == 2
    assert [v.funding_share for v in versions] == [Decimal(40), Decimal(0)]
    assert evaluation.version_count == 2
    assert evaluation.npv < Decimal("26589.53")  # without the grant


def test_a_consultant_of_a_partner_that_may_not_see_the_company_is_refused():
    owner = sme_user()
    company = company_of(owner)
    stranger = MembershipFactory().user
    with scope_of(stranger), pytest.raises(errors.NotYours):
        services.create_evaluation(
            actor=stranger, company=company, title="x", data=reference_data()
        )
    with unscoped("test"):
        assert not Evaluation.objects.exists()


def test_the_lead_partners_consultant_may_create_one_for_the_client():
    company = CompanyFactory()
    consultant = MembershipFactory(partner=company.lead_partner).user
    evaluation = evaluation_for(consultant, company=company)
    assert evaluation.company_id == company.pk


def test_a_session_of_another_company_is_refused_and_nothing_is_saved():
    company = CompanyFactory()
    consultant = MembershipFactory(partner=company.lead_partner).user
    other = SessionFactory(partner=company.lead_partner)
    with scope_of(consultant), pytest.raises(errors.WrongCompany):
        services.create_evaluation(
            actor=consultant, company=company, title="x", data=reference_data(), session=other
        )
    with unscoped("test"):
        assert not Evaluation.objects.exists()


def test_an_invalid_version_saves_nothing():
    owner = sme_user()
    evaluation = evaluation_for(owner)
    from django.core.exceptions import ValidationError

    with scope_of(owner), pytest.raises(ValidationError):
        services.save_version(actor=owner, evaluation=evaluation, data=reference_data(horizon=16))
    with unscoped("test"):
        assert EvaluationVersion.objects.filter(evaluation=evaluation).count() == 1
        evaluation.refresh_from_db()
    assert evaluation.version_count == 1


def test_only_a_partner_admin_saves_the_partners_templates():
    admin = MembershipFactory(role="partner_admin")
    consultant = MembershipFactory(partner=admin.partner).user
    fields = {"title_de": "Retrofit", "title_en": "Retrofit", "is_published": True}
    with scope_of(consultant), pytest.raises(errors.NotYours):
        services.save_template(
            actor=consultant, partner=admin.partner, fields=fields, data=reference_data()
        )
    with scope_of(admin.user):
        template = services.save_template(
            actor=admin.user, partner=admin.partner, fields=fields, data=reference_data()
        )
    assert template.defaults["inv_hardware"] == "100000"
    assert template.defaults["funding_share"] == "40"
