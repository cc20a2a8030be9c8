"""The figures hook: how an app adds its part to /reports/ without `reports` importing it.

`reports` (a gatherer above the apps) finds each app's `figures.py` at run time, in INSTALLED_APPS
order (portal/app_modules.py), and turns what they return into the report page, its CSV/XLSX
downloads and the quarterly PDF. A new app plugs in by adding a `figures.py` with:

    ORDER: int = 50
        Where the app's part stands among the apps' (lower first): its rows in the key figures,
        its trend columns, its columns in the table by partner and its own tables.

    def figures(window: Window) -> Figures                      # required
        The app's figures for the window: key-figure rows, monthly trend columns, the companies
        it reached, its own tables, and its raw numbers (`data`, for tests and templates).

    def by_partner(window: Window) -> ByPartner                 # optional
        Its columns of the consortium's table by partner, from grouped queries
        (`grouped()`, `companies_per()`), and the companies each partner reached.

    def reach_tables(reached: Reached) -> list[Table]           # optional
        Breaks the SMEs reached by all apps down (the app that owns the company records,
        consulting, gives district, sector and EU size class). Other apps leave it out.

Rules every hook keeps:
- It runs inside the scope the caller entered: the partner's scope for a partner's report,
  `consortium_scope()` for the consortium's. It reads through its models' scoped managers
  (`Model.objects`), never `unscoped()` and never `visible_to(user)`: there is no user, the scope
  is the limit. `window.partner_id` narrows to one partner's rows explicitly (None: every partner
  the scope lets through); say in a docstring which partner a row counts for (the organiser, the
  company's lead partner ...), so that no row counts for two partners.
- A fixed number of queries, whatever the amount of data (the report pages pin their count).
- Labels are translated when the hook runs (`gettext`): the page is in the user's language, the
  PDF in the one it was asked in. Numbers stay plain `int`/`float` (the sheets keep them numeric);
  `None` means "no value" and is shown as a dash.
- Table slugs are unique across apps (they name the sheets and the CSV downloads).

The breakdowns new apps need are here (`Window.bounds`, `per_month`, `per_quarter`, `grouped`,
`companies_per`, `counts_by_choice`) and, for anything by district, sector or size class of a
company, in `consulting/figures.py` (`reached_companies`, `company_facts`, `breakdown`,
`breakdown_tables`): apps may import consulting, which owns the company records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import ModuleType
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth, TruncQuarter
from django.utils import timezone

from portal.app_modules import app_modules

BAR_START = 38.0  # percent of the chart's width left for the labels
BAR_SPACE = 55.0  # percent of the chart's width the longest bar takes

# {company id: what the company-owning app needs to break it down}; opaque to reports.
Reached = dict[int, Any]


@dataclass(frozen=True)
class Window:
    """The inclusive dates a report covers, and the one partner it is narrowed to (or None)."""

    start: date
    end: date
    partner_id: int | None = None

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """Aware datetimes [start 00:00, day after end 00:00) in the portal's time zone, for
        comparing datetime fields with the inclusive dates."""
        tz = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=tz),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz),
        )

    @property
    def months(self) -> list[str]:
        """The months the window touches, as "YYYY-MM" (the keys of `per_month`)."""
        months = []
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months


@dataclass
class Table:
    """One section of the report: a titled table, optionally drawn as a bar chart."""

    slug: str
    title: str
    columns: list[str]
    rows: list[list[Any]]
    chart_column: int | None = None  # the numeric column drawn as bars
    chart_max: float | None = None  # a fixed scale (e.g. 5 for scores); else the largest value

    @property
    def bars(self) -> list[dict[str, Any]]:
        if self.chart_column is None:
            return []
        values = [row[self.chart_column] or 0 for row in self.rows]
        top = self.chart_max or max(values, default=0) or 1
        return [
            {
                "label": str(row[0]),
                "value": row[self.chart_column] or 0,
                # SVG attributes: plain strings, never localised ("12,5%" would break them)
                "width": f"{BAR_SPACE * value / top:.2f}%",
                "value_x": f"{BAR_START + 1 + BAR_SPACE * value / top:.2f}%",
                "bar_y": str(24 * index + 4),
                "text_y": str(24 * index + 16),
            }
            for index, (row, value) in enumerate(zip(self.rows, values, strict=True))
        ]

    @property
    def rows_with_bars(self) -> list[tuple[list[Any], str]]:
        """Each row with the width of its bar ("42.00%", "" without a chart): the PDF draws
        the bars in the table itself (issue #18: the SVG chart's text labels cost WeasyPrint
        most of the quarterly report's time, and repeated the table's own labels)."""
        if self.chart_column is None:
            return [(row, "") for row in self.rows]
        values = [row[self.chart_column] or 0 for row in self.rows]
        top = self.chart_max or max(values, default=0) or 1
        return [
            (row, f"{100 * value / top:.2f}%")  # a CSS width: never localised
            for row, value in zip(self.rows, values, strict=True)
        ]

    @property
    def chart_height(self) -> int:
        return 24 * len(self.rows)

    @property
    def chart_title(self) -> str:
        return self.title

    @property
    def chart_description(self) -> str:
        """The chart's text alternative: every bar's label and value."""
        if self.chart_column is None:
            return ""
        column = self.columns[self.chart_column]
        parts = [f"{row[0]}: {row[self.chart_column] or 0}" for row in self.rows]
        return f"{column} – " + "; ".join(parts)


@dataclass
class Figures:
    """What one app's `figures(window)` returns."""

    # Rows of the "Key figures" table: [label, value]; value None is shown as a dash.
    summary: list[list[Any]] = field(default_factory=list)
    # Columns of the "Trend per month" table: {column label: {"YYYY-MM": count}}.
    trend: dict[str, dict[str, int]] = field(default_factory=dict)
    # The companies the app reached in the window (they make "SMEs reached", counted once
    # across apps): build it with consulting.figures.reached_companies().
    reached: Reached = field(default_factory=dict)
    # The app's own sections, after the shared ones.
    tables: list[Table] = field(default_factory=list)
    # The raw numbers under keys unique across apps; `Report.figures` merges them.
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class ByPartner:
    """What one app's `by_partner(window)` returns: its columns of the table by partner."""

    columns: list[str]  # column labels
    rows: dict[int | None, list[Any]]  # partner id -> one value per column
    empty: list[Any]  # the values of a partner without any row
    reached: dict[int | None, set[int]] = field(default_factory=dict)  # partner id -> companies

    def row(self, partner_id: int) -> list[Any]:
        return self.rows.get(partner_id, self.empty)


def figure_modules() -> tuple[ModuleType, ...]:
    """Each app's `figures.py`, in the order of their `ORDER` (then INSTALLED_APPS)."""
    return tuple(sorted(app_modules("figures"), key=lambda module: getattr(module, "ORDER", 50)))


# --- breakdown helpers for the apps' figures ------------------------------------------------------


def _per(queryset: QuerySet, trunc: Any, label: Callable[[date], str]) -> dict[str, int]:
    rows = queryset.annotate(period=trunc).values("period").annotate(n=Count("pk")).order_by()
    return {label(row["period"]): row["n"] for row in rows}


def per_month(queryset: QuerySet, field_name: str) -> dict[str, int]:
    """{"YYYY-MM": rows} by the month of a date or datetime field, in one grouped query."""
    return _per(queryset, TruncMonth(field_name), lambda month: month.strftime("%Y-%m"))


def per_quarter(queryset: QuerySet, field_name: str) -> dict[str, int]:
    """{"YYYY-Qn": rows} by the quarter of a date or datetime field, in one grouped query."""
    return _per(
        queryset,
        TruncQuarter(field_name),
        lambda start: f"{start:%Y}-Q{(start.month - 1) // 3 + 1}",
    )


def grouped(queryset: QuerySet, by: str, **aggregates: Any) -> dict[Any, dict[str, Any]]:
    """{value of `by`: {name: aggregate}} in one grouped query, e.g. per partner:
    `grouped(sessions, "partner_id", n=Count("pk"), minutes=Sum("duration_minutes"))`."""
    rows = queryset.values(by).annotate(**aggregates).order_by()
    return {row[by]: {name: row[name] for name in aggregates} for row in rows}


def companies_per(
    queryset: QuerySet, by: str, company_field: str = "company_id"
) -> dict[Any, set[int]]:
    """{value of `by`: ids of the companies of its rows} in one query (for "SMEs reached" by
    partner: a company counts once per partner, however many rows it has)."""
    out: dict[Any, set[int]] = defaultdict(set)
    for key, company_id in queryset.values_list(by, company_field).distinct().order_by():
        if company_id is not None:
            out[key].add(company_id)
    return dict(out)


def counts_by_choice(
    queryset: QuerySet, field_name: str, choices: Iterable[tuple[Any, Any]]
) -> list[list[Any]]:
    """[label, rows] for every choice in its order, also those without rows (one query)."""
    counts = {key: row["n"] for key, row in grouped(queryset, field_name, n=Count("pk")).items()}
    return [[str(label), counts.get(key, 0)] for key, label in choices]
