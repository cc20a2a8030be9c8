"""`/dashboard/week/`: a staff member's week at the active partner: their consultations, the
partner's workshops (and, once the labs arrive, lab trials) and their follow-ups, overdue ones
first and marked; `/dashboard/week.ics` is the same week as a calendar file. Gathered from the
apps' `week_entries` hooks (portal/panels.py); the dashboard names no app."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.views.decorators.http import require_GET

from portal import ics, mail, panels
from portal.access import active_partner_or_404
from portal.http import SignedInRequest


def _monday(request: SignedInRequest) -> date:
    """The week asked for (`?from=YYYY-MM-DD`, any day of it), else this week."""
    try:
        day = parse_date(request.GET.get("from", "")) or timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    return day - timedelta(days=day.weekday())


def _bounds(monday: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(monday, time.min))
    return start, timezone.make_aware(datetime.combine(monday + timedelta(days=7), time.min))


@require_GET
@login_required
def my_week(request: SignedInRequest) -> HttpResponse:
    partner = active_partner_or_404(request)
    monday = _monday(request)
    start, end = _bounds(monday)
    entries = panels.week_entries(request.user, partner, start, end)
    overdue = [e for e in entries if e.overdue]
    dated = [e for e in entries if not e.overdue]
    days = [
        (day, list(items))
        for day, items in groupby(dated, key=lambda e: timezone.localdate(e.start))
    ]
    return render(
        request,
        "dashboard/week.html",
        {
            "partner": partner,
            "monday": monday,
            "sunday": monday + timedelta(days=6),
            "previous": monday - timedelta(days=7),
            "next": monday + timedelta(days=7),
            "overdue": overdue,
            "days": days,
        },
    )


@require_GET
@login_required
def my_week_ics(request: SignedInRequest) -> HttpResponse:
    """The same week and the next three as a calendar file (appointments with a time only)."""
    partner = active_partner_or_404(request)
    start, _ = _bounds(_monday(request))
    end = start + timedelta(weeks=4)
    entries = [
        ics.CalendarEntry(
            uid=e.uid,
            title=f"{e.kind}: {e.title}",
            start=e.start,
            end=e.end,
            sequence=e.sequence,
            url=mail.absolute_url(e.url) if e.url else "",
            location=str(e.location),
        )
        for e in panels.week_entries(request.user, partner, start, end)
        if e.uid and e.end is not None
    ]
    response = HttpResponse(
        ics.calendar_bytes(entries, name=partner.short_name), content_type="text/calendar"
    )
    response["Content-Disposition"] = 'attachment; filename="my-week.ics"'
    return response
