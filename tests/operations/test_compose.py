"""docker-compose.yml read as an operator would: one published port, scalable web and worker."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from portal.operations.config import broker_url_for
from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def _env_example() -> dict[str, str]:
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            values[key] = value
    return values


def test_only_the_proxy_publishes_a_port():
    published = {name for name, service in SERVICES.items() if service.get("ports")}
    assert published == {"proxy"}


@pytest.mark.parametrize("name", ["web", "worker"])
def test_web_and_worker_can_be_scaled(name):
    service = SERVICES[name]
    assert "container_name" not in service
    assert "ports" not in service
    assert "hostname" not in service


def test_the_proxy_finds_every_web_replica_by_dns():
    caddyfile = (ROOT / "docker/caddy/Caddyfile").read_text()
    assert "dynamic a" in caddyfile
    assert "{$PORTAL_WEB_HOST:web}" in caddyfile
    volume = "./docker/caddy:/etc/caddy:ro"
    assert volume in SERVICES["proxy"]["volumes"]


def test_workers_have_memory_and_time_limits():
    script = (ROOT / "docker/start-worker.sh").read_text()
    for flag in ("--max-memory-per-child", "--time-limit", "--soft-time-limit"):
        assert flag in script


def test_cache_and_broker_are_separate_redis_databases_with_persistence():
    env = _env_example()
    assert broker_url_for(env["REDIS_URL"], env["CELERY_BROKER_URL"]) != env["REDIS_URL"]
    assert "--appendonly" in SERVICES["redis"]["command"]


def test_health_checks_gate_the_start():
    for name in ("web", "worker", "beat"):
        needs = SERVICES[name]["depends_on"]
        assert needs["migrate"]["condition"] == "service_completed_successfully"
        for service in ("postgres", "redis", "minio"):
            assert needs[service]["condition"] == "service_healthy"
            assert "healthcheck" in SERVICES[service]
    assert "/healthz" in " ".join(SERVICES["web"]["healthcheck"]["test"])


def test_files_go_to_the_object_store():
    env = _env_example()
    assert env["AWS_STORAGE_BUCKET_NAME"]
    assert env["AWS_S3_ENDPOINT_URL"] == "http://minio:9000"
    assert "ensure_storage" in (ROOT / "docker/migrate.sh").read_text()


def test_compose_config_is_valid(tmp_path):
    binary = shutil.which("docker-compose") or shutil.which("docker")
    require_service("docker-compose (Debian package)", binary is not None)
    shutil.copy(ROOT / "docker-compose.yml", tmp_path)
    shutil.copy(ROOT / ".env.example", tmp_path / ".env")
    command = [binary, "config", "--quiet"]
    if binary.endswith("/docker"):
        command = [binary, "compose", "config", "--quiet"]
    result = subprocess.run(  # noqa: S603 - a fixed command
        command, cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr


def test_caddy_accepts_the_proxy_configuration():
    binary = shutil.which("caddy")
    require_service("Caddy (Debian package)", binary is not None)
    result = subprocess.run(  # noqa: S603 - a fixed command
        [binary, "adapt", "--config", str(ROOT / "docker/caddy/Caddyfile")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert '"dynamic_upstreams"' in result.stdout
    assert '"/readyz"' in result.stdout
