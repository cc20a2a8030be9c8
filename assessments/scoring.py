"""Readiness scoring as pure functions: plain values in, plain values out, no database.

A field's score is the mean level of its questions' answers; a dimension's score is the weighted
mean of its fields; the overall score is the weighted mean of the dimensions. Following the
IMPULS readiness study, a dimension is only as ready as its weakest field: that field is its
"gate", and the level a dimension has fully reached is the floor of the gate's score.
Every step is a (weighted) mean or a minimum of non-decreasing inputs, so raising one answer never
lowers any score, and all scores stay within 0-5.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

MIN_LEVEL = 0
MAX_LEVEL = 5


@dataclass(frozen=True)
class FieldSpec:
    key: str
    weight: float
    question_keys: tuple[str, ...]


@dataclass(frozen=True)
class DimensionSpec:
    key: str
    weight: float
    fields: tuple[FieldSpec, ...]


@dataclass(frozen=True)
class FieldScore:
    key: str
    weight: float
    score: float


@dataclass(frozen=True)
class DimensionScore:
    key: str
    weight: float
    score: float
    gate: FieldScore
    fields: tuple[FieldScore, ...]

    @property
    def level(self) -> int:
        """The level every field of the dimension has reached."""
        return level_of(self.gate.score)


@dataclass(frozen=True)
class Scores:
    overall: float
    dimensions: tuple[DimensionScore, ...]

    @property
    def level(self) -> int:
        return level_of(self.overall)


def level_of(score: float) -> int:
    """The level reached by a score (0-5); a tiny epsilon absorbs float rounding of means."""
    return max(MIN_LEVEL, min(MAX_LEVEL, math.floor(score + 1e-9)))


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float:
    """Mean of (value, weight) pairs; weights of zero count only if all are zero."""
    pairs = list(pairs)
    if not pairs:
        raise ValueError("nothing to average")
    total = sum(weight for _value, weight in pairs)
    if total <= 0:
        return sum(value for value, _weight in pairs) / len(pairs)
    return sum(value * weight for value, weight in pairs) / total


def _clamp(value: float) -> float:
    return max(float(MIN_LEVEL), min(float(MAX_LEVEL), value))


def score_field(spec: FieldSpec, levels: dict[str, int]) -> FieldScore:
    values = [levels[key] for key in spec.question_keys]
    if any(not MIN_LEVEL <= value <= MAX_LEVEL for value in values):
        raise ValueError(f"levels of {spec.key} must be 0-5")
    return FieldScore(spec.key, spec.weight, _clamp(sum(values) / len(values)))


def score_dimension(spec: DimensionSpec, levels: dict[str, int]) -> DimensionScore:
    fields = tuple(score_field(field, levels) for field in spec.fields)
    score = _clamp(weighted_mean((f.score, f.weight) for f in fields))
    gate = min(fields, key=lambda f: (f.score, -f.weight))
    return DimensionScore(spec.key, spec.weight, score, gate, fields)


def score(dimensions: Sequence[DimensionSpec], levels: dict[str, int]) -> Scores:
    """Scores of one assessment; `levels` maps every question key to the chosen level."""
    scored = tuple(score_dimension(spec, levels) for spec in dimensions)
    overall = _clamp(weighted_mean((d.score, d.weight) for d in scored))
    return Scores(overall, scored)


@dataclass(frozen=True)
class SecurityStatus:
    met: int
    not_met: int
    not_relevant: int
    red_flags: tuple[str, ...]  # keys of unmet critical requirements

    @property
    def share_met(self) -> float | None:
        """Share of the relevant requirements that are met (None if none is relevant)."""
        relevant = self.met + self.not_met
        return self.met / relevant if relevant else None


def security_status(answers: dict[str, str], critical: set[str]) -> SecurityStatus:
    """`answers` maps requirement keys to "met" / "not_met" / "not_relevant"."""
    counts = {"met": 0, "not_met": 0, "not_relevant": 0}
    for status in answers.values():
        counts[status] += 1
    flags = tuple(sorted(k for k, s in answers.items() if s == "not_met" and k in critical))
    return SecurityStatus(counts["met"], counts["not_met"], counts["not_relevant"], flags)


def benchmark_mean(values: Sequence[float], *, minimum: int) -> float | None:
    """The mean of a comparison group, or None when fewer than `minimum` results exist."""
    if len(values) < minimum:
        return None
    return sum(values) / len(values)
