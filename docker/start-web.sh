#!/usr/bin/env bash
# The web process: gunicorn with sync workers behind the TLS-terminating reverse proxy.
# WEB_CONCURRENCY: worker processes (default 2; about 2 per core). Anything else gunicorn
# knows can be passed in GUNICORN_CMD_ARGS (e.g. "--timeout 60").
set -o errexit -o pipefail -o nounset

# --worker-tmp-dir: the worker heartbeat files go to memory, not the container's overlay disk
# (where a slow write can make the arbiter kill healthy workers).
exec gunicorn portal.wsgi:application \
    --bind 0.0.0.0:8000 \
    --workers "${WEB_CONCURRENCY:-2}" \
    --worker-tmp-dir /dev/shm \
    --access-logfile - \
    --error-logfile - \
    --log-level "${LOG_LEVEL:-info}"
