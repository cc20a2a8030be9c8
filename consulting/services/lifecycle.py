"""The life cycles of consultation requests and availability slots: ONE table each.

Every service that changes a request's or a slot's status moves it through these tables
(`REQUEST_LIFECYCLE.transition(...)`), and the request page asks the same tables which forms to
offer (`REQUEST_LIFECYCLE.allowed_moves(request)`), so a page never shows a move the service
refuses (design §4 "Life cycles", portal/lifecycle.py).

Requests: submitted -> assigned (a consultant accepted) -> scheduled (an appointment is set)
-> completed (a session was logged) | declined (by the partner, with a reason) | cancelled (by
the SME, up to 24 h before; or closed by the system when the company is erased). Accepting and
declining end once a time is agreed: a scheduled request is moved or cancelled, not re-accepted.

Slots: open (bookable) -> booked (a request holds it) -> open again when the request lets it go;
an open slot may be withdrawn by its consultant.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consulting.errors import InvalidTransition
from consulting.models import AvailabilitySlot, ConsultationRequest, RequestStatus, SlotStatus
from portal.lifecycle import Lifecycle, Move

CHANGE_DEADLINE = timedelta(hours=24)

R = RequestStatus
OPEN = (R.SUBMITTED, R.ASSIGNED, R.SCHEDULED)


def can_still_change(request: ConsultationRequest) -> bool:
    """The SME may cancel or move a request up to 24 h before its appointment (if it has one)."""
    return (
        request.scheduled_start is None
        or request.scheduled_start - timezone.now() >= CHANGE_DEADLINE
    )


def _before_deadline(request: ConsultationRequest) -> str | None:
    if can_still_change(request):
        return None
    return str(_("Appointments can be cancelled or moved only up to 24 hours before they start."))


def _unrouted(request: ConsultationRequest) -> str | None:
    return None if request.partner_id is None else str(_("This request has been routed already."))


def _routed(request: ConsultationRequest) -> str | None:
    if request.partner_id is None:
        return str(_("This request has not been routed to a partner yet."))
    return None


def _without_appointment(request: ConsultationRequest) -> str | None:
    return None if request.scheduled_start is None else str(_("This request has an appointment."))


def _with_appointment(request: ConsultationRequest) -> str | None:
    return None if request.scheduled_start else str(_("This request has no appointment yet."))


REQUEST_LIFECYCLE = Lifecycle(
    states=RequestStatus,
    audit_prefix="consulting.consultation_request",
    error=InvalidTransition,
    moves={
        # the consortium hands an unrouted request to a partner (the state stays submitted)
        "route": Move(
            {R.SUBMITTED: R.SUBMITTED}, label=_("Route"), guard=_unrouted, audit="routed"
        ),
        # a consultant accepts: a request with proposed times is assigned ...
        "accept": Move(
            {R.SUBMITTED: R.ASSIGNED, R.ASSIGNED: R.ASSIGNED},
            label=_("Accept"),
            guard=lambda r: _routed(r) or _without_appointment(r),
            audit="assigned",
        ),
        # ... one booked on a slot (its time is known) is scheduled at once
        "confirm": Move(
            {R.SUBMITTED: R.SCHEDULED},
            label=_("Accept"),
            guard=lambda r: _routed(r) or _with_appointment(r),
            audit="assigned",
        ),
        # the partner sets (or moves) the appointment agreed with the SME
        "schedule": Move(
            {R.SUBMITTED: R.SCHEDULED, R.ASSIGNED: R.SCHEDULED, R.SCHEDULED: R.SCHEDULED},
            label=_("Set appointment"),
            guard=_routed,
            audit="scheduled",
        ),
        "decline": Move(
            {R.SUBMITTED: R.DECLINED, R.ASSIGNED: R.DECLINED}, label=_("Decline"), guard=_routed
        ),
        # the SME moves its appointment to another free slot, up to 24 h before
        "reschedule": Move(
            {R.SUBMITTED: R.SUBMITTED, R.ASSIGNED: R.SCHEDULED, R.SCHEDULED: R.SCHEDULED},
            label=_("Move appointment"),
            guard=_before_deadline,
            audit="rescheduled",
        ),
        "cancel": Move(
            dict.fromkeys(OPEN, R.CANCELLED), label=_("Cancel request"), guard=_before_deadline
        ),
        # a logged session completes a routed, open request
        "complete": Move(
            dict.fromkeys(OPEN, R.COMPLETED), label=_("Log the session"), guard=_routed
        ),
        # the system closes what is open when the company is erased (no deadline)
        "close": Move(dict.fromkeys(OPEN, R.CANCELLED), audit="closed"),
    },
)


S = SlotStatus

SLOT_LIFECYCLE = Lifecycle(
    states=SlotStatus,
    audit_prefix="consulting.availability_slot",
    moves={
        "book": Move({S.OPEN: S.BOOKED}, audit="booked"),
        "release": Move({S.BOOKED: S.OPEN}, audit="released"),
        "withdraw": Move({S.OPEN: S.WITHDRAWN}, label=_("Withdraw")),
    },
)


def slot_state_error(slot: AvailabilitySlot) -> str | None:
    """Why a slot cannot be withdrawn now (the slot list asks it for its buttons)."""
    return SLOT_LIFECYCLE.refusal(slot, "withdraw")
