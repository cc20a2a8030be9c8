"""E-mails to the SME about its request: rendered now, sent by the worker after commit."""

from __future__ import annotations

from django.utils.translation import gettext as _

from consulting.ics import appointment_ics
from consulting.models import ConsultationRequest
from portal import mail


def _subject_line(request: ConsultationRequest) -> str:
    return _("Consultation with the Mittelstand 4.0 competence centre")


def notify_sme(request: ConsultationRequest, *, event: str, with_calendar: bool = False) -> None:
    """One e-mail per step; `event` picks the wording (see request_update_message.txt)."""
    recipient = request.created_by.email if request.created_by else ""
    if not recipient:
        return
    message = mail.render_templated_email(
        template_prefix="consulting/email/request_update",
        to=recipient,
        context={
            "request": request,
            "event": event,
            "url": mail.absolute_url(request.get_absolute_url()),
        },
    )
    if with_calendar and request.scheduled_start and request.scheduled_end:
        cancelled = event in {"cancelled", "declined"}
        message.attach(
            "consultation.ics",
            appointment_ics(
                uid=f"consultation-request-{request.pk}@portal40",
                starts_at=request.scheduled_start,
                ends_at=request.scheduled_end,
                summary=_subject_line(request),
                description=request.description[:500],
                location=request.get_mode_display(),
                cancelled=cancelled,
            ),
            "text/calendar",
        )
    mail.queue_message(message)
