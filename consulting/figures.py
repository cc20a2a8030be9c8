"""Figures of the consulting app for a period (read by portal/reports).

Every function reads through the scoped managers, so it must run inside a scope: the request's
partner scope, or `consortium_scope()` for figures across partners. `partner_id` narrows the rows
to one partner explicitly (None: every partner the scope lets through). Periods are inclusive
dates; datetimes are compared in the portal's time zone.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from consulting.models import (
    OPEN_REQUEST_STATES,
    AdvisorySession,
    Company,
    ConsultationRequest,
    MeetingFormat,
    Stage,
)

# What the reports need to break companies down by district, sector and size class.
COMPANY_FIELDS = (
    "company_id",
    "company__district",
    "company__sector_section",
    "company__employees",
    "company__annual_turnover",
    "company__balance_sheet_total",
)


def bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Aware datetimes [start 00:00, day after end 00:00) for an inclusive date period."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def company_attributes(rows: Any) -> dict[int, tuple]:
    """{company id: (district, section, employees, turnover, balance sheet)} from values rows."""
    return {
        row["company_id"]: (
            row["company__district"],
            row["company__sector_section"],
            row["company__employees"],
            row["company__annual_turnover"],
            row["company__balance_sheet_total"],
        )
        for row in rows
        if row["company_id"] is not None
    }


def _sessions(*, start: date, end: date, partner_id: int | None) -> Any:
    sessions = AdvisorySession.objects.filter(date__gte=start, date__lte=end)
    if partner_id is not None:
        sessions = sessions.filter(partner_id=partner_id)
    return sessions


def _hours(minutes: int | None) -> float:
    return round((minutes or 0) / 60, 1)


def session_figures(*, start: date, end: date, partner_id: int | None) -> dict[str, Any]:
    """Advisory sessions and hours in total and by stage, format and topic; implementation
    projects (distinct companies with an implementation-stage session); monthly counts."""
    sessions = _sessions(start=start, end=end, partner_id=partner_id)
    totals = sessions.aggregate(
        count=Count("pk"),
        minutes=Sum("duration_minutes"),
        projects=Count("company_id", filter=Q(stage=Stage.IMPLEMENTATION), distinct=True),
    )
    by_stage = {
        row["stage"]: row
        for row in sessions.values("stage").annotate(n=Count("pk"), m=Sum("duration_minutes"))
    }
    by_format = {
        row["format"]: row
        for row in sessions.values("format").annotate(n=Count("pk"), m=Sum("duration_minutes"))
    }
    by_topic = (
        sessions.filter(topics__isnull=False)
        .values("topics__slug", "topics__name_de", "topics__name_en")
        .annotate(n=Count("pk"), m=Sum("duration_minutes"))
        .order_by("-n", "topics__slug")
    )
    english = _is_english()
    monthly = {
        row["month"].strftime("%Y-%m"): row["n"]
        for row in sessions.annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    }
    return {
        "sessions": totals["count"],
        "hours": _hours(totals["minutes"]),
        "implementation_projects": totals["projects"],
        "by_stage": [
            (
                str(stage.label),
                by_stage.get(stage.value, {}).get("n", 0),
                _hours(by_stage.get(stage.value, {}).get("m")),
            )
            for stage in Stage
        ],
        "by_format": [
            (
                str(fmt.label),
                by_format.get(fmt.value, {}).get("n", 0),
                _hours(by_format.get(fmt.value, {}).get("m")),
            )
            for fmt in MeetingFormat
        ],
        "by_topic": [
            (
                row["topics__name_en"] if english else row["topics__name_de"],
                row["n"],
                _hours(row["m"]),
            )
            for row in by_topic
        ],
        "monthly": monthly,
    }


def _is_english() -> bool:
    from django.utils.translation import get_language

    return (get_language() or "de").startswith("en")


def reached_by_sessions(*, start: date, end: date, partner_id: int | None) -> dict[int, tuple]:
    """Companies with an advisory session in the period, with their attributes."""
    rows = (
        _sessions(start=start, end=end, partner_id=partner_id)
        .values(*COMPANY_FIELDS)
        .distinct()
        .order_by()
    )
    return company_attributes(rows)


def new_companies(*, start: date, end: date, partner_id: int | None) -> int:
    """Company records created in the period (led by the partner, or all of them)."""
    since, until = bounds(start, end)
    companies = Company.objects.filter(created_at__gte=since, created_at__lt=until)
    if partner_id is not None:
        companies = companies.filter(lead_partner_id=partner_id)
    return companies.count()


def request_figures(*, start: date, end: date, partner_id: int | None) -> dict[str, Any]:
    """Consultation requests made in the period, the backlog (requests made by the end of the
    period and still open) and the median days from a request to the session it led to."""
    since, until = bounds(start, end)
    requests = ConsultationRequest.objects.all()
    if partner_id is not None:
        requests = requests.filter(partner_id=partner_id)
    made = requests.filter(created_at__gte=since, created_at__lt=until)
    backlog = requests.filter(created_at__lt=until, status__in=OPEN_REQUEST_STATES).count()
    waits = [
        (session_date - timezone.localdate(created)).days
        for created, session_date in made.filter(session__isnull=False).values_list(
            "created_at", "session__date"
        )
    ]
    return {
        "requests": made.count(),
        "backlog": backlog,
        "median_days_to_session": statistics.median(waits) if waits else None,
    }


def by_attribute(companies: dict[int, tuple]) -> dict[str, dict[str, int]]:
    """Counts of companies by district, sector section and EU size class."""
    from consulting.size_class import size_class

    out: dict[str, dict[str, int]] = {
        "district": defaultdict(int),
        "sector": defaultdict(int),
        "size_class": defaultdict(int),
    }
    for district, section, employees, turnover, balance in companies.values():
        out["district"][district or ""] += 1
        out["sector"][section or ""] += 1
        size = size_class(employees, turnover, balance)
        out["size_class"][size.value if size else ""] += 1
    return {key: dict(value) for key, value in out.items()}


def sessions_by_partner(*, start: date, end: date) -> dict[int, dict[str, Any]]:
    """{partner id: sessions, hours and the set of companies advised} in two grouped queries,
    for the consortium's table by partner."""
    sessions = _sessions(start=start, end=end, partner_id=None)
    out: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"sessions": 0, "hours": 0.0, "companies": set()}
    )
    for row in sessions.values("partner_id").annotate(n=Count("pk"), m=Sum("duration_minutes")):
        out[row["partner_id"]].update(sessions=row["n"], hours=_hours(row["m"]))
    for partner_id, company_id in (
        sessions.values_list("partner_id", "company_id").distinct().order_by()
    ):
        out[partner_id]["companies"].add(company_id)
    return out
