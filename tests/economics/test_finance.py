"""economics/finance.py: the reference case by hand, numpy-financial on random flows, properties."""

from __future__ import annotations

from decimal import Decimal

import numpy_financial as npf
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from economics import finance as f

D = Decimal


def reference() -> f.Inputs:
    """Investment 100,000 in year 0 with 40 % funding, benefits 25,000 and running costs 5,000
    every year for 5 years, rate 5 % (the case in issue #14)."""
    return f.Inputs(
        horizon=5,
        rate=D("0.05"),
        investments=(f.Investment("hardware", D(100000)),),
        running_costs={"maintenance": D(5000)},
        benefits={"scrap": D(25000)},
        funding_share=D("0.4"),
    )


def test_reference_case_cash_flows():
    assert f.cash_flows(reference()) == [D(-60000), *[D(20000)] * 5]


def test_reference_case_figures_match_the_hand_computation():
    result = f.evaluate(reference()).realistic
    assert result.payback == D(3)
    assert round(result.discounted_payback, 2) == D("3.34")
    assert round(result.npv, 2) == D("26589.53")
    assert round(result.irr * 100, 2) == pytest.approx(19.86)
    assert round(result.roi, 4) == D("0.6667")  # 40,000 surplus on 60,000 net outlay
    # the NPV as a yearly amount: 26,589.53 x annuity factor(5 %, 5 years) 0.230975
    assert round(result.annuity, 2) == D("6141.51")


def test_reference_case_matches_numpy_financial():
    flows = [float(x) for x in f.cash_flows(reference())]
    assert float(f.npv(D("0.05"), flows)) == pytest.approx(npf.npv(0.05, flows), abs=1e-6)
    assert f.irr(flows) == pytest.approx(npf.irr(flows), abs=1e-9)


def test_funding_amount_is_capped_at_the_investment_and_follows_the_spend():
    inputs = f.Inputs(
        horizon=3,
        rate=D(0),
        investments=(f.Investment("hardware", D(1000)), f.Investment("software", D(3000), 1)),
        funding_amount=D(10000),
    )
    assert inputs.funding_total() == D(4000)
    assert f.cash_flows(inputs) == [D(0), D(0), D(0), D(0)]
    half = f.Inputs(
        horizon=2,
        rate=D(0),
        investments=(f.Investment("hardware", D(1000)), f.Investment("software", D(3000), 1)),
        funding_amount=D(2000),
    )
    assert f.cash_flows(half) == [D(-500), D(-1500), D(0)]


def test_ramp_up_stock_release_and_residual_value():
    inputs = f.Inputs(
        horizon=4,
        rate=D(0),
        investments=(f.Investment("hardware", D(10000)),),
        benefits={"energy": D(1000)},
        hours_saved=D(100),
        hourly_rate=D(40),  # 4,000 a year
        ramp_up=(D("0.5"), D("0.8"), D(1)),
        stock_release=D(3000),
        residual_value=D(700),
    )
    assert f.cash_flows(inputs) == [D(-10000), D(5500), D(4000), D(5000), D(5700)]


def test_payback_is_none_when_it_never_pays_back_and_zero_when_never_negative():
    assert f.payback([-100, 10, 10]) is None
    assert f.payback([0, 10, 10]) == 0
    assert f.payback([-100, 50, 50]) == 2


def test_payback_counts_the_last_crossing_after_a_later_outlay():
    # back above zero in year 2, below again in year 3 (a replacement), for good in year 4
    assert f.payback([-100, 60, 60, -50, 60]) == D("3.5")  # -100 -40 20 -30 30


def test_irr_is_none_without_a_sign_change():
    assert f.irr([100, 10, 10]) is None
    assert f.irr([-100, -10]) is None
    assert f.irr([0, 0, 0]) is None


def test_annuity_at_zero_rate_is_an_even_split():
    assert f.annuity(D(1000), D(0), 4) == D(250)


def test_break_even_hourly_rate_makes_the_npv_zero():
    inputs = f.Inputs(
        horizon=5,
        rate=D("0.06"),
        investments=(f.Investment("software", D(50000)),),
        running_costs={"licences": D(2000)},
        hours_saved=D(400),
        hourly_rate=D(45),
    )
    rate = f.break_even_hourly_rate(inputs)
    assert rate is not None
    assert rate > 0
    from dataclasses import replace

    assert abs(f.npv(inputs.rate, f.cash_flows(replace(inputs, hourly_rate=rate)))) < D("0.0001")
    assert f.break_even_hourly_rate(replace(inputs, hours_saved=D(0))) is None


def test_tornado_orders_the_widest_bar_first_and_leaves_out_empty_groups():
    bars = f.sensitivity(reference())
    assert [bar.group for bar in bars] == ["scrap", "investment", "running"]
    assert bars[0].npv_low < bars[0].npv_high  # more benefit, more value
    assert bars[1].npv_low > bars[1].npv_high  # more investment, less value


def test_scenarios_bracket_the_realistic_case():
    result = f.evaluate(reference())
    values = {s.scenario.key: s.figures.npv for s in result.scenarios}
    assert values["pessimistic"] < values["realistic"] < values["optimistic"]
    assert values["realistic"] == result.realistic.npv


def test_utility_is_a_weighted_mean_kept_apart_from_money():
    criteria = [f.Criterion("quality", D(3), 5), f.Criterion("it-security", D(1), 1)]
    assert f.utility(criteria) == D(4)
    assert f.utility([f.Criterion("quality", D(0), 5)]) is None


# --- properties ---------------------------------------------------------------------------------

money = st.integers(min_value=1, max_value=10_000_000)


@settings(max_examples=200, deadline=None)
@given(
    outlay=money,
    later=st.lists(st.integers(min_value=0, max_value=5_000_000), min_size=1, max_size=15),
    low=st.integers(min_value=0, max_value=4000),
    step=st.integers(min_value=1, max_value=4000),
)
def test_npv_falls_as_the_rate_rises_when_all_later_flows_are_positive(outlay, later, low, step):
    assume(any(later))
    flows = [-outlay, *later]
    low_rate, high_rate = D(low) / 10000, D(low + step) / 10000
    assert f.npv(high_rate, flows) < f.npv(low_rate, flows)


@settings(max_examples=300, deadline=None)
@given(
    outlay=money,
    later=st.lists(st.integers(min_value=0, max_value=5_000_000), min_size=1, max_size=15),
)
def test_irr_makes_the_npv_zero_and_agrees_with_numpy_financial(outlay, later):
    flows = [-outlay, *later]
    found = f.irr(flows)
    if sum(later) == 0:
        assert found is None
        return
    assert found is not None
    scale = outlay + sum(later)
    assert abs(float(f.npv(D(repr(found)), flows))) <= 1e-7 * scale
    expected = npf.irr([float(x) for x in flows])
    assert found == pytest.approx(expected, rel=1e-6, abs=1e-8)


@settings(max_examples=200, deadline=None)
@given(
    flows=st.lists(st.integers(min_value=-1_000_000, max_value=1_000_000), min_size=2, max_size=16),
    rate=st.integers(min_value=0, max_value=3000),
)
def test_npv_matches_numpy_financial_on_random_flows(flows, rate):
    r = rate / 10000
    assert float(f.npv(D(rate) / 10000, flows)) == pytest.approx(
        npf.npv(r, [float(x) for x in flows]), rel=1e-9, abs=1e-6
    )


@settings(max_examples=200, deadline=None)
@given(
    outlay=money,
    later=st.lists(st.integers(min_value=1, max_value=5_000_000), min_size=1, max_size=15),
    rate=st.integers(min_value=1, max_value=2000),
)
def test_discounted_payback_is_never_earlier_than_static(outlay, later, rate):
    flows = [-outlay, *later]
    static = f.payback(flows)
    discounted = f.payback(flows, D(rate) / 10000)
    if discounted is not None:
        assert static is not None
        assert static <= discounted
    if static is None:
        assert discounted is None
