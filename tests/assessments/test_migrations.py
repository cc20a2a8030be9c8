"""Migrations of the stored aggregates: the backfill of existing results, the declared index."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from assessments.models import AssessmentResult, ResultDimension
from portal.tenancy import unscoped
from tests.assessments.factories import completed, sme_user

MIXED_LEVELS = {
    "strategy": 1,
    "smart_factory": 4,
    "smart_operations": 3,
    "smart_products": 5,
    "data_services": 2,
    "employees": 4,
}

BEFORE_BACKFILL = [("assessments", "0005_result_latest_and_dimension_scores")]
BACKFILLED = [("assessments", "0006_backfill_latest_and_dimension_scores")]
INDEX = "assessments_completed_at_idx"


def completed_at_index() -> list[str] | None:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, "assessments_assessment")
    return found[INDEX]["columns"] if INDEX in found else None


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection)  # a fresh loader sees what is applied now


@pytest.fixture
def at_0005(postgres, table_owner):
    """The database as it was before the backfill, inside the test's transaction.

    PostgreSQL only: its DDL is transactional, so the rollback after the test restores the
    schema, and no transactional test has to flush the data the migrations made (SQLite's
    schema editor refuses to run inside a transaction). Every migration, fresh, on SQLite is
    what creating the test database does; `test_backfill_function_...` runs the backfill there.
    """
    executor = migrate(BEFORE_BACKFILL)
    yield executor.loader.project_state(BEFORE_BACKFILL).apps
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # if the test failed early


def dimensions(*scores: float) -> list[dict]:
    keys = ["strategy", "smart_factory", "employees"]
    return [{"key": k, "score": s, "level": int(s)} for k, s in zip(keys, scores, strict=True)]


@pytest.mark.django_db
def test_backfill_flags_each_companys_newest_result_and_copies_its_dimension_scores(at_0005):
    apps = at_0005
    questionnaire = apps.get_model("assessments", "Questionnaire").objects.create(
        version=99, title_de="Alt", title_en="Old", status="archived", published_at=timezone.now()
    )
    company_model = apps.get_model("consulting", "Company")
    assessment_model = apps.get_model("assessments", "Assessment")
    result_model = apps.get_model("assessments", "AssessmentResult")
    now = timezone.now()

    def result(company, days_ago: int, scores: tuple, sector: str = "C", size: str = "small"):
        when = now - timedelta(days=days_ago)
        assessment = assessment_model.objects.create(
            company=company,
            questionnaire=questionnaire,
            status="completed",
            created_at=when,
            completed_at=when,
        )
        return result_model.objects.create(
            assessment=assessment,
            overall_score=Decimal("2.00"),
            level=2,
            dimensions=dimensions(*scores),
            sector_section=sector,
            size_class=size,
            created_at=when,
        )

    def company(name: str):
        return company_model.objects.create(
            name=name,
            postcode="98693",
            city="Ilmenau",
            district="16070",
            sector_section="C",
            employees=40,
        )

    repeat, single, _none = company("Repeat"), company("Single"), company("Without")
    # Created in this order on purpose: the newer result gets the lower id.
    newer = result(repeat, 10, (3.5, 2.25, 4), sector="F", size="medium")
    older = result(repeat, 400, (1, 1.5, 2))
    only = result(single, 30, (0, 5, 2.75))
    assert completed_at_index() == ["status", "completed_at"]  # reversing 0007 kept it

    migrate(BACKFILLED)

    with unscoped("test: read the backfilled rows"):
        flags = dict(AssessmentResult.objects.values_list("pk", "is_latest"))
        rows = sorted(
            ResultDimension.objects.values_list(
                "result_id", "key", "score", "sector_section", "size_class", "is_latest"
            )
        )
    assert flags == {newer.pk: True, older.pk: False, only.pk: True}
    expected = []
    for row, latest in ((newer, True), (older, False), (only, True)):
        for dimension in row.dimensions:
            score = Decimal(str(dimension["score"])).quantize(Decimal("0.01"))
            expected.append(
                (row.pk, dimension["key"], score, row.sector_section, row.size_class, latest)
            )
    assert rows == sorted(expected)

    with connection.cursor() as cursor:
        # Fire the deferred foreign-key checks of the rows above now: PostgreSQL refuses to
        # create an index on a table with pending ones (0007 runs CREATE INDEX IF NOT EXISTS).
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert completed_at_index() == ["status", "completed_at"]


@pytest.mark.django_db
def test_the_report_index_is_declared_and_present():
    assert completed_at_index() == ["status", "completed_at"]


@pytest.mark.django_db
def test_backfill_function_rebuilds_what_completion_maintains(monkeypatch):
    """The migration's function on today's models, on either database: it rebuilds exactly
    the flags and rows that complete_assessment keeps (inserting in several flushes)."""
    migration = import_module("assessments.migrations.0006_backfill_latest_and_dimension_scores")
    monkeypatch.setattr(migration, "FLUSH_EVERY", 4)
    first, second = sme_user(), sme_user()
    completed(first, level=1)
    completed(second, level=3)
    completed(first, level=MIXED_LEVELS)

    def stored() -> tuple[dict, list]:
        flags = dict(AssessmentResult.objects.values_list("pk", "is_latest"))
        rows = sorted(
            ResultDimension.objects.values_list(
                "result_id", "key", "score", "sector_section", "size_class", "is_latest"
            )
        )
        return flags, rows

    with unscoped("test: rebuild the stored aggregates"):
        maintained = stored()
        assert sum(maintained[0].values()) == 2
        ResultDimension.objects.all().delete()
        AssessmentResult.objects.update(is_latest=False)
        migration.backfill(
            django_apps, SimpleNamespace(connection=connection)
        )  # what it reads of one
        assert stored() == maintained
