#!/usr/bin/env bash
# One-shot: bring the database schema up to date. docker-compose.yml starts web, worker and
# beat only after this exits 0. Translations and static files are compiled into the image at
# build time, so nothing else needs to run here.
set -o errexit -o pipefail -o nounset

# Print the deployment warnings where the operator reads them; fail only on errors
# (e.g. a missing SECRET_KEY), not on warnings.
python manage.py check --deploy --fail-level ERROR

exec python manage.py migrate --noinput
