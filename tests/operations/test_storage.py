"""Files on S3-compatible object storage: a private bucket, made by ensure_storage, in /readyz.

An S3 endpoint over HTTP on this machine: moto's standalone server (compose runs MinIO).
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from io import StringIO

import environ
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from portal.operations.config import default_storage_from_env

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{url}/moto-api/", timeout=1)  # noqa: S310 - local
                break
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def s3_storage(s3_endpoint, settings, monkeypatch):
    def use(bucket: str) -> None:
        for name, value in {
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": s3_endpoint,
            "AWS_ACCESS_KEY_ID": "test-key",
            "AWS_SECRET_ACCESS_KEY": "test-secret",
            "AWS_S3_REGION_NAME": "us-east-1",
        }.items():
            monkeypatch.setenv(name, value)
        settings.STORAGES = {
            **settings.STORAGES,
            "default": default_storage_from_env(environ.Env()),
        }

    return use


def test_ensure_storage_creates_a_private_bucket_and_files_round_trip(s3_storage, s3_endpoint):
    s3_storage("portal-media-a")
    out = StringIO()
    call_command("ensure_storage", stdout=out)
    assert "Created the private bucket portal-media-a" in out.getvalue()
    assert "File store ready: S3Storage" in out.getvalue()
    name = default_storage.save("reports/r1.pdf", ContentFile(b"%PDF-1.7 test"))
    with default_storage.open(name, "rb") as stored:
        assert stored.read() == b"%PDF-1.7 test"
    # Nobody reads it without a signature ...
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{s3_endpoint}/portal-media-a/{name}", timeout=5)  # noqa: S310
    assert refused.value.code == 403
    # ... and a signed URL is short-lived.
    assert "X-Amz-Expires=300" in default_storage.url(name)
    # A second run finds the bucket and changes nothing.
    again = StringIO()
    call_command("ensure_storage", stdout=again)
    assert "Created" not in again.getvalue()


def test_readyz_reports_object_storage(client, s3_storage):
    s3_storage("portal-media-b")
    call_command("ensure_storage", stdout=StringIO())
    body = client.get("/readyz").json()
    assert body["checks"]["storage"]["ok"] is True
    assert body["checks"]["storage"]["backend"] == "S3Storage"


def test_missing_bucket_degrades_but_keeps_the_replica_ready(client, s3_storage):
    s3_storage("portal-media-missing")
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["degraded"] == ["storage"]
