#!/usr/bin/env bash
# Requests per second of the portal under gunicorn (2 sync workers, persistent database
# connections), and their ratios (issue #6, target for both: at least 0.5):
#   public   /events/                  against a trivial view behind the same middleware
#   signed-in /consulting/companies/   against the same trivial view, signed in
#
#   REDIS_URL=redis://127.0.0.1:6379/0 \
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench bash benchmarks/throughput.sh
#
# Mirrors production: with REDIS_URL set, the cache (the page cache's version tokens, rate
# limits) is Redis, as in docker-compose; without it the portal falls back to its file cache and
# the figures say less. The cache backend used is printed first.
# /events/ is served to anonymous visitors from the page cache (portal/pagecache.py): the first
# request of each worker renders it, the rest are hits until a service forgets the pages.
#
# Uses the database as it is (seed it first, e.g. with benchmarks/pages.py). The trivial view is
# added by a throw-away URLconf and settings module in a temporary directory, so the portal's
# own code stays as it is. Each page and its trivial view are measured in alternating slices
# (other load on the machine then falls on both alike). Options by environment: PORT (8134),
# SECONDS_EACH (10, per page and per trivial view), CLIENTS (4).
set -o errexit -o pipefail -o nounset

cd "$(dirname "$0")/.."
PORT="${PORT:-8134}"
SECONDS_EACH="${SECONDS_EACH:-10}"
CLIENTS="${CLIENTS:-4}"
export PORTAL_STAFF_MFA_REQUIRED=false DEBUG="${DEBUG:-false}" CONN_MAX_AGE=600
export SECRET_KEY="${SECRET_KEY:-benchmark-only-$(date +%s)-not-secret-at-all-0123456789}"
export ALLOWED_HOSTS="127.0.0.1,localhost"
: "${DATABASE_URL:?set DATABASE_URL (PostgreSQL)}"

tmp="$(mktemp -d)"
trap 'kill "$(cat "$tmp/gunicorn.pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$tmp"' EXIT
cat > "$tmp/bench_urls.py" <<'PY'
from django.http import HttpResponse
from django.urls import include, path


def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), path("", include("portal.urls"))]
PY
cat > "$tmp/bench_settings.py" <<'PY'
from portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench_urls"
PY
export PYTHONPATH="$tmp:$PWD" DJANGO_SETTINGS_MODULE=bench_settings

.venv/bin/python manage.py collectstatic --noinput -v0 >/dev/null 2>&1 || true
.venv/bin/gunicorn portal.wsgi:application --workers 2 --worker-class sync \
    --bind "127.0.0.1:$PORT" --pid "$tmp/gunicorn.pid" --daemon --log-level warning
for _ in $(seq 50); do
    curl -s -o /dev/null -H "X-Forwarded-Proto: https" "http://127.0.0.1:$PORT/bench/trivial/" \
        && break
    sleep 0.2
done

.venv/bin/python - "$PORT" "$SECONDS_EACH" "$CLIENTS" <<'PY'
import http.client
import os
import sys
import threading
import time

import django

django.setup()
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from portal.active_context import SESSION_KEY as CONTEXT_KEY
from portal.models import Membership, User
from portal.pagecache import HIT_HEADER

port, seconds, clients = int(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
cache = settings.CACHES["default"]
print(f"cache     {cache['BACKEND'].rsplit('.', 1)[-1]} {cache.get('LOCATION', '')}")
if not os.environ.get("REDIS_URL"):
    print("warning: REDIS_URL is not set; production caches in Redis")
user = User.objects.get(email="consultant@tu-ilmenau.example")
membership = Membership.objects.filter(user=user).first()
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session[CONTEXT_KEY] = str(membership.partner_id)
session.create()
cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def rate(path, signed_in, seconds):
    """Requests per second of `path` over `seconds`, and how many were page-cache hits."""
    done = [0] * clients
    hits = [0] * clients
    errors = []
    stop = time.monotonic() + seconds

    def run(index):
        conn = http.client.HTTPConnection("127.0.0.1", port)
        # as behind the TLS-terminating proxy (production redirects plain HTTP otherwise)
        headers = {"X-Forwarded-Proto": "https"}
        if signed_in:
            headers["Cookie"] = cookie
        while time.monotonic() < stop:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                errors.append(f"{path}: HTTP {response.status}")
                return
            if response.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port)
            done[index] += 1
            hits[index] += response.getheader(HIT_HEADER) == "hit"

    threads = [threading.Thread(target=run, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise SystemExit(errors[0])
    return sum(done), sum(hits)


def compare(path, signed_in, slices=5):
    """`path` and the trivial view in alternating slices, so that load from other processes
    on the machine falls on both alike. Returns (page req/s, trivial req/s, page hit share)."""
    page = trivial = hits = 0
    for _ in range(slices):
        done, hit = rate(path, signed_in, seconds / slices)
        page, hits = page + done, hits + hit
        trivial += rate("/bench/trivial/", signed_in, seconds / slices)[0]
    return page / seconds, trivial / seconds, hits / max(page, 1)


for path, signed_in in [("/events/", False), ("/bench/trivial/", False)]:
    rate(path, signed_in, 1)  # warm up
public, trivial, public_hits = compare("/events/", False)
companies, trivial_in, _ = compare("/consulting/companies/", True)
print(f"public    /events/               {public:8.1f} req/s   ({public_hits:.0%} page-cache hits)")
print(f"public    trivial view           {trivial:8.1f} req/s   ratio {public / trivial:.2f}")
print(f"signed in /consulting/companies/ {companies:8.1f} req/s")
print(f"signed in trivial view           {trivial_in:8.1f} req/s   ratio {companies / trivial_in:.2f}")
print("target: both ratios >= 0.5")
PY
