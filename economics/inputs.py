"""What one version holds, as the form hands it to the services (no ORM here).

`VersionData` is the saved shape of a version's inputs; `as_initial()` turns it (or a template's
defaults) back into form values, and `to_finance()` into the pure module's inputs, so that the
live preview computes exactly what a save would store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from economics import finance

HUNDRED = Decimal(100)

# The utility analysis' criteria (Fraunhofer IML: benefits beside money), scored 1-5.
CRITERIA = [
    ("quality", _("Quality")),
    ("flexibility", _("Flexibility")),
    ("transparency", _("Transparency")),
    ("staff_relief", _("Relief for staff")),
    ("it_security", _("IT security")),
]


@dataclass
class VersionData:
    horizon: int = 5
    rate: Decimal = Decimal(5)  # percent
    investments: dict[str, tuple[Decimal, int]] = field(default_factory=dict)  # cat: (EUR, year)
    running: dict[str, Decimal] = field(default_factory=dict)
    benefits: dict[str, Decimal] = field(default_factory=dict)
    hours_saved: Decimal = Decimal(0)
    hourly_rate: Decimal = Decimal(0)
    stock_release: Decimal = Decimal(0)
    ramp_up: tuple[Decimal, Decimal, Decimal] = (HUNDRED, HUNDRED, HUNDRED)  # percent
    residual_value: Decimal = Decimal(0)
    funding_share: Decimal = Decimal(0)  # percent
    funding_amount: Decimal = Decimal(0)
    pessimistic: tuple[Decimal, Decimal] = (Decimal("0.8"), Decimal("1.1"))  # benefits, costs
    optimistic: tuple[Decimal, Decimal] = (Decimal("1.2"), Decimal("0.95"))
    utility: list[dict[str, Any]] = field(default_factory=list)  # {key, weight, score}
    note: str = ""

    def to_finance(self) -> finance.Inputs:
        return finance.Inputs(
            horizon=self.horizon,
            rate=self.rate / HUNDRED,
            investments=tuple(
                finance.Investment(cat, amount, year)
                for cat, (amount, year) in self.investments.items()
                if amount
            ),
            running_costs=dict(self.running),
            benefits=dict(self.benefits),
            hours_saved=self.hours_saved,
            hourly_rate=self.hourly_rate,
            stock_release=self.stock_release,
            ramp_up=(
                self.ramp_up[0] / HUNDRED,
                self.ramp_up[1] / HUNDRED,
                self.ramp_up[2] / HUNDRED,
            ),
            residual_value=self.residual_value,
            funding_share=self.funding_share / HUNDRED,
            funding_amount=self.funding_amount,
            scenarios=(
                finance.Scenario("pessimistic", *self.pessimistic),
                finance.Scenario("realistic"),
                finance.Scenario("optimistic", *self.optimistic),
            ),
        )

    def criteria(self) -> list[finance.Criterion]:
        return [
            finance.Criterion(str(row["key"]), Decimal(str(row["weight"])), int(row["score"]))
            for row in self.utility
        ]


def as_initial(data: VersionData) -> dict[str, Any]:
    """Form field values for `data` (the names EvaluationForm uses)."""
    initial: dict[str, Any] = {
        "horizon": data.horizon,
        "rate": data.rate,
        "hours_saved": data.hours_saved,
        "hourly_rate": data.hourly_rate,
        "stock": data.stock_release,
        "ramp_up_1": data.ramp_up[0],
        "ramp_up_2": data.ramp_up[1],
        "ramp_up_3": data.ramp_up[2],
        "residual_value": data.residual_value,
        "funding_share": data.funding_share,
        "funding_amount": data.funding_amount,
        "pessimistic_benefits": data.pessimistic[0],
        "pessimistic_costs": data.pessimistic[1],
        "optimistic_benefits": data.optimistic[0],
        "optimistic_costs": data.optimistic[1],
    }
    for cat in finance.INVESTMENT_CATEGORIES:
        amount, year = data.investments.get(cat, (Decimal(0), 0))
        initial[f"inv_{cat}"] = amount
        initial[f"inv_{cat}_year"] = year
    for cat in finance.RUNNING_CATEGORIES:
        initial[f"run_{cat}"] = data.running.get(cat, Decimal(0))
    for lever in finance.BENEFIT_LEVERS:
        initial[f"ben_{lever}"] = data.benefits.get(lever, Decimal(0))
    scores = {row["key"]: row for row in data.utility}
    for key, _label in CRITERIA:
        initial[f"weight_{key}"] = scores.get(key, {}).get("weight", 0)
        initial[f"score_{key}"] = scores.get(key, {}).get("score", 3)
    return initial


def from_defaults(defaults: dict[str, Any]) -> dict[str, Any]:
    """A template's stored defaults (form field names -> values) over the empty form's."""
    initial = as_initial(VersionData())
    initial.update({k: v for k, v in defaults.items() if k in initial})
    return initial


def defaults_of(data: VersionData) -> dict[str, Any]:
    """What a template stores: the form values as JSON-friendly strings."""
    return {key: str(value) for key, value in as_initial(data).items()}
