"""The formulas of an investment appraisal: pure functions, no Django (design §4, VDI 6025).

Money is `Decimal` (EUR); a rate is a fraction (0.05 for 5 %). Year 0 is the year of the
decision; benefits and running costs fall at the end of years 1..horizon.

    cash_flows(inputs)                 net cash flow of every year 0..horizon
    npv(rate, flows)                   net present value
    irr(flows)                         internal rate of return, None without a sign change or root
    payback(flows, rate=None)          static (or discounted) payback in fractional years, or None
    roi(flows), annuity(npv, rate, n)  return on the net investment; NPV spread evenly over years
    evaluate(inputs)                   all of the above for three scenarios, the tornado and the
                                       break-even of the hourly-rate lever, in one result

Conventions (stated in the PDF too): a grant (funding) is received in the year the investment is
spent, as a share of each investment or as an amount in the year of the first one, never more
than the investment; capital released from stock is a one-off benefit in year 1; ramp-up is the
share of the full yearly benefit reached in years 1, 2 and 3 (full from year 4); the residual
value flows at the end of the horizon. The utility analysis is scored separately and never
turned into money.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from itertools import pairwise
from typing import Any

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")

INVESTMENT_CATEGORIES = ("hardware", "software", "integration", "training", "internal")
RUNNING_CATEGORIES = ("licences", "maintenance", "energy_cost", "staff")
# Yearly benefit levers in EUR; the hours lever (hours saved x hourly rate) is computed.
BENEFIT_LEVERS = ("scrap", "energy", "downtime", "margin")
HOURS_LEVER = "hours"
STOCK_LEVER = "stock"  # capital released from stock: one-off, year 1
SENSITIVITY_STEP = Decimal("0.2")  # +-20 %


def _d(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


@dataclass(frozen=True)
class Investment:
    category: str
    amount: Decimal
    year: int = 0


@dataclass(frozen=True)
class Scenario:
    key: str  # "pessimistic", "realistic", "optimistic"
    benefit_factor: Decimal = ONE
    cost_factor: Decimal = ONE  # on investments and running costs


DEFAULT_SCENARIOS = (
    Scenario("pessimistic", Decimal("0.8"), Decimal("1.1")),
    Scenario("realistic", ONE, ONE),
    Scenario("optimistic", Decimal("1.2"), Decimal("0.95")),
)


@dataclass(frozen=True)
class Inputs:
    horizon: int  # years, 1..15
    rate: Decimal  # discount rate as a fraction
    investments: tuple[Investment, ...] = ()
    running_costs: Mapping[str, Decimal] = field(default_factory=dict)  # EUR per year
    benefits: Mapping[str, Decimal] = field(default_factory=dict)  # EUR per year, full effect
    hours_saved: Decimal = ZERO  # hours per year
    hourly_rate: Decimal = ZERO  # EUR per hour
    stock_release: Decimal = ZERO  # one-off, year 1
    ramp_up: tuple[Decimal, Decimal, Decimal] = (ONE, ONE, ONE)  # shares of years 1-3
    residual_value: Decimal = ZERO
    funding_share: Decimal = ZERO  # fraction of each investment
    funding_amount: Decimal = ZERO  # EUR, in the year of the first investment
    scenarios: tuple[Scenario, ...] = DEFAULT_SCENARIOS

    @property
    def investment_total(self) -> Decimal:
        return sum((i.amount for i in self.investments), ZERO)

    @property
    def hours_benefit(self) -> Decimal:
        return self.hours_saved * self.hourly_rate

    def funding_total(self) -> Decimal:
        wanted = self.investment_total * self.funding_share + self.funding_amount
        return min(wanted, self.investment_total)


def cash_flows(
    inputs: Inputs, *, benefit_factor: Decimal = ONE, cost_factor: Decimal = ONE
) -> list[Decimal]:
    """Net cash flow of each year 0..horizon (negative: money goes out)."""
    years = inputs.horizon
    flows = [ZERO] * (years + 1)
    spent = [ZERO] * (years + 1)
    for item in inputs.investments:
        year = min(max(item.year, 0), years)
        spent[year] += item.amount * cost_factor
    total_spent = sum(spent, ZERO)
    funding = min(total_spent * inputs.funding_share + inputs.funding_amount, total_spent)
    # The grant follows the spend: pro rata to each year's investment.
    for year in range(years + 1):
        grant = funding * spent[year] / total_spent if total_spent else ZERO
        flows[year] -= spent[year] - grant
    yearly_benefit = (sum(inputs.benefits.values(), ZERO) + inputs.hours_benefit) * benefit_factor
    yearly_cost = sum(inputs.running_costs.values(), ZERO) * cost_factor
    for year in range(1, years + 1):
        share = inputs.ramp_up[year - 1] if year <= len(inputs.ramp_up) else ONE
        flows[year] += yearly_benefit * share - yearly_cost
    if years >= 1:
        flows[1] += inputs.stock_release * benefit_factor
    flows[years] += inputs.residual_value
    return flows


def npv(rate: Any, cashflows: Sequence[Any]) -> Decimal:
    """Sum of each year's flow discounted to year 0: sum(flow_t / (1 + rate)^t)."""
    factor = ONE + _d(rate)
    if factor <= 0:
        raise ValueError("the rate must be above -100 %")
    total = ZERO
    discount = ONE
    for flow in cashflows:
        total += _d(flow) / discount
        discount *= factor
    return total


def _npv_float(rate: float, flows: Sequence[float]) -> float:
    """NPV by Horner's rule in x = 1 / (1 + rate): no powers, one multiply-add per year."""
    x = 1.0 / (1.0 + rate)
    total = 0.0
    for flow in reversed(flows):
        total = total * x + flow
    return total


# Where irr() looks for roots: from -99 % to +10,000 %, denser near zero.
_IRR_GRID = sorted(
    {-0.99, -0.9, -0.75, -0.5, -0.3, -0.2}
    | {x / 100 for x in range(-15, 101)}
    | {1.25, 1.5, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0, 100.0}
)


def _sign(value: float) -> float:
    return math.copysign(1, value) if value else 0.0


def _grid(flows: list[float]) -> list[float]:
    """The fixed grid, extended outwards until the NPV takes its limiting sign: the first
    non-zero flow's towards +infinity, the last one's towards -100 %."""
    nonzero = [x for x in flows if x]
    grid = list(_IRR_GRID)
    rate = grid[-1]
    while rate < 1e12 and _sign(_npv_float(rate, flows)) != _sign(nonzero[0]):
        rate *= 4
        grid.append(rate)
    low = [-1 + 10.0**-k for k in range(3, 13)]
    for rate in low:
        if _sign(_npv_float(grid[0], flows)) == _sign(nonzero[-1]):
            break
        grid.insert(0, rate)
    return grid


def irr(cashflows: Sequence[Any]) -> float | None:
    """The rate at which the NPV is zero, as a fraction; None without a sign change or a root.

    A bracketed solver: NPV is evaluated on a fixed grid of rates, every interval where it
    changes sign is narrowed by bisection (never leaves its bracket, unlike Newton's method),
    and of several roots the one closest to zero is returned (numpy-financial's choice).
    """
    flows = [float(f) for f in cashflows]
    signs = {math.copysign(1, f) for f in flows if f != 0}
    if len(signs) < 2:
        return None
    roots = []
    values = [(_npv_float(r, flows), r) for r in _grid(flows)]
    for (low_value, low), (high_value, high) in pairwise(values):
        if low_value == 0:
            roots.append(low)
            continue
        if low_value * high_value > 0:
            continue
        for _ in range(200):
            middle = (low + high) / 2
            value = _npv_float(middle, flows)
            if value == 0 or high - low < 1e-13:
                break
            if (value > 0) == (low_value > 0):
                low, low_value = middle, value
            else:
                high = middle
        roots.append((low + high) / 2)
    if not roots:
        return None
    return min(roots, key=abs)


def payback(cashflows: Sequence[Any], rate: Any = None) -> Decimal | None:
    """Years until the cumulative (discounted, if `rate` is given) cash flow turns non-negative
    for good, interpolated linearly within the year; 0 if it is never negative, None if it is
    still negative at the end of the flows.

    "For good": after a later outlay (a replacement in year 6) pushes it below zero again, the
    payback is the last crossing, not the first.
    """
    factor = ONE + _d(rate) if rate is not None else ONE
    values = []
    discount = ONE
    for flow in cashflows:
        values.append(_d(flow) / discount)
        discount *= factor
    cumulative = []
    running = ZERO
    for value in values:
        running += value
        cumulative.append(running)
    negative = [year for year, total in enumerate(cumulative) if total < 0]
    if not negative:
        return ZERO
    last = negative[-1]
    if last == len(values) - 1:
        return None
    return Decimal(last) + (-cumulative[last] / values[last + 1])


def roi(cashflows: Sequence[Any]) -> Decimal | None:
    """Undiscounted surplus over the horizon per euro of net investment (the outflows)."""
    outflow = -sum((_d(f) for f in cashflows if _d(f) < 0), ZERO)
    if outflow == 0:
        return None
    return sum((_d(f) for f in cashflows), ZERO) / outflow


def annuity(value: Decimal, rate: Any, years: int) -> Decimal:
    """`value` (an NPV) as an equal amount at the end of each of `years` years."""
    r = _d(rate)
    if years <= 0:
        raise ValueError("years must be at least 1")
    if r == 0:
        return value / years
    growth = (ONE + r) ** years
    return value * growth * r / (growth - ONE)


@dataclass(frozen=True)
class Figures:
    flows: list[Decimal]
    npv: Decimal
    irr: float | None
    payback: Decimal | None
    discounted_payback: Decimal | None
    roi: Decimal | None
    annuity: Decimal


def figures_of(flows: list[Decimal], rate: Decimal) -> Figures:
    value = npv(rate, flows)
    return Figures(
        flows=flows,
        npv=value,
        irr=irr(flows),
        payback=payback(flows),
        discounted_payback=payback(flows, rate),
        roi=roi(flows),
        annuity=annuity(value, rate, max(len(flows) - 1, 1)),
    )


@dataclass(frozen=True)
class TornadoBar:
    group: str  # an input group: "investment", "running", "hours", a lever, "residual"
    npv_low: Decimal  # NPV with the group at -20 %
    npv_high: Decimal  # ... at +20 %

    @property
    def span(self) -> Decimal:
        return abs(self.npv_high - self.npv_low)


def _scaled(inputs: Inputs, group: str, factor: Decimal) -> Inputs:
    if group == "investment":
        items = tuple(replace(i, amount=i.amount * factor) for i in inputs.investments)
        return replace(inputs, investments=items)
    if group == "running":
        return replace(
            inputs, running_costs={k: v * factor for k, v in inputs.running_costs.items()}
        )
    if group == HOURS_LEVER:
        return replace(inputs, hours_saved=inputs.hours_saved * factor)
    if group == STOCK_LEVER:
        return replace(inputs, stock_release=inputs.stock_release * factor)
    if group == "residual":
        return replace(inputs, residual_value=inputs.residual_value * factor)
    benefits = dict(inputs.benefits)
    benefits[group] = benefits.get(group, ZERO) * factor
    return replace(inputs, benefits=benefits)


def sensitivity(inputs: Inputs, step: Decimal = SENSITIVITY_STEP) -> list[TornadoBar]:
    """NPV with each input group at -step and +step, the widest bar first (a tornado)."""
    groups = ["investment", "running", HOURS_LEVER, *BENEFIT_LEVERS, STOCK_LEVER, "residual"]
    bars = []
    for group in groups:
        low = npv(inputs.rate, cash_flows(_scaled(inputs, group, ONE - step)))
        high = npv(inputs.rate, cash_flows(_scaled(inputs, group, ONE + step)))
        if low != high:
            bars.append(TornadoBar(group, low, high))
    return sorted(bars, key=lambda bar: bar.span, reverse=True)


def break_even_hourly_rate(inputs: Inputs) -> Decimal | None:
    """The hourly rate at which the NPV is zero, the other inputs unchanged (NPV is linear in
    it); None when no hours are saved. Zero or less: it pays off without the time savings."""
    if inputs.hours_saved <= 0:
        return None
    at_zero = npv(inputs.rate, cash_flows(replace(inputs, hourly_rate=ZERO)))
    at_one = npv(inputs.rate, cash_flows(replace(inputs, hourly_rate=ONE)))
    slope = at_one - at_zero
    if slope == 0:
        return None
    return -at_zero / slope


@dataclass(frozen=True)
class Criterion:
    name: str
    weight: Decimal  # any non-negative number; normalised
    score: int  # 1..5


def utility(criteria: Sequence[Criterion]) -> Decimal | None:
    """The weighted mean score (1-5) of a utility analysis; None without weights."""
    total_weight = sum((c.weight for c in criteria), ZERO)
    if total_weight <= 0:
        return None
    return sum((c.weight * c.score for c in criteria), ZERO) / total_weight


@dataclass(frozen=True)
class ScenarioResult:
    scenario: Scenario
    figures: Figures


@dataclass(frozen=True)
class Evaluation:
    """Everything the pages, the PDF and the exports show about one set of inputs."""

    inputs: Inputs
    realistic: Figures
    scenarios: list[ScenarioResult]
    tornado: list[TornadoBar]
    break_even_hourly_rate: Decimal | None
    funding: Decimal

    @property
    def cumulative(self) -> list[Decimal]:
        running = ZERO
        out = []
        for flow in self.realistic.flows:
            running += flow
            out.append(running)
        return out

    @property
    def discounted(self) -> list[Decimal]:
        factor = ONE + self.inputs.rate
        return [flow / factor**year for year, flow in enumerate(self.realistic.flows)]


def evaluate(inputs: Inputs) -> Evaluation:
    realistic = figures_of(cash_flows(inputs), inputs.rate)
    scenarios = [
        ScenarioResult(
            s,
            figures_of(
                cash_flows(inputs, benefit_factor=s.benefit_factor, cost_factor=s.cost_factor),
                inputs.rate,
            ),
        )
        for s in inputs.scenarios
    ]
    return Evaluation(
        inputs=inputs,
        realistic=realistic,
        scenarios=scenarios,
        tornado=sensitivity(inputs),
        break_even_hourly_rate=break_even_hourly_rate(inputs),
        funding=inputs.funding_total(),
    )
