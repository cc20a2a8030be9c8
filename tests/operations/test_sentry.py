"""Error reports: off without SENTRY_DSN; with it, the event reaches the DSN's server, tagged
with the request id and without personal data.

A real HTTP server on this machine takes the place of Sentry; the SDK runs in a subprocess so
that its global set-up does not reach the other tests.
"""

from __future__ import annotations

import gzip
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import django
django.setup()
import sentry_sdk
from portal.operations import observability

token = observability._request_id.set("feedc0de12345678")
try:
    raise ValueError("boom from the drill")
except ValueError as error:
    sentry_sdk.capture_exception(error)
observability._request_id.reset(token)
sentry_sdk.flush(timeout=10)
"""


def _collector() -> tuple[http.server.HTTPServer, list[bytes]]:
    received: list[bytes] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            encoding = self.headers.get("Content-Encoding")
            if encoding == "gzip":
                body = gzip.decompress(body)
            elif encoding == "br":  # the SDK uses brotli only when it is installed
                import brotli

                body = brotli.decompress(body)
            received.append(body)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, received


def _run(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY")}
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "portal.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_an_error_reaches_the_dsn_with_the_request_id_and_no_personal_data():
    server, received = _collector()
    try:
        port = server.server_address[1]
        result = _run(SENTRY_DSN=f"http://publickey@127.0.0.1:{port}/1")
        assert result.returncode == 0, result.stderr
    finally:
        server.shutdown()
    events = b"".join(received).decode()
    assert "boom from the drill" in events
    assert '"request_id":"feedc0de12345678"' in events.replace(" ", "")
    assert '"user"' not in events


def test_nothing_is_sent_without_a_dsn():
    server, received = _collector()
    try:
        result = _run()
        assert result.returncode == 0, result.stderr
    finally:
        server.shutdown()
    assert received == []
