# Portal 4.0 — the commands a developer and CI use. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PO_DE := locale/de/LC_MESSAGES/django.po

.PHONY: help run test test-browser axe vnu chromium lint fmt messages compilemessages migrate seed system-deps install install-test check-deploy clean bench
.PHONY: lock lock-check install-locked backup restore ops-deps scale-out

help:
	@echo "make run    install, migrate, seed the demo and serve http://$(HOST):$(PORT) with worker and beat"
	@echo "make test   the whole test suite (PostgreSQL/Redis tests run when DATABASE_URL/REDIS_URL are set)"
	@echo "make test-browser  browser journeys and accessibility checks (Chromium, axe-core)"
	@echo "make lint   ruff check and format check, import contracts, mypy"
	@echo "make fmt    format the code"
	@echo "make messages  update the German translation catalogue (locale/de)"
	@echo "make lock   recompile requirements/*.lock from pyproject.toml (after changing dependencies)"
	@echo "make backup / make restore BACKUP=var/backups/<stamp>  database dump plus media files"
	@echo "make scale-out  the scale-out proof: proxy, 3 web, 3 workers, S3 (benchmarks/scale_out.sh)"
	@echo "make bench  the performance goals with their figures (PostgreSQL, Redis, wrk; see README)"

# --- set-up --------------------------------------------------------------------------------------

# Debian packages: gettext compiles the translations; pango, harfbuzz's subsetter and DejaVu
# fonts let WeasyPrint render PDFs (fast). Installed when missing and we may (root); otherwise we
# stop with the command to run.
SYSTEM_PACKAGES := gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
system-deps:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing system packages: $$missing"; \
	    apt-get install -y -qq $$missing >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq $$missing; }; \
	  else \
	    echo "Please install these system packages first: sudo apt-get install $$missing"; exit 1; \
	  fi; \
	fi

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 is needed (python3.11 not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# A developer installs from pyproject.toml's ranges and is only warned about stale lock files
# (other branches add dependencies meanwhile); the image and CI install from the locks.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	@$(BIN)/python requirements/lock.py warn
	$(BIN)/pip install -q -e ".[dev]"
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	@$(BIN)/python requirements/lock.py warn
	$(BIN)/pip install -q -e ".[dev,test]"
	@touch $@ $(VENV)/.installed-run

install: $(VENV)/.installed-run
install-test: $(VENV)/.installed-test

# --- lock files (requirements/lock.py) -------------------------------------------------------------

# Exact versions and hashes for the image (base.lock) and for CI and developers (dev.lock).
lock: install
	$(BIN)/python requirements/lock.py compile $(BIN)/uv

# Fails, naming `make lock`, when a lock file is older than pyproject.toml's dependencies.
lock-check:
	@$(PYTHON) requirements/lock.py check

# CI: exactly the locked versions (hashes checked), then the portal itself without dependencies.
install-locked: lock-check | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements/dev.lock
	$(BIN)/pip install -q --no-deps -e .
	@touch $(VENV)/.installed-run $(VENV)/.installed-test

compilemessages: system-deps install
	@if [ -d locale ]; then $(MANAGE) compilemessages --ignore=.venv --ignore=var -v0; fi

migrate: install
	@mkdir -p var
	$(MANAGE) migrate --noinput -v1

seed: migrate
	$(MANAGE) seed_demo

# --- the two commands -----------------------------------------------------------------------------

# Embedded default: SQLite under var/, kombu's filesystem broker, e-mail on the console. The staff
# second factor is switched off for the local demo only (production keeps it on).
run: compilemessages seed
	@echo "Serving Portal 4.0 on http://$(HOST):$(PORT) (web + Celery worker + beat); Ctrl+C stops all."
	@echo "Sign in at http://$(HOST):$(PORT)/accounts/login/ with a demo account (password Demo-2026!, see README):"
	@echo "  admin@m40.example (consortium admin), padmin@tu-ilmenau.example (partner admin),"
	@echo "  consultant@tu-ilmenau.example (consultant), sme1@example.com (SME user)"
	PORTAL_STAFF_MFA_REQUIRED=false HOST=$(HOST) PORT=$(PORT) \
	PORTAL_BASE_URL=$${PORTAL_BASE_URL:-http://$(HOST):$(PORT)} $(BIN)/honcho -f Procfile.dev start

# The browser tests are slower and need Chromium and axe-core: `make test-browser` runs them.
# Two processes (pytest-xdist), each with its own test database; the tests that share Redis,
# the Celery queue, ports or subprocesses all run in one of them (tests/conftest.py).
# `make test TEST_PROCESSES=0` runs everything in one process.
TEST_PROCESSES ?= 2
test: install-test compilemessages vnu
	$(BIN)/pytest --ignore=tests/browser -n $(TEST_PROCESSES) $(PYTEST_ARGS)

# --- browser tests ----------------------------------------------------------------------------------

# axe-core (the accessibility rules the browser tests inject) from the npm registry, kept under var/.
AXE_JS := var/node/node_modules/axe-core/axe.min.js
CHROMIUM ?= /usr/bin/chromium

$(AXE_JS):
	@command -v npm >/dev/null || { echo "npm is needed to fetch axe-core: sudo apt-get install npm"; exit 1; }
	npm install --no-save --no-audit --no-fund --prefix var/node axe-core@4
	@test -f $@ || { echo "npm did not install $@"; exit 1; }

axe: $(AXE_JS)

# The W3C Nu Html Checker (vnu.jar, from the npm registry, under var/) and a Java to run it:
# tests/security/test_html_valid.py runs it over every page of the URL walk.
VNU_JAR := var/node/node_modules/vnu-jar/build/dist/vnu.jar

$(VNU_JAR):
	@command -v npm >/dev/null || { echo "npm is needed to fetch vnu: sudo apt-get install npm"; exit 1; }
	npm install --no-save --no-audit --no-fund --prefix var/node vnu-jar@26
	@test -f $@ || { echo "npm did not install $@"; exit 1; }

vnu: $(VNU_JAR)
	@command -v java >/dev/null || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get install -y -qq default-jre-headless >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq default-jre-headless; }; \
	  else echo "Java is needed to run vnu: sudo apt-get install default-jre-headless"; exit 1; fi; }

# Debian's Chromium (Playwright drives it; we never download a browser with `playwright install`).
chromium:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Chromium"; \
	    apt-get install -y -qq chromium >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq chromium; }; \
	  else \
	    echo "Please install Chromium first: sudo apt-get install chromium"; exit 1; \
	  fi; \
	fi

test-browser: install-test compilemessages chromium axe
	PORTAL_CHROMIUM=$(CHROMIUM) $(BIN)/pytest tests/browser $(PYTEST_ARGS)

# The benchmarks of issue #18 (by hand, not in CI): PostgreSQL in DATABASE_URL, Redis in
# REDIS_URL, wrk from Debian. Seeds scale 10, prints every goal with its figure.
bench: install-test
	@command -v wrk >/dev/null || { echo "wrk is needed: sudo apt-get install wrk"; exit 1; }
	bash benchmarks/run.sh

# ruff, the layers of design §2 (import-linter) and the types (mypy with django-stubs; its cache
# in .mypy_cache keeps a second run to seconds). Both are configured in pyproject.toml.
lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

fmt: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: system-deps install
	@# Drop the allauth overrides first, or msgmerge would offer them as fuzzy matches for new strings.
	@test ! -f $(PO_DE) || msggrep -v -C -e 'allauth, ' $(PO_DE) -o $(PO_DE)
	$(MANAGE) makemessages -l de --ignore=.venv --ignore=var --ignore=tests --no-obsolete
	@# allauth's German says "du"; our formal overrides are kept apart and merged back in.
	msgcat --use-first $(PO_DE) locale/de/LC_MESSAGES/allauth-formal.po.in -o $(PO_DE)

check-deploy: install
	DEBUG=false SECRET_KEY=check-deploy-$$RANDOM-not-a-real-key-0123456789abcdefghijkl \
	ALLOWED_HOSTS=portal.example.org DATABASE_URL=postgres://portal@localhost/portal \
	REDIS_URL=redis://localhost:6379/0 PORTAL_IMPRINT_EMAIL=m40@portal.example.org \
	ALLAUTH_TRUSTED_PROXY_COUNT=1 \
	PORTAL_IMPRINT_PHONE="+49 3677 0" $(MANAGE) check --deploy --fail-level WARNING

# --- operations (docs/operations.md) ----------------------------------------------------------------

# pg_dump (custom format) or SQLite's backup, plus every media file, into var/backups/<stamp>/ or
# BACKUP_DIR. Restore: `make restore BACKUP=var/backups/<stamp>` (replaces database and media).
backup: install
	$(MANAGE) backup $(if $(BACKUP_DIR),--to $(BACKUP_DIR))

restore: install
	@test -n "$(BACKUP)" || { echo "Say which backup: make restore BACKUP=var/backups/<stamp>"; exit 1; }
	$(MANAGE) restore $(BACKUP) --yes

# Debian's Caddy (the proxy of docker-compose.yml, run outside Docker by benchmarks/scale_out.sh)
# and docker-compose (validates docker-compose.yml without an engine).
OPS_PACKAGES := caddy docker-compose
ops-deps:
	@missing=$$(for p in $(OPS_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing system packages: $$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; }; \
	  else \
	    echo "Please install these system packages first: sudo apt-get install $$missing"; exit 1; \
	  fi; \
	fi

# Needs DATABASE_URL (PostgreSQL) and REDIS_URL; prints requests per second with 1 and 3 replicas.
scale-out: install-test compilemessages ops-deps
	bash benchmarks/scale_out.sh

clean:
	rm -rf var .pytest_cache .ruff_cache .mypy_cache .import_linter_cache
