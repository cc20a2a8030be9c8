"""A guide's calendar feed: a secret, revocable address of their trials."""

from __future__ import annotations

from django.db import transaction

from labs.models import GuideFeed
from portal import audit
from portal.errors import PermissionRefused
from portal.models import User


def create_guide_feed(*, actor: User) -> GuideFeed:
    """A new secret address (staff only); an earlier one stops working."""
    if not actor.is_active or not actor.partner_memberships():
        raise PermissionRefused()
    with transaction.atomic():
        GuideFeed.objects.filter(user=actor).delete()
        feed = GuideFeed(user=actor)
        feed.full_clean()
        feed.save()
        audit.record(actor=actor, action="labs.guide_feed.created", target=None)
    return feed


def revoke_guide_feed(*, actor: User) -> None:
    with transaction.atomic():
        deleted, _rows = GuideFeed.objects.filter(user=actor).delete()
        if deleted:
            audit.record(actor=actor, action="labs.guide_feed.revoked", target=None)
