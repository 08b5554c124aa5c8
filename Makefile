# fireworks-rft developer commands. Every target sets up what it needs on a fresh machine.
#   make demo            run the keep-alive RFT example (against the built-in emulator without FIREWORKS_API_KEY)
#   make test            ruff, mypy --strict, check-generated, pytest
#   make generate        regenerate generated/ from openapi.yaml + generator-config.yaml
#   make check-generated regenerate into a temporary folder and diff against generated/
#   make update-spec SPEC="<page|yaml|json> ..." [REMOVE=<operationId>] [ALLOW_BREAKING=1]  (docs/maintaining.md)
#   make bench           benchmarks against raw httpx and the official SDK -> docs/benchmarks.md

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP_VERSION := 26.3
# The stamp is renewed whenever the dependency pins change.
STAMP := $(VENV)/.tools-$(shell cksum pyproject.toml | cut -d' ' -f1)
INSTALLED := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

PRISM := tests/prism/node_modules/.bin/prism
BENCH_VENV ?= .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.bench-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: help venv prism bench generate check-generated update-spec lint typecheck pytest test demo clean

help:
	@sed -n '2,8p' Makefile | sed 's/^# *//'

$(STAMP): pyproject.toml
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check "pip==$(PIP_VERSION)"
	$(BIN)/python -m pip install --quiet --group dev
	touch $@

# The package itself, editable, once generated/ exists.
$(INSTALLED): $(STAMP)
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

venv: $(INSTALLED)

# Prism, pinned by tests/prism/package-lock.json, for the contract tests. Without npm the
# Prism tests skip with a visible reason (and fail under CI=true).
$(PRISM): tests/prism/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  SCARF_ANALYTICS=false npm ci --prefix tests/prism --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the Prism contract tests will be skipped" >&2; fi

prism: $(PRISM)

# Regenerate the client with the pinned generator and ruff (tools/generate.py), failing on
# any generator warning.
generate: $(STAMP)
	$(BIN)/python -m tools.generate write

# Regenerate into a temporary folder and diff against generated/, stray files included.
check-generated: $(STAMP)
	$(BIN)/python -m tools.generate check

# make update-spec SPEC="<source> ..." [REMOVE="<operationId> ..."] [ALLOW_BREAKING=1]: merge
# docs pages / OpenAPI YAML / JSON (paths or URLs) into openapi.yaml, report, regenerate.
update-spec: $(STAMP)
	@if [ -z "$(SPEC)$(REMOVE)" ]; then echo 'usage: make update-spec SPEC="<source> ..." [REMOVE="<operationId> ..."] [ALLOW_BREAKING=1]' >&2; exit 2; fi
	$(BIN)/python -m tools.update_spec $(SPEC) $(foreach op,$(REMOVE),--remove $(op)) $(if $(filter 1 yes true,$(ALLOW_BREAKING)),--allow-breaking)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(INSTALLED)
	$(BIN)/mypy

pytest: $(INSTALLED) $(PRISM)
	$(BIN)/pytest

test: lint typecheck check-generated pytest

# A separate environment: the official SDK (fireworks-ai) and matplotlib never reach .venv.
$(BENCH_STAMP): pyproject.toml
	rm -rf $(BENCH_VENV)
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check "pip==$(PIP_VERSION)"
	$(BENCH_VENV)/bin/python -m pip install --quiet --group bench "hatchling==1.33.0" "openapi-core==0.23.1" "pyyaml>=6"
	touch $@

# The package is installed as users get it (a built wheel), fresh on every run.
bench: $(BENCH_STAMP)
	$(BENCH_VENV)/bin/python -m pip install --quiet --no-deps --no-build-isolation --force-reinstall .
	cd benchmarks && ../$(BENCH_VENV)/bin/python bench.py --out ../docs

demo: $(INSTALLED)
	$(BIN)/python examples/keep_alive_loop.py

clean:
	rm -rf $(VENV) $(BENCH_VENV) .pytest_cache .mypy_cache .ruff_cache dist build
