"""Layer 2 of tenancy: PostgreSQL row-level security, built from the owner declarations.

Layer 1 (portal/tenancy.py) filters every query the ORM builds. Layer 2 holds where layer 1 is
not asked: `raw()`, `extra()`, `connection.cursor()`, a forgotten manager. Each tenant table
gets one policy, `portal_tenancy`, compiled from the same `owned_by(...)` declaration as the
scope filter, and `FORCE ROW LEVEL SECURITY`, so that even the table's owner (unless superuser
or BYPASSRLS) is held by it. The policy reads the session settings that portal/dbscope.py keeps
equal to the Python scope:

    no scope              no rows (a raw SELECT outside any scope sees nothing)
    public                the declaration's `public` rows
    partner / company     what that scope holds in layer 1, with the ids from the session
    consortium, unscoped  every row (the Python side audits or names the reason)

Inserting or updating needs a scope too, and the new row must be visible in it (PostgreSQL
checks the SELECT policy for `INSERT ... RETURNING`): a scope cannot write rows into another
tenant's part. Services that hand a row to another owner do so in an explicit exit.

A new tenant model: declare its owner with `owned_by(...)`, then add one operation to a
migration of its app (after the table exists, and after the migrations of the apps its owner
paths run through, usually `consulting`'s latest)::

    from portal.rls import EnableRowLevelSecurity

    class Migration(migrations.Migration):
        dependencies = [("labs", "0001_initial"), ("consulting", "0011_row_level_security")]
        operations = [EnableRowLevelSecurity("Lab"), EnableRowLevelSecurity("Trial")]

It does nothing on SQLite (layer 1 only) and is reversible. The policy follows the declaration:
after every `migrate`, the policies of all tables under row-level security are compiled again
from the current declarations (post_migrate), so changing `owned_by(...)` needs no migration of
its own. tests/portal/test_rls.py fails, naming the table, for a tenant model without a policy.

The app must connect as a role that is not the owner, not superuser and has no BYPASSRLS
(`manage.py app_db_role`); migrations run as the owner. The settings are ordinary session
settings: a caller who can run arbitrary SQL can set them, so this wall catches our mistakes
(a query that forgot its filter), not an attacker who already runs SQL as the app.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as global_apps
from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import models
from django.db.migrations.operations.base import Operation
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_migrate, pre_migrate

from portal import dbscope
from portal.owners import _Resolved, resolve
from portal.tenancy import ScopeKind, owner_of

POLICY = "portal_tenancy"
SHARED = "portal_rls_shared_companies"  # companies shared (live) with a partner
COMPANIES = "portal_rls_partner_companies"  # companies a partner leads or shares in

SCOPE_SQL = "current_setting('portal.scope', true)"
PARTNER_SQL = "NULLIF(current_setting('portal.partner', true), '')::bigint"
COMPANY_SQL = "NULLIF(current_setting('portal.company', true), '')::bigint"
# What the Python scope always lets through; the rest is compiled per table.
_EVERY_ROW = f"WHEN '{ScopeKind.UNSCOPED}' THEN true WHEN '{ScopeKind.CONSORTIUM}' THEN true"
_WITH_CHECK = f"COALESCE({SCOPE_SQL}, '') <> ''"


class _PolicyDeclaration(_Resolved):
    """A declaration compiled for the database: a partner's companies come from helpers.

    The company root's filter reads the company shares, and the shares' filter reads the
    companies: as nested policies PostgreSQL would refuse that circle. The helper functions run
    their one query unscoped (their own SET clause), so the circle ends there, and a
    company-owned table does not stack the company's policy on its own. The lead partner of a
    company is the row's own column, compared in the root's policy itself: a helper reads the
    statement's snapshot and would not see the row that an INSERT ... RETURNING is checking.
    """

    def shared_with(self, partner_ids: Any) -> Q:
        partner = partner_ids  # the session's partner: an SQL expression, see policy_using()
        return Q(pk__in=_constant(f"SELECT {SHARED}({partner.sql})"))

    def partner_companies(self, partner_ids: Any) -> Any:
        return _constant(f"SELECT {COMPANIES}({partner_ids.sql})")


def _constant(sql: str) -> RawSQL:
    """A piece of SQL made in this module from its constants: no input ever reaches it."""
    return RawSQL(sql, [])  # noqa: S611


def _sql(model: type[models.Model], condition: Q, connection: Any) -> str:
    """`condition` on `model` as SQL with its values inlined (policies take no parameters)."""
    query = models.QuerySet(model=model).filter(condition).query
    compiler = query.get_compiler(connection=connection)
    try:
        sql, params = compiler.compile(query.where)
    except EmptyResultSet:
        return "false"
    except FullResultSet:
        return "true"
    if not sql:
        return "true"
    return connection.ops.compose_sql(sql, params) if params else sql


def policy_using(model: type[models.Model], connection: Any) -> str:
    """The policy's USING expression for a tenant model, from its owner declaration."""
    checked = resolve(model)  # validates the paths once, as layer 1 does
    declaration = _PolicyDeclaration(model, checked.owner, checked.company_model)
    partner, company = _constant(PARTNER_SQL), _constant(COMPANY_SQL)
    branches = []
    for kind in (ScopeKind.PUBLIC, ScopeKind.PARTNER, ScopeKind.COMPANY):
        condition = declaration.kind_filter(kind, partner=partner, company=company)
        branches.append(f"WHEN '{kind}' THEN ({_sql(model, condition, connection)})")
    return f"CASE {SCOPE_SQL} {_EVERY_ROW} {' '.join(branches)} ELSE false END"


def helper_sql(connection: Any) -> list[str]:
    """The two helper functions, compiled from the company root's declaration."""
    roots = [m for m in global_apps.get_models() if (o := owner_of(m)) is not None and o.root]
    if not roots:
        return []
    (company,) = roots
    root, partner = resolve(company), _constant("$1")
    statements = []
    for name, condition in (
        (SHARED, _Resolved.shared_with(root, partner)),
        (COMPANIES, _Resolved.companies_of_partners(root, partner)),
    ):
        query = models.QuerySet(model=company).filter(condition).values("pk").order_by().query
        sql, params = query.get_compiler(connection=connection).as_sql()
        body = connection.ops.compose_sql(sql, params) if params else sql
        statements.append(
            # PL/pgSQL keeps the query's plan for the session; an SQL function with a SET
            # clause is planned again at every call.
            f"CREATE OR REPLACE FUNCTION {name}(partner bigint) RETURNS SETOF bigint"
            " LANGUAGE plpgsql STABLE"
            f" SET portal.scope = '{ScopeKind.UNSCOPED}' SET portal.reason = 'row-level security'"
            f" AS $helper$ BEGIN RETURN QUERY {body.replace('$1', 'partner')}; END $helper$"
        )
    return statements


def _policy_ddl(table: str, using: str, quote: Any) -> list[str]:
    name = quote(table)
    return [
        f"DROP POLICY IF EXISTS {POLICY} ON {name}",
        f"CREATE POLICY {POLICY} ON {name} USING ({using}) WITH CHECK ({_WITH_CHECK})",
    ]


def install(model: type[models.Model] | None, table: str, schema_editor: Any) -> None:
    """Row-level security on `table`, with the policy of `model`'s declaration.

    Without a declaration (a model the code no longer has, met while replaying old migrations)
    the policy lets only unscoped and consortium work through, until post_migrate compiles it.
    """
    connection = schema_editor.connection
    quote = schema_editor.quote_name
    if model is not None and owner_of(model) is not None:
        using = policy_using(model, connection)
    else:
        using = f"CASE {SCOPE_SQL} {_EVERY_ROW} ELSE false END"
    if SHARED in using or COMPANIES in using:
        for statement in helper_sql(connection):
            schema_editor.execute(statement)
    schema_editor.execute(f"ALTER TABLE {quote(table)} ENABLE ROW LEVEL SECURITY")
    schema_editor.execute(f"ALTER TABLE {quote(table)} FORCE ROW LEVEL SECURITY")
    for statement in _policy_ddl(table, using, quote):
        schema_editor.execute(statement)


def uninstall(table: str, schema_editor: Any) -> None:
    quote = schema_editor.quote_name
    schema_editor.execute(f"DROP POLICY IF EXISTS {POLICY} ON {quote(table)}")
    schema_editor.execute(f"ALTER TABLE {quote(table)} NO FORCE ROW LEVEL SECURITY")
    schema_editor.execute(f"ALTER TABLE {quote(table)} DISABLE ROW LEVEL SECURITY")


class EnableRowLevelSecurity(Operation):
    """Put one tenant model's table under row-level security (see the module docstring)."""

    reversible = True
    reduces_to_sql = True

    def __init__(self, model_name: str) -> None:
        self.model_name = model_name

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        return (self.__class__.__qualname__, [self.model_name], {})

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass  # the policy is database state only

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        historical = to_state.apps.get_model(app_label, self.model_name)
        try:
            current = global_apps.get_model(app_label, self.model_name)
        except LookupError:
            current = None
        install(current, historical._meta.db_table, schema_editor)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor != "postgresql":
            return
        model = from_state.apps.get_model(app_label, self.model_name)
        uninstall(model._meta.db_table, schema_editor)

    def describe(self) -> str:
        return f"Enable row-level security on {self.model_name}"

    @property
    def migration_name_fragment(self) -> str:
        return f"rls_{self.model_name.lower()}"


# --- after migrate: every policy from the current declarations ---------------------------------


def tables_under_rls(connection: Any) -> dict[str, bool]:
    """Tables with row-level security enabled, and whether it is forced."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.relforcerowsecurity FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relrowsecurity AND n.nspname = current_schema()"
        )
        return dict(cursor.fetchall())


def policy_tables(connection: Any) -> set[str]:
    """Tables that carry the portal's policy."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_policies WHERE policyname = %s"
            " AND schemaname = current_schema()",
            [POLICY],
        )
        return {row[0] for row in cursor.fetchall()}


def refresh_policies(using: str = "default") -> list[str]:
    """Compile every enabled table's policy again from its declaration; the tables touched."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "postgresql":
        return []
    enabled = tables_under_rls(connection)
    touched = []
    with connection.schema_editor(atomic=True) as schema_editor:
        for model in global_apps.get_models():
            table = model._meta.db_table
            if table in enabled and owner_of(model) is not None:
                install(model, table, schema_editor)
                touched.append(table)
    return touched


def _migrate_unscoped(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """Migrations are system code: their data steps read and write every row."""
    from django.db import connections

    if connections[using].vendor == "postgresql":
        connections[using].ensure_connection()
        dbscope.apply_now(connections[using], (ScopeKind.UNSCOPED.value, "", "", "migrate"))


def _after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    if kwargs.get("plan") is None:
        return  # `flush` sends post_migrate too, without a plan; it changes no table
    refresh_policies(using)
    if connections[using].vendor == "postgresql":
        dbscope.apply_now(connections[using], dbscope.wanted())


def connect_signals(sender: Any) -> None:
    """Called from the portal app's ready(): once per migrate, for the portal app only."""
    pre_migrate.connect(_migrate_unscoped, sender=sender, dispatch_uid="portal.rls.pre")
    post_migrate.connect(_after_migrate, sender=sender, dispatch_uid="portal.rls.post")
