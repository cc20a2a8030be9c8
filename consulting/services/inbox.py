"""The partner's requests inbox and the consortium's routing; every step e-mails the SME."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consulting import permissions
from consulting.errors import InvalidTransition
from consulting.models import (
    OPEN_REQUEST_STATES,
    ConsultationRequest,
    MeetingFormat,
    RequestStatus,
)
from consulting.services.booking import give_partner_access
from consulting.services.notify import notify_sme
from portal import audit
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
        if locked.partner_id is not None or locked.status != RequestStatus.SUBMITTED:
            raise InvalidTransition(_("This request has been routed already."))
        locked.partner = partner
        locked.save(update_fields=["partner", "updated_at"])
        give_partner_access(
            company=locked.company, partner_id=partner.pk, request_id=locked.pk, actor=actor
        )
        audit.record(
            actor=actor,
            action="consulting.consultation_request.routed",
            target=locked,
            data={"partner": partner.slug},
        )
        notify_sme(locked, event="routed")
    return locked


def _locked_for_partner(actor: User, request: ConsultationRequest) -> ConsultationRequest:
    if not permissions.is_staff_of(actor, request.partner_id):
        raise PermissionRefused()
    locked = ConsultationRequest.objects.select_for_update().get(pk=request.pk)
    if locked.status not in OPEN_REQUEST_STATES:
        raise InvalidTransition()
    return locked


def assign_request(
    *, actor: User, request: ConsultationRequest, consultant: User
) -> ConsultationRequest:
    """Accept the request and name its consultant (a member of the handling partner)."""
    with partner_scope(request.partner_id or 0), transaction.atomic():
        locked = _locked_for_partner(actor, request)
        if not Membership.objects.filter(user=consultant, partner_id=locked.partner_id).exists():
            raise BusinessRuleError(_("The consultant must belong to the partner."))
        locked.consultant = consultant
        locked.status = (
            RequestStatus.SCHEDULED if locked.scheduled_start else RequestStatus.ASSIGNED
        )
        locked.save(update_fields=["consultant", "status", "updated_at"])
        audit.record(
            actor=actor,
            action="consulting.consultation_request.assigned",
            target=locked,
            data={"consultant_id": consultant.pk},
        )
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
        locked = _locked_for_partner(actor, request)
        if locked.consultant_id is None:
            locked.consultant = actor
        locked.slot = None  # an agreed time replaces a slot
        locked.scheduled_start = starts_at
        locked.scheduled_end = ends_at
        locked.mode = mode
        locked.status = RequestStatus.SCHEDULED
        locked.full_clean(exclude=["slot"])
        locked.save()
        audit.record(actor=actor, action="consulting.consultation_request.scheduled", target=locked)
        notify_sme(locked, event="scheduled", with_calendar=True)
    return locked


def decline_request(
    *, actor: User, request: ConsultationRequest, reason: str
) -> ConsultationRequest:
    reason = reason.strip()
    if not reason:
        raise BusinessRuleError(_("Please give the company a reason."))
    with partner_scope(request.partner_id or 0), transaction.atomic():
        locked = _locked_for_partner(actor, request)
        locked.status = RequestStatus.DECLINED
        locked.decline_reason = reason[:500]
        locked.slot = None
        locked.save(update_fields=["status", "decline_reason", "slot", "updated_at"])
        audit.record(
            actor=actor,
            action="consulting.consultation_request.declined",
            target=locked,
            data={"reason": reason},
        )
        notify_sme(locked, event="declined", with_calendar=locked.scheduled_start is not None)
    return locked
