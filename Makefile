# Đôn đốc – developer commands.  `make demo` and `make test` are all a new machine needs.
PYTHON ?= python3
VENV   ?= .venv
PY      = $(VENV)/bin/python
PIP     = $(VENV)/bin/pip
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: demo test install install-dev run worker migrate seed lint format e2e bench clean

$(VENV)/bin/activate:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: $(VENV)/bin/activate pyproject.toml
	$(PIP) install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	$(PY) manage.py migrate --noinput

PROFILE ?= commune

seed: migrate
	$(PY) manage.py seed_demo --profile $(PROFILE)
	$(PY) manage.py setup_schedules

## demo: set up (venv, install, migrate, demo data of PROFILE=commune|ward|province|district, schedules) and run web app + worker; Ctrl-C stops both
demo: seed
	@echo ""
	@echo "Đôn đốc is starting on http://$(HOST):$(PORT)/  (Ctrl-C stops the web app and the worker)"
	$(PY) manage.py rundemo $(HOST):$(PORT)

## test: install what the tests need and run the suite (SQLite; DATABASE_URL=postgres://... for PostgreSQL)
test: install
	$(PY) -m pytest -q -m "not e2e"

e2e: install
	$(PY) -m pytest -q -m e2e tests/e2e

lint: install
	$(VENV)/bin/ruff check .

format: install
	$(VENV)/bin/ruff format .

bench: install
	$(PY) bench/run.py seed

clean:
	rm -rf $(VENV) var build *.egg-info
