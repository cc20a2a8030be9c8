"""The partner's requests inbox and the consortium's routing; every step e-mails the SME."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consulting import permissions
from consulting.models import ConsultationRequest, MeetingFormat
from consulting.services.booking import give_partner_access, release_slot
from consulting.services.lifecycle import REQUEST_LIFECYCLE
from consulting.services.notify import notify_sme, notify_staff
from portal.errors import BusinessRuleError, PermissionRefused
from portal.models import Membership, PartnerInstitution, User
from portal.tenancy import consortium_scope, partner_scope


def suggest_partners(request: ConsultationRequest) -> list[PartnerInstitution]:
    """Active partners ordered by how many of the request's topics are their competences."""
    topic_ids = list(request.topics.values_list("pk", flat=True))
    return list(
        PartnerInstitution.objects.active()
        .annotate(matches=Count("competences", filter=Q(competences__in=topic_ids)))
        .order_by("-matches", "short_name")
    )


def route_request(
    *, actor: User, request: ConsultationRequest, partner: PartnerInstitution
) -> ConsultationRequest:
    """A consortium admin hands an unrouted request to a partner."""
    if not actor.is_consortium_admin or not partner.is_active:
        raise PermissionRefused()
    with consortium_scope(actor, purpose="route a consultation request"), transaction.atomic():
        locked = ConsultationRequest.objects.select_for_update().get(pk=request.pk)
        REQUEST_LIFECYCLE.transition(
            locked,
            "route",
            actor=actor,
            changes={"partner": partner},
            data={"partner": partner.slug},
        )
        give_partner_access(
            company=locked.company, partner_id=partner.pk, request_id=locked.pk, actor=actor
        )
        notify_sme(locked, event="routed")
        notify_staff(locked, event="routed")
    return locked


def _locked_for_partner(
    actor: User, request: ConsultationRequest, move: str
) -> ConsultationRequest:
    """Lock the request of the actor's partner and check the move against the life cycle."""
    if not permissions.is_staff_of(actor, request.partner_id):
        raise PermissionRefused()
    locked = ConsultationRequest.objects.select_for_update().get(pk=request.pk)
    REQUEST_LIFECYCLE.check(locked, move)
    return locked


def accept_move(request: ConsultationRequest) -> str:
    """Accepting a request booked on a slot schedules it; one with proposed times is assigned."""
    return "confirm" if request.scheduled_start else "accept"


def assign_request(
    *, actor: User, request: ConsultationRequest, consultant: User, move: str = ""
) -> ConsultationRequest:
    """Accept the request and name its consultant (a member of the handling partner).

    `move` is "accept" (proposed times: the request is assigned) or "confirm" (booked on a
    slot: it is scheduled); by default the one that fits the request."""
    with partner_scope(request.partner_id or 0), transaction.atomic():
        move = move or accept_move(request)
        if move not in ("accept", "confirm"):
            raise ValueError(move)
        locked = _locked_for_partner(actor, request, move)
        if not Membership.objects.filter(user=consultant, partner_id=locked.partner_id).exists():
            raise BusinessRuleError(_("The consultant must belong to the partner."))
        REQUEST_LIFECYCLE.transition(
            locked,
            move,
            actor=actor,
            changes={"consultant": consultant},
            data={"consultant_id": consultant.pk},
            clean_exclude=["slot", "submission"],
        )
        if consultant.pk != actor.pk:
            notify_staff(locked, event="assigned")
        notify_sme(locked, event="accepted", with_calendar=locked.scheduled_start is not None)
    return locked


def schedule_request(
    *,
    actor: User,
    request: ConsultationRequest,
    starts_at: datetime,
    ends_at: datetime,
    mode: str,
) -> ConsultationRequest:
    """Set the appointment agreed with the SME (for requests with proposed times)."""
    if starts_at <= timezone.now():
        raise BusinessRuleError(_("The appointment must lie in the future."))
    if ends_at <= starts_at:
        raise BusinessRuleError(_("The end must be after the start."))
    if mode not in MeetingFormat.values:
        raise BusinessRuleError(_("Please choose a format."))
    with partner_scope(request.partner_id or 0), transaction.atomic():
        locked = _locked_for_partner(actor, request, "schedule")
        slot_id = locked.slot_id
        REQUEST_LIFECYCLE.transition(
            locked,
            "schedule",
            actor=actor,
            changes={
                "consultant": locked.consultant or actor,
                "slot": None,  # an agreed time replaces a slot
                "scheduled_start": starts_at,
                "scheduled_end": ends_at,
                "mode": mode,
                "reminder_sent_at": None,
                # a time the SME has in their calendar moves
                "calendar_sequence": locked.calendar_sequence
                + (1 if locked.scheduled_start is not None else 0),
            },
            clean_exclude=["slot", "submission"],
        )
        release_slot(slot_id, actor=actor)
        notify_sme(locked, event="scheduled", with_calendar=True)
    return locked


def decline_request(
    *, actor: User, request: ConsultationRequest, reason: str
) -> ConsultationRequest:
    reason = reason.strip()
    if not reason:
        raise BusinessRuleError(_("Please give the company a reason."))
    with partner_scope(request.partner_id or 0), transaction.atomic():
        locked = _locked_for_partner(actor, request, "decline")
        slot_id = locked.slot_id
        REQUEST_LIFECYCLE.transition(
            locked,
            "decline",
            actor=actor,
            changes={
                "decline_reason": reason[:500],
                "slot": None,
                "calendar_sequence": locked.calendar_sequence + 1,
            },
            data={"reason": reason},
            clean_exclude=["slot", "submission"],
        )
        release_slot(slot_id, actor=actor)
        notify_sme(locked, event="declined", with_calendar=locked.scheduled_start is not None)
    return locked
