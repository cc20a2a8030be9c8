"""The broker gets its own Redis database; storage and logging from the environment."""

from __future__ import annotations

import json
import logging

import environ
import pytest

from portal.operations.config import (
    ConfigurationError,
    broker_url_for,
    default_storage_from_env,
)
from portal.operations.observability import JsonFormatter, RequestIdFilter


@pytest.mark.parametrize(
    ("redis_url", "broker"),
    [
        ("redis://r:6379/0", "redis://r:6379/1"),
        ("redis://r:6379", "redis://r:6379/1"),
        ("redis://r:6379/9", "redis://r:6379/10"),
        # CI's database is the last one: the neighbour below, never a 16th.
        ("redis://127.0.0.1:6379/15", "redis://127.0.0.1:6379/14"),
        (
            "redis://:secret@r:6379/3?ssl_cert_reqs=none",
            "redis://:secret@r:6379/4?ssl_cert_reqs=none",
        ),
    ],
)
def test_broker_is_a_neighbour_database_of_the_cache(redis_url, broker):
    assert broker_url_for(redis_url) == broker


def test_an_explicit_broker_url_wins():
    assert broker_url_for("redis://r/0", "redis://other:6380/0") == "redis://other:6380/0"


def test_broker_on_the_cache_database_is_refused():
    with pytest.raises(ConfigurationError, match="same Redis database"):
        broker_url_for("redis://r:6379/2", "redis://r/2")


@pytest.mark.parametrize("url", ["redis://r/16", "redis://r/cache"])
def test_a_database_redis_does_not_have_is_refused(url):
    with pytest.raises(ConfigurationError):
        broker_url_for(url)


def test_the_message_hides_the_password():
    with pytest.raises(ConfigurationError) as error:
        broker_url_for("redis://:hunter2@r/99")
    assert "hunter2" not in str(error.value)


def test_storage_is_the_filesystem_by_default(monkeypatch):
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    assert default_storage_from_env(environ.Env())["BACKEND"].endswith("FileSystemStorage")


def test_storage_is_private_object_storage_with_a_bucket(monkeypatch):
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "portal-media")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "http://minio:9000")
    storage = default_storage_from_env(environ.Env())
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "portal-media"
    assert options["endpoint_url"] == "http://minio:9000"
    assert options["default_acl"] is None  # never public-read
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False


def test_json_log_line_carries_the_request_id_and_extras():
    record = logging.makeLogRecord(
        {
            "name": "portal.access",
            "levelname": "INFO",
            "msg": "GET %s",
            "args": ("/x",),
            "status": 200,
        }
    )
    RequestIdFilter().filter(record)
    line = json.loads(JsonFormatter().format(record))
    assert line["message"] == "GET /x"
    assert line["status"] == 200
    assert line["request_id"] == "-"
    assert line["logger"] == "portal.access"
