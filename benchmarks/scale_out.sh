#!/usr/bin/env bash
# The scale-out proof (issue #19): the compose stack's processes, started outside Docker with the
# same commands the images run, on this machine's PostgreSQL and Redis:
#   Caddy            docker/caddy/portal-site.caddy + portal-upstream.caddy (as in compose), TLS
#                    from Caddy's internal CA; one site over the 3 replicas, one over replica 1
#   3 web replicas   docker/start-web.sh (gunicorn, 2 processes each)
#   3 workers        docker/start-worker.sh (Celery, memory and time limits)
#   1 beat           docker/start-beat.sh (with the Redis lock)
#   S3 endpoint      moto's standalone server over HTTP (compose runs MinIO; no MinIO package here)
# Then benchmarks/scale_out.py drives the proxy: the 50-way workshop registration race, the slot
# booking race, the cross-tenant URL walk, requests per second with 1 and 3 replicas, and 20 PDF
# reports at once while one web replica and one worker are killed (SIGKILL).
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal REDIS_URL=redis://127.0.0.1:6379/9 \
#       bash benchmarks/scale_out.sh          (or `make scale-out`)
#
# DATABASE_URL names the server: the proof creates its own database SCALE_DB (portal_scaleout,
# dropped and created anew). REDIS_URL's database (the cache) and its neighbour (the broker)
# are emptied. Ports: PORT_BASE+1..3 (web, 8141..), PROXY_PORT (8443), ONE_PORT (8444),
# S3_PORT (8149). SECONDS_EACH (6): length of each requests-per-second measurement.
set -o errexit -o pipefail -o nounset

cd "$(dirname "$0")/.."
ROOT="$PWD"
: "${DATABASE_URL:?set DATABASE_URL (a PostgreSQL server; the proof makes its own database)}"
: "${REDIS_URL:?set REDIS_URL (its database and the next are emptied)}"
PORT_BASE="${PORT_BASE:-8140}"
PROXY_PORT="${PROXY_PORT:-8443}"
ONE_PORT="${ONE_PORT:-8444}"
S3_PORT="${S3_PORT:-8149}"
SCALE_DB="${SCALE_DB:-portal_scaleout}"
export SECONDS_EACH="${SECONDS_EACH:-6}"

for tool in caddy pg_dump; do
    command -v "$tool" >/dev/null || { echo "$tool is missing: make ops-deps (Debian)"; exit 1; }
done
[ -x .venv/bin/moto_server ] || { echo "moto is missing: make install-test"; exit 1; }

tmp="$(mktemp -d /tmp/scale-out.XXXXXX)"
groups=()  # process groups we started; each is ended by its id
cleanup() {
    for group in "${groups[@]}"; do kill -TERM -- "-$group" 2>/dev/null || true; done
    sleep 2
    for group in "${groups[@]}"; do kill -KILL -- "-$group" 2>/dev/null || true; done
    if [ "${KEEP_LOGS:-}" ]; then echo "logs kept in $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

# start <name> <command...>: in its own session (process group), output to $tmp/<name>.log
start() {
    local name=$1; shift
    setsid "$@" >"$tmp/$name.log" 2>&1 &
    local pid=$!
    disown "$pid"  # ended by cleanup, by its process group; no "Killed" notices
    groups+=("$pid")
    echo "$pid" >"$tmp/$name.pgid"
}

# --- the environment every process gets (what .env gives the containers) -----------------------
server="${DATABASE_URL%/*}"
export DATABASE_URL="$server/$SCALE_DB"
export PATH="$ROOT/.venv/bin:$PATH" PYTHONPATH="$ROOT" DJANGO_SETTINGS_MODULE=portal.settings
export DEBUG=false LOG_FORMAT=json LOG_LEVEL=INFO CONN_MAX_AGE=60
export SECRET_KEY="scale-out-proof-$(date +%s)-not-a-real-secret-0123456789abcdefghijkl"
export ALLOWED_HOSTS=127.0.0.1,localhost
export CSRF_TRUSTED_ORIGINS="https://127.0.0.1:$PROXY_PORT,https://127.0.0.1:$ONE_PORT"
export ALLAUTH_TRUSTED_PROXY_COUNT=1
# No TOTP in the proof: staff pages are reached with sessions made by the driver.
export PORTAL_STAFF_MFA_REQUIRED=false
export PORTAL_VAR_DIR="$tmp/var" STATIC_ROOT="$tmp/static" MEDIA_ROOT="$tmp/media"
export EMAIL_URL="filemail:///$tmp/mail"
export AWS_STORAGE_BUCKET_NAME=portal-scaleout AWS_S3_ENDPOINT_URL="http://127.0.0.1:$S3_PORT"
export AWS_ACCESS_KEY_ID=proof AWS_SECRET_ACCESS_KEY=proof-secret AWS_S3_REGION_NAME=us-east-1
# A killed worker's unfinished task goes to another worker after 30 s, not an hour.
export CELERY_BROKER_VISIBILITY_TIMEOUT=30 CELERY_BEAT_LOCK_TTL=15
export WEB_CONCURRENCY=2 CELERY_WORKER_CONCURRENCY=1 WORKER_TMP_DIR="$tmp"
mkdir -p "$tmp/var" "$tmp/mail" "$tmp/caddy"

echo "== set-up: database $SCALE_DB, Redis $(python - <<'PY'
import os
from portal.operations.config import broker_url_for
url = os.environ["REDIS_URL"]
print(f"cache {url.rsplit('/', 1)[-1]}, broker {broker_url_for(url).rsplit('/', 1)[-1]}")
PY
), S3 on :$S3_PORT"
python - <<PY
import os, psycopg
from portal.operations.config import broker_url_for
import redis
with psycopg.connect("$server/postgres", autocommit=True) as conn:
    conn.execute('DROP DATABASE IF EXISTS "$SCALE_DB" WITH (FORCE)')
    conn.execute('CREATE DATABASE "$SCALE_DB"')
for url in (os.environ["REDIS_URL"], broker_url_for(os.environ["REDIS_URL"])):
    redis.Redis.from_url(url).flushdb()
PY
start s3 moto_server -H 127.0.0.1 -p "$S3_PORT"
# As in compose's migrate service: migrations as the owner, then the app's role, which every
# process below connects as (row-level security holds for it, portal/rls.py).
export OWNER_DATABASE_URL="$DATABASE_URL"
export PORTAL_APP_DB_ROLE=portal_scaleout_app PORTAL_APP_DB_PASSWORD=scale-out-app-password
python manage.py migrate --noinput -v0
python manage.py app_db_role >/dev/null
python manage.py load_questionnaire >/dev/null
python manage.py collectstatic --noinput -v0
host_part="${server#*://}"; host_part="${host_part#*@}"
export DATABASE_URL="postgres://$PORTAL_APP_DB_ROLE:$PORTAL_APP_DB_PASSWORD@$host_part/$SCALE_DB"
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" && break; sleep 0.2; done
python manage.py ensure_storage

echo "== starting 3 web replicas, 3 workers, 1 beat, the proxy"
for i in 1 2 3; do
    BIND="127.0.0.1:$((PORT_BASE + i))" PROMETHEUS_MULTIPROC_DIR="$tmp/prometheus-$i" \
        start "web$i" bash docker/start-web.sh
    CELERY_WORKER_NAME="worker$i@%h" start "worker$i" bash docker/start-worker.sh
done
PORTAL_VAR_DIR="$tmp/var" start beat bash docker/start-beat.sh

upstreams="127.0.0.1:$((PORT_BASE + 1)) 127.0.0.1:$((PORT_BASE + 2)) 127.0.0.1:$((PORT_BASE + 3))"
site() {  # site <port> <upstreams...>
    local port=$1; shift
    cat <<EOF
https://127.0.0.1:$port {
	tls internal
	import $ROOT/docker/caddy/portal-site.caddy
	reverse_proxy $* {
		import $ROOT/docker/caddy/portal-upstream.caddy
	}
}
EOF
}
{
    printf '{\n\tadmin off\n\tskip_install_trust\n\tauto_https disable_redirects\n\tstorage file_system %s\n}\n' "$tmp/caddy"
    site "$PROXY_PORT" $upstreams
    site "$ONE_PORT" "127.0.0.1:$((PORT_BASE + 1))"
} >"$tmp/Caddyfile"
XDG_DATA_HOME="$tmp/caddy" XDG_CONFIG_HOME="$tmp/caddy" start proxy caddy run --config "$tmp/Caddyfile"

ready() { curl -ks -o /dev/null -w '%{http_code}' "$1" | grep -q 200; }
for _ in $(seq 120); do
    all=1
    for i in 1 2 3; do ready "http://127.0.0.1:$((PORT_BASE + i))/readyz" || all=0; done
    ready "https://127.0.0.1:$PROXY_PORT/readyz" || all=0
    ready "https://127.0.0.1:$ONE_PORT/readyz" || all=0
    grep -q "ready" "$tmp/worker3.log" 2>/dev/null || all=0
    [ "$all" = 1 ] && break
    sleep 0.5
done
[ "$all" = 1 ] || { echo "the stack did not come up; logs in $tmp"; KEEP_LOGS=1; exit 1; }
grep -h '"message"' "$tmp/beat.log" | grep -o 'beat: lock taken[^"]*' | head -1 || true

echo "== the proof, through the proxy"
PROOF_TMP="$tmp" PROOF_PROXY="https://127.0.0.1:$PROXY_PORT" PROOF_ONE="https://127.0.0.1:$ONE_PORT" \
PROOF_REPLICAS="$(for i in 1 2 3; do printf 'http://127.0.0.1:%s ' $((PORT_BASE + i)); done)" \
PROOF_KILL_WEB="$(cat "$tmp/web2.pgid")" PROOF_KILL_WORKER="$(cat "$tmp/worker2.pgid")" \
    python benchmarks/scale_out.py || { KEEP_LOGS=1; exit 1; }
