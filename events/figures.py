"""Workshop figures for /reports/ (the hook contract: portal/figures.py).

Runs inside a scope (the request's partner scope or `consortium_scope()`); `window.partner_id`
narrows to the workshops that partner organised (a workshop and its registrations count for the
organiser only). A workshop counts as held in the period when it starts in it and was published
or completed (not a draft, not cancelled).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count, Q
from django.utils.translation import gettext as _

from consulting.figures import reached_companies
from events.models import Event, Registration
from portal.figures import ByPartner, Figures, Window, companies_per, grouped, per_month

ORDER = 30
HELD_STATUSES = (Event.Status.PUBLISHED, Event.Status.COMPLETED)


def _events(window: Window) -> Any:
    since, until = window.bounds
    events = Event.objects.filter(status__in=HELD_STATUSES, start__gte=since, start__lt=until)
    if window.partner_id is not None:
        events = events.filter(organizer_id=window.partner_id)
    return events


def _registrations(window: Window) -> Any:
    since, until = window.bounds
    registrations = Registration.objects.filter(
        event__status__in=HELD_STATUSES, event__start__gte=since, event__start__lt=until
    )
    if window.partner_id is not None:
        registrations = registrations.filter(event__organizer_id=window.partner_id)
    return registrations


def _seat_taken() -> Q:
    """A registration of the workshop (joined from Event) that takes a seat."""
    return Q(registrations__status__in=Registration.SEAT_STATUSES)


def _attended(window: Window) -> Any:
    return _registrations(window).filter(status=Registration.Status.ATTENDED)


def workshop_figures(window: Window) -> dict[str, Any]:
    """Workshops held, registrations (seats taken: confirmed or attended), attendance rate
    (attended / seats taken), unmet demand (still waitlisted, never promoted) and the mean
    feedback rating."""
    # One query over the held workshops and their registrations (issue #18: the consortium's
    # page has a budget of 25 queries).
    counts = _events(window).aggregate(
        held=Count("pk", distinct=True),
        seats=Count("registrations", filter=_seat_taken()),
        attended=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.ATTENDED)
        ),
        unmet=Count(
            "registrations",
            filter=Q(
                registrations__status=Registration.Status.WAITLISTED,
                registrations__promoted_at__isnull=True,
            ),
        ),
        feedback=Avg("registrations__feedback_rating"),
        rated=Count("registrations__feedback_rating"),
    )
    return {
        "workshops": counts["held"],
        "registrations": counts["seats"],
        "attended": counts["attended"],
        "attendance_rate": (
            round(100 * counts["attended"] / counts["seats"], 1) if counts["seats"] else None
        ),
        "unmet_demand": counts["unmet"],
        "feedback_score": round(counts["feedback"], 2) if counts["feedback"] else None,
        "feedback_count": counts["rated"],
        "monthly_attended": per_month(_attended(window), "event__start"),
    }


def figures(window: Window) -> Figures:
    """The hook: workshops held, seats taken, attendance and feedback; the trend of
    attendances; the companies with someone who attended."""
    found = workshop_figures(window)
    return Figures(
        summary=[
            [_("Workshops held"), found["workshops"]],
            [_("Workshop registrations"), found["registrations"]],
            [_("Attendance rate (%)"), found["attendance_rate"]],
            [_("Unmet demand (waitlisted, never promoted)"), found["unmet_demand"]],
            [_("Feedback score (1–5)"), found["feedback_score"]],
        ],
        trend={_("Attendances"): found["monthly_attended"]},
        reached=reached_companies(_attended(window)),
        data={"workshops": found},
    )


def by_partner(window: Window) -> ByPartner:
    """The hook: workshops held and seats taken per organiser, and the companies that attended,
    in two grouped queries."""
    counts = grouped(
        _events(window),
        "organizer_id",
        held=Count("pk", distinct=True),
        seats=Count("registrations", filter=_seat_taken()),
    )
    return ByPartner(
        columns=[_("Workshops held"), _("Workshop registrations")],
        rows={pk: [row["held"], row["seats"]] for pk, row in counts.items()},
        empty=[0, 0],
        reached=companies_per(_attended(window), "event__organizer_id"),
    )
