"""Quarterly report PDFs: request one, render it (Celery), mail the requester once."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.errors import BusinessRuleError, PermissionRefused
from portal.mail import absolute_url, queue_templated_email
from portal.models import PartnerInstitution, User
from portal.reports.forms import quarter_period
from portal.reports.models import QuarterlyReport

logger = logging.getLogger(__name__)

# A render that has not finished after this long was lost (worker killed); it may be claimed again.
STALE_RENDER_AFTER = timedelta(minutes=15)


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


def _claim(report_id: int) -> bool:
    """pending (or a lost render) -> rendering; False when another worker has it."""
    now = timezone.now()
    with transaction.atomic():
        claimed = QuarterlyReport.objects.filter(
            pk=report_id, status=QuarterlyReport.Status.PENDING
        ).update(status=QuarterlyReport.Status.RENDERING, claimed_at=now) or (
            QuarterlyReport.objects.filter(
                pk=report_id,
                status=QuarterlyReport.Status.RENDERING,
                claimed_at__lt=now - STALE_RENDER_AFTER,
            ).update(claimed_at=now)
        )
    return bool(claimed)


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
    if not _claim(report_id):
        return QuarterlyReport.objects.get(pk=report_id)
    report = QuarterlyReport.objects.select_related("partner", "requested_by").get(pk=report_id)
    try:
        with translation.override(report.language):
            content = _render(report)
    except Exception as error:
        logger.exception("quarterly report %s failed", report_id)
        with transaction.atomic():
            QuarterlyReport.objects.filter(pk=report_id).update(
                status=QuarterlyReport.Status.FAILED,
                error=f"{type(error).__name__}: {error}"[:2000],
                finished_at=timezone.now(),
            )
            audit.record(actor=None, action="reports.quarterly_report.failed", target=report)
        return QuarterlyReport.objects.get(pk=report_id)
    with transaction.atomic():
        report = QuarterlyReport.objects.select_for_update().get(pk=report_id)
        who = report.partner.slug if report.partner else "all-partners"
        report.file.save(
            f"quarterly-report-{who}-{report.year}-q{report.quarter}-{report.language}.pdf",
            ContentFile(content),
            save=False,
        )
        report.status = QuarterlyReport.Status.READY
        report.error = ""
        report.finished_at = timezone.now()
        report.save(update_fields=["file", "status", "error", "finished_at"])
        audit.record(actor=None, action="reports.quarterly_report.rendered", target=report)
        recipient = report.requested_by
        if recipient is not None and QuarterlyReport.objects.filter(
            pk=report_id, notified_at__isnull=True
        ).update(notified_at=timezone.now()):
            queue_templated_email(
                template_prefix="reports/email/quarterly_ready",
                to=recipient.email,
                language=report.language,
                context={
                    "report": report,
                    "url": absolute_url(reverse("reports:pdf_download", kwargs={"pk": report.pk})),
                },
            )
    return report
