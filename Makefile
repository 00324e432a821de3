# Citadel — `make help` lists the targets.
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test

.DEFAULT_GOAL := help
.PHONY: help bootstrap demo test lint bench pytest

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}'

bootstrap: ## Install Debian packages and the Python venv (idempotent)
	@bash installer/bootstrap.sh

demo: bootstrap ## Run the product on the embedded default (SQLite, virtual printer, demo payment, virtual camera)
	@$(VENV)/bin/citadel demo $(DEMO_ARGS)

lint: bootstrap ## ruff, mypy (strict, every package and bench/), import-linter layering contracts
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/mypy
	@$(VENV)/bin/mypy bench  # apart: bench/kiosk.py would clash with the kiosk package
	@$(VENV)/bin/lint-imports

test: lint ## Lint, then the whole suite (SQLite always; PostgreSQL when one answers on 127.0.0.1:5432)
	@if [ -z "$$CITADEL_TEST_POSTGRES_URL" ] && $(PY) -c "import socket,sys; s=socket.socket(); s.settimeout(1); sys.exit(s.connect_ex(('127.0.0.1',5432)))"; then \
	  export CITADEL_TEST_POSTGRES_URL="$(PG_URL)"; echo "make test: PostgreSQL found, running the suite on it too"; \
	fi; \
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: no test ran — that is a failure"; exit 1; fi; exit $$rc

bench: bootstrap ## Run the benchmarks in bench/ (figures and ratios; see docs/benchmarks.md)
	@for b in bench/*.py; do echo "== $$b"; QT_QPA_PLATFORM=offscreen $(PY) $$b || exit 1; done
