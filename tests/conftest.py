"""Shared fixtures. Services that are missing skip their tests locally and fail them in CI."""

from __future__ import annotations

import os
import uuid

import pytest
from django.conf import settings as django_settings

from portal.celery import app as celery_app

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def uses_postgres() -> bool:
    return django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


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
