"""/metrics: Prometheus figures for the internal network or a token, never through the proxy."""

from __future__ import annotations

import pytest
import redis

from portal.operations import metrics
from portal.operations.config import broker_url_for

pytestmark = pytest.mark.django_db


def test_internal_scraper_gets_request_and_database_figures(client):
    client.get("/partners/")
    response = client.get("/metrics")  # the test client connects from 127.0.0.1
    assert response.status_code == 200
    text = response.content.decode()
    assert "django_http_requests_total_by_method_total" in text
    assert "django_http_requests_latency_seconds_by_view_method_bucket" in text
    assert 'portal_db_queries_total{alias="default"' in text
    assert "portal_db_query_seconds_bucket" in text


def test_request_through_the_proxy_gets_404_even_from_inside(client):
    response = client.get("/metrics", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert response.status_code == 404


def test_outside_address_gets_404(client):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404


def test_token_opens_it_from_anywhere_and_a_wrong_one_does_not(client, settings):
    settings.PORTAL_METRICS_TOKEN = "scrape-me-0123456789"
    outside = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    ok = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-me-0123456789", **outside)
    assert ok.status_code == 200
    wrong = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-me", **outside)
    assert wrong.status_code == 404


def test_queries_are_counted_without_replacing_the_database_backend(client, settings):
    from django.db import connection

    assert settings.DATABASES["default"]["ENGINE"].startswith("django.db.backends.")
    before = metrics.DB_QUERIES.labels("default", connection.vendor, "ok")._value.get()
    client.get("/partners/")
    after = metrics.DB_QUERIES.labels("default", connection.vendor, "ok")._value.get()
    assert after > before


@pytest.fixture
def broker(redis_url, settings):
    url = broker_url_for(redis_url)
    settings.CELERY_BROKER_URL = url
    client = redis.Redis.from_url(url)
    client.delete("celery", metrics.TASK_OUTCOMES_KEY)
    yield client
    client.delete("celery", metrics.TASK_OUTCOMES_KEY)


def test_celery_queue_length_and_task_outcomes_come_from_the_broker(client, broker):
    from portal.tasks import send_email

    broker.rpush("celery", b"{}", b"{}", b"{}")
    # An eager run sends the same signals a worker does; the count lands in Redis.
    send_email.apply(
        args=[{"subject": "s", "body": "b", "from_email": "a@example.org", "to": ["b@example.org"]}]
    )
    text = client.get("/metrics").content.decode()
    assert 'portal_celery_queue_length{queue="celery"} 3.0' in text
    assert 'portal_celery_tasks_total{outcome="success",task="portal.send_email"} 1.0' in text
