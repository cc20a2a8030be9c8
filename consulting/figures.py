"""Consulting's figures for /reports/ (the hook contract: portal/figures.py), and the company
breakdowns other apps reuse (district, sector, EU size class: consulting owns the companies).

Every function reads through the scoped managers, so it must run inside a scope: the request's
partner scope, or `consortium_scope()` for figures across partners. `window.partner_id` narrows
the rows to one partner explicitly (None: every partner the scope lets through): a session counts
for the partner that held it, a request for the partner it is routed to, a new company for its
lead partner. Datetimes are compared in the portal's time zone.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from consulting.models import (
    OPEN_REQUEST_STATES,
    AdvisorySession,
    Company,
    ConsultationRequest,
    MeetingFormat,
    Stage,
)
from consulting.reference import DISTRICT_CHOICES, SECTION_CHOICES
from consulting.size_class import SizeClass, size_class
from portal.figures import (
    ByPartner,
    Figures,
    Reached,
    Table,
    Window,
    companies_per,
    grouped,
)

ORDER = 10

# --- company breakdowns, for any app's figures --------------------------------------------------

# What a company is broken down by, read through the path to it ("company", "event__company" ...).
FACT_FIELDS = ("district", "sector_section", "employees", "annual_turnover", "balance_sheet_total")


def _fact_names(path: str) -> list[str]:
    return [f"{path}__{name}" for name in FACT_FIELDS]


def reached_companies(queryset: QuerySet, path: str = "company") -> Reached:
    """{company id: its facts} of the distinct companies of `queryset`'s rows, in one query:
    what `Figures.reached` wants. Rows without a company are left out."""
    names = _fact_names(path)
    rows = queryset.values(f"{path}_id", *names).distinct().order_by()
    return {
        row[f"{path}_id"]: tuple(row[name] for name in names)
        for row in rows
        if row[f"{path}_id"] is not None
    }


def company_facts(queryset: QuerySet, path: str = "company") -> list[tuple]:
    """The facts of each row's company (a company once per row), in one query: for counting
    rows, not companies, by district, sector or size class."""
    return [
        tuple(row)
        for row in queryset.filter(**{f"{path}__isnull": False})
        .values_list(*_fact_names(path))
        .order_by()
    ]


def breakdown(facts: Iterable[tuple]) -> dict[str, dict[str, int]]:
    """Counts by district, sector section and EU size class ("" where unknown) of company facts
    (from `reached_companies(...).values()` or `company_facts(...)`)."""
    out: dict[str, dict[str, int]] = {
        "district": defaultdict(int),
        "sector": defaultdict(int),
        "size_class": defaultdict(int),
    }
    for district, section, employees, turnover, balance in facts:
        out["district"][district or ""] += 1
        out["sector"][section or ""] += 1
        size = size_class(employees, turnover, balance)
        out["size_class"][size.value if size else ""] += 1
    return {key: dict(value) for key, value in out.items()}


def breakdown_tables(
    counts: dict[str, dict[str, int]],
    *,
    slug_prefix: str,
    column: str,
    titles: tuple[str, str, str],
) -> list[Table]:
    """Three tables (every district, sector section and size class, also those at 0) of a
    `breakdown()`; `titles` name them by district, by sector and by size class."""
    by_district, by_sector, by_size = titles
    sizes = [(size.value, size.label) for size in SizeClass] + [("", _("Unknown"))]
    parts: list[tuple[str, str, str, str, Iterable[tuple[Any, Any]]]] = [
        ("districts", by_district, _("District"), "district", DISTRICT_CHOICES),
        ("sectors", by_sector, _("Sector"), "sector", SECTION_CHOICES),
        ("size_classes", by_size, _("Size class"), "size_class", sizes),
    ]
    return [
        Table(
            f"{slug_prefix}{slug}",
            title,
            [first, column],
            [[str(label), counts[key].get(value, 0)] for value, label in choices],
            chart_column=1,
        )
        for slug, title, first, key, choices in parts
    ]


def reach_tables(reached: Reached) -> list[Table]:
    """The hook: the SMEs reached by every app, by district, sector and size class."""
    return breakdown_tables(
        breakdown(reached.values()),
        slug_prefix="",
        column=_("SMEs reached"),
        titles=(
            _("SMEs reached by district"),
            _("SMEs reached by sector (WZ 2008 section)"),
            _("SMEs reached by EU size class"),
        ),
    )


# --- consulting's own figures ---------------------------------------------------------------------


def _sessions(window: Window) -> Any:
    sessions = AdvisorySession.objects.filter(date__gte=window.start, date__lte=window.end)
    if window.partner_id is not None:
        sessions = sessions.filter(partner_id=window.partner_id)
    return sessions


def _hours(minutes: int | None) -> float:
    return round((minutes or 0) / 60, 1)


def session_figures(window: Window) -> dict[str, Any]:
    """Advisory sessions and hours in total and by stage, format and topic; implementation
    projects (distinct companies with an implementation-stage session); monthly counts."""
    sessions = _sessions(window)
    projects = sessions.aggregate(
        n=Count("company_id", filter=Q(stage=Stage.IMPLEMENTATION), distinct=True)
    )["n"]
    # Totals, stages, formats and months from one grouped query (issue #18: the consortium's
    # page has a budget of 25 queries): at most 12 months x 5 stages x 4 formats rows.
    by_stage: dict[Any, dict[str, Any]] = defaultdict(lambda: {"n": 0, "m": 0})
    by_format: dict[Any, dict[str, Any]] = defaultdict(lambda: {"n": 0, "m": 0})
    monthly: dict[str, int] = defaultdict(int)
    rows = (
        sessions.annotate(month=TruncMonth("date"))
        .values("month", "stage", "format")
        .annotate(n=Count("pk"), m=Sum("duration_minutes"))
        .order_by()
    )
    for row in rows:
        for counts in (by_stage[row["stage"]], by_format[row["format"]]):
            counts["n"] += row["n"]
            counts["m"] += row["m"] or 0
        monthly[row["month"].strftime("%Y-%m")] += row["n"]
    totals = {
        "count": sum(counts["n"] for counts in by_stage.values()),
        "minutes": sum(counts["m"] for counts in by_stage.values()),
    }
    by_topic = (
        sessions.filter(topics__isnull=False)
        .values("topics__slug", "topics__name_de", "topics__name_en")
        .annotate(n=Count("pk"), m=Sum("duration_minutes"))
        .order_by("-n", "topics__slug")
    )
    english = (get_language() or "de").startswith("en")

    def by_choice(counts: dict[Any, dict[str, Any]], choices: Any) -> list[tuple]:
        return [
            (
                str(choice.label),
                counts.get(choice.value, {}).get("n", 0),
                _hours(counts.get(choice.value, {}).get("m")),
            )
            for choice in choices
        ]

    return {
        "sessions": totals["count"],
        "hours": _hours(totals["minutes"]),
        "implementation_projects": projects,
        "by_stage": by_choice(by_stage, Stage),
        "by_format": by_choice(by_format, MeetingFormat),
        "by_topic": [
            (
                row["topics__name_en"] if english else row["topics__name_de"],
                row["n"],
                _hours(row["m"]),
            )
            for row in by_topic
        ],
        "monthly": dict(monthly),
    }


def new_companies(window: Window) -> int:
    """Company records created in the period (led by the partner, or all of them)."""
    since, until = window.bounds
    companies = Company.objects.filter(created_at__gte=since, created_at__lt=until)
    if window.partner_id is not None:
        companies = companies.filter(lead_partner_id=window.partner_id)
    return companies.count()


def request_figures(window: Window) -> dict[str, Any]:
    """Consultation requests made in the period, the backlog (requests made by the end of the
    period and still open) and the median days from a request to the session it led to."""
    from django.utils import timezone

    since, until = window.bounds
    requests = ConsultationRequest.objects.all()
    if window.partner_id is not None:
        requests = requests.filter(partner_id=window.partner_id)
    made = requests.filter(created_at__gte=since, created_at__lt=until)
    counts = requests.aggregate(
        made=Count("pk", filter=Q(created_at__gte=since, created_at__lt=until)),
        backlog=Count("pk", filter=Q(created_at__lt=until, status__in=OPEN_REQUEST_STATES)),
    )
    waits = [
        (session_date - timezone.localdate(created)).days
        for created, session_date in made.filter(session__isnull=False).values_list(
            "created_at", "session__date"
        )
    ]
    return {
        "requests": counts["made"],
        "backlog": counts["backlog"],
        "median_days_to_session": statistics.median(waits) if waits else None,
    }


def _table(slug: str, title: str, first: str, rows: list[tuple]) -> Table:
    columns = [first, _("Sessions"), _("Hours")]
    return Table(slug, title, columns, [list(row) for row in rows], chart_column=1)


def figures(window: Window) -> Figures:
    """The hook: sessions, new companies and requests; the trend of sessions; the sessions'
    breakdown by stage, format and topic."""
    sessions = session_figures(window)
    requests = request_figures(window)
    new = new_companies(window)
    return Figures(
        summary=[
            [_("New companies"), new],
            [_("Advisory sessions"), sessions["sessions"]],
            [_("Advisory hours"), sessions["hours"]],
            [_("Implementation projects"), sessions["implementation_projects"]],
            [_("Consultation requests"), requests["requests"]],
            [_("Open requests (backlog)"), requests["backlog"]],
            [_("Median days from request to session"), requests["median_days_to_session"]],
        ],
        trend={_("Advisory sessions"): sessions["monthly"]},
        reached=reached_companies(_sessions(window)),
        tables=[
            _table("stages", _("Advisory sessions by stage"), _("Stage"), sessions["by_stage"]),
            _table("formats", _("Advisory sessions by format"), _("Format"), sessions["by_format"]),
            _table("topics", _("Advisory sessions by topic"), _("Topic"), sessions["by_topic"]),
        ],
        data={"new_companies": new, "sessions": sessions, "requests": requests},
    )


def by_partner(window: Window) -> ByPartner:
    """The hook: sessions and hours per partner that held them, and the companies advised, in
    two grouped queries."""
    sessions = _sessions(window)
    counts = grouped(sessions, "partner_id", n=Count("pk"), m=Sum("duration_minutes"))
    return ByPartner(
        columns=[_("Advisory sessions"), _("Advisory hours")],
        rows={pk: [row["n"], _hours(row["m"])] for pk, row in counts.items()},
        empty=[0, 0.0],
        reached=companies_per(sessions, "partner_id"),
    )
