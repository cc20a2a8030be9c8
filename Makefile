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

.PHONY: help run test test-browser axe chromium lint fmt messages compilemessages migrate seed system-deps install install-test check-deploy clean

help:
	@echo "make run    install, migrate, seed the demo and serve http://$(HOST):$(PORT) with worker and beat"
	@echo "make test   the whole test suite (PostgreSQL/Redis tests run when DATABASE_URL/REDIS_URL are set)"
	@echo "make test-browser  browser journeys and accessibility checks (Chromium, axe-core)"
	@echo "make lint   ruff check and format check"
	@echo "make fmt    format the code"
	@echo "make messages  update the German translation catalogue (locale/de)"

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

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev,test]"
	@touch $@ $(VENV)/.installed-run

install: $(VENV)/.installed-run
install-test: $(VENV)/.installed-test

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
	PORTAL_STAFF_MFA_REQUIRED=false HOST=$(HOST) PORT=$(PORT) $(BIN)/honcho -f Procfile.dev start

# The browser tests are slower and need Chromium and axe-core: `make test-browser` runs them.
test: install-test compilemessages
	$(BIN)/pytest --ignore=tests/browser $(PYTEST_ARGS)

# --- browser tests ----------------------------------------------------------------------------------

# axe-core (the accessibility rules the browser tests inject) from the npm registry, kept under var/.
AXE_JS := var/node/node_modules/axe-core/axe.min.js
CHROMIUM ?= /usr/bin/chromium

$(AXE_JS):
	@command -v npm >/dev/null || { echo "npm is needed to fetch axe-core: sudo apt-get install npm"; exit 1; }
	npm install --no-save --no-audit --no-fund --prefix var/node axe-core@4
	@test -f $@ || { echo "npm did not install $@"; exit 1; }

axe: $(AXE_JS)

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

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

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
	PORTAL_IMPRINT_PHONE="+49 3677 0" $(MANAGE) check --deploy --fail-level WARNING

clean:
	rm -rf var .pytest_cache .ruff_cache
