"""Benchmarks from stored aggregates: the same figures as a direct computation over the raw results,
kept right by completion and erasure, read in a fixed number of queries."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments import selectors
from assessments.content import VERSION_1
from assessments.figures import assessment_figures
from assessments.loading import publish_questionnaire
from assessments.models import AssessmentResult, ResultDimension
from consulting.models import Company
from portal.figures import Window
from portal.tenancy import unscoped
from privacy.services import erase_company
from tests.access import client_for
from tests.assessments.factories import completed, sme_user
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ROUNDING = 0.005 + 1e-9  # the benchmark shows means rounded to two places

MIXED = {
    "strategy": 1,
    "smart_factory": 4,
    "smart_operations": 3,
    "smart_products": 5,
    "data_services": 2,
    "employees": 4,
}


def direct_benchmark(result: AssessmentResult, group: str) -> tuple[int, Decimal | None, dict]:
    """Count and unrounded means of `result`'s group (its sector or size class), computed in
    Python from every raw result: each company's newest result by (created_at, pk), its JSON."""
    with unscoped("test: every raw result"):
        rows = list(AssessmentResult.objects.select_related("assessment").order_by())
    newest: dict[int, AssessmentResult] = {}
    for row in sorted(rows, key=lambda r: (r.created_at, r.pk)):
        newest[row.assessment.company_id] = row
    members = [r for r in newest.values() if getattr(r, group) == getattr(result, group)]
    if len(members) < selectors.BENCHMARK_MINIMUM:
        return len(members), None, {}
    scores: dict[str, list[Decimal]] = {}
    for member in members:
        for dimension in member.dimensions:
            scores.setdefault(dimension["key"], []).append(Decimal(str(dimension["score"])))
    overall = sum(m.overall_score for m in members) / len(members)
    return len(members), overall, {k: sum(v) / len(v) for k, v in scores.items()}


def assert_benchmark_is_direct(benchmark: selectors.Benchmark, direct: tuple) -> None:
    count, overall, dimensions = direct
    assert benchmark.count == count
    if overall is None:
        assert (benchmark.overall, benchmark.dimensions) == (None, {})
        return
    assert benchmark.overall == pytest.approx(float(overall), abs=ROUNDING)
    assert benchmark.dimensions.keys() == dimensions.keys()
    for key, mean in dimensions.items():
        assert benchmark.dimensions[key] == pytest.approx(float(mean), abs=ROUNDING)


def company_of(user) -> Company:
    with unscoped("test"):
        return Company.objects.get(members__user=user)


def move_company(user, **changes) -> None:
    with unscoped("test: the company changes sector or size"):
        Company.objects.filter(members__user=user).update(**changes)


def test_stored_benchmark_equals_a_direct_computation_from_the_raw_results():
    # (sector, employees, levels of each completed assessment, oldest first)
    plans = [
        ("F", 5, [1, 4]),  # micro; a repeat: only the second counts
        ("F", 30, [2]),
        ("F", 30, [3, MIXED]),
        ("F", 100, [5]),
        ("F", 5, [MIXED]),
        ("F", 30, [2, 3, 1]),
        ("J", 30, [2]),
        ("J", 30, [4]),
    ]
    latest = []
    for sector, employees, rounds in plans:
        user = sme_user(sector_section=sector, sector_division="", employees=employees)
        for level in rounds:
            _a, result = completed(user, level=level)
        latest.append(result)
    # A company that moved from F to J (and grew) counts once, with its newest result, in J.
    mover = sme_user(sector_section="F", sector_division="", employees=5)
    completed(mover, level=1)
    move_company(mover, sector_section="J", employees=100)
    _a, moved = completed(mover, level=MIXED)
    latest.append(moved)

    for result in latest:
        by_sector, by_size = selectors.benchmarks_for(result)
        assert_benchmark_is_direct(by_sector, direct_benchmark(result, "sector_section"))
        assert_benchmark_is_direct(by_size, direct_benchmark(result, "size_class"))
    f_sector, small = selectors.benchmarks_for(latest[1])
    assert (f_sector.count, small.count) == (6, 5)  # the mover left F; both shown
    assert f_sector.overall is not None
    assert small.overall is not None
    j_sector, medium = selectors.benchmarks_for(moved)
    assert (j_sector.count, j_sector.overall, medium.count) == (3, None, 2)


def test_completion_moves_the_latest_flag_to_the_new_result_and_its_dimension_rows():
    user = sme_user()
    _a, first = completed(user, level=2)
    _b, second = completed(user, level=3)
    other = sme_user()
    _c, others = completed(other, level=4)
    with unscoped("test: read the flags"):
        flags = dict(AssessmentResult.objects.values_list("pk", "is_latest"))
        rows = {
            pk: sorted(
                ResultDimension.objects.filter(result_id=pk).values_list(
                    "key", "score", "is_latest"
                )
            )
            for pk in (first.pk, second.pk, others.pk)
        }
    assert flags == {first.pk: False, second.pk: True, others.pk: True}
    for result in (first, second, others):
        frozen = sorted((d["key"], Decimal(str(d["score"]))) for d in result.dimensions)
        assert [(key, score) for key, score, _latest in rows[result.pk]] == frozen
        assert {latest for *_kv, latest in rows[result.pk]} == {flags[result.pk]}


def test_erasure_keeps_the_benchmark_figures():
    users = [sme_user(sector_section="F", sector_division="", employees=30) for _ in range(5)]
    for index, user in enumerate(users):
        _a, result = completed(user, level=1 + index % 5)
    before = selectors.benchmarks_for(result)
    assert before[0].count == 5
    erase_company(actor=users[0], company=company_of(users[0]), password=PASSWORD)
    assert selectors.benchmarks_for(result) == before


def test_result_page_runs_a_fixed_number_of_queries_whatever_the_data():
    def build(companies: int) -> None:
        for _ in range(companies):
            other = sme_user(sector_section="F", sector_division="", employees=30)
            completed(other, level=2)
            completed(other, level=3)

    user = sme_user(sector_section="F", sector_division="", employees=30)
    assessment, _result = completed(user, level=MIXED)
    client = client_for(user)
    url = f"/assessments/{assessment.pk}/"
    build(1)  # below the minimum: no means shown
    client.get(url)  # warm up the session and caches
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    build(8)  # benchmarks shown for the sector and the size class
    with CaptureQueriesContext(connection) as larger:
        page = client.get(url)
    assert page.status_code == 200
    assert "Group mean" in page.content.decode()
    assert len(small) == len(larger) <= 12


def test_report_figures_average_each_dimension_across_versions_under_its_newest_name():
    first, second = sme_user(), sme_user()
    completed(first, level=1)
    v2 = copy.deepcopy(VERSION_1)
    v2["version"] = 2
    v2["dimensions"][0]["name_en"] = "Strategy (new wording)"
    v2["dimensions"] = [v2["dimensions"][0], *v2["dimensions"][2:]]  # one dimension dropped
    with unscoped("publish v2"):
        publish_questionnaire(v2)
    completed(second, level=4)
    today = timezone.localdate()
    with unscoped("test: the figures of everything"):
        figures = assessment_figures(Window(today, today))
    assert figures["assessments"] == 2
    rows = {name: (n, mean) for name, n, mean in figures["by_dimension"]}
    assert rows["Strategy (new wording)"] == (2, 2.5)
    assert rows["Smart factory"] == (1, 1.0)  # only the first version asked it
    assert rows["Employees"] == (2, 2.5)
    assert figures["by_dimension"][0][0] == "Strategy (new wording)"  # the questionnaire's order
