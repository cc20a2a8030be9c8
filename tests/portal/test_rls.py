"""The second wall: PostgreSQL row-level security holds on its own (portal/rls.py).

PostgreSQL only (skipped on SQLite, a failure in CI). The suite runs as the app's restricted
role (tests/conftest.py), so these tests see what the web and worker processes would see. The
tests of what B's rows look like from A's scope switch layer 1 off, so only layer 2 is tested.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.core.signals import request_started
from django.db import close_old_connections, connection, connections, models
from django.db.models import Q
from django.utils import timezone

from portal import dbscope, owners, tenancy
from portal.rls import POLICY, policy_tables, tables_under_rls
from portal.tenancy import is_scoped, owner_of, tenant_models
from reports.models import QuarterlyReport
from tests.conftest import TEST_DB_ROLE
from tests.security.world import World, build_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgres")]

# Models with a foreign key to a tenant (a partner or a company) whose rows are nonetheless not
# tenant rows, each with the reason. Any other such model must declare its owner.
NOT_TENANT_ROWS = {
    "portal.membership": "the staff list itself: whose staff a user is decides every scope",
    "portal.partnerinstitution": "the tenants themselves, public",
}

# Rows of tenant B that partner A's scope must not hold (B's public workshop it may).
B_PRIVATE = (
    "company",
    "contact",
    "share",
    "request",
    "session",
    "follow_up",
    "draft",
    "registration",
    "staff_invitation",
    "company_invitation",
    "assessment",
    "report",
)


@pytest.fixture
def world() -> World:
    built = build_world()
    with tenancy.unscoped("a quarterly report row for the row-level security tests"):
        QuarterlyReport.objects.create(
            partner=built.a.partner, year=2026, quarter=1, language="en",
            requested_at=timezone.now(),
        )  # fmt: skip
    return built


@pytest.fixture
def layer_one_off(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every scope filter of layer 1 lets every row through: only the database filters."""
    monkeypatch.setattr(owners._Resolved, "scope_filter", lambda self, scope: Q())


def count(table: str, pk: Any = None) -> int:
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if pk is None:
            cursor.execute(f"SELECT count(*) FROM {quoted}")  # noqa: S608 (a table name)
        else:
            cursor.execute(f"SELECT count(*) FROM {quoted} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def setting(name: str, using: Any = connection) -> str | None:
    with using.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [name])
        return cursor.fetchone()[0]


# --- every tenant table is under the wall ------------------------------------------------------


def _points_at_a_tenant(model: type[models.Model]) -> bool:
    tenants = {apps.get_model("portal.PartnerInstitution"), apps.get_model("consulting.Company")}
    return any(
        field.is_relation and field.concrete and field.related_model in tenants
        for field in model._meta.get_fields()
    )


def test_every_model_that_points_at_a_tenant_declares_its_owner():
    undeclared = [
        model._meta.label_lower
        for model in apps.get_models()
        if _points_at_a_tenant(model)
        and owner_of(model) is None
        and model._meta.label_lower not in NOT_TENANT_ROWS
        and not model._meta.auto_created  # many-to-many tables: reached through their owner
    ]
    assert undeclared == [], "declare the owner with owned_by() (portal/tenancy.py)"


def test_every_tenant_model_has_its_scoped_manager_and_a_forced_policy():
    enabled = tables_under_rls(connection)
    with_policy = policy_tables(connection)
    missing = {}
    for model in tenant_models():
        table = model._meta.db_table
        problems = [
            problem
            for problem, wrong in (
                ("no scoped default and base manager", not is_scoped(model)),
                ("row-level security not enabled", table not in enabled),
                ("row-level security not forced", not enabled.get(table, False)),
                (f"no {POLICY} policy", table not in with_policy),
            )
            if wrong
        ]
        if problems:
            missing[table] = problems
    assert missing == {}, (
        "add EnableRowLevelSecurity('<Model>') to a migration of the app (portal/rls.py)"
    )


def test_the_suite_runs_as_a_role_the_policies_hold():
    assert TEST_DB_ROLE, "set PORTAL_TEST_DB_ROLE to the app's role (empty runs as the owner)"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_user, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user"
        )
        user, superuser, bypass = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FROM pg_tables WHERE tableowner = current_user"
            " AND schemaname = current_schema()"
        )
        owned = cursor.fetchone()[0]
    assert (user, superuser, bypass, owned) == (TEST_DB_ROLE, False, False, 0)


# --- no scope, no rows -------------------------------------------------------------------------


def test_a_raw_select_without_a_scope_sees_no_row_of_any_tenant_table(world):
    tables = sorted({model._meta.db_table for model in tenant_models()})
    with tenancy.unscoped("count the rows the test made"):
        present = {table: count(table) for table in tables}
    assert tenancy.active_scope() is None
    seen = {table: count(table) for table in tables}
    assert [t for t, n in present.items() if n == 0 and not t.startswith(NEW_APPS)] == []
    assert seen == dict.fromkeys(tables, 0)


# Tables of the apps being built beside this one: the test above cannot yet give them rows.
NEW_APPS = ("economics_", "labs_", "practice_")


# --- partner A's scope, partner B's rows, layer 1 switched off ----------------------------------


@pytest.mark.usefixtures("layer_one_off")
def test_in_partner_a_scope_b_rows_stay_hidden_from_cursor_raw_and_extra(world):
    a, b = world.a, world.b
    rows = [b.rows[name] for name in B_PRIVATE]
    with tenancy.partner_scope(b.partner):
        assert [count(row._meta.db_table, row.pk) for row in rows] == [1] * len(rows)
    with tenancy.partner_scope(a.partner):
        for row in rows:
            model, table = type(row), row._meta.db_table
            quoted = connection.ops.quote_name(table)
            assert count(table, row.pk) == 0, table
            raw = model.objects.raw(f"SELECT * FROM {quoted} WHERE id = %s", [row.pk])  # noqa: S608
            assert list(raw) == [], table
            assert not model.objects.extra(where=["id = %s"], params=[row.pk]).exists(), table
            assert not model.objects.filter(pk=row.pk).exists(), table
        # A's own rows, and B's public workshop, are there: the wall is not simply shut.
        assert count(a.rows["company"]._meta.db_table, a.rows["company"].pk) == 1
        assert count(b.rows["published"]._meta.db_table, b.rows["published"].pk) == 1


@pytest.mark.usefixtures("layer_one_off")
def test_an_sme_scope_sees_its_own_company_only(world):
    a, b = world.a, world.b
    with tenancy.company_scope(a.rows["company"].pk):
        assert count("consulting_company") == 1
        assert count("consulting_contact", b.rows["contact"].pk) == 0
        assert count("consulting_contact", a.rows["contact"].pk) == 1
        assert count("consulting_followup") == 0  # internal to the partner
        assert count("assessments_report", b.rows["report"].pk) == 0


@pytest.mark.usefixtures("layer_one_off")
def test_the_public_scope_sees_published_workshops_only(world):
    with tenancy.public_scope():
        assert count("events_event", world.a.rows["published"].pk) == 1
        assert count("events_event", world.a.rows["draft"].pk) == 0
        assert count("consulting_company") == 0


def test_consortium_and_unscoped_see_every_row(world):
    with tenancy.unscoped("compare with the consortium scope"):
        everything = count("consulting_advisorysession")
    with tenancy.consortium_scope(world.consortium, purpose="row-level security test"):
        assert count("consulting_advisorysession") == everything == 2


def test_a_scope_cannot_write_a_row_into_another_tenant(world):
    from django.db import ProgrammingError, transaction

    from consulting.models import CompanyShare

    with (
        tenancy.partner_scope(world.a.partner),
        pytest.raises(ProgrammingError, match="row-level security"),
        transaction.atomic(),
    ):
        CompanyShare.objects.create(
            company=world.b.rows["company"], partner=world.b.partner, reason="not ours"
        )


# --- the session follows the Python scope -------------------------------------------------------


def test_the_session_holds_the_scope_and_gets_the_outer_one_back():
    assert setting("portal.scope") in (None, "")
    with tenancy.partner_scope(41):
        assert (setting("portal.scope"), setting("portal.partner")) == ("partner", "41")
        with tenancy.unscoped("nested system work"):
            assert setting("portal.scope") == "unscoped"
            assert setting("portal.reason") == "nested system work"
        assert (setting("portal.scope"), setting("portal.partner")) == ("partner", "41")
    assert (setting("portal.scope"), setting("portal.partner")) == ("", "")


def test_setting_the_scope_is_no_query_of_the_page(django_assert_num_queries):
    with django_assert_num_queries(1), tenancy.partner_scope(7), tenancy.company_scope(3):
        assert setting("portal.company") == "3"


def test_a_request_starts_without_the_scope_a_connection_still_carries():
    with connection.connection.cursor() as cursor:  # behind the tracking's back
        cursor.execute(dbscope.SET_SQL, ("unscoped", "", "", "left over"))
    setattr(connection, "_portal_db_scope", None)  # noqa: B010 (what a lost update looks like)
    # As the test client does: Django's own receiver would close the test's connection.
    request_started.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
    finally:
        request_started.connect(close_old_connections)
    assert setting("portal.scope") == ""


def test_a_connection_opened_inside_a_scope_gets_the_scope():
    fresh = connections.create_connection("default")
    try:
        with tenancy.company_scope(5):
            fresh.ensure_connection()
            assert setting("portal.company", fresh) == "5"
    finally:
        fresh.close()
