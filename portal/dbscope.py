"""The active tenancy scope, told to PostgreSQL: what the row-level security policies read.

The policies of layer 2 (portal/rls.py) read four settings of the database session:

    portal.scope    '' or unset: no scope, no rows; 'public', 'partner', 'company',
                    'consortium', or 'unscoped' (system code: every row)
    portal.partner  the partner id of a partner scope
    portal.company  the company id of a company scope
    portal.reason   why an unscoped block reads every row (shows in pg_stat_activity's queries
                    only through this setting; the audit log keeps the rest)

portal/tenancy.py enters `on_connection(values)` together with each Python scope. Django runs
in autocommit, so `SET LOCAL` would end with the statement: the values are set with
`set_config(..., false)` on every open PostgreSQL connection when the scope is entered and set
back when it is left, once per scope change, never per query. A connection opened while a scope
is active gets the scope when it connects (`connection_created`); a request starts by setting
"no scope" on any connection that still says otherwise (`request_started`), so a pooled or
persistent connection never carries one request's scope into the next.

Rolled-back transactions stay consistent: scopes nest inside or around atomic blocks like any
context manager, so a rollback only ever restores the value the enclosing scope had set.

These statements go to the driver's connection directly, beside Django's cursor: they are the
session's state, not the page's queries, and so they never count in a query budget.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.signals import request_started
from django.db import connections
from django.db.backends.signals import connection_created
from psycopg import pq

# (scope, partner, company, reason); all empty: no scope
Values = tuple[str, str, str, str]
NO_SCOPE: Values = ("", "", "", "")

SET_SQL = (
    "SELECT set_config('portal.scope', %s, false), set_config('portal.partner', %s, false),"
    " set_config('portal.company', %s, false), set_config('portal.reason', %s, false)"
)
_STATE = "_portal_db_scope"  # on Django's connection wrapper: the values the session holds

_wanted: ContextVar[Values] = ContextVar("portal_db_scope", default=NO_SCOPE)


@contextmanager
def on_connection(values: Values) -> Iterator[None]:
    """Hold `values` on every PostgreSQL connection while the block runs; restore after."""
    token = _wanted.set(values)
    _sync()
    try:
        yield
    finally:
        _wanted.reset(token)
        _sync()


def wanted() -> Values:
    return _wanted.get()


def session_values(connection: Any) -> Values | None:
    """What this connection's session was last told (None: not known)."""
    return getattr(connection, _STATE, None)


def _sync() -> None:
    values = _wanted.get()
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and getattr(connection, _STATE, None) != values:
            _apply(connection, values)


def apply_now(connection: Any, values: Values) -> None:
    """Tell one open connection `values` now (for `migrate`, which runs outside any scope)."""
    _apply(connection, values)


def _apply(connection: Any, values: Values) -> None:
    if connection.vendor != "postgresql":
        return
    raw = connection.connection
    if raw.info.transaction_status == pq.TransactionStatus.INERROR:
        # The transaction failed and will be rolled back, which restores the value the
        # enclosing scope set; until then nothing can run on it anyway.
        setattr(connection, _STATE, None)
        return
    with raw.cursor() as cursor:
        cursor.execute(SET_SQL, values)
    setattr(connection, _STATE, values)


def _connected(sender: Any, connection: Any, **kwargs: Any) -> None:
    """A new (or pooled) connection: tell it the scope, or that there is none."""
    if connection.vendor == "postgresql":
        _apply(connection, _wanted.get())


def _request_started(sender: Any, **kwargs: Any) -> None:
    _sync()


connection_created.connect(_connected, dispatch_uid="portal.dbscope.connected")
request_started.connect(_request_started, dispatch_uid="portal.dbscope.request_started")
