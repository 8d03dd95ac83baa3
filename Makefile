# Tabled: `make demo` runs the product on SQLite with demo data; `make test` runs the suite
# against PostgreSQL and Redis on 127.0.0.1.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tabled
TEST_BROKER_URL ?= redis://127.0.0.1:6379/15
# The slowest tests are named at the end of every run, so a slow newcomer is seen.
PYTEST_ARGS ?= --durations=25

.DEFAULT_GOAL := help
.PHONY: help install demo test lint format services migrate bench security

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml package.json
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	npm ci --no-audit --no-fund --silent --omit=optional
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install Tabled with its development tools

demo: install ## Migrate a SQLite database, load the demo board and serve it on :8000
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "Tabled is running at http://127.0.0.1:8000/"
	@echo "  Boards and groups: http://127.0.0.1:8000/bodies/"
	@echo "  Reports:           http://127.0.0.1:8000/reports/"
	@echo "  Admin:             http://127.0.0.1:8000/admin/"
	@echo "  Demo logins (password 'demo'): manager (business unit), chair, member,"
	@echo "    boardchair (the Board's independent chair, who approves reports)"
	@echo "  The adults' board:  http://adults.localhost:8000/ (adultsmanager, adultsmember,"
	@echo "    jointmember; manager runs both partnerships)"
	@echo ""
	$(BIN)/python manage.py runserver 127.0.0.1:8000

services: ## Make sure PostgreSQL and Redis answer on 127.0.0.1 (starting or installing them)
	bash scripts/ensure-services.sh

security: install ## bandit over our code; pip-audit over the installed packages
	$(BIN)/bandit -c pyproject.toml -r . -q
	$(BIN)/python scripts/audit_dependencies.py

test: install services security ## Scan (make security), then run the suite against PostgreSQL and Redis
	DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) \
		$(BIN)/pytest $(PYTEST_ARGS)

lint: install ## ruff check and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install ## Apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install services ## Print figures: pages under load (20 years of data; 1 and 100 partnerships), admin screens, search, a papers pack, the seed report, 200 emails
	@# Each prints its table with the targets it met or missed; a miss does not stop the others.
	-$(BIN)/python bench/web.py
	-$(BIN)/python bench/admin.py
	-$(BIN)/python bench/partnerships.py
	-$(BIN)/python bench/search.py
	-$(BIN)/python bench/pack.py
	-$(BIN)/python bench/report.py
	DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_BROKER_URL) \
		$(BIN)/python bench/notify.py
