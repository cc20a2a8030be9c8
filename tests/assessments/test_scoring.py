"""Scoring and chart geometry are pure functions: property tests without a database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessments import charts, scoring
from assessments.content import VERSION_1

SPECS = [
    scoring.DimensionSpec(
        d["key"],
        float(d["weight"]),
        tuple(
            scoring.FieldSpec(f["key"], float(f["weight"]), tuple(q["key"] for q in f["questions"]))
            for f in d["fields"]
        ),
    )
    for d in VERSION_1["dimensions"]
]
QUESTION_KEYS = [q for d in SPECS for f in d.fields for q in f.question_keys]

levels_strategy = st.fixed_dictionaries({key: st.integers(0, 5) for key in QUESTION_KEYS})


def _all(scores: scoring.Scores) -> list[float]:
    values = [scores.overall, scores.level]
    for d in scores.dimensions:
        values += [d.score, d.level, d.gate.score] + [f.score for f in d.fields]
    return values


@given(levels_strategy)
def test_every_score_stays_within_0_and_5(levels):
    assert all(0 <= value <= 5 for value in _all(scoring.score(SPECS, levels)))


@given(levels_strategy, st.sampled_from(QUESTION_KEYS), st.integers(1, 5))
def test_raising_one_answer_never_lowers_a_score(levels, key, step):
    before = scoring.score(SPECS, levels)
    raised = {**levels, key: min(5, levels[key] + step)}
    after = scoring.score(SPECS, raised)
    assert after.overall >= before.overall - 1e-9
    assert after.level >= before.level
    for old, new in zip(before.dimensions, after.dimensions, strict=True):
        assert new.score >= old.score - 1e-9
        assert new.gate.score >= old.gate.score - 1e-9
        assert new.level >= old.level


def test_the_weighted_means_and_the_gate():
    spec = scoring.DimensionSpec(
        "d",
        1,
        (scoring.FieldSpec("a", 3, ("q1",)), scoring.FieldSpec("b", 1, ("q2", "q3"))),
    )
    result = scoring.score_dimension(spec, {"q1": 4, "q2": 1, "q3": 2})
    assert result.fields[1].score == pytest.approx(1.5)
    assert result.score == pytest.approx((4 * 3 + 1.5) / 4)
    assert result.gate.key == "b"
    assert result.level == 1  # the weakest field decides the level the dimension has reached


def test_impuls_weights_make_strategy_count_most():
    only_strategy = dict.fromkeys(QUESTION_KEYS, 0)
    for f in SPECS[0].fields:
        for q in f.question_keys:
            only_strategy[q] = 5
    assert scoring.score(SPECS, only_strategy).overall == pytest.approx(5 * 25 / 100)


def test_level_names_follow_the_floor_of_the_score():
    assert [scoring.level_of(v) for v in (0, 0.99, 1.0, 2.999999999999, 4.5, 5)] == [
        0,
        0,
        1,
        3,
        4,
        5,
    ]


def test_out_of_range_levels_are_refused():
    with pytest.raises(ValueError, match="0-5"):
        scoring.score(SPECS, {**dict.fromkeys(QUESTION_KEYS, 1), QUESTION_KEYS[0]: 6})


def test_security_red_flags_are_the_unmet_critical_requirements():
    status = scoring.security_status(
        {"a": "met", "b": "not_met", "c": "not_met", "d": "not_relevant"}, critical={"a", "c", "d"}
    )
    assert (status.met, status.not_met, status.not_relevant) == (1, 2, 1)
    assert status.red_flags == ("c",)
    assert status.share_met == pytest.approx(1 / 3)


def test_benchmark_mean_needs_the_minimum_group():
    assert scoring.benchmark_mean([1, 2, 3, 4], minimum=5) is None
    assert scoring.benchmark_mean([1, 2, 3, 4, 5], minimum=5) == 3


def test_questionnaire_content_is_complete_in_both_languages():
    dimensions = VERSION_1["dimensions"]
    assert [d["weight"] for d in dimensions] == [25, 14, 10, 19, 14, 18]
    for d in dimensions:
        assert 2 <= len(d["fields"]) <= 4
        for f in d["fields"]:
            assert 1 <= len(f["questions"]) <= 3
            for q in f["questions"]:
                assert [o[0] for o in q["options"]] == [0, 1, 2, 3, 4, 5]
                assert all(o[1] and o[2] and o[1] != o[2] for o in q["options"][1:])
    requirements = [r for _k, _de, _en, reqs in VERSION_1["security_areas"] for r in reqs]
    assert len(VERSION_1["security_areas"]) == 6
    assert 20 <= len(requirements) <= 27
    assert any(r[1] for r in requirements)


@given(st.lists(st.floats(0, 5), min_size=3, max_size=8))
def test_radar_points_stay_inside_the_padded_view_box(scores):
    radar = charts.radar([f"Dimension {i}" for i in range(len(scores))], scores)
    min_x, min_y, width, height = (float(v) for v in radar.view_box.split())
    for axis in radar.axes:
        assert min_x < axis.label_x < min_x + width
        assert min_y < axis.label_y < min_y + height
    for pair in radar.shape.split():
        x, y = (float(v) for v in pair.split(","))
        assert x * x + y * y <= (charts.RADIUS + 0.1) ** 2  # coordinates are rounded to 0.1
