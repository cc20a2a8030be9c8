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
from portal.permissions import can_see_figures
from reports.forms import quarter_period
from reports.models import QuarterlyReport


class QuarterNotOver(BusinessRuleError):
    default_message = _("The quarterly report can be made once the quarter has begun.")


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
    from reports.tasks import render_quarterly_report_task

    if not can_see_figures(actor, partner=partner, consortium=consortium):
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
        report.queue_again(actor)
        audit.record(actor=actor, action="reports.quarterly_report.requested", target=report)
        render_quarterly_report_task.delay_on_commit(report_id=report.pk)
    return report


QUARTERLY_TEMPLATE = "reports/pdf/quarterly.html"


def quarterly_context(report: QuarterlyReport) -> dict:
    """What the print template needs, read in the active scope (the report owner's)."""
    from reports.pdf import sections
    from reports.selectors import build_report

    period = quarter_period(report.year, report.quarter)
    figures = build_report(period=period, partner=report.partner, by_partner=report.partner is None)
    return {
        "report": figures,
        "sections": sections(figures.tables),
        "partners": list(PartnerInstitution.objects.active()),
        "quarterly": report,
        "generated_at": timezone.now(),
    }


def _render(report: QuarterlyReport) -> bytes:
    from portal.pdf import render_pdf

    return render_pdf(QUARTERLY_TEMPLATE, quarterly_context(report))


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
