"""Seats and the waitlist: register, cancel, promote, change the capacity.

Every action here locks the event row first (`select_for_update`) and counts afterwards, in
the same transaction; see the package docstring.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events import errors, permissions
from events.models import Event, Registration
from events.pagecache import calendar_changed
from events.services.common import full_clean_or_refuse, mail_participant
from portal import audit
from portal.errors import PermissionRefused
from portal.lifecycle import Lifecycle, Move
from portal.models import User
from portal.tenancy import unscoped

# --- the registration's life cycle: ONE table, asked by every service and page -----------------

S = Registration.Status


def check_in_opens(event: Event) -> datetime:
    """Check-in opens EVENTS_CHECK_IN_HOURS_BEFORE hours before the start (and ends with the
    workshop): nobody is marked present for a workshop days ahead."""
    return event.start - timedelta(hours=settings.EVENTS_CHECK_IN_HOURS_BEFORE)


def _workshop_not_over(registration: Registration) -> str | None:
    if registration.event.end <= timezone.now():
        return _("This workshop is over.")
    return None


def _check_in_window(registration: Registration) -> str | None:
    event = registration.event
    now = timezone.now()
    if event.status not in (Event.Status.PUBLISHED, Event.Status.COMPLETED):
        return _("Check-in is only possible for a held workshop.")
    if now < check_in_opens(event):
        opens = formats.date_format(timezone.localtime(check_in_opens(event)), "DATETIME_FORMAT")
        return _("Check-in opens on %(date)s.") % {"date": opens}
    if now >= event.end:
        return _("Check-in has closed: the workshop is over.")
    return None


def _no_certificate(registration: Registration) -> str | None:
    if registration.certificate_status != Registration.CertificateStatus.NONE:
        return _("A certificate was issued already; the check-in cannot be taken back.")
    return None


REGISTRATION_LIFECYCLE = Lifecycle(
    states=Registration.Status,
    audit_prefix="events.registration",
    error=errors.RegistrationNotActive,
    moves={
        "promote": Move({S.WAITLISTED: S.CONFIRMED}, audit="promoted"),
        "cancel": Move(
            {S.CONFIRMED: S.CANCELLED, S.WAITLISTED: S.CANCELLED},
            label=gettext_lazy("Cancel registration"),
            guard=_workshop_not_over,
        ),
        # checking in twice (a double tap on the phone) is one check-in
        "check_in": Move(
            {S.CONFIRMED: S.ATTENDED, S.ATTENDED: S.ATTENDED},
            label=gettext_lazy("Check in"),
            guard=_check_in_window,
            audit="checked_in",
        ),
        "undo_check_in": Move(
            {S.ATTENDED: S.CONFIRMED, S.CONFIRMED: S.CONFIRMED},
            label=gettext_lazy("Undo"),
            guard=_no_certificate,
            audit="check_in_undone",
        ),
        # the system cancels a future registration when the company erases its data
        "close": Move(
            {S.CONFIRMED: S.CANCELLED, S.WAITLISTED: S.CANCELLED},
            guard=_workshop_not_over,
            audit="closed",
        ),
    },
)


def _seats_taken(event: Event) -> int:
    return Registration.objects.filter(event=event, status__in=Registration.SEAT_STATUSES).count()


def _ensure_open(event: Event, now: datetime) -> None:
    if event.status == Event.Status.CANCELLED:
        raise errors.EventNotOpen(_("This workshop was cancelled."))
    if event.status != Event.Status.PUBLISHED:
        raise errors.EventNotOpen()
    if event.registration_opens and now < event.registration_opens:
        opens = formats.date_format(timezone.localtime(event.registration_opens), "DATETIME_FORMAT")
        raise errors.RegistrationClosed(_("Registration opens on %(date)s.") % {"date": opens})
    if now >= event.registration_deadline:
        raise errors.RegistrationClosed()


def _organisation_of(user: User) -> tuple[int | None, str]:
    from consulting.models import Company
    from consulting.selectors import company_id_for_user

    company_id = company_id_for_user(user)
    if company_id is not None:
        name = Company.objects.filter(pk=company_id).values_list("name", flat=True).first()
        return company_id, name or ""
    memberships = user.partner_memberships()
    return None, memberships[0].partner.short_name if memberships else ""


def register_for_event(*, event: Event, user: User) -> Registration:
    """Confirm while seats are free, otherwise waitlist in arrival order.

    Locks the event row, then counts the seats: never more confirmed than the capacity, also
    when many people register at the same moment. One live registration per person and event.
    """
    if not user.is_authenticated or not user.is_active:
        raise PermissionRefused()
    with transaction.atomic(), unscoped("registration counts the seats of all participants"):
        locked = Event.objects.select_for_update().get(pk=event.pk)
        now = timezone.now()
        _ensure_open(locked, now)
        if (
            Registration.objects.filter(event=locked, user=user)
            .exclude(status=Registration.Status.CANCELLED)
            .exists()
        ):
            raise errors.AlreadyRegistered()
        company_id, organisation = _organisation_of(user)
        status = (
            Registration.Status.CONFIRMED
            if _seats_taken(locked) < locked.capacity
            else Registration.Status.WAITLISTED
        )
        registration = Registration(
            event=locked,
            user=user,
            company_id=company_id,
            organisation=organisation[:200],
            status=status,
            created_at=now,
        )
        full_clean_or_refuse(registration, validate_constraints=False)
        registration.save()
        audit.record(
            actor=user,
            action="events.registration.created",
            target=registration,
            data={"status": status},
        )
        calendar_changed()  # a seat fewer (or a longer waitlist)
        mail_participant(registration, "registered", event=locked)
    return registration


def _promote_from_waitlist(event: Event, *, actor: User | None) -> list[Registration]:
    """Within the caller's transaction and event lock: fill free seats from the waitlist."""
    if event.status != Event.Status.PUBLISHED or event.start <= timezone.now():
        return []
    free = event.capacity - _seats_taken(event)
    if free <= 0:
        return []
    promoted = list(
        Registration.objects.select_for_update()
        .filter(event=event, status=Registration.Status.WAITLISTED)
        .select_related("user")
        .order_by("created_at", "pk")[:free]
    )
    now = timezone.now()
    for registration in promoted:
        registration.event = event
        # A reminder sent while waitlisted had no online link: the confirmed person gets one.
        REGISTRATION_LIFECYCLE.transition(
            registration,
            "promote",
            actor=actor,
            changes={"promoted_at": now, "reminder_sent_at": None},
            clean_exclude=["event", "user", "company"],
        )
        mail_participant(registration, "promoted", event=event)
    if promoted:
        calendar_changed()
    return promoted


def cancel_registration(*, registration: Registration, actor: User) -> Registration:
    """The participant (or organiser staff) gives up a place; the first waitlisted moves up."""
    if not permissions.can_cancel_registration(actor, registration):
        raise PermissionRefused()
    with transaction.atomic(), unscoped("cancelling frees a seat for the next on the waitlist"):
        locked_event = Event.objects.select_for_update().get(pk=registration.event_id)
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        locked.event = locked_event
        if locked.status == Registration.Status.ATTENDED:
            raise errors.RegistrationNotActive(
                _("An attended workshop cannot be cancelled any more.")
            )
        if locked.status == Registration.Status.CANCELLED:
            raise errors.RegistrationNotActive()
        reason = REGISTRATION_LIFECYCLE.refusal(locked, "cancel")
        if reason:
            raise errors.WrongEventState(reason)
        _end_registration(locked, "cancel", actor=actor)
    return locked


def close_registration(*, registration: Registration, actor: User | None) -> Registration:
    """The system gives up a place (the company erased its data): like a cancellation, without
    the participant's rights check; the first waitlisted moves up."""
    with transaction.atomic(), unscoped("closing frees a seat for the next on the waitlist"):
        locked_event = Event.objects.select_for_update().get(pk=registration.event_id)
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        locked.event = locked_event
        _end_registration(locked, "close", actor=actor)
    return locked


def _end_registration(locked: Registration, move: str, *, actor: User | None) -> None:
    """Within the event lock: cancel the place, then fill it from the waitlist."""
    REGISTRATION_LIFECYCLE.transition(
        locked,
        move,
        actor=actor,
        changes={"cancelled_at": timezone.now()},
        data={"by_participant": actor is not None and actor.pk == locked.user_id},
        clean_exclude=["event", "user", "company"],
    )
    calendar_changed()  # a seat free again (or a shorter waitlist)
    _promote_from_waitlist(locked.event, actor=actor)


def set_capacity(*, event: Event, capacity: int, actor: User) -> Event:
    """Change the number of seats. Raising it promotes from the waitlist; it can never drop
    below the seats already taken (confirmed or attended)."""
    if not permissions.can_manage_event(actor, event):
        raise PermissionRefused()
    if capacity is None or isinstance(capacity, bool) or int(capacity) < 1:
        raise errors.InvalidCapacity()
    capacity = int(capacity)
    with transaction.atomic(), unscoped("capacity is checked against every participant"):
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.status not in (Event.Status.DRAFT, Event.Status.PUBLISHED):
            raise errors.WrongEventState(
                _("The seats of a cancelled or completed workshop cannot be changed.")
            )
        taken = _seats_taken(locked)
        if capacity < taken:
            raise errors.CapacityBelowConfirmed(
                _(
                    "The capacity cannot be lower than the %(count)d confirmed participants. "
                    "Cancel registrations first if seats must go."
                )
                % {"count": taken}
            )
        previous = locked.capacity
        locked.capacity = capacity
        full_clean_or_refuse(locked)
        locked.save(update_fields=["capacity", "updated_at"])
        audit.record(
            actor=actor,
            action="events.event.capacity_changed",
            target=locked,
            data={"from": previous, "to": capacity},
        )
        calendar_changed()
        _promote_from_waitlist(locked, actor=actor)
    return locked
