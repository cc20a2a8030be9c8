"""Shared fixtures. Services that are missing skip their tests locally and fail them in CI."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created

from portal.celery import app as celery_app

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


# On PostgreSQL the suite runs as this role: not the tables' owner, not superuser, no BYPASSRLS,
# so row-level security (portal/rls.py) holds in every test. Empty: run as the owner instead.
TEST_DB_ROLE = os.environ.get("PORTAL_TEST_DB_ROLE", "portal_test_app")


def uses_postgres() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


def _as_test_role(sender: object, connection: BaseDatabaseWrapper, **kwargs: object) -> None:
    if connection.vendor == "postgresql" and connection.alias in connections:
        with connection.connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {connection.ops.quote_name(TEST_DB_ROLE)}")


# The rows that data migrations seed (the published questionnaire, the legal pages). A
# transactional test empties every table when it ends, and `flush` then sends post_migrate
# without a plan: the same functions seed them again, so no later test depends on whether a
# transactional test ran before it (in the same process, under xdist in any order).
MIGRATION_SEEDS = {
    "assessments": ("assessments.migrations.0002_questionnaire_v1", "publish_v1"),
    "privacy": ("privacy.migrations.0002_initial_legal_texts", "load"),
}


def _seed_again_after_flush(sender: Any, app_config: Any, plan: Any = None, **kwargs: Any) -> None:
    if plan is not None or app_config.label not in MIGRATION_SEEDS:
        return  # `migrate` has run the migrations themselves
    import importlib

    from django.apps import apps

    module, function = MIGRATION_SEEDS[app_config.label]
    getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Migrate as the owner (pytest-django), then run every test as the app's role."""
    from django.db.models.signals import post_migrate

    post_migrate.connect(_seed_again_after_flush, dispatch_uid="tests.seed_again_after_flush")
    if not uses_postgres() or not TEST_DB_ROLE:
        yield
        return
    from django.db import connection

    from portal.management.commands.app_db_role import ensure_app_role

    with django_db_blocker.unblock():
        ensure_app_role(connection, TEST_DB_ROLE, truncate=True)
        connection_created.connect(_as_test_role, dispatch_uid="tests.as_test_role")
        for wrapper in connections.all(initialized_only=True):
            if wrapper.connection is not None:
                _as_test_role(None, wrapper)
    try:
        yield
    finally:
        connection_created.disconnect(dispatch_uid="tests.as_test_role")
        with django_db_blocker.unblock():
            for wrapper in connections.all(initialized_only=True):
                if wrapper.vendor == "postgresql" and wrapper.connection is not None:
                    with wrapper.connection.cursor() as cursor:
                        cursor.execute("RESET ROLE")


def require_service(name: str, available: bool) -> None:
    """Skip a test whose service is missing, except in CI, where that is a failure."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"{name} is required in CI but not configured/reachable")
    pytest.skip(
        f"{name} not configured (set {'DATABASE_URL' if name == 'PostgreSQL' else 'REDIS_URL'})"
    )


@pytest.fixture
def postgres() -> None:
    require_service("PostgreSQL", uses_postgres())


@pytest.fixture
def table_owner(db: None) -> None:
    """The test runs as the tables' owner: it migrates, which the app's role may not.

    RESET ROLE is transactional: the rollback that ends the test restores the app's role.
    """
    if uses_postgres() and TEST_DB_ROLE:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def reachable_redis_url() -> str:
    """REDIS_URL if that Redis answers; otherwise skip (locally) or fail (CI) the test.

    A plain function as well as the `redis_url` fixture, for module-scoped fixtures.
    """
    url = os.environ.get("REDIS_URL", "")
    if url:
        import redis

        try:
            redis.Redis.from_url(url, socket_connect_timeout=2).ping()
        except redis.exceptions.ConnectionError:
            url = ""
    require_service("Redis", bool(url))
    return url


@pytest.fixture
def redis_url() -> str:
    return reachable_redis_url()


@pytest.fixture
def real_worker(redis_url: str) -> Iterator[None]:
    """A real Celery worker on Redis (not eager), as in production, for one test.

    Connections and producers are pooled per broker URL, so both pools are dropped when the URL
    changes; the queue is purged so that no message left over from an earlier run (another
    checkout, an aborted test) reaches this worker before the test's own.
    """
    from celery.contrib.testing.worker import start_worker

    previous = celery_app.conf.broker_url
    celery_app.conf.broker_url = redis_url
    celery_app.conf.task_always_eager = False
    forget_broker_connections()
    celery_app.control.purge()
    # No ping check: it needs a result backend, and task status lives in our own tables.
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield
    finally:
        celery_app.conf.task_always_eager = True
        celery_app.conf.broker_url = previous
        forget_broker_connections()


def forget_broker_connections() -> None:
    """Drop the broker pools, which are kept per broker URL, after the URL changed."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def commit_per_request(monkeypatch, django_capture_on_commit_callbacks):
    """Each test client request behaves as in production: its on-commit callbacks (the
    `delay_on_commit` tasks) run when the request ends.

    The test itself runs inside a transaction that is rolled back, so without this the
    callbacks would never fire. Test packages that need it request it from an autouse fixture.
    """
    from django.test import Client

    original = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test gets a fresh in-process cache (rate limits, TOTP codes); Redis has its own tests.
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{uuid.uuid4()}",  # locmem caches of one name share memory
        }
    }
    settings.PORTAL_BASE_URL = "http://testserver"


@pytest.fixture(autouse=True, scope="session")
def _eager_celery():
    """Unit tests run tasks in-process; flow tests start a real worker (test_celery_worker.py)."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = False


# Under pytest-xdist (`make test` runs two processes) each process has its own test database,
# but Redis, the Celery queue, ports, subprocesses and backups are shared by the machine: every
# test of a module that names one of them runs in one and the same process, one after the
# other, so no two of them ever meet. (xdist's own `--dist loadgroup` cannot do this with
# pytest 9, which no longer lets it rename the node ids it groups by.)
SHARED_MACHINE_SIGNS = (
    "redis",
    "celery",
    "worker",
    "subprocess",
    "live_server",
    "pg_dump",
    "backup",
    "socket",
)
_machine_modules: dict[str, bool] = {}


def uses_the_machine(path: str) -> bool:
    """Whether the test module at `path` names something the whole machine shares."""
    if path not in _machine_modules:
        with open(path, encoding="utf-8") as source:
            text = source.read().lower()
        _machine_modules[path] = any(sign in text for sign in SHARED_MACHINE_SIGNS)
    return _machine_modules[path]


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    from xdist.scheduler import LoadScopeScheduling

    root = config.rootpath

    class MachineAwareScheduling(LoadScopeScheduling):
        """Each test is a unit of its own, except the machine's tests: they are one unit."""

        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return "machine" if uses_the_machine(str(root / module)) else nodeid

    return MachineAwareScheduling(config, log)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """In CI a skipped test means a missing service or browser: fail the run instead."""
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if IN_CI and skipped and exitstatus == 0:
        reporter.write_line(
            f"CI: {len(skipped)} test(s) skipped; skips are failures in CI", red=True
        )
        session.exitstatus = 1


@pytest.fixture
def english_source_strings(settings):
    """Assert against the English source strings, whatever the German catalogue says.

    The apps' test packages use it for every test (autouse in their conftest); tests of the
    German default (tests/portal/test_pages.py) do not.
    """
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def questionnaire(transactional_db: None) -> None:
    """The published questionnaire, for transactional tests: migration 0002 publishes it, but
    a transactional test empties every table when it ends (serialized_rollback cannot restore
    it: serialising the database meets the scoped managers)."""
    from assessments.content import VERSION_1
    from assessments.loading import publish_questionnaire

    publish_questionnaire(VERSION_1)
