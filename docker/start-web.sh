#!/usr/bin/env bash
# The web process: gunicorn with sync workers behind the proxy (docker/caddy/Caddyfile).
# WEB_CONCURRENCY: worker processes (default 2; about 2 per core). Anything else gunicorn
# knows can be passed in GUNICORN_CMD_ARGS (e.g. "--timeout 60"). benchmarks/scale_out.sh
# runs this same script outside Docker, with BIND and PROMETHEUS_MULTIPROC_DIR of its own.
set -o errexit -o pipefail -o nounset

# Prometheus figures of all gunicorn processes of this replica, added up at /metrics: each
# process writes its own files here, emptied at every start (stale files would count twice).
export PROMETHEUS_MULTIPROC_DIR="${PROMETHEUS_MULTIPROC_DIR:-/dev/shm/prometheus}"
rm -rf "${PROMETHEUS_MULTIPROC_DIR:?}"
mkdir -p "${PROMETHEUS_MULTIPROC_DIR}"

# --worker-tmp-dir: the worker heartbeat files go to memory, not the container's overlay disk
# (where a slow write can make the arbiter kill healthy workers). --max-requests replaces a
# worker process now and then, so a slow leak cannot grow without bound.
exec gunicorn portal.wsgi:application \
    --config python:portal.operations.gunicorn \
    --bind "${BIND:-0.0.0.0:8000}" \
    --workers "${WEB_CONCURRENCY:-2}" \
    --worker-tmp-dir "${WORKER_TMP_DIR:-/dev/shm}" \
    --timeout "${WEB_TIMEOUT:-30}" \
    --graceful-timeout 30 \
    --max-requests "${WEB_MAX_REQUESTS:-2000}" \
    --max-requests-jitter 200 \
    --log-level "${LOG_LEVEL:-info}"
