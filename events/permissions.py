"""Who may do what with a workshop; views pre-check, services check again against `actor`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from portal.permissions import is_partner_admin_of, is_staff_of

if TYPE_CHECKING:
    from events.models import Event, Registration
    from portal.models import PartnerInstitution, User


def can_manage_events_of(user: User, partner: PartnerInstitution) -> bool:
    """Create, edit, publish, cancel and resize: the partner's admins."""
    return is_partner_admin_of(user, partner)


def can_manage_event(user: User, event: Event) -> bool:
    return can_manage_events_of(user, event.organizer)


def can_run_event(user: User, event: Event) -> bool:
    """Participants, waitlist, check-in, export, feedback figures: the organiser's staff."""
    return is_staff_of(user, event.organizer_id)


def can_cancel_registration(user: User, registration: Registration) -> bool:
    return registration.user_id == user.pk or can_run_event(user, registration.event)
