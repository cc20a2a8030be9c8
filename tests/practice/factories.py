"""Practice test data: cases in every state, built consistently with their partner."""

from __future__ import annotations

from typing import Any

import factory
from django.utils import timezone

from portal.tenancy import unscoped
from practice.models import Case, CaseApproval, CaseSource, CaseStatus, NetworkPartner, Referral
from tests.factories import CompanyFactory, UnscopedFactory


class CaseFactory(UnscopedFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    partner = factory.LazyAttribute(lambda o: o.company.lead_partner)
    slug = factory.Sequence(lambda n: f"fall-{n}")
    title = factory.Sequence(lambda n: f"Rüstzeit halbiert {n}")
    summary = "Ein Zulieferer rüstet schneller."
    sector_section = "C"
    sector_division = "25"
    size_class = "small"
    district = "16070"
    technologies = ",machine_data,"
    starting_point = "Rüsten dauerte 95 Minuten."
    approach = "Werkzeuge werden voreingestellt."
    result = "Rüsten dauert 45 Minuten."
    investment_range = "10k-50k"
    duration_months = 6
    figures = factory.LazyFunction(
        lambda: [{"label": "Rüstzeit", "unit": "min", "before": 95, "after": 45}]
    )
    source = CaseSource.SESSION
    status = CaseStatus.DRAFT

    @factory.post_generation
    def topics(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        if create and extracted:
            with unscoped("test factory"):
                self.topics.set(extracted)


def approve(case: Case, *, named: bool = True, text_hash: str | None = None) -> CaseApproval:
    """The approval the company would record, on the case's current text."""
    with unscoped("test factory"):
        return CaseApproval.objects.create(
            case=case,
            text_version=case.text_version,
            text_hash=text_hash or case.text_hash,
            approved=True,
            may_name_company=named,
            approver_name="Katrin Vogt",
            approver_email="chefin@example.org",
            via=CaseApproval.Via.LINK,
        )


def published(**kwargs: Any) -> Case:
    """A published case with its approval (named unless named=False)."""
    named = kwargs.pop("named", True)
    case = CaseFactory(
        status=CaseStatus.PUBLISHED,
        published_at=timezone.now(),
        company_named=named,
        **kwargs,
    )
    if named:
        with unscoped("test factory"):
            Case.objects.filter(pk=case.pk).update(company_name=case.company.name)
        case.company_name = case.company.name
    approve(case, named=named)
    return case


class NetworkPartnerFactory(UnscopedFactory):
    class Meta:
        model = NetworkPartner
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"netzwerk-{n}")
    name = factory.Sequence(lambda n: f"Netzwerk {n} e. V.")
    kind = NetworkPartner.Kind.NETWORK
    description = "Ein regionales Netzwerk."
    city = "Erfurt"


class ReferralFactory(UnscopedFactory):
    class Meta:
        model = Referral

    company = factory.SubFactory(CompanyFactory)
    partner = factory.LazyAttribute(lambda o: o.company.lead_partner)
    network_partner = factory.SubFactory(NetworkPartnerFactory)
    reason = "Fördermittel"
    consent_given_by = "Katrin Vogt"
    consent_text_version = "2026-12-referral"
    consent_at = factory.LazyFunction(timezone.now)
    follow_up_on = factory.LazyFunction(timezone.localdate)
