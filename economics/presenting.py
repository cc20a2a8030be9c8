"""What the page, the PDF and the downloads show of one set of inputs: figures, labelled rows,
chart geometry. Translated when called (the page's or the PDF's language)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from economics import charts, finance
from economics.inputs import CRITERIA, VersionData
from economics.models import Category

CENT = Decimal("0.01")


def group_labels() -> dict[str, str]:
    """The tornado's input groups, translated once per call (not once per bar)."""
    labels = {str(key): str(label) for key, label in Category.choices}
    labels.update(
        {
            "investment": _("Investment"),
            "running": _("Running costs"),
            finance.HOURS_LEVER: _("Time saved (hours × rate)"),
            finance.STOCK_LEVER: str(Category.STOCK.label),
            "residual": _("Residual value"),
        }
    )
    return labels


def scenario_label(key: str) -> str:
    return {
        "pessimistic": _("Pessimistic"),
        "realistic": _("Realistic"),
        "optimistic": _("Optimistic"),
    }.get(key, key)


def money(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT)


def percent(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value * 100)).quantize(CENT)


@dataclass(frozen=True)
class YearRow:
    year: int
    flow: Decimal
    discounted: Decimal
    cumulative: Decimal


@dataclass(frozen=True)
class Presentation:
    data: VersionData
    result: finance.Evaluation
    utility: Decimal | None
    years: list[YearRow]
    scenarios: list[dict[str, Any]]
    tornado: charts.TornadoChart
    cumulative: charts.CumulativeChart
    utility_rows: list[dict[str, Any]]

    @property
    def figures(self) -> finance.Figures:
        return self.result.realistic

    @property
    def npv(self) -> Decimal:
        return self.result.realistic.npv.quantize(CENT)

    @property
    def irr_percent(self) -> Decimal | None:
        return percent(self.result.realistic.irr)

    @property
    def payback(self) -> Decimal | None:
        value = self.result.realistic.payback
        return None if value is None else value.quantize(CENT)

    @property
    def discounted_payback(self) -> Decimal | None:
        value = self.result.realistic.discounted_payback
        return None if value is None else value.quantize(CENT)

    @property
    def roi_percent(self) -> Decimal | None:
        value = self.result.realistic.roi
        return None if value is None else (value * 100).quantize(CENT)

    @property
    def annuity(self) -> Decimal:
        return self.result.realistic.annuity.quantize(CENT)

    @property
    def break_even(self) -> Decimal | None:
        return money(self.result.break_even_hourly_rate)

    @property
    def investment_total(self) -> Decimal:
        return self.result.inputs.investment_total.quantize(CENT)

    @property
    def funding(self) -> Decimal:
        return self.result.funding.quantize(CENT)

    @property
    def cumulative_description(self) -> str:
        parts = [
            _("year %(year)s: %(value)s EUR") % {"year": row.year, "value": row.cumulative}
            for row in self.years
        ]
        return "; ".join(parts)

    @property
    def tornado_description(self) -> str:
        return "; ".join(
            _("%(group)s: %(low)s to %(high)s EUR")
            % {"group": row.label, "low": money(row.low), "high": money(row.high)}
            for row in self.tornado.rows
        )


def present(data: VersionData) -> Presentation:
    result = finance.evaluate(data.to_finance())
    cumulative = result.cumulative
    discounted = result.discounted
    years = [
        YearRow(
            year,
            flow.quantize(CENT),
            discounted[year].quantize(CENT),
            cumulative[year].quantize(CENT),
        )
        for year, flow in enumerate(result.realistic.flows)
    ]
    scenarios = [
        {
            "key": s.scenario.key,
            "label": scenario_label(s.scenario.key),
            "benefit_factor": s.scenario.benefit_factor,
            "cost_factor": s.scenario.cost_factor,
            "npv": s.figures.npv.quantize(CENT),
            "irr": percent(s.figures.irr),
            "payback": None if s.figures.payback is None else s.figures.payback.quantize(CENT),
            "discounted_payback": None
            if s.figures.discounted_payback is None
            else s.figures.discounted_payback.quantize(CENT),
        }
        for s in result.scenarios
    ]
    labels = group_labels()
    tornado = charts.tornado_chart(
        [(labels.get(bar.group, bar.group), bar.npv_low, bar.npv_high) for bar in result.tornado],
        result.realistic.npv,
    )
    criteria = dict(CRITERIA)
    utility_rows = [
        {
            "label": str(criteria.get(row["key"], row["key"])),
            "weight": row["weight"],
            "score": row["score"],
        }
        for row in data.utility
    ]
    return Presentation(
        data=data,
        result=result,
        utility=finance.utility(data.criteria()),
        years=years,
        scenarios=scenarios,
        tornado=tornado,
        cumulative=charts.cumulative_chart(
            [row.cumulative for row in years], result.realistic.payback
        ),
        utility_rows=utility_rows,
    )


def input_rows(data: VersionData) -> list[tuple[str, Any]]:
    """The inputs as (label, value) rows, for the PDF and the downloads."""
    labels = dict(Category.choices)
    rows: list[tuple[str, Any]] = [
        (_("Horizon (years)"), data.horizon),
        (_("Discount rate (%)"), data.rate),
    ]
    for cat, (amount, year) in data.investments.items():
        if amount:
            rows.append(
                (
                    _("Investment: %(item)s (year %(year)s)") % {"item": labels[cat], "year": year},
                    amount,
                )
            )
    for cat, amount in data.running.items():
        if amount:
            rows.append((_("Running cost per year: %(item)s") % {"item": labels[cat]}, amount))
    for lever, amount in data.benefits.items():
        if amount:
            rows.append((_("Benefit per year: %(item)s") % {"item": labels[lever]}, amount))
    if data.hours_saved:
        rows.append((_("Hours saved per year"), data.hours_saved))
        rows.append((_("Hourly rate (EUR)"), data.hourly_rate))
    if data.stock_release:
        rows.append((str(labels["stock"]), data.stock_release))
    rows += [
        (_("Ramp-up year 1 (%)"), data.ramp_up[0]),
        (_("Ramp-up year 2 (%)"), data.ramp_up[1]),
        (_("Ramp-up year 3 (%)"), data.ramp_up[2]),
        (_("Residual value at the end (EUR)"), data.residual_value),
    ]
    if data.funding_share:
        rows.append((_("Funding: grant as a share of the investment (%)"), data.funding_share))
    if data.funding_amount:
        rows.append((_("Funding: grant as an amount (EUR)"), data.funding_amount))
    return rows
