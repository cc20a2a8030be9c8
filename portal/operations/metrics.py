"""Prometheus metrics: /metrics for the internal network (or a token), never through the proxy.

- Requests and latencies: django-prometheus' two middlewares (settings.MIDDLEWARE).
- Database: queries, errors and their time, counted by an execute wrapper that each new
  connection gets (`connection_created`). django-prometheus' own database figures would need its
  ENGINE in DATABASES, which would replace the stock PostgreSQL backend that the row-level
  security code and psycopg's pool rely on; this keeps the stock backend.
- Celery: queue length and unacknowledged messages read from the broker at scrape time, and
  task outcomes that every worker adds up in the broker's Redis (a worker has no port to
  scrape, and its counts must survive its restart). Any web replica answers the same figures.

Gunicorn runs several processes: with PROMETHEUS_MULTIPROC_DIR set (the image does),
prometheus_client adds up the figures of all of them (django-prometheus' export does that).
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import time
from collections.abc import Callable, Iterator
from functools import cache
from typing import Any

from django.conf import settings
from django.db.backends.signals import connection_created
from django.http import Http404, HttpRequest, HttpResponse
from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

logger = logging.getLogger(__name__)

DB_QUERIES = Counter(
    "portal_db_queries", "Database queries executed", ["alias", "vendor", "outcome"]
)
DB_QUERY_SECONDS = Histogram(
    "portal_db_query_seconds",
    "Time of one database query",
    ["alias"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)

TASK_OUTCOMES_KEY = "portal:metrics:celery_tasks"


# --- access -------------------------------------------------------------------------------------


def may_scrape(request: HttpRequest) -> bool:
    """A bearer token if one is configured, or a direct connection from the internal networks.

    "Direct" means no proxy forwarded it: the proxy adds X-Forwarded-For to whatever it passes
    on (and answers /metrics with 404 itself), so the internal address of the proxy never
    lends its network to a visitor.
    """
    token = settings.PORTAL_METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    if "X-Forwarded-For" in request.headers or "Forwarded" in request.headers:
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in _networks())


@cache
def _networks() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(
        ipaddress.ip_network(entry.strip(), strict=False)
        for entry in settings.PORTAL_METRICS_NETWORKS
    )


def metrics_view(request: HttpRequest) -> HttpResponse:
    if not may_scrape(request):
        raise Http404  # as if there were no such page
    from django_prometheus.exports import ExportToDjangoView

    response = ExportToDjangoView(request)
    extra = CollectorRegistry(auto_describe=False)
    extra.register(CeleryCollector())
    response.content = response.content + generate_latest(extra)
    response["Cache-Control"] = "no-store"
    return response


# --- database -----------------------------------------------------------------------------------


def _count_queries(alias: str, vendor: str) -> Callable[..., Any]:
    def wrapper(
        execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        started = time.perf_counter()
        outcome = "ok"
        try:
            return execute(sql, params, many, context)
        except Exception:
            outcome = "error"
            raise
        finally:
            DB_QUERIES.labels(alias, vendor, outcome).inc()
            DB_QUERY_SECONDS.labels(alias).observe(time.perf_counter() - started)

    return wrapper


def _instrument_connection(sender: Any, connection: Any, **_: Any) -> None:
    if not any(getattr(w, "portal_metrics", False) for w in connection.execute_wrappers):
        wrapper = _count_queries(connection.alias, connection.vendor)
        wrapper.portal_metrics = True  # type: ignore[attr-defined]
        connection.execute_wrappers.append(wrapper)


def connect_database_metrics() -> None:
    connection_created.connect(_instrument_connection, weak=False, dispatch_uid="portal-metrics")


# --- Celery -------------------------------------------------------------------------------------


def broker_redis() -> Any:
    """A client of the broker's Redis, or None on another transport (make run's filesystem)."""
    url = settings.CELERY_BROKER_URL
    if not url.startswith(("redis://", "rediss://")):
        return None
    return _redis_client(url)


@cache
def _redis_client(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=2)


class CeleryCollector:
    """Read at scrape time: queue lengths and the task outcomes the workers counted."""

    def collect(self) -> Iterator[Any]:
        client = broker_redis()
        if client is None:
            return
        try:
            lengths = {queue: queue_length(client, queue) for queue in ("celery",)}
            unacked = client.hlen("unacked")
            outcomes = client.hgetall(TASK_OUTCOMES_KEY)
        except Exception as error:
            logger.warning("metrics: broker not readable: %s", type(error).__name__)
            return
        queue = GaugeMetricFamily(
            "portal_celery_queue_length", "Messages waiting in a queue", labels=["queue"]
        )
        for name, length in lengths.items():
            queue.add_metric([name], length)
        yield queue
        yield GaugeMetricFamily(
            "portal_celery_unacked", "Messages taken by a worker, not yet acknowledged", unacked
        )
        tasks = CounterMetricFamily(
            "portal_celery_tasks", "Task runs by outcome", labels=["task", "outcome"]
        )
        for field, count in sorted(outcomes.items()):
            task, _, outcome = field.decode().rpartition("|")
            tasks.add_metric([task, outcome], int(count))
        yield tasks


def queue_length(client: Any, queue: str) -> int:
    """Messages waiting: kombu keeps a list per queue and priority step (`celery\\x06\\x163` …)."""
    keys = [queue] + [f"{queue}\x06\x16{step}" for step in range(1, 10)]
    pipe = client.pipeline(transaction=False)
    for key in keys:
        pipe.llen(key)
    return int(sum(pipe.execute()))


def _count_outcome(outcome: str) -> Callable[..., None]:
    def handler(sender: Any = None, **kwargs: Any) -> None:
        name = getattr(sender, "name", None) or getattr(kwargs.get("request"), "task", None)
        try:
            client = broker_redis()
            if client is not None:
                client.hincrby(TASK_OUTCOMES_KEY, f"{name or 'unknown'}|{outcome}", 1)
        except Exception as error:  # a metric must never fail a task
            logger.warning("metrics: outcome not counted: %s", type(error).__name__)

    return handler


def connect_celery_signals() -> None:
    from celery import signals

    for signal, outcome in (
        (signals.task_success, "success"),
        (signals.task_failure, "failure"),
        (signals.task_retry, "retry"),
        (signals.task_rejected, "rejected"),
        (signals.task_revoked, "revoked"),
    ):
        signal.connect(_count_outcome(outcome), weak=False)
