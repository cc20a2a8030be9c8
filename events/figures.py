"""Figures of the events app for a period (read by portal/reports).

Runs inside a scope (the request's partner scope or `consortium_scope()`); `partner_id` narrows
to the workshops that partner organised. A workshop counts as held in the period when it starts
in it and was published or completed (not a draft, not cancelled).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import Any

from django.db.models import Avg, Count, Q
from django.db.models.functions import TruncMonth

from consulting.figures import COMPANY_FIELDS, bounds, company_attributes
from events.models import Event, Registration

HELD_STATUSES = (Event.Status.PUBLISHED, Event.Status.COMPLETED)


def _events(*, start: date, end: date, partner_id: int | None) -> Any:
    since, until = bounds(start, end)
    events = Event.objects.filter(status__in=HELD_STATUSES, start__gte=since, start__lt=until)
    if partner_id is not None:
        events = events.filter(organizer_id=partner_id)
    return events


def _registrations(*, start: date, end: date, partner_id: int | None) -> Any:
    since, until = bounds(start, end)
    registrations = Registration.objects.filter(
        event__status__in=HELD_STATUSES, event__start__gte=since, event__start__lt=until
    )
    if partner_id is not None:
        registrations = registrations.filter(event__organizer_id=partner_id)
    return registrations


def workshop_figures(*, start: date, end: date, partner_id: int | None) -> dict[str, Any]:
    """Workshops held, registrations (seats taken: confirmed or attended), attendance rate
    (attended / seats taken), unmet demand (still waitlisted, never promoted) and the mean
    feedback rating."""
    held = _events(start=start, end=end, partner_id=partner_id).count()
    registrations = _registrations(start=start, end=end, partner_id=partner_id)
    counts = registrations.aggregate(
        seats=Count("pk", filter=Q(status__in=Registration.SEAT_STATUSES)),
        attended=Count("pk", filter=Q(status=Registration.Status.ATTENDED)),
        unmet=Count(
            "pk", filter=Q(status=Registration.Status.WAITLISTED, promoted_at__isnull=True)
        ),
        feedback=Avg("feedback_rating"),
        rated=Count("feedback_rating"),
    )
    monthly = {
        row["month"].strftime("%Y-%m"): row["n"]
        for row in registrations.filter(status=Registration.Status.ATTENDED)
        .annotate(month=TruncMonth("event__start"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return {
        "workshops": held,
        "registrations": counts["seats"],
        "attended": counts["attended"],
        "attendance_rate": (
            round(100 * counts["attended"] / counts["seats"], 1) if counts["seats"] else None
        ),
        "unmet_demand": counts["unmet"],
        "feedback_score": round(counts["feedback"], 2) if counts["feedback"] else None,
        "feedback_count": counts["rated"],
        "monthly_attended": monthly,
    }


def reached_by_workshops(*, start: date, end: date, partner_id: int | None) -> dict[int, tuple]:
    """Companies with someone who attended a workshop held in the period."""
    rows = (
        _registrations(start=start, end=end, partner_id=partner_id)
        .filter(status=Registration.Status.ATTENDED, company__isnull=False)
        .values(*COMPANY_FIELDS)
        .distinct()
        .order_by()
    )
    return company_attributes(rows)


def workshops_by_partner(*, start: date, end: date) -> dict[int, dict[str, Any]]:
    """{organiser id: workshops held, seats taken and the set of companies that attended} in
    three grouped queries, for the consortium's table by partner."""
    out: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"workshops": 0, "registrations": 0, "companies": set()}
    )
    events = _events(start=start, end=end, partner_id=None)
    for row in events.values("organizer_id").annotate(n=Count("pk")).order_by():
        out[row["organizer_id"]]["workshops"] = row["n"]
    registrations = _registrations(start=start, end=end, partner_id=None)
    seats = registrations.filter(status__in=Registration.SEAT_STATUSES)
    for row in seats.values("event__organizer_id").annotate(n=Count("pk")).order_by():
        out[row["event__organizer_id"]]["registrations"] = row["n"]
    attended = registrations.filter(status=Registration.Status.ATTENDED, company__isnull=False)
    for partner_id, company_id in (
        attended.values_list("event__organizer_id", "company_id").distinct().order_by()
    ):
        out[partner_id]["companies"].add(company_id)
    return out
