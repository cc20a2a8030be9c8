"""/healthz (liveness: the process answers) and /readyz (readiness: the database decides)."""

from __future__ import annotations

import pytest

from portal.celery import app as celery_app

NOBODY = "redis://127.0.0.1:1/0"  # nothing listens on port 1


@pytest.fixture
def redis_down(settings, monkeypatch):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": NOBODY,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    monkeypatch.setattr(celery_app.conf, "broker_url", NOBODY)


def test_healthz_answers_without_database_cache_or_broker(client, redis_down):
    # No django_db mark: any query would raise here.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "alive"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_readyz_on_the_embedded_default(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["degraded"] == []
    assert set(body["checks"]) == {"database", "cache", "broker", "storage"}
    assert all(check["ok"] for check in body["checks"].values())


@pytest.mark.django_db
def test_readyz_stays_ready_but_names_cache_and_broker_when_redis_is_down(client, redis_down):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["degraded"] == ["cache", "broker"]
    assert body["checks"]["cache"] == {
        "ok": False,
        "error": "ConnectionError",
        "ms": body["checks"]["cache"]["ms"],
    }
    assert body["checks"]["broker"]["ok"] is False
    # No host, port or password of the failing service in a public answer.
    assert "6379" not in response.content.decode()
    assert "127.0.0.1" not in response.content.decode()


def test_readyz_is_503_without_the_database(client):
    # No django_db mark: pytest-django refuses the connection, as an unreachable server would.
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready"
    assert body["checks"]["database"]["ok"] is False
    assert "database" in body["degraded"]


@pytest.mark.django_db
def test_probes_answer_plain_http_on_any_host_in_production_settings(client, settings):
    settings.ALLOWED_HOSTS = ["portal.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    for path in ("/healthz", "/readyz"):
        response = client.get(path, HTTP_HOST="10.0.3.7:8000")
        assert response.status_code == 200, path
    # Every other page still insists on the host and on HTTPS.
    assert client.get("/partners/", HTTP_HOST="10.0.3.7:8000").status_code == 400


@pytest.mark.django_db
def test_readyz_with_real_redis_and_postgres(client, settings, redis_url, postgres, monkeypatch):
    from portal.operations.config import broker_url_for

    settings.CACHES = {"default": {"BACKEND": "portal.cache.RedisCache", "LOCATION": redis_url}}
    monkeypatch.setattr(celery_app.conf, "broker_url", broker_url_for(redis_url))
    body = client.get("/readyz").json()
    assert body["degraded"] == []
    assert body["checks"]["database"]["backend"] == "postgresql"
    assert "redis" in body["checks"]["broker"]["backend"]


def test_probe_does_not_answer_posts(client):
    assert client.post("/healthz").status_code != 200
