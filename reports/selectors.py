"""The report: every app's figures for a period, gathered into tables.

reports stands above the apps and names none of them: it finds each app's `figures.py` through
`portal.figures.figure_modules()` and follows the hook contract written in portal/figures.py
(`figures(window)`, optionally `by_partner(window)` and `reach_tables(reached)`). A new app's
figures show on the page, in the CSV/XLSX downloads and in the quarterly PDF by that alone.

Partner staff get their active partner's figures, read in that partner's scope. Consortium admins
read across partners inside `consortium_scope()` (role checked, audited), for one partner or all.
The number of queries depends on the number of partners, never on the amount of data.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from django.utils.translation import gettext as _

from portal import reference
from portal.figures import ByPartner, Figures, Reached, Table, Window, figure_modules
from portal.models import PartnerInstitution, User
from portal.tenancy import consortium_scope, partner_scope
from reports.forms import Period


@dataclass
class Report:
    period: Period
    partner: PartnerInstitution | None
    consortium: bool
    figures: dict[str, Any]  # "smes_reached" and each app's `Figures.data`
    tables: list[Table] = field(default_factory=list)

    def table(self, slug: str) -> Table | None:
        return next((t for t in self.tables if t.slug == slug), None)


def _or_dash(value: Any) -> Any:
    return "—" if value is None else value


def _gather(modules: Sequence[ModuleType], window: Window) -> list[Figures]:
    return [module.figures(window) for module in modules]


def _reached(parts: list[Figures]) -> Reached:
    reached: Reached = {}
    for part in parts:
        reached.update(part.reached)
    return reached


def _figures(parts: list[Figures], reached: Reached) -> dict[str, Any]:
    figures: dict[str, Any] = {"smes_reached": len(reached)}
    for part in parts:
        clash = figures.keys() & part.data.keys()
        if clash:
            raise ValueError(f"Two apps' figures use the same keys: {sorted(clash)}")
        figures.update(part.data)
    return figures


def _partner_table(modules: Sequence[ModuleType], window: Window) -> Table:
    """The table by partner, from each app's grouped queries (a handful in all, however many
    partners there are)."""
    columns: list[ByPartner] = [
        module.by_partner(window) for module in modules if hasattr(module, "by_partner")
    ]
    rows = []
    # The active partners as the filters know them (portal/reference.py: no query while they
    # are unchanged), by short name.
    for pk, short_name in sorted(reference.choices()[1], key=lambda partner: partner[1]):
        reached: set[int] = set()
        values: list[Any] = []
        for part in columns:
            reached |= part.reached.get(pk, set())
            values += part.row(pk)
        rows.append([short_name, len(reached), *values])
    return Table(
        "partners",
        _("By partner"),
        [_("Partner"), _("SMEs reached")] + [label for part in columns for label in part.columns],
        rows,
        chart_column=1,
    )


def _trend_table(parts: list[Figures], window: Window) -> Table:
    series = [(label, months) for part in parts for label, months in part.trend.items()]
    return Table(
        "trend",
        _("Trend per month"),
        [_("Month")] + [label for label, _months in series],
        [[month] + [months.get(month, 0) for _label, months in series] for month in window.months],
        chart_column=1,
    )


def build_report(
    *,
    period: Period,
    partner: PartnerInstitution | None,
    by_partner: bool,
    modules: Sequence[ModuleType] | None = None,
) -> Report:
    """The report in the scope the caller entered: one partner's figures, or (partner=None)
    every partner's the scope lets through, plus a table by partner when `by_partner`.
    `modules`: the apps' figures modules (default: every app's, portal.figures)."""
    modules = figure_modules() if modules is None else modules
    window = Window(period.start, period.end, partner.pk if partner else None)
    parts = _gather(modules, window)
    reached = _reached(parts)
    summary = [[_("SMEs reached"), len(reached)]]
    summary += [[label, _or_dash(value)] for part in parts for label, value in part.summary]
    tables = [Table("summary", _("Key figures"), [_("Figure"), _("Value")], summary)]
    if by_partner and partner is None:
        tables.append(_partner_table(modules, window))
    tables.append(_trend_table(parts, window))
    tables += [table for part in parts for table in part.tables]
    for module in modules:
        if hasattr(module, "reach_tables"):
            tables += module.reach_tables(reached)
    slugs = [table.slug for table in tables]
    if len(slugs) != len(set(slugs)):
        raise ValueError(f"Two report tables share a slug: {slugs}")
    return Report(
        period=period,
        partner=partner,
        consortium=by_partner,
        figures=_figures(parts, reached),
        tables=tables,
    )


def report_for(
    *, viewer: User, period: Period, consortium: bool, partner: PartnerInstitution | None
) -> Report:
    """The report `viewer` asked for. Consortium admins (consortium=True) get one partner's
    figures or, with partner=None, everyone's plus a table by partner; partner staff pass their
    active partner and get only its rows."""
    if consortium:
        purpose = f"reports: figures {period.start}..{period.end}" + (
            f" of partner {partner.pk}" if partner else " of all partners"
        )
        with consortium_scope(viewer, purpose=purpose):
            return build_report(period=period, partner=partner, by_partner=True)
    if partner is None:
        raise ValueError("Partner figures need the partner.")
    with partner_scope(partner):
        return build_report(period=period, partner=partner, by_partner=False)
