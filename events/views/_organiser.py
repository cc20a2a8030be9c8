"""The organiser checks, written once: each decorator finds the thing as the viewer may see it
(404 otherwise) and then asks one role predicate of events/permissions.py (403 if it fails).

The decorated view is called as `view(request, thing)` (portal.permissions.requires_permission).
"""

from __future__ import annotations

from events import permissions, selectors
from events.models import Event, Registration
from portal.access import active_partner_or_404
from portal.http import SignedInRequest
from portal.models import PartnerInstitution
from portal.permissions import requires_permission


def _active_partner(request: SignedInRequest) -> PartnerInstitution | None:
    active = getattr(request, "active_context", None)
    return active.partner if active else None


def _managed_event(request: SignedInRequest, slug: str) -> Event:
    partner = _active_partner(request)
    return selectors.managed_event(viewer=request.user, partner=partner, slug=slug)


def _managed_registration(request: SignedInRequest, pk: int) -> Registration:
    partner = _active_partner(request)
    return selectors.managed_registration(viewer=request.user, partner=partner, pk=pk)


# The active partner's workshops, for its staff: the view gets the partner.
partner_staff = requires_permission(None, lookup=active_partner_or_404)
# Creating a workshop for the active partner: its admins.
partner_events_admin = requires_permission(
    permissions.can_manage_events_of, lookup=active_partner_or_404
)
# Participants, waitlist, check-in, export of one workshop: the organiser's staff.
runs_event = requires_permission(permissions.can_run_event, lookup=_managed_event)
# Edit, publish, cancel, resize one workshop: the organiser's admins.
manages_event = requires_permission(permissions.can_manage_event, lookup=_managed_event)
# One participant of a workshop the viewer runs (the service checks the role again).
runs_registration = requires_permission(None, lookup=_managed_registration)
