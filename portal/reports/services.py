"""Quarterly report PDFs: request one, render it (Celery), mail the requester once."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.documents import DocumentJob, render_document
from portal.errors import BusinessRuleError, PermissionRefused
from portal.mail import absolute_url
from portal.models import PartnerInstitution, User
from portal.reports.forms import quarter_period
from portal.reports.models import QuarterlyReport


class QuarterNotOver(BusinessRuleError):
    default_message = _("The quarterly report can be made once the quarter has begun.")


def _may_request(actor: User, partner: PartnerInstitution | None, consortium: bool) -> bool:
    if consortium:
        return actor.is_active and actor.is_consortium_admin
    return (
        partner is not None
        and actor.is_active
        and any(m.partner_id == partner.pk for m in actor.partner_memberships())
    )


def request_quarterly_report(
    *,
    actor: User,
    partner: PartnerInstitution | None,
    consortium: bool,
    year: int,
    quarter: int,
    language: str,
) -> QuarterlyReport:
    """Ask for the PDF of one quarter (partner None: all partners, consortium admins only).

    Asking again while it is pending or ready returns the same row; a failed one is retried.
    The unique constraints and the row lock keep it to one row per partner, quarter and
    language. Rendering starts when the transaction commits."""
    from portal.reports.tasks import render_quarterly_report_task

    if not _may_request(actor, partner, consortium):
        raise PermissionRefused
    if quarter_period(year, quarter).start > timezone.localdate():
        raise QuarterNotOver
    with transaction.atomic():
        existing = (
            QuarterlyReport.objects.select_for_update()
            .filter(partner=partner, year=year, quarter=quarter, language=language)
            .first()
        )
        if existing is not None and existing.status != QuarterlyReport.Status.FAILED:
            return existing
        report = existing or QuarterlyReport(
            partner=partner, year=year, quarter=quarter, language=language
        )
        report.status = QuarterlyReport.Status.PENDING
        report.error = ""
        report.requested_by = actor
        report.requested_at = timezone.now()
        report.claimed_at = None
        report.notified_at = None
        report.full_clean()
        report.save()
        audit.record(actor=actor, action="reports.quarterly_report.requested", target=report)
        render_quarterly_report_task.delay_on_commit(report_id=report.pk)
    return report


def _render(report: QuarterlyReport) -> bytes:
    from portal.pdf import render_pdf
    from portal.reports.selectors import build_report

    period = quarter_period(report.year, report.quarter)
    figures = build_report(period=period, partner=report.partner, by_partner=report.partner is None)
    return render_pdf(
        "reports/pdf/quarterly.html",
        {"report": figures, "quarterly": report, "generated_at": timezone.now()},
    )


def render_quarterly_report(*, report_id: int) -> QuarterlyReport:
    """Render a requested report in the active scope (the task entered the report's owner's):
    claim it, render outside any transaction, store the file, mail the requester once."""

    def ready_mail(report: QuarterlyReport) -> tuple[str, dict]:
        url = absolute_url(report.get_absolute_url())
        return "reports/email/quarterly_ready", {"report": report, "url": url}

    job = DocumentJob(
        model=QuarterlyReport,
        render=_render,
        filename=lambda report: report.filename,
        audit_action="reports.quarterly_report",
        ready_mail=ready_mail,
        select_related=("partner",),
    )
    return render_document(job, report_id)
