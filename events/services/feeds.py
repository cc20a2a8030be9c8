"""The personal calendar feed: a secret, revocable address per person."""

from __future__ import annotations

from django.db import transaction

from events.models import CalendarFeed
from portal import audit
from portal.models import User


def create_calendar_feed(*, actor: User) -> CalendarFeed:
    """A new secret feed address; an existing one stops working (it is replaced)."""
    with transaction.atomic():
        CalendarFeed.objects.filter(user=actor).delete()
        feed = CalendarFeed(user=actor)
        feed.full_clean()
        feed.save()
        audit.record(actor=actor, action="events.calendar_feed.created", target=None)
    return feed


def revoke_calendar_feed(*, actor: User) -> None:
    with transaction.atomic():
        deleted, _rows = CalendarFeed.objects.filter(user=actor).delete()
        if deleted:
            audit.record(actor=actor, action="events.calendar_feed.revoked", target=None)
