"""E-mails to the SME about its request: rendered now, in its language, sent after commit."""

from __future__ import annotations

from datetime import datetime

from django.utils import translation
from django.utils.translation import gettext as _

from consulting.models import ConsultationRequest, MeetingFormat, RequestStatus
from portal import ics, mail
from portal.models import Membership, User


def notify_sme(request: ConsultationRequest, *, event: str, with_calendar: bool = False) -> None:
    """One e-mail per step; `event` picks the wording (see request_update_message.txt)."""
    recipient = request.created_by
    if recipient is None or not recipient.is_active:
        return
    attachments = []
    start, end = request.scheduled_start, request.scheduled_end
    if with_calendar and start and end:
        with translation.override(mail.language_for(recipient)):
            calendar = appointment_ics(request, start=start, end=end, event=event)
        attachments.append(("consultation.ics", calendar, "text/calendar"))
    mail.queue_templated_email(
        template_prefix="consulting/email/request_update",
        to=recipient,
        context={
            "request": request,
            "event": event,
            "url": mail.absolute_url(request.get_absolute_url()),
        },
        attachments=attachments,
    )


def appointment_ics(
    request: ConsultationRequest, *, start: datetime, end: datetime, event: str
) -> str:
    """The appointment's calendar file: one UID for the request's whole life, its SEQUENCE
    raised by every move or end, CANCELLED once cancelled or declined."""
    partner = request.partner
    entry = ics.CalendarEntry(
        uid=ics.uid_for("consultation-request", request.pk),
        title=_("Consultation with the Mittelstand 4.0 competence centre"),
        start=start,
        end=end,
        sequence=request.calendar_sequence,
        url=mail.absolute_url(request.get_absolute_url()),
        description=request.description[:500],
        location=appointment_place(request),
        organizer_name=partner.short_name if partner else "",
        organizer_email=mail.sender_address(),
        cancelled=event in {"cancelled", "declined"},
        # A booked slot is a request until the partner confirms it (the request page says so).
        tentative=request.status in {RequestStatus.SUBMITTED, RequestStatus.ASSIGNED},
        updated=request.updated_at,
    )
    return ics.calendar_bytes([entry]).decode()


def appointment_place(request: ConsultationRequest) -> str:
    """Where the appointment is: the company's address when the consultant comes on site."""
    if request.mode == MeetingFormat.ON_SITE:
        company = request.company
        address = ", ".join(
            part for part in (company.street, f"{company.postcode} {company.city}".strip()) if part
        )
        return f"{request.get_mode_display()}: {address}" if address else request.get_mode_display()
    return request.get_mode_display()


# --- the staff side: who needs to hear of a step -------------------------------------------------

STAFF_EVENTS = ("booked", "cancelled", "rescheduled", "routed", "assigned", "erased")


def staff_to_notify(request: ConsultationRequest, *, event: str) -> list[User]:
    """The people a step needs: the request's consultant if it has one, else the handling
    partner's admins (a new or routed request waits for them to assign it), else (unrouted)
    the consortium admins who route it."""
    if event == "assigned" or (request.consultant_id and event != "routed"):
        people = [request.consultant] if request.consultant else []
    elif request.partner_id:
        people = list(
            User.objects.filter(
                memberships__partner_id=request.partner_id,
                memberships__role=Membership.Role.PARTNER_ADMIN,
            )
        )
    else:
        people = list(User.objects.filter(is_consortium_admin=True))
    return [p for p in people if p is not None and p.is_active]


def notify_staff(request: ConsultationRequest, *, event: str) -> None:
    """One e-mail per step to the staff who need it, each in their own language."""
    if event not in STAFF_EVENTS:
        raise ValueError(event)
    for person in staff_to_notify(request, event=event):
        mail.queue_templated_email(
            template_prefix="consulting/email/staff_update",
            to=person,
            context={
                "request": request,
                "event": event,
                "company": request.company,
                "url": mail.absolute_url(request.get_absolute_url()),
            },
        )
