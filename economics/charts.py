"""Geometry of the two charts (inline SVG, drawn alike on the page and in the PDF).

Pure: numbers in, strings for SVG attributes out (never localised: "12,5" would break them).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

WIDTH = 640
PLOT_LEFT = 70  # room for the axis labels
PLOT_RIGHT = 620
PLOT_TOP = 20
PLOT_BOTTOM = 220
HEIGHT = 260


def _f(value: float) -> str:
    return f"{value:.1f}"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    x: str
    y: str
    width: str
    height: str
    negative: bool
    text_x: str = ""
    text_y: str = ""


@dataclass(frozen=True)
class CumulativeChart:
    bars: list[Bar]
    zero_y: str
    payback_x: str | None  # where the cumulative line crosses zero, if it does
    ticks: list[tuple[str, str]]  # (y, label)
    view_box: str = f"0 0 {WIDTH} {HEIGHT}"


def cumulative_chart(cumulative: list[Decimal], payback: Decimal | None) -> CumulativeChart:
    """Bars of the cumulative cash flow per year, with the payback point marked."""
    values = [float(v) for v in cumulative] or [0.0]
    top = max(max(values), 0.0)
    bottom = min(min(values), 0.0)
    span = (top - bottom) or 1.0
    height = PLOT_BOTTOM - PLOT_TOP

    def y_of(value: float) -> float:
        return PLOT_TOP + (top - value) / span * height

    zero = y_of(0)
    slot = (PLOT_RIGHT - PLOT_LEFT) / len(values)
    bars = []
    for year, value in enumerate(values):
        y = y_of(value)
        bars.append(
            Bar(
                label=str(year),
                value=cumulative[year] if cumulative else Decimal(0),
                x=_f(PLOT_LEFT + slot * year + slot * 0.15),
                y=_f(min(y, zero)),
                width=_f(slot * 0.7),
                height=_f(max(abs(zero - y), 0.5)),
                negative=value < 0,
                text_x=_f(PLOT_LEFT + slot * year + slot / 2),
                text_y=_f(PLOT_BOTTOM + 18),
            )
        )
    payback_x = None
    if payback is not None and payback > 0:
        # the bar of year n stands at its slot's centre; the crossing lies between centres
        payback_x = _f(PLOT_LEFT + slot * float(payback) + slot / 2)
    ticks = [(_f(y_of(v)), f"{v / 1000:.0f}k") for v in (top, 0.0, bottom) if v or v == 0.0]
    return CumulativeChart(bars, _f(zero), payback_x, sorted(set(ticks)))


@dataclass(frozen=True)
class TornadoRow:
    label: str
    low: Decimal
    high: Decimal
    x: str
    width: str
    y: str
    text_y: str
    low_left: bool  # the -20 % end lies left of the base


@dataclass(frozen=True)
class TornadoChart:
    rows: list[TornadoRow]
    base_x: str
    height: int
    view_box: str


TORNADO_LEFT = 262  # room for the longest label ("Vermiedener Ausschuss und Nacharbeit")
TORNADO_RIGHT = 620
ROW = 28


def tornado_chart(bars: list[tuple[str, Decimal, Decimal]], base: Decimal) -> TornadoChart:
    """One horizontal bar per input group from its NPV at -20 % to +20 %, around the base NPV."""
    points = [float(base)] + [float(v) for _l, lo, hi in bars for v in (lo, hi)]
    low, high = min(points), max(points)
    span = (high - low) or 1.0
    width = TORNADO_RIGHT - TORNADO_LEFT

    def x_of(value: float) -> float:
        return TORNADO_LEFT + (value - low) / span * width

    rows = []
    for index, (label, npv_low, npv_high) in enumerate(bars):
        left, right = sorted((x_of(float(npv_low)), x_of(float(npv_high))))
        rows.append(
            TornadoRow(
                label=label,
                low=npv_low,
                high=npv_high,
                x=_f(left),
                width=_f(max(right - left, 1.0)),
                y=_f(10 + ROW * index),
                text_y=_f(10 + ROW * index + 15),
                low_left=npv_low <= npv_high,
            )
        )
    height = 20 + ROW * max(len(rows), 1)
    return TornadoChart(rows, _f(x_of(float(base))), height, f"0 0 {WIDTH} {height}")
