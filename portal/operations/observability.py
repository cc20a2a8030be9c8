"""Request ids, JSON log lines and the access log; the id travels on into the tasks a request sends.

The proxy (Caddy) gives each request an `X-Request-ID`; without one (make run, a probe) we make
one. It is kept in a ContextVar for the request, written into every log record by
`RequestIdFilter`, answered in the `X-Request-ID` header, and put into the headers of each Celery
message sent meanwhile, so the worker's log lines of that task carry the same id.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest, HttpResponseBase

REQUEST_ID_HEADER = "X-Request-ID"
# What we accept from the proxy: a uuid or a similar token, never a log-injection vector.
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")
_request_id: ContextVar[str] = ContextVar("portal_request_id", default="-")

access_logger = logging.getLogger("portal.access")
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})


def current_request_id() -> str:
    return _request_id.get()


def new_request_id(given: str | None = None) -> str:
    if given and _VALID_ID.match(given):
        return given
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE: the id for everything below, then one access-log line per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = new_request_id(request.headers.get(REQUEST_ID_HEADER))
        token = _request_id.set(request_id)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            if request.path_info in QUIET_PATHS and response.status_code < 400:
                return response  # the balancer's probes every few seconds
            access_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            _request_id.reset(token)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = _request_id.get()
        return True


# The attributes every LogRecord has; anything else was passed in `extra` and is logged too.
_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extras, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", _request_id.get()),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


# --- Celery: the id goes with the message, and the task's log lines carry it ---------------------


def _publish_with_request_id(headers: dict[str, Any] | None = None, **_: Any) -> None:
    request_id = _request_id.get()
    if headers is not None and request_id != "-" and "request_id" not in headers:
        headers["request_id"] = request_id


# A list per id: the same message may run again inside itself (eager retries, a redelivered
# message in tests), and each run must restore exactly what it found.
_task_tokens: dict[str, list[Any]] = {}


def _task_started(task_id: str | None = None, task: Any = None, **_: Any) -> None:
    given = getattr(getattr(task, "request", None), "request_id", None)
    # A task sent by beat or by another task without an id gets one of its own.
    token = _request_id.set(new_request_id(given) if given else f"task-{task_id}")
    if task_id:
        _task_tokens.setdefault(task_id, []).append(token)


def _task_finished(task_id: str | None = None, **_: Any) -> None:
    tokens = _task_tokens.get(task_id or "")
    if not tokens:
        return
    _request_id.reset(tokens.pop())
    if not tokens:
        del _task_tokens[task_id or ""]


def connect_celery_signals() -> None:
    from celery import signals

    signals.before_task_publish.connect(_publish_with_request_id, weak=False)
    signals.task_prerun.connect(_task_started, weak=False)
    signals.task_postrun.connect(_task_finished, weak=False)
