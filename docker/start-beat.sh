#!/usr/bin/env bash
# Celery beat: enqueues the periodic jobs (CELERY_BEAT_SCHEDULE in portal/settings.py).
# Run exactly one beat per deployment, or every job is sent once per beat.
# The schedule file is $PORTAL_VAR_DIR/celerybeat-schedule (CELERY_BEAT_SCHEDULE_FILENAME);
# docker-compose.yml points PORTAL_VAR_DIR of this service at a named volume, so the last run
# times survive a new container.
set -o errexit -o pipefail -o nounset

exec celery --app portal beat --loglevel "${LOG_LEVEL:-INFO}"
