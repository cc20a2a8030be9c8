"""`python manage.py app_db_role`: the database role the portal runs as, held by row-level security.

Run it as the owner of the tables, after `migrate` (docker-compose's migrate service does). It
creates the role if it is missing and grants it the rows of every table, present and future,
but not the tables themselves: it is not their owner, not superuser and has no BYPASSRLS, so
the policies of portal/rls.py hold for it. Idempotent.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connections


class Command(BaseCommand):
    help = "Create the app's database role (no owner, no superuser, no BYPASSRLS) and grant it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--role",
            default=os.environ.get("PORTAL_APP_DB_ROLE", "portal_app"),
            help="Name of the role (default: $PORTAL_APP_DB_ROLE or portal_app).",
        )
        parser.add_argument(
            "--password-env",
            default="PORTAL_APP_DB_PASSWORD",
            help="Environment variable with the role's password; the role may log in if set.",
        )
        parser.add_argument(
            "--truncate",
            action="store_true",
            help="Also grant TRUNCATE (the test suite empties tables between tests).",
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "postgresql":
            raise CommandError("Row-level security and app roles need PostgreSQL.")
        role = options["role"]
        password = os.environ.get(options["password_env"], "")
        ensure_app_role(connection, role, password=password, truncate=options["truncate"])
        self.stdout.write(f"Role {role}: granted, not owner, not superuser, no BYPASSRLS.")


def ensure_app_role(
    connection: Any, role: str, *, password: str = "", truncate: bool = False
) -> None:
    quote = connection.ops.quote_name
    name = quote(role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database(), current_schema()")
        database, schema = (quote(value) for value in cursor.fetchone())
        # Two test runs may create the role at once: the loser sees either error.
        cursor.execute(
            f"DO $$ BEGIN CREATE ROLE {name} NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB"
            " NOCREATEROLE; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$"
        )
        cursor.execute("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = %s", [role])
        superuser, bypass = cursor.fetchone()
        if superuser or bypass:
            raise CommandError(
                f"Role {role} is superuser or has BYPASSRLS: row-level security would not hold."
            )
        if password:
            statement = connection.ops.compose_sql(
                f"ALTER ROLE {name} LOGIN PASSWORD %s", [password]
            )
            cursor.execute(statement)
        privileges = "SELECT, INSERT, UPDATE, DELETE" + (", TRUNCATE" if truncate else "")
        for statement in (
            f"GRANT CONNECT ON DATABASE {database} TO {name}",
            f"GRANT USAGE ON SCHEMA {schema} TO {name}",
            f"GRANT {privileges} ON ALL TABLES IN SCHEMA {schema} TO {name}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {name}",
            f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {schema} TO {name}",
            # tables that later migrations create (run by this same owner)
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT {privileges} ON TABLES TO {name}",
            f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE, SELECT ON SEQUENCES"
            f" TO {name}",
        ):
            cursor.execute(statement)
