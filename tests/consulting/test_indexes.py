"""The indexes the models declare are the ones the database has (0006 took over 0005's raw SQL)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from consulting.models import AdvisorySession, Company, ConsultationRequest

pytestmark = pytest.mark.django_db

REPLACED_BY_0006 = {
    "consulting_session_partner_date_idx",
    "consulting_company_lead_created_idx",
    "consulting_request_partner_created_idx",
    "consulting_request_status_created_idx",
}


@pytest.mark.parametrize("model", [AdvisorySession, Company, ConsultationRequest])
def test_every_declared_index_exists_under_its_name(model):
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, model._meta.db_table)
    for index in model._meta.indexes:
        assert index.name in found, index.name
        assert found[index.name]["index"]
        assert found[index.name]["columns"] == [
            model._meta.get_field(name.lstrip("-")).column for name in index.fields
        ]
    assert not REPLACED_BY_0006 & set(found)


def _index_names() -> set[str]:
    names: set[str] = set()
    with connection.cursor() as cursor:
        for model in (AdvisorySession, Company, ConsultationRequest):
            found = connection.introspection.get_constraints(cursor, model._meta.db_table)
            names |= {name for name, about in found.items() if about["index"]}
    return names


def test_an_upgraded_database_ends_with_the_declared_indexes_and_can_go_back(postgres, table_owner):
    """PostgreSQL only: its DDL is transactional, so the test's rollback restores the schema."""
    declared = {
        index.name
        for model in (AdvisorySession, Company, ConsultationRequest)
        for index in model._meta.indexes
    }
    executor = MigrationExecutor(connection)
    executor.migrate([("consulting", "0005_report_indexes")])
    at_0005 = _index_names()
    assert REPLACED_BY_0006 | {"consulting_session_date_idx"} <= at_0005
    assert not (declared - {"consulting_session_date_idx"}) & at_0005
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("consulting"))
    now = _index_names()
    assert declared <= now
    assert not REPLACED_BY_0006 & now
