"""Liveness and readiness, answered before any other middleware (design §5).

- `/healthz`, liveness: the process answers. It touches neither the database nor Redis, so an
  outage of either never makes the orchestrator restart every replica at once.
- `/readyz`, readiness: may this replica get traffic? The database decides (no page renders
  without it): 200 when it answers, 503 when not. Cache, broker and file storage are checked
  and reported, but do not take the replica out: pages still render without Redis (the page
  cache and the rate limits fail open, tasks wait for the beat sweepers), and a storage outage
  only fails the downloads.

Both answer before ALLOWED_HOSTS, the HTTPS redirect, sessions and the tenancy scope: probes
come over plain HTTP with whatever Host the prober uses, and must not depend on a session.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

PROBE_TIMEOUT_SECONDS = 2.0


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return _no_store(JsonResponse({"status": "alive"}))


@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {
        "database": _run(check_database),
        "cache": _run(check_cache),
        "broker": _run(check_broker),
        "storage": _run(check_storage),
    }
    ready = checks["database"]["ok"]
    degraded = [name for name, result in checks.items() if not result["ok"]]
    body = {
        "status": "ready" if ready else "not ready",
        # What this replica can do without: named so an operator sees it at a glance.
        "degraded": degraded,
        "checks": checks,
    }
    return _no_store(JsonResponse(body, status=200 if ready else 503))


def _no_store(response: JsonResponse) -> JsonResponse:
    add_never_cache_headers(response)
    return response


def _run(check: Callable[[], str]) -> dict[str, object]:
    started = time.monotonic()
    try:
        detail = check()
    except Exception as error:
        # The type only: the message may name hosts or credentials.
        result: dict[str, object] = {"ok": False, "error": type(error).__name__}
    else:
        result = {"ok": True, "backend": detail}
    result["ms"] = round((time.monotonic() - started) * 1000, 1)
    return result


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def check_cache() -> str:
    from django.core.cache import cache

    key = "readyz:probe"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("the cache did not keep a value")
    return type(cache).__name__


def check_broker() -> str:
    from portal.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=PROBE_TIMEOUT_SECONDS)
        return str(conn.transport_cls)


def check_storage() -> str:
    """The file store answers: a bucket HEAD for object storage, a writable folder otherwise."""
    from django.core.files.storage import storages

    storage = storages["default"]
    backend = type(storage).__name__
    bucket = getattr(storage, "bucket", None)
    if bucket is not None:
        bucket.meta.client.head_bucket(Bucket=bucket.name)
        return backend
    import os

    root = settings.MEDIA_ROOT
    os.makedirs(root, exist_ok=True)
    if not os.access(root, os.W_OK):
        raise PermissionError("MEDIA_ROOT is not writable")
    return backend


PROBES: dict[str, Callable[[HttpRequest], JsonResponse]] = {"/healthz": healthz, "/readyz": readyz}


class ProbeMiddleware:
    """Answers /healthz and /readyz ahead of the rest of the stack (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        probe = PROBES.get(request.path_info)
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)
