#!/usr/bin/env bash
# Every benchmark of issue #18 in one run, then every goal with its figure (benchmarks/summary.py).
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal_bench \
#   REDIS_URL=redis://127.0.0.1:6379/5 make bench        (or: bash benchmarks/run.sh)
#
# Seeds `seed_demo --scale ${SCALE:-10}` into DATABASE_URL first (idempotent: a second run only
# checks). Needs PostgreSQL, and Redis as in production (the page cache's version tokens); wrk
# (Debian package) for the requests per second. By hand, not in CI: it takes some minutes and
# its figures depend on the machine (compare the ratios of one run, not absolute times).
set -o errexit -o pipefail -o nounset
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL (PostgreSQL)}"
[ -n "${REDIS_URL:-}" ] || echo "warning: REDIS_URL is not set; production caches in Redis" >&2
command -v wrk >/dev/null || { echo "wrk is needed: sudo apt-get install wrk" >&2; exit 1; }
export PORTAL_STAFF_MFA_REQUIRED=false
mkdir -p var/bench
rm -f var/bench/*.json
PY=.venv/bin/python
$PY benchmarks/pages.py --scale "${SCALE:-10}" --runs "${RUNS:-30}"
$PY benchmarks/throughput.py --seconds "${SECONDS_EACH:-20}" --clients "${CLIENTS:-4}"
$PY benchmarks/documents.py --renders "${RENDERS:-200}"
echo
$PY benchmarks/summary.py | tee var/bench/summary.txt
