"""The business actions of economic evaluations, one function each (design §2)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from consulting.models import AdvisorySession, Company
from consulting.permissions import can_edit_company
from economics import errors, finance
from economics.inputs import VersionData
from economics.models import (
    KIND_OF,
    Evaluation,
    EvaluationReport,
    EvaluationVersion,
    LineItem,
    MeasureTemplate,
)
from portal import audit
from portal.documents import DocumentJob, render_document
from portal.mail import absolute_url
from portal.models import PartnerInstitution, User
from portal.permissions import is_partner_admin_of


def _ensure_may_edit(actor: User, company: Company) -> None:
    if not can_edit_company(actor, company):
        raise errors.NotYours


def _check_links(company: Company, session: Any, assessment: Any) -> None:
    if session is not None and session.company_id != company.pk:
        raise errors.WrongCompany
    if assessment is not None and assessment.company_id != company.pk:
        raise errors.WrongCompany


def unsaved_version(
    *, evaluation: Evaluation, data: VersionData, number: int, when: Any, actor: User | None
) -> EvaluationVersion:
    """The version row for `data`, not saved yet: the one mapping of inputs to columns, for
    the service and for the demo's bulk insert alike."""
    return EvaluationVersion(
        evaluation=evaluation,
        number=number,
        note=data.note,
        created_by=actor,
        created_at=when,
        horizon=data.horizon,
        rate=data.rate,
        hours_saved=data.hours_saved,
        hourly_rate=data.hourly_rate,
        ramp_up_1=data.ramp_up[0],
        ramp_up_2=data.ramp_up[1],
        ramp_up_3=data.ramp_up[2],
        residual_value=data.residual_value,
        funding_share=data.funding_share,
        funding_amount=data.funding_amount,
        pessimistic_benefits=data.pessimistic[0],
        pessimistic_costs=data.pessimistic[1],
        optimistic_benefits=data.optimistic[0],
        optimistic_costs=data.optimistic[1],
        utility=[
            {"key": row["key"], "weight": str(row["weight"]), "score": int(row["score"])}
            for row in data.utility
        ],
    )


def _write_version(
    *, actor: User, evaluation: Evaluation, data: VersionData, number: int
) -> EvaluationVersion:
    version = unsaved_version(
        evaluation=evaluation, data=data, number=number, when=timezone.now(), actor=actor
    )
    version.full_clean()
    version.save()
    items = [
        LineItem(version=version, kind=KIND_OF[cat], category=cat, amount=amount, year=year)
        for cat, (amount, year) in data.investments.items()
        if amount
    ]
    items += [
        LineItem(version=version, kind=KIND_OF[cat], category=cat, amount=amount)
        for cat, amount in (*data.running.items(), *data.benefits.items())
        if amount
    ]
    if data.stock_release:
        items.append(
            LineItem(
                version=version, kind=KIND_OF["stock"], category="stock", amount=data.stock_release
            )
        )
    for item in items:
        item.full_clean(exclude=["version"])
    LineItem.objects.bulk_create(items)
    result = finance.evaluate(data.to_finance())
    evaluation.version_count = number
    evaluation.updated_at = version.created_at
    evaluation.investment_total = data.to_finance().investment_total
    evaluation.npv = result.realistic.npv.quantize(Decimal("0.01"))
    evaluation.save(update_fields=["version_count", "updated_at", "investment_total", "npv"])
    return version


def create_evaluation(
    *,
    actor: User,
    company: Company,
    title: str,
    data: VersionData,
    template: MeasureTemplate | None = None,
    session: AdvisorySession | None = None,
    assessment: Any = None,
    dimension_key: str = "",
) -> Evaluation:
    """A new evaluation with its first version. The actor must be allowed to edit the company
    (its own SME users, or staff of a partner that may see it); the session and assessment it
    cites must be the same company's."""
    _ensure_may_edit(actor, company)
    _check_links(company, session, assessment)
    with transaction.atomic():
        now = timezone.now()
        evaluation = Evaluation(
            company=company,
            title=title,
            template=template,
            session=session,
            assessment=assessment,
            dimension_key=dimension_key,
            created_by=actor,
            created_at=now,
            updated_at=now,
        )
        evaluation.full_clean()
        evaluation.save()
        _write_version(actor=actor, evaluation=evaluation, data=data, number=1)
        audit.record(actor=actor, action="economics.evaluation.created", target=evaluation)
    return evaluation


def save_version(*, actor: User, evaluation: Evaluation, data: VersionData) -> EvaluationVersion:
    """Every save keeps a new version; the evaluation row is locked so that two saves at once
    get consecutive numbers instead of a clash."""
    _ensure_may_edit(actor, evaluation.company)
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        version = _write_version(
            actor=actor, evaluation=locked, data=data, number=locked.version_count + 1
        )
        audit.record(
            actor=actor,
            action="economics.evaluation.version_saved",
            target=locked,
            data={"version": version.number},
        )
    return version


def save_template(
    *,
    actor: User,
    partner: PartnerInstitution,
    fields: dict[str, Any],
    data: VersionData,
    template: MeasureTemplate | None = None,
) -> MeasureTemplate:
    """A partner admin creates or changes one of the partner's measure templates."""
    from economics.inputs import defaults_of

    if not is_partner_admin_of(actor, partner):
        raise errors.NotYours
    if template is not None and template.partner_id != partner.pk:
        raise errors.NotYours
    with transaction.atomic():
        template = template or MeasureTemplate(partner=partner)
        for name, value in fields.items():
            setattr(template, name, value)
        template.defaults = defaults_of(data)
        template.full_clean()
        template.save()
        audit.record(
            actor=actor, action="economics.template.saved", target=template, partner=partner
        )
    return template


def request_report(*, actor: User, version: EvaluationVersion, language: str) -> EvaluationReport:
    """Ask for the PDF of a version in `language`; the same request twice renders once, a failed
    one is retried. Rendering starts when the transaction commits."""
    from economics.tasks import render_report_task

    with transaction.atomic():
        version = EvaluationVersion.objects.select_for_update().get(pk=version.pk)
        report = EvaluationReport.objects.filter(version=version, language=language).first()
        if report is not None and report.status != EvaluationReport.Status.FAILED:
            return report
        if report is None:
            report = EvaluationReport(version=version, language=language)
        report.queue_again(actor)
        audit.record(actor=actor, action="economics.report.requested", target=report)
        render_report_task.delay_on_commit(report_id=report.pk)
    return report


def render_report(*, report_id: int) -> EvaluationReport:
    """Render a requested PDF: claim it, render outside any transaction, store, mail once."""
    from economics.pdf import render_evaluation_pdf

    def filename(report: EvaluationReport) -> str:
        version = report.version
        return f"evaluation-{version.evaluation_id}-v{version.number}-{report.language}.pdf"

    def ready_mail(report: EvaluationReport) -> tuple[str, dict]:
        evaluation = report.version.evaluation
        context = {"title": evaluation.title, "url": absolute_url(evaluation.get_absolute_url())}
        return "economics/email/report_ready", context

    job = DocumentJob(
        model=EvaluationReport,
        render=render_evaluation_pdf,
        filename=filename,
        audit_action="economics.report",
        ready_mail=ready_mail,
        select_related=("version__evaluation__company",),
    )
    return render_document(job, report_id)
