"""Project-wide guarantees: migrations match the models, production settings pass --deploy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Only the production values below: nothing of the test run (database, Redis, the browser
    # tests' DJANGO_ALLOW_ASYNC_UNSAFE) may leak into the checked process.
    dropped = {"DATABASE_URL", "REDIS_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-for-the-check-0123456789abcdef",
    "ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": "postgres://portal:portal@db.example.org:5432/portal",
    "REDIS_URL": "redis://redis.example.org:6379/0",
    "PORTAL_IMPRINT_EMAIL": "m40@example.org",
    "PORTAL_IMPRINT_PHONE": "+49 3677 69-0",
    "ALLAUTH_TRUSTED_PROXY_COUNT": "1",
}


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_warns_when_the_rate_limits_would_count_the_proxy():
    env = {k: v for k, v in PRODUCTION.items() if k != "ALLAUTH_TRUSTED_PROXY_COUNT"}
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    assert "portal.W007" in result.stdout + result.stderr


def test_a_trusted_proxy_entry_that_is_no_address_is_refused():
    result = _manage("check", **PRODUCTION, PORTAL_TRUSTED_PROXIES="10.0.0.0/8,proxy.local")
    assert result.returncode != 0
    assert "portal.E008" in result.stdout + result.stderr


def test_production_refuses_the_development_secret():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = _manage("check", **env)
    assert result.returncode != 0


def _own_packages() -> set[str]:
    """The project's top-level Python packages (the core, the apps, the gatherers)."""
    return {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in {"tests", "benchmarks"}
    }


def test_every_package_is_under_the_import_contracts():
    """A new app must be listed where import-linter looks, or its imports go unchecked."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    linter = config["tool"]["importlinter"]
    assert set(linter["root_packages"]) == _own_packages()
    (layers,) = [c["layers"] for c in linter["contracts"] if c["type"] == "layers"]
    layered = {
        name.strip().strip("()") for layer in layers for name in layer.replace(":", "|").split("|")
    }
    assert _own_packages() <= layered
    installed = config["tool"]["setuptools"]["packages"]["find"]["include"]
    assert {name.rstrip("*") for name in installed} == _own_packages()
