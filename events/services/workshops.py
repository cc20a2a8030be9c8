"""Workshops themselves: create, edit, publish, cancel, complete (partner admins)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events import errors, permissions
from events.models import Event, Registration
from events.pagecache import calendar_changed
from events.services.common import full_clean_or_refuse, mail_participant
from portal import audit
from portal.errors import BusinessRuleError, PermissionRefused
from portal.models import PartnerInstitution, Topic, User
from portal.tenancy import unscoped

# Fields a partner admin edits through the event form (capacity has its own service).
EDITABLE_FIELDS = (
    "title",
    "description",
    "format",
    "venue",
    "online_url",
    "start",
    "end",
    "registration_opens",
    "registration_closes",
    "language",
    "target_group",
)
# What the calendar entry shows of when and where: a change raises its SEQUENCE (portal/ics.py).
CALENDAR_FIELDS = {"title", "format", "venue", "online_url", "start", "end"}


def _unique_slug(title: str, start: datetime | None) -> str:
    base = slugify(title)[:180] or "workshop"
    if start is not None:
        base = f"{base}-{timezone.localtime(start):%Y-%m-%d}"
    slug, n = base, 2
    with unscoped("slugs are unique across all partners"):
        while Event.objects.filter(slug=slug).exists():
            slug, n = f"{base}-{n}", n + 1
    return slug


def _refuse_past_start(start: datetime | None) -> None:
    """A workshop is planned for the future: a new one, or a new start, is not in the past."""
    if start is not None and start <= timezone.now():
        raise BusinessRuleError(_("A workshop cannot start in the past."))


def create_event(
    *,
    actor: User,
    partner: PartnerInstitution,
    data: dict[str, Any],
    capacity: int,
    topics: list[Topic],
) -> Event:
    """A partner admin drafts a workshop; it is public only once published."""
    if not permissions.can_manage_events_of(actor, partner):
        raise PermissionRefused()
    if not topics:
        raise BusinessRuleError(_("Please choose at least one topic."))
    event = Event(organizer=partner, capacity=capacity, created_by=actor, status=Event.Status.DRAFT)
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(event, field, data[field])
    if capacity is None or capacity < 1:
        raise errors.InvalidCapacity()
    _refuse_past_start(event.start)
    with transaction.atomic():
        event.slug = _unique_slug(event.title, event.start)
        full_clean_or_refuse(event)
        event.save()
        event.topics.set(topics)
        audit.record(actor=actor, action="events.event.created", target=event)
        # A draft is on no public page; forgotten all the same, so that no later change to
        # who may see drafts can leave a stale page behind.
        calendar_changed()
    return event


def update_event(*, actor: User, event: Event, data: dict[str, Any], topics: list[Topic]) -> Event:
    """A partner admin edits a draft or published workshop (not its seats: see set_capacity)."""
    if not permissions.can_manage_event(actor, event):
        raise PermissionRefused()
    if not topics:
        raise BusinessRuleError(_("Please choose at least one topic."))
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.status not in (Event.Status.DRAFT, Event.Status.PUBLISHED):
            raise errors.WrongEventState(_("A cancelled or completed workshop cannot be edited."))
        changed = [f for f in EDITABLE_FIELDS if f in data and getattr(locked, f) != data[f]]
        if "start" in changed:
            _refuse_past_start(data["start"])
        for field in changed:
            setattr(locked, field, data[field])
        if CALENDAR_FIELDS.intersection(changed):
            locked.calendar_sequence += 1
        full_clean_or_refuse(locked)
        locked.save()
        locked.topics.set(topics)
        audit.record(
            actor=actor, action="events.event.updated", target=locked, data={"fields": changed}
        )
        calendar_changed()
    return locked


def publish_event(*, actor: User, event: Event) -> Event:
    if not permissions.can_manage_event(actor, event):
        raise PermissionRefused()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.status != Event.Status.DRAFT:
            raise errors.WrongEventState(_("Only a draft can be published."))
        if locked.end <= timezone.now():
            raise errors.WrongEventState(_("A workshop that is over cannot be published."))
        locked.status = Event.Status.PUBLISHED
        locked.published_at = timezone.now()
        full_clean_or_refuse(locked)
        locked.save(update_fields=["status", "published_at", "updated_at"])
        audit.record(actor=actor, action="events.event.published", target=locked)
        calendar_changed()
    return locked


def cancel_event(*, actor: User, event: Event, reason: str) -> Event:
    """A partner admin calls a workshop off; everyone registered (seat or waitlist) is told."""
    if not permissions.can_manage_event(actor, event):
        raise PermissionRefused()
    reason = (reason or "").strip()
    if not reason:
        raise BusinessRuleError(_("Please give a reason; it is sent to everyone registered."))
    with transaction.atomic(), unscoped("cancel an event: tell every registered person"):
        locked = Event.objects.select_for_update().get(pk=event.pk)
        if locked.status not in (Event.Status.DRAFT, Event.Status.PUBLISHED):
            raise errors.WrongEventState(_("This workshop was cancelled or completed already."))
        if locked.end <= timezone.now():
            raise errors.WrongEventState(_("A workshop that is over cannot be cancelled."))
        locked.status = Event.Status.CANCELLED
        locked.cancelled_at = timezone.now()
        locked.cancellation_reason = reason[:500]
        locked.calendar_sequence += 1
        locked.save(
            update_fields=[
                "status",
                "cancelled_at",
                "cancellation_reason",
                "calendar_sequence",
                "updated_at",
            ]
        )
        registered = list(
            Registration.objects.filter(
                event=locked,
                status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED],
            ).select_related("user")
        )
        audit.record(
            actor=actor,
            action="events.event.cancelled",
            target=locked,
            data={"reason": locked.cancellation_reason, "notified": len(registered)},
        )
        calendar_changed()
        for registration in registered:
            mail_participant(registration, "event_cancelled", event=locked)
    return locked


def complete_finished_events(*, now: datetime | None = None) -> int:
    """Beat job: published workshops that have ended become "completed"."""
    now = now or timezone.now()
    with unscoped("beat: complete finished workshops"), transaction.atomic():
        finished = list(
            Event.objects.select_for_update().filter(status=Event.Status.PUBLISHED, end__lte=now)
        )
        for event in finished:
            event.status = Event.Status.COMPLETED
            event.save(update_fields=["status", "updated_at"])
            audit.record(actor=None, action="events.event.completed", target=event)
        if finished:
            calendar_changed()  # they move from the calendar to the archive as "held"
    return len(finished)
