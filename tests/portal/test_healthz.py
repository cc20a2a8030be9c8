"""/healthz: 200 when database, cache and broker answer, 503 otherwise."""

from __future__ import annotations

import pytest

from portal.celery import app as celery_app

pytestmark = pytest.mark.django_db


def test_healthy_on_the_embedded_default(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}


def test_unreachable_cache_answers_503(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "portal.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"].startswith("error")


def test_unreachable_broker_answers_503(client, monkeypatch):
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")


def test_real_redis_as_cache_and_broker(client, settings, redis_url, monkeypatch):
    settings.CACHES = {"default": {"BACKEND": "portal.cache.RedisCache", "LOCATION": redis_url}}
    monkeypatch.setattr(celery_app.conf, "broker_url", redis_url)
    assert client.get("/healthz").status_code == 200


def test_postgres_database(client, postgres):
    assert client.get("/healthz").json()["database"] == "ok"
