"""Reads of economic evaluations, always given the viewer (design §3: visible_to)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Case, QuerySet, Value, When

from consulting.models import AdvisorySession, Company
from consulting.permissions import can_edit_company
from consulting.size_class import SizeClass
from economics import finance
from economics.models import (
    Evaluation,
    EvaluationReport,
    EvaluationVersion,
    MeasureTemplate,
)
from portal.access import get_visible_or_404, one_or_404
from portal.models import User
from portal.permissions import is_partner_admin_of

# A first guess of the grant share by EU size class, shown as an assumption to check (funding
# programmes such as Thuringia's Digitalbonus pay more to smaller firms); never applied silently.
PROPOSED_FUNDING_SHARE = {
    SizeClass.MICRO: Decimal(50),
    SizeClass.SMALL: Decimal(40),
    SizeClass.MEDIUM: Decimal(30),
}


def evaluations_for(*, viewer: User) -> QuerySet[Evaluation]:
    return Evaluation.objects.visible_to(viewer).select_related("company", "template")


def evaluation_for(*, viewer: User, pk: Any) -> Evaluation:
    return one_or_404(evaluations_for(viewer=viewer), pk=pk)


def for_company(*, viewer: User, company: Company) -> list[Evaluation]:
    """A company's evaluations, for those who may work on them: its own users and staff of the
    partners that may see it (a consortium admin reading an unrouted company's record sees
    figures only, never an evaluation)."""
    if not can_edit_company(viewer, company):
        return []
    return list(evaluations_for(viewer=viewer).filter(company_id=company.pk))


def versions_of(evaluation: Evaluation) -> list[EvaluationVersion]:
    """Every version, oldest first, with its line items (two queries)."""
    return list(
        EvaluationVersion.objects.filter(evaluation=evaluation)
        .select_related("created_by")
        .prefetch_related("items")
        .order_by("number")
    )


def version_of(evaluation: Evaluation, number: Any) -> EvaluationVersion:
    return one_or_404(
        EvaluationVersion.objects.filter(evaluation=evaluation).prefetch_related("items"),
        number=number,
    )


def templates_for(*, viewer: User) -> QuerySet[MeasureTemplate]:
    """Published templates of every partner, and the viewer's own partners' drafts."""
    return MeasureTemplate.objects.visible_to(viewer).select_related("partner")


def managed_templates(*, viewer: User, partner_id: int) -> QuerySet[MeasureTemplate]:
    """The templates a partner admin maintains: their partner's, published or not."""
    if not is_partner_admin_of(viewer, partner_id):
        return MeasureTemplate.objects.none()
    return MeasureTemplate.objects.visible_to(viewer).filter(partner_id=partner_id)


def template_for(*, viewer: User, pk: Any) -> MeasureTemplate:
    return one_or_404(templates_for(viewer=viewer), pk=pk)


def companies_for(*, viewer: User) -> QuerySet[Company]:
    """Companies the viewer may start an evaluation for."""
    return Company.objects.visible_to(viewer).order_by("name")


def company_for(*, viewer: User, pk: Any) -> Company:
    return get_visible_or_404(Company, viewer, pk=pk)


def session_for(*, viewer: User, pk: Any) -> AdvisorySession:
    return get_visible_or_404(AdvisorySession, viewer, pk=pk)


def assessment_for(*, viewer: User, pk: Any) -> Any:
    from assessments.models import Assessment

    return one_or_404(
        Assessment.objects.visible_to(viewer).filter(status=Assessment.Status.COMPLETED), pk=pk
    )


def template_for_dimension(
    *, viewer: User, dimension_key: str, partner_id: int | None = None
) -> MeasureTemplate | None:
    """A published template for the weak dimension of an assessment result: the company's
    lead partner's first, if it has one."""
    if not dimension_key:
        return None
    own_first = Case(When(partner_id=partner_id, then=Value(0)), default=Value(1))
    return (
        templates_for(viewer=viewer)
        .filter(dimension_key=dimension_key, is_published=True)
        .order_by(own_first, "title_de", "pk")
        .first()
    )


def proposed_funding_share(company: Company) -> Decimal | None:
    size = company.size_class
    return PROPOSED_FUNDING_SHARE.get(SizeClass(size)) if size else None


def reports_of(*, viewer: User, version: EvaluationVersion) -> list[EvaluationReport]:
    return list(EvaluationReport.objects.visible_to(viewer).filter(version=version))


def report_for(*, viewer: User, pk: Any) -> EvaluationReport:
    return one_or_404(
        EvaluationReport.objects.visible_to(viewer).select_related("version__evaluation__company"),
        pk=pk,
    )


@dataclass(frozen=True)
class Results:
    """A version's computed figures with what the charts need."""

    evaluation: finance.Evaluation
    utility: Decimal | None

    @property
    def realistic(self) -> finance.Figures:
        return self.evaluation.realistic


def results_of(data: Any) -> Results:
    """`data` is a VersionData (a saved version's, or the form's while editing)."""
    return Results(finance.evaluate(data.to_finance()), finance.utility(data.criteria()))
