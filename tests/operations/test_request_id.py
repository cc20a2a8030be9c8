"""Every request has an id: answered in a header, in each log line, and sent on with its tasks."""

from __future__ import annotations

import json
import logging

import pytest
from kombu import Connection

from portal.celery import app as celery_app
from portal.operations import observability

pytestmark = pytest.mark.django_db


def test_each_response_names_its_request_id(client):
    first = client.get("/partners/")["X-Request-ID"]
    second = client.get("/partners/")["X-Request-ID"]
    assert len(first) == 32
    assert first != second


def test_the_proxy_id_is_kept_and_a_malformed_one_replaced(client):
    given = "4f1c8d1e-7b0a-4c55-9d0e-2b5f4c1a9e77"
    assert client.get("/partners/", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    forged = client.get("/partners/", HTTP_X_REQUEST_ID="x\n{injected}")["X-Request-ID"]
    assert "\n" not in forged
    assert "injected" not in forged


def test_access_log_line_is_json_with_the_id(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.access"):
        response = client.get("/partners/")
    record = next(r for r in caplog.records if r.name == "portal.access")
    line = json.loads(observability.JsonFormatter().format(record))
    assert line["request_id"] == response["X-Request-ID"]
    assert line["status"] == 200
    assert line["path"] == "/partners/"
    assert line["duration_ms"] >= 0


def test_probes_are_not_in_the_access_log(client, caplog):
    with caplog.at_level(logging.INFO, logger="portal.access"):
        client.get("/healthz")
    assert not [r for r in caplog.records if r.name == "portal.access"]


def test_a_task_sent_during_a_request_carries_its_id(monkeypatch):
    """Celery's real publish path, on kombu's in-memory transport; the message is read back."""
    monkeypatch.setitem(celery_app.conf, "broker_url", "memory://")
    monkeypatch.setitem(celery_app.conf, "task_always_eager", False)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    token = observability._request_id.set("feedc0de12345678")
    try:
        celery_app.send_task("portal.send_email", args=[{}])
    finally:
        observability._request_id.reset(token)
    try:
        with Connection("memory://") as conn:
            message = conn.SimpleQueue("celery").get(timeout=2)
            assert message.headers["request_id"] == "feedc0de12345678"
            message.ack()
    finally:
        celery_app._pool = None
        celery_app.amqp._producer_pool = None


def test_the_worker_side_takes_the_id_over_for_the_task(caplog):
    class Request:
        request_id = "feedc0de12345678"

    class Task:
        request = Request()

    observability._task_started(task_id="t1", task=Task())
    try:
        assert observability.current_request_id() == "feedc0de12345678"
    finally:
        observability._task_finished(task_id="t1")
    assert observability.current_request_id() == "-"
