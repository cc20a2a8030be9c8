"""Geometry of the radar chart, drawn as inline SVG by the page and the PDF (pure functions)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from assessments.scoring import MAX_LEVEL

RADIUS = 120.0
# Room around the circle for the axis labels: labels outside the viewBox would be clipped.
PAD = 270.0  # fits "Mitarbeiterinnen & Mitarbeiter" at 15 px on the left


@dataclass(frozen=True)
class Axis:
    label: str
    score: float
    x: float  # end of the axis line
    y: float
    label_x: float
    label_y: float
    anchor: str  # text-anchor for the label


@dataclass(frozen=True)
class Radar:
    view_box: str
    axes: tuple[Axis, ...]
    rings: tuple[str, ...]  # polygon points of the grid, levels 1-5
    shape: str  # polygon points of the scores
    compare_shape: str  # polygon points of a second series, or ""


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = RADIUS * value / MAX_LEVEL
    return round(distance * math.cos(angle), 1), round(distance * math.sin(angle), 1)


def _polygon(values: Sequence[float]) -> str:
    return " ".join(
        f"{x},{y}" for x, y in (_point(i, len(values), v) for i, v in enumerate(values))
    )


def radar(
    labels: Sequence[str], scores: Sequence[float], compare: Sequence[float] | None = None
) -> Radar:
    if len(labels) != len(scores) or len(labels) < 3:
        raise ValueError("a radar chart needs at least three labelled scores")
    count = len(labels)
    axes = []
    for index, (label, score) in enumerate(zip(labels, scores, strict=True)):
        x, y = _point(index, count, MAX_LEVEL)
        lx, ly = _point(index, count, MAX_LEVEL * 1.12)
        anchor = "middle" if abs(lx) < 1 else ("start" if lx > 0 else "end")
        axes.append(Axis(label, score, x, y, lx, ly + (4 if ly >= 0 else -2), anchor))
    rings = tuple(_polygon([level] * count) for level in range(1, MAX_LEVEL + 1))
    size = 2 * (RADIUS + PAD)
    return Radar(
        view_box=f"{-(RADIUS + PAD)} {-(RADIUS + 40)} {size} {2 * (RADIUS + 40)}",
        axes=tuple(axes),
        rings=rings,
        shape=_polygon(scores),
        compare_shape=_polygon(compare) if compare is not None else "",
    )
