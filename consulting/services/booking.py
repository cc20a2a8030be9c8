"""Availability slots and online booking: a slot is taken by at most one request.

The slot row is locked (`select_for_update`) before its booking is checked, in the same
transaction; the one-to-one column `ConsultationRequest.slot` is the database's last word.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from consulting import permissions
from consulting.errors import SlotOverlaps, SlotTaken, TooLateToChange
from consulting.models import (
    AvailabilitySlot,
    Company,
    CompanyShare,
    ConsultationRequest,
    SlotStatus,
)
from consulting.services.lifecycle import (
    CHANGE_DEADLINE,
    REQUEST_LIFECYCLE,
    SLOT_LIFECYCLE,
    can_still_change,
)
from consulting.services.notify import notify_sme, notify_staff
from portal import audit
from portal.errors import BusinessRuleError, PermissionRefused
from portal.models import PartnerInstitution, Topic, User
from portal.permissions import is_partner_admin_of
from portal.tenancy import company_scope, partner_scope, unscoped

MAX_WEEKLY_REPEATS = 26

__all__ = ["CHANGE_DEADLINE", "can_still_change"]  # the page asks the same deadline


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
    try:
        with partner_scope(partner), transaction.atomic():
            # One consultant's slots are published one at a time (a lock on their user row),
            # so two forms sent at once cannot both pass the overlap check; on PostgreSQL an
            # exclusion constraint says the last word (migration 0011).
            User.objects.select_for_update().filter(pk=actor.pk).first()
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
                _refuse_overlap(slot)
                slot.save()
                slots.append(slot)
            _record_publication(actor, slots, series)
    except IntegrityError as error:
        raise SlotOverlaps() from error
    return slots


def _refuse_overlap(slot: AvailabilitySlot) -> None:
    """No consultant is offered twice at the same time (across all their partners)."""
    with unscoped("a consultant's slots overlap whichever partner offers them"):
        clash = (
            AvailabilitySlot.objects.filter(
                consultant_id=slot.consultant_id,
                starts_at__lt=slot.ends_at,
                ends_at__gt=slot.starts_at,
            )
            .exclude(status=SlotStatus.WITHDRAWN)
            .order_by("starts_at")
            .first()
        )
    if clash is not None:
        local = timezone.localtime(clash.starts_at)
        raise SlotOverlaps(
            _("%(consultant)s already has a slot at %(when)s that overlaps this time.")
            % {
                "consultant": slot.consultant,
                "when": formats.date_format(local, "SHORT_DATETIME_FORMAT"),
            }
        )


def _record_publication(
    actor: User, slots: list[AvailabilitySlot], series: uuid.UUID | None
) -> None:
    if slots:
        audit.record(
            actor=actor,
            action="consulting.availability_slot.published",
            target=slots[0],
            data={"count": len(slots), "series": str(series) if series else None},
        )


def _same_wall_clock(moment: datetime, shift: timedelta) -> datetime:
    """Weekly repeats keep the local time across a daylight-saving change."""
    local = timezone.localtime(moment)
    naive = local.replace(tzinfo=None) + shift
    return timezone.make_aware(naive, timezone.get_current_timezone())


def withdraw_slot(*, actor: User, slot: AvailabilitySlot) -> None:
    """A consultant removes an unbooked slot of their own."""
    if slot.consultant_id != actor.pk and not is_partner_admin_of(actor, slot.partner_id):
        raise PermissionRefused()
    with partner_scope(slot.partner_id), transaction.atomic():
        locked = AvailabilitySlot.objects.select_for_update().get(pk=slot.pk)
        if ConsultationRequest.objects.filter(slot=locked).exists():
            raise BusinessRuleError(_("This slot is booked; decline or move the request first."))
        SLOT_LIFECYCLE.transition(locked, "withdraw", actor=actor)


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
        pk=slot_id, booking__isnull=True, status=SlotStatus.OPEN, starts_at__gt=timezone.now()
    ).exists()
    if not still_free:
        raise SlotTaken()
    return locked


def _slot_changes(slot: AvailabilitySlot) -> dict[str, Any]:
    """A request on a slot takes the slot's partner, consultant, format and time."""
    return {
        "slot": slot,
        "partner_id": slot.partner_id,
        "consultant_id": slot.consultant_id,
        "mode": slot.mode,
        "scheduled_start": slot.starts_at,
        "scheduled_end": slot.ends_at,
        "reminder_sent_at": None,
    }


def book_slot(slot: AvailabilitySlot, *, actor: User | None) -> None:
    """Within the caller's transaction, `slot` locked: the slot is booked."""
    SLOT_LIFECYCLE.transition(slot, "book", actor=actor)


def release_slot(slot_id: int | None, *, actor: User | None) -> None:
    """Within the caller's transaction: the request let its slot go, so it is free again."""
    if slot_id is None:
        return
    with unscoped("the released slot belongs to the handling partner"):
        slot = AvailabilitySlot.objects.select_for_update().filter(pk=slot_id).first()
        if slot is not None and SLOT_LIFECYCLE.allows(slot, "release"):
            SLOT_LIFECYCLE.transition(slot, "release", actor=actor)


def give_partner_access(
    *,
    company: Company,
    partner_id: int,
    request_id: int | None,
    actor: User,
    reason: str = "",
) -> None:
    """The partner that handles a request may see the company (lead if none, else a share).

    `reason` names the request if it is not a consultation request (a lab trial's)."""
    with unscoped("routing: the partner of a request must see the requesting company"):
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
            reason=reason or str(_("Consultation request #%(id)s") % {"id": request_id}),
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


def _earlier_submission(
    company_id: int, submission: uuid.UUID | None
) -> ConsultationRequest | None:
    if submission is None:
        return None
    with company_scope(company_id):
        return ConsultationRequest.objects.filter(
            company_id=company_id, submission=submission
        ).first()


def book_consultation(
    *,
    actor: User,
    topics: Iterable[Topic],
    description: str,
    preferred_partner: PartnerInstitution | None = None,
    slot: AvailabilitySlot | None = None,
    proposed_times: str = "",
    submission: uuid.UUID | None = None,
) -> ConsultationRequest:
    """An SME user asks for a consultation, on a free slot or with proposed times.

    With a slot, the request goes to the slot's partner and consultant; otherwise to the
    preferred partner, or (none chosen) it waits for the consortium to route it.

    Idempotent per form: `submission` (the form's one-time token) is stored with the request,
    in a unique column. The same form sent again returns the request it made, without a second
    audit entry or mail; sent again at the same moment, the copies wait for the first
    transaction (on the unique key, or on the slot's lock) and then find its request.
    """
    topics = list(topics)
    if not topics:
        raise BusinessRuleError(_("Please choose at least one topic."))
    if not description.strip():
        raise BusinessRuleError(_("Please describe what you would like to discuss."))
    if slot is None and not proposed_times.strip():
        raise BusinessRuleError(_("Please pick a free slot or propose times that suit you."))
    company_id = _company_id_of(actor)
    earlier = _earlier_submission(company_id, submission)
    if earlier is not None:
        return earlier
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
                submission=submission,
            )
            taken = _take_slot(slot.pk) if slot is not None else None
            for key, value in _slot_changes(taken).items() if taken else ():
                setattr(request, key, value)
            # The unique slot is guarded by the lock, the unique submission by the database.
            try:
                request.full_clean(exclude=["slot", "submission"])
            except ValidationError as error:
                raise BusinessRuleError(" ".join(error.messages)) from error
            request.save()
            request.topics.set(topics)
            if taken is not None:
                book_slot(taken, actor=actor)
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
            notify_staff(request, event="booked")
    except (SlotTaken, IntegrityError) as error:
        # A copy of this form that committed first took the slot or the token: its request is
        # the answer to this one too.
        earlier = _earlier_submission(company_id, submission)
        if earlier is not None:
            return earlier
        if isinstance(error, SlotTaken):
            raise
        if slot is None:  # another company's token: nothing of this form was sent
            raise BusinessRuleError(
                _("Please send the form again; it was not sent yet.")
            ) from error
        raise SlotTaken() from error  # the one-to-one slot column, if the lock was bypassed
    return request


def _own_request(actor: User, request: ConsultationRequest, move: str) -> ConsultationRequest:
    """Lock the SME's own request and check the move against the life cycle (and deadline)."""
    locked = ConsultationRequest.objects.select_for_update().filter(pk=request.pk).first()
    if locked is None or not permissions.is_member_of_company(actor, locked.company):
        raise PermissionRefused()
    if REQUEST_LIFECYCLE.target(locked.status, move) is not None and not can_still_change(locked):
        raise TooLateToChange()
    REQUEST_LIFECYCLE.check(locked, move)
    return locked


def cancel_request(*, actor: User, request: ConsultationRequest) -> ConsultationRequest:
    """The SME cancels, up to 24 h before the appointment; the slot becomes free again."""
    with company_scope(request.company_id), transaction.atomic():
        locked = _own_request(actor, request, "cancel")
        slot_id = locked.slot_id
        REQUEST_LIFECYCLE.transition(
            locked,
            "cancel",
            actor=actor,
            changes={"slot": None, "calendar_sequence": locked.calendar_sequence + 1},
        )
        release_slot(slot_id, actor=actor)
        notify_sme(locked, event="cancelled", with_calendar=True)
        notify_staff(locked, event="cancelled")
    return locked


def reschedule_request(
    *, actor: User, request: ConsultationRequest, slot: AvailabilitySlot
) -> ConsultationRequest:
    """The SME moves to another free slot of the same partner, up to 24 h before."""
    try:
        with company_scope(request.company_id), transaction.atomic():
            locked = _own_request(actor, request, "reschedule")
            if locked.partner_id and slot.partner_id != locked.partner_id:
                raise BusinessRuleError(_("Please pick a slot of the partner handling it."))
            new = _take_slot(slot.pk)
            previous_slot_id = locked.slot_id
            # The old slot lets go first: the one-to-one column holds one request per slot.
            if previous_slot_id is not None:
                ConsultationRequest.objects.filter(pk=locked.pk).update(slot=None)
            release_slot(previous_slot_id, actor=actor)
            changes = _slot_changes(new)
            REQUEST_LIFECYCLE.transition(
                locked,
                "reschedule",
                actor=actor,
                changes={**changes, "calendar_sequence": locked.calendar_sequence + 1},
                data={"slot_id": new.pk},
                clean_exclude=["slot"],
            )
            book_slot(new, actor=actor)
            give_partner_access(
                company=locked.company,
                partner_id=new.partner_id,
                request_id=locked.pk,
                actor=actor,
            )
            notify_sme(locked, event="rescheduled", with_calendar=True)
            notify_staff(locked, event="rescheduled")
    except IntegrityError as error:
        raise SlotTaken() from error
    return locked
