#!/usr/bin/env bash
# The Celery worker. Acknowledgement, time limits and prefetch come from the CELERY_* settings
# in portal/settings.py. CELERY_WORKER_CONCURRENCY: pool processes (default 2).
set -o errexit -o pipefail -o nounset

# Mingle (state exchange with the other workers at start-up) and gossip (listening to every other
# worker's events) serve revokes and clock sync across workers, which we do not use; they slow
# start-up and add broker traffic with every worker added.
exec celery --app portal worker \
    --loglevel "${LOG_LEVEL:-INFO}" \
    --concurrency "${CELERY_WORKER_CONCURRENCY:-2}" \
    --without-gossip \
    --without-mingle
