"""Workshops' part of data protection (found by privacy/registry.py).

Registrations made for the company; the caller has entered the company's scope.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from consulting.models import Company
from events.models import Registration
from portal.models import User


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""


def export_company_data(company: Company) -> dict[str, list[dict[str, Any]]]:
    registrations = [
        {
            "workshop": r.event.title,
            "start": _iso(r.event.start),
            "organizer": r.event.organizer.short_name,
            "participant": r.user.get_full_name(),
            "participant_email": r.user.email,
            "status": r.get_status_display(),
            "registered_at": _iso(r.created_at),
            "checked_in_at": _iso(r.checked_in_at),
            "feedback_rating": r.feedback_rating or "",
            "feedback_comment": r.feedback_comment,
        }
        for r in Registration.objects.filter(company=company)
        .select_related("event__organizer", "user")
        .order_by("created_at", "pk")
    ]
    return {"workshop_registrations": registrations}


def erase_company_data(company: Company, *, actor: User) -> dict[str, int]:
    """Attendance stays countable; what names the company or the person goes (the people's
    accounts themselves are anonymised by consulting). Certificates carry the name: deleted."""
    # Places at workshops still to come are given up, so the waitlist moves up and the organiser
    # does not expect a participant who no longer exists (the life cycle's "close" move).
    from events.services.registration import close_registration

    upcoming = Registration.objects.filter(
        company=company,
        status__in=Registration.CANCELLABLE_STATUSES,
        event__end__gt=timezone.now(),
    )
    closed = 0
    for registration in upcoming.select_related("event"):
        close_registration(registration=registration, actor=actor)
        closed += 1
    registrations = list(Registration.objects.filter(company=company))
    for registration in registrations:
        if registration.certificate_file:
            registration.certificate_file.delete(save=False)
    Registration.objects.filter(pk__in=[r.pk for r in registrations]).update(
        organisation="",
        feedback_comment="",
        certificate_status="",
        certificate_error="",
        certificate_file="",
    )
    return {"registrations": len(registrations), "registrations_cancelled": closed}
