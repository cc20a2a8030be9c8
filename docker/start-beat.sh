#!/usr/bin/env bash
# Celery beat: enqueues the periodic jobs (the BEAT_SCHEDULE of each app's tasks.py).
# Run exactly one beat per deployment. A second one (a redeploy's overlap, `--scale beat=2`, a
# second host) waits for the lock the first holds in the broker's Redis and takes over within
# CELERY_BEAT_LOCK_TTL seconds (60) once the first is gone (portal/operations/beat.py).
# The schedule file is $PORTAL_VAR_DIR/celerybeat-schedule (CELERY_BEAT_SCHEDULE_FILENAME);
# docker-compose.yml points PORTAL_VAR_DIR of this service at a named volume, so the last run
# times survive a new container.
set -o errexit -o pipefail -o nounset

exec celery --app portal beat --loglevel "${LOG_LEVEL:-INFO}"
