"""Gunicorn settings beyond the command line of docker/start-web.sh (`--config python:...`)."""

from __future__ import annotations

import os
from typing import Any

# The portal writes one JSON access-log line per request itself (with the request id).
accesslog = None
errorlog = "-"


def child_exit(server: Any, worker: Any) -> None:
    """A replaced worker's metrics files stay, but its gauges must stop counting as live."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
