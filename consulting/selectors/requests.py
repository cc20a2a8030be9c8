"""Reads of slots and consultation requests, given the viewer."""

from __future__ import annotations

import uuid

from django.db.models import (
    QuerySet,
)
from django.utils import timezone

from consulting.models import (
    OPEN_REQUEST_STATES,
    AvailabilitySlot,
    CompanyMember,
    ConsultationRequest,
    RequestStatus,
    SlotStatus,
)
from portal.access import get_visible_or_404
from portal.models import PartnerInstitution, Topic, User
from portal.tenancy import subquery


def request_of_submission(*, viewer: User, submission: str) -> ConsultationRequest | None:
    """The request a booking form (its one-time token) made already, if the viewer may see it."""
    try:
        token = uuid.UUID(str(submission))
    except ValueError:
        return None
    return ConsultationRequest.objects.visible_to(viewer).filter(submission=token).first()


def free_slots(*, viewer: User, partner: PartnerInstitution | None = None) -> QuerySet:
    qs = AvailabilitySlot.objects.visible_to(viewer).free().select_related("partner", "consultant")
    if partner is not None:
        qs = qs.filter(partner=partner)
    return qs


def my_slots(*, viewer: User, partner: PartnerInstitution) -> QuerySet:
    return (
        AvailabilitySlot.objects.visible_to(viewer)
        .filter(partner=partner, consultant=viewer, ends_at__gte=timezone.now())
        .exclude(status=SlotStatus.WITHDRAWN)
        .select_related("booking__company")
    )


def requests_of_company(*, viewer: User) -> QuerySet:
    """The SME user's own company's requests."""
    own = subquery(CompanyMember).filter(user_id=viewer.pk).values("company_id")
    return (
        ConsultationRequest.objects.visible_to(viewer)
        .filter(company_id__in=own)
        .select_related("partner", "consultant")
        .prefetch_related("topics")
    )


def inbox_for(*, viewer: User, partner: PartnerInstitution | None, status: str = "") -> QuerySet:
    """Requests of the active partner; for the consortium (partner None) the unrouted ones."""
    qs = ConsultationRequest.objects.visible_to(viewer)
    if partner is None:
        qs = qs.filter(partner__isnull=True, status=RequestStatus.SUBMITTED)
    else:
        qs = qs.filter(partner=partner)
        qs = qs.filter(status=status) if status else qs.filter(status__in=OPEN_REQUEST_STATES)
    return qs.select_related("company", "partner", "consultant").prefetch_related("topics")


def request_for(*, viewer: User, pk: int) -> ConsultationRequest:
    return get_visible_or_404(ConsultationRequest, viewer, pk=pk)


def partner_staff(*, partner: PartnerInstitution) -> QuerySet:
    return User.objects.filter(memberships__partner=partner, is_active=True).order_by(
        "last_name", "first_name"
    )


def bookable_partners() -> QuerySet:
    return PartnerInstitution.objects.active()


def active_topics() -> QuerySet:
    return Topic.objects.filter(is_active=True)
