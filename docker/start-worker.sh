#!/usr/bin/env bash
# The Celery worker. Any number may run (`docker compose up --scale worker=3`): each takes one
# message at a time per pool process (prefetch 1, acks_late), so a replica that dies hands its
# unfinished task to another (reject_on_worker_lost, tasks are idempotent).
# CELERY_WORKER_CONCURRENCY: pool processes (default 2). CELERY_WORKER_NAME: the node name,
# when several workers share one host name (benchmarks/scale_out.sh); compose leaves it unset.
set -o errexit -o pipefail -o nounset

# Mingle (state exchange with the other workers at start-up) and gossip (listening to every other
# worker's events) serve revokes and clock sync across workers, which we do not use; they slow
# start-up and add broker traffic with every worker added.
# --max-memory-per-child (KiB): a pool process that grew past it (WeasyPrint can) is replaced
# after its task; --max-tasks-per-child does the same after that many tasks. The time limits
# stop a hung render: soft (the task can record "failed"), then hard (the process is killed).
exec celery --app portal worker \
    --loglevel "${LOG_LEVEL:-INFO}" \
    --concurrency "${CELERY_WORKER_CONCURRENCY:-2}" \
    --max-memory-per-child "${CELERY_WORKER_MAX_MEMORY_PER_CHILD:-400000}" \
    --max-tasks-per-child "${CELERY_WORKER_MAX_TASKS_PER_CHILD:-500}" \
    --soft-time-limit "${CELERY_TASK_SOFT_TIME_LIMIT:-120}" \
    --time-limit "${CELERY_TASK_TIME_LIMIT:-180}" \
    --without-gossip \
    --without-mingle \
    ${CELERY_WORKER_NAME:+--hostname "$CELERY_WORKER_NAME"}
