#!/usr/bin/env bash
# One-shot: bring the database schema up to date and make sure the file store exists.
# docker-compose.yml starts web, worker and beat only after this exits 0. Translations and
# static files are compiled into the image at build time, so nothing else needs to run here.
set -o errexit -o pipefail -o nounset

# Print the deployment warnings where the operator reads them; fail only on errors
# (e.g. a missing SECRET_KEY), not on warnings.
python manage.py check --deploy --fail-level ERROR

# Migrations run as the tables' owner (DATABASE_URL here is OWNER_DATABASE_URL, see
# docker-compose.yml); then the role web, worker and beat connect as is created or updated:
# not the owner, not superuser, no BYPASSRLS, so row-level security holds for it.
python manage.py migrate --noinput
python manage.py app_db_role

# The object storage bucket (private) when AWS_STORAGE_BUCKET_NAME is set; a no-op otherwise.
exec python manage.py ensure_storage
