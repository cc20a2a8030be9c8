"""Availability slots and online booking: a slot is taken by at most one request.

The slot row is locked (`select_for_update`) before its booking is checked, in the same
transaction; the one-to-one column `ConsultationRequest.slot` is the database's last word.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consulting import permissions
from consulting.caching import forget_company_lists
from consulting.errors import InvalidTransition, SlotTaken, TooLateToChange
from consulting.models import (
    OPEN_REQUEST_STATES,
    AvailabilitySlot,
    Company,
    CompanyShare,
    ConsultationRequest,
    RequestStatus,
)
from consulting.services.notify import notify_sme
from portal import audit
from portal.errors import BusinessRuleError, PermissionRefused
from portal.models import PartnerInstitution, Topic, User
from portal.tenancy import company_scope, partner_scope, unscoped

CHANGE_DEADLINE = timedelta(hours=24)
MAX_WEEKLY_REPEATS = 26


def publish_slots(
    *,
    actor: User,
    partner: PartnerInstitution,
    starts_at: datetime,
    ends_at: datetime,
    mode: str,
    weekly_repeats: int = 0,
) -> list[AvailabilitySlot]:
    """A consultant offers a time, once or weekly (`weekly_repeats` more weeks)."""
    if not permissions.is_staff_of(actor, partner):
        raise PermissionRefused()
    if starts_at <= timezone.now():
        raise BusinessRuleError(_("A slot must lie in the future."))
    if ends_at <= starts_at:
        raise BusinessRuleError(_("The end must be after the start."))
    if not 0 <= weekly_repeats <= MAX_WEEKLY_REPEATS:
        raise BusinessRuleError(
            _("Repeat a slot for at most %(n)s weeks.") % {"n": MAX_WEEKLY_REPEATS}
        )
    series = uuid.uuid4() if weekly_repeats else None
    slots = []
    with partner_scope(partner), transaction.atomic():
        for week in range(weekly_repeats + 1):
            shift = timedelta(weeks=week)
            slot = AvailabilitySlot(
                partner=partner,
                consultant=actor,
                starts_at=_same_wall_clock(starts_at, shift),
                ends_at=_same_wall_clock(ends_at, shift),
                mode=mode,
                series=series,
            )
            slot.full_clean()
            slot.save()
            slots.append(slot)
        audit.record(
            actor=actor,
            action="consulting.availability_slot.published",
            target=slots[0],
            data={"count": len(slots), "series": str(series) if series else None},
        )
    return slots


def _same_wall_clock(moment: datetime, shift: timedelta) -> datetime:
    """Weekly repeats keep the local time across a daylight-saving change."""
    local = timezone.localtime(moment)
    naive = local.replace(tzinfo=None) + shift
    return timezone.make_aware(naive, timezone.get_current_timezone())


def withdraw_slot(*, actor: User, slot: AvailabilitySlot) -> None:
    """A consultant removes an unbooked slot of their own."""
    if slot.consultant_id != actor.pk and not permissions.is_admin_of(actor, slot.partner_id):
        raise PermissionRefused()
    with partner_scope(slot.partner_id), transaction.atomic():
        locked = AvailabilitySlot.objects.select_for_update().get(pk=slot.pk)
        if ConsultationRequest.objects.filter(slot=locked).exists():
            raise BusinessRuleError(_("This slot is booked; decline or move the request first."))
        audit.record(actor=actor, action="consulting.availability_slot.withdrawn", target=locked)
        locked.delete()


def _company_id_of(actor: User) -> int:
    from consulting.selectors import company_id_for_user

    company_id = company_id_for_user(actor)
    if company_id is None:
        raise PermissionRefused()
    return company_id


def _take_slot(slot_id: int) -> AvailabilitySlot:
    """Lock the slot, then check it is still free and ahead: call inside a transaction."""
    locked = AvailabilitySlot.objects.select_for_update(of=("self",)).filter(pk=slot_id).first()
    if locked is None:
        raise SlotTaken()
    # A fresh statement after the lock sees a booking that a concurrent transaction committed.
    still_free = AvailabilitySlot.objects.filter(
        pk=slot_id, booking__isnull=True, starts_at__gt=timezone.now()
    ).exists()
    if not still_free:
        raise SlotTaken()
    return locked


def _place_on_slot(request: ConsultationRequest, slot: AvailabilitySlot) -> None:
    """A request on a slot takes the slot's partner, consultant, format and time."""
    request.slot = slot
    request.partner_id = slot.partner_id
    request.consultant_id = slot.consultant_id
    request.mode = slot.mode
    request.scheduled_start = slot.starts_at
    request.scheduled_end = slot.ends_at


def give_partner_access(*, company: Company, partner_id: int, request_id: int, actor: User) -> None:
    """The partner that handles a request may see the company (lead if none, else a share)."""
    with unscoped("routing: the partner of a request must see the requesting company"):
        forget_company_lists()  # a new lead partner or share changes whose list shows it
        if company.lead_partner_id is None:
            Company.objects.filter(pk=company.pk, lead_partner__isnull=True).update(
                lead_partner_id=partner_id
            )
            company.lead_partner_id = partner_id
            return
        if permissions.partner_sees_company(partner_id, company):
            return
        share = CompanyShare(
            company=company,
            partner_id=partner_id,
            reason=str(_("Consultation request #%(id)s") % {"id": request_id}),
            granted_by=actor,
        )
        share.full_clean()
        share.save()
        audit.record(
            actor=actor,
            action="consulting.company_share.created",
            target=share,
            partner=company.lead_partner_id,
            data={"partner_id": partner_id, "request_id": request_id},
        )


def book_consultation(
    *,
    actor: User,
    topics: Iterable[Topic],
    description: str,
    preferred_partner: PartnerInstitution | None = None,
    slot: AvailabilitySlot | None = None,
    proposed_times: str = "",
) -> ConsultationRequest:
    """An SME user asks for a consultation, on a free slot or with proposed times.

    With a slot, the request goes to the slot's partner and consultant; otherwise to the
    preferred partner, or (none chosen) it waits for the consortium to route it.
    """
    topics = list(topics)
    if not topics:
        raise BusinessRuleError(_("Please choose at least one topic."))
    if not description.strip():
        raise BusinessRuleError(_("Please describe what you would like to discuss."))
    if slot is None and not proposed_times.strip():
        raise BusinessRuleError(_("Please pick a free slot or propose times that suit you."))
    company_id = _company_id_of(actor)
    try:
        with company_scope(company_id), transaction.atomic():
            company = Company.objects.get(pk=company_id)
            request = ConsultationRequest(
                company=company,
                created_by=actor,
                description=description.strip(),
                preferred_partner=preferred_partner,
                partner=preferred_partner,
                proposed_times=proposed_times.strip(),
            )
            if slot is not None:
                _place_on_slot(request, _take_slot(slot.pk))
            request.full_clean(exclude=["slot"])  # the unique slot is guarded by the lock
            request.save()
            request.topics.set(topics)
            forget_company_lists()  # the company's last contact
            if request.partner_id:
                give_partner_access(
                    company=company,
                    partner_id=request.partner_id,
                    request_id=request.pk,
                    actor=actor,
                )
            audit.record(
                actor=actor,
                action="consulting.consultation_request.booked",
                target=request,
                data={"slot_id": slot.pk if slot else None},
            )
            notify_sme(request, event="booked", with_calendar=request.slot_id is not None)
    except IntegrityError as error:  # the one-to-one slot column, if the lock was bypassed
        raise SlotTaken() from error
    return request


def can_still_change(request: ConsultationRequest) -> bool:
    """The SME may cancel or move a request up to 24 h before its appointment (if it has one);
    the request page asks this too, so that it offers only what the service allows."""
    return (
        request.scheduled_start is None
        or request.scheduled_start - timezone.now() >= CHANGE_DEADLINE
    )


def _check_deadline(request: ConsultationRequest) -> None:
    if not can_still_change(request):
        raise TooLateToChange()


def _own_open_request(actor: User, request: ConsultationRequest) -> ConsultationRequest:
    locked = ConsultationRequest.objects.select_for_update().filter(pk=request.pk).first()
    if locked is None or not permissions.is_member_of_company(actor, locked.company):
        raise PermissionRefused()
    if locked.status not in OPEN_REQUEST_STATES:
        raise InvalidTransition()
    _check_deadline(locked)
    return locked


def cancel_request(*, actor: User, request: ConsultationRequest) -> ConsultationRequest:
    """The SME cancels, up to 24 h before the appointment; the slot becomes free again."""
    with company_scope(request.company_id), transaction.atomic():
        locked = _own_open_request(actor, request)
        locked.status = RequestStatus.CANCELLED
        locked.slot = None
        locked.save(update_fields=["status", "slot", "updated_at"])
        audit.record(actor=actor, action="consulting.consultation_request.cancelled", target=locked)
        notify_sme(locked, event="cancelled", with_calendar=True)
    return locked


def reschedule_request(
    *, actor: User, request: ConsultationRequest, slot: AvailabilitySlot
) -> ConsultationRequest:
    """The SME moves to another free slot of the same partner, up to 24 h before."""
    try:
        with company_scope(request.company_id), transaction.atomic():
            locked = _own_open_request(actor, request)
            if locked.partner_id and slot.partner_id != locked.partner_id:
                raise BusinessRuleError(_("Please pick a slot of the partner handling it."))
            new = _take_slot(slot.pk)
            _place_on_slot(locked, new)
            locked.save()
            give_partner_access(
                company=locked.company,
                partner_id=new.partner_id,
                request_id=locked.pk,
                actor=actor,
            )
            audit.record(
                actor=actor,
                action="consulting.consultation_request.rescheduled",
                target=locked,
                data={"slot_id": new.pk},
            )
            notify_sme(locked, event="rescheduled", with_calendar=True)
    except IntegrityError as error:
        raise SlotTaken() from error
    return locked
