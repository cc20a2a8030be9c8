#!/usr/bin/env bash
# Entrypoint of the portal image: runs before every command (web, worker, beat, migrate, or a
# one-off `docker compose run --rm web python manage.py createsuperuser`), then replaces itself
# with that command. Dependencies are not polled here: docker-compose.yml starts the Django
# services only once PostgreSQL and Redis report healthy and migrations have finished.
set -o errexit -o pipefail -o nounset

fail() {
    echo "entrypoint: $*" >&2
    echo "entrypoint: see .env.example (cp .env.example .env, then fill it in)." >&2
    exit 78  # EX_CONFIG
}

# Outside DEBUG, refuse to start without the settings a multi-container deployment needs.
# Without REDIS_URL each container would fall back to its own file-based broker and cache,
# and tasks would silently never reach the worker.
case "${DEBUG:-false}" in
    [Tt]rue | [Oo]n | [Oo]k | [Yy] | [Yy]es | 1) ;;
    *)
        for name in SECRET_KEY ALLOWED_HOSTS DATABASE_URL REDIS_URL; do
            [[ -n "${!name:-}" ]] || fail "${name} is not set (DEBUG is false)."
        done
        [[ "${SECRET_KEY}" != change-me* ]] || fail "SECRET_KEY still has the placeholder value."
        ;;
esac

exec "$@"
