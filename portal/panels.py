"""The panels hook: how an app adds to the pages that gather from all of them.

Neither portal nor the gatherers (dashboard, reports, privacy) import an app (design §2).
Instead each app (and each gatherer, for its own navigation entry) may have a `panels.py` with
any of these functions, found at run time in INSTALLED_APPS order (portal/app_modules.py):

    nav_items(request) -> list[NavItem]                # entries of the main navigation
    home_panels(request) -> list[Panel]                # sections of the public home page
    dashboard_panels(request) -> list[Panel]           # sections of /dashboard/, by role
    dashboard_stats(request) -> list[Stat]             # figures in the dashboard's glance row
    partner_columns(request) -> list[PartnerColumn]    # columns of the consortium dashboard's
                                                       # table of partners
    company_timeline(company, user) -> list[TimelineEntry]  # the company page's timeline
    related_panels(request, about, facts) -> list[Panel]   # sections an app adds to another
                                                       # app's page about something: about=
                                                       # "workshop" (facts: topic_ids) or
                                                       # "assessment_result" (facts: topic_ids
                                                       # of the weak dimensions, sector,
                                                       # size_class); the page asks with
                                                       # related_panels(request, about, **facts)
    week_entries(user, partner, start, end) -> list[WeekEntry]  # a staff member's week
                                                       # (their consultations, workshops,
                                                       # lab trials; overdue follow-ups)

Each function decides from `request.active_context` (partner staff, consortium, SME user, none)
whether it has anything to add, and returns [] otherwise. It reads through its own app's
selectors with `request.user` as the viewer, inside the request's scope, so tenancy stays where
it belongs; a panel never shows a row the viewer could not open. The one exception is
`partner_columns`: the dashboard calls it for consortium admins inside one audited
`consortium_scope()`, and it returns counts only (design §3: aggregates across partners).

A panel is a template plus its context; the page includes it as
`{% include panel.template with data=panel.context %}`, so the template reads `data.<name>`.
Its template lives under the app's templates (`templates/<app>/panels/_<name>.html`) and brings
its own landmark (`<section aria-labelledby=...>`) and heading. Labels are translated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from types import ModuleType
from typing import TYPE_CHECKING, Any

from portal.app_modules import app_modules

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class NavItem:
    label: StrOrPromise
    url: str
    order: int = 50


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 50  # lower comes first


@dataclass(frozen=True)
class Stat:
    """One figure of the dashboard's glance row, with an optional link."""

    label: StrOrPromise
    value: Any
    url: str = ""
    link_text: StrOrPromise = ""
    order: int = 50


@dataclass(frozen=True)
class PartnerColumn:
    """One column of the consortium dashboard's table of partners."""

    label: StrOrPromise
    counts: dict[int | None, int]  # partner id -> count; None: rows of no partner (yet)
    order: int = 50


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime
    kind: str  # e.g. "request", "session", "assessment", "workshop"
    title: StrOrPromise
    url: str = ""
    detail: StrOrPromise = ""


def _panel_modules() -> tuple[ModuleType, ...]:
    return app_modules("panels")


def _collect(hook: str, *args: Any) -> list[Any]:
    found: list[Any] = []
    for module in _panel_modules():
        function: Callable[..., list[Any]] | None = getattr(module, hook, None)
        if function is not None:
            found.extend(function(*args))
    return found


def nav_items(request: Any) -> list[NavItem]:
    return sorted(_collect("nav_items", request), key=lambda item: item.order)


def home_panels(request: Any) -> list[Panel]:
    return sorted(_collect("home_panels", request), key=lambda panel: panel.order)


def dashboard_panels(request: Any) -> list[Panel]:
    return sorted(_collect("dashboard_panels", request), key=lambda panel: panel.order)


def dashboard_stats(request: Any) -> list[Stat]:
    return sorted(_collect("dashboard_stats", request), key=lambda stat: stat.order)


def partner_columns(request: Any) -> list[PartnerColumn]:
    return sorted(_collect("partner_columns", request), key=lambda column: column.order)


def related_panels(request: Any, about: str, **facts: Any) -> list[Panel]:
    return sorted(_collect("related_panels", request, about, facts), key=lambda p: p.order)


def company_timeline(company: Any, user: Any) -> list[TimelineEntry]:
    return sorted(_collect("company_timeline", company, user), key=lambda e: e.when, reverse=True)


@dataclass(frozen=True)
class WeekEntry:
    """One thing in a staff member's week (/dashboard/week/ and its calendar file). `end` None
    means a whole-day item (a follow-up due that day); `overdue` ones are shown first."""

    kind: StrOrPromise  # what it is, as the page says it ("Consultation", "Workshop" ...)
    title: str
    start: datetime
    end: datetime | None = None
    url: str = ""
    location: str = ""
    uid: str = ""  # the calendar file's UID (portal/ics.py uid_for); empty: not in the file
    sequence: int = 0
    overdue: bool = False


def week_entries(user: Any, partner: Any, start: datetime, end: datetime) -> list[WeekEntry]:
    """Everything of `user` at `partner` between `start` and `end`, in time order."""
    entries = _collect("week_entries", user, partner, start, end)
    return sorted(entries, key=lambda e: (not e.overdue, e.start, str(e.title)))
