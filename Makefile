# fireworks-rft developer commands. Every target sets up what it needs on a fresh machine.
#   make demo            run the keep-alive RFT example (against the built-in emulator without FIREWORKS_API_KEY)
#   make test            ruff, mypy --strict, check-generated, pytest
#   make dist            build the wheel and sdist into dist/
#   make generate        regenerate generated/ from openapi.yaml + generator-config.yaml
#   make check-generated regenerate into a temporary folder and diff against generated/
#   make update-spec SPEC="<page|yaml|json> ..." [ONLY=<ids>] [REMOVE=<id>] [ALLOW_BREAKING=1] [ALLOW_DOWNGRADE=1]  (docs/maintaining.md)
#   make bench           benchmarks against raw httpx and the official SDK -> docs/benchmarks.md
#   make local-postgres  a throwaway PostgreSQL on 127.0.0.1 for trying a sweep (prints its URL)

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

DEMO_VENV ?= .venv-demo
DEMO_STAMP := $(DEMO_VENV)/.demo-$(shell cksum pyproject.toml | cut -d' ' -f1)
PRISM := tests/prism/node_modules/.bin/prism
PYRIGHT := tools/pyright/node_modules/.bin/pyright

# Every environment is built with $(PYTHON), which must be 3.11 or newer.
CHECK_PYTHON = @$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	echo "fireworks-rft needs Python 3.11 or newer; '$(PYTHON)' is $$($(PYTHON) --version 2>&1 || echo missing)." >&2; \
	echo "Run make with PYTHON=python3.11 (or newer)." >&2; exit 1; }
BENCH_VENV ?= .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.bench-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: help venv prism pyright postgres local-postgres bench generate check-generated check-whole-spec update-spec lint typecheck pytest test demo dist clean

help:
	@sed -n '2,10p' Makefile | sed 's/^# *//'

$(STAMP): pyproject.toml
	$(CHECK_PYTHON)
	@echo "Setting up $(VENV) with the pinned dev tools (generator, ruff, mypy, pytest); about a minute the first time ..."
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
	  echo "Installing Prism (the contract tests' mock server) with npm ci ..."; \
	  SCARF_ANALYTICS=false npm ci --prefix tests/prism --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the Prism contract tests will be skipped" >&2; fi

prism: $(PRISM)

# pyright, pinned by tools/pyright/package-lock.json, for the public-API typing test.
$(PYRIGHT): tools/pyright/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  echo "Installing pyright with npm ci ..."; \
	  npm ci --prefix tools/pyright --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the pyright test will be skipped" >&2; fi

pyright: $(PYRIGHT)

# Regenerate the client with the pinned generator and ruff (tools/generate.py), failing on
# any generator warning.
generate: $(STAMP)
	$(BIN)/python -m tools.generate write

# Regenerate into a temporary folder and diff against generated/, stray files included.
check-generated: $(STAMP)
	$(BIN)/python -m tools.generate check

# make update-spec SPEC="<source> ..." [ONLY=<id>,<id>] [REMOVE="<operationId> ..."]
#   [ALLOW_BREAKING=1] [ALLOW_DOWNGRADE=1]: merge docs pages / OpenAPI YAML / JSON (paths or
#   URLs) into openapi.yaml, report, regenerate.
update-spec: $(STAMP)
	@if [ -z "$(SPEC)$(REMOVE)" ]; then echo 'usage: make update-spec SPEC="<source> ..." [REMOVE="<operationId> ..."] [ALLOW_BREAKING=1]' >&2; exit 2; fi
	PYTHONPATH=src $(BIN)/python -m tools.update_spec $(SPEC) $(foreach op,$(REMOVE),--remove $(op)) $(if $(ONLY),--only $(ONLY)) $(if $(filter 1 yes true,$(ALLOW_BREAKING)),--allow-breaking) $(if $(filter 1 yes true,$(ALLOW_DOWNGRADE)),--allow-downgrade)

# Bump a temporary copy to the whole published spec; run generation, a smoke run and the
# spec-independent tests there (a few minutes; not part of make test).
check-whole-spec: $(STAMP)
	$(BIN)/python -m tools.whole_spec_check $(SPEC)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(INSTALLED)
	$(BIN)/mypy

# PostgreSQL, for the ledger's contract tests (they start a throwaway server themselves, as
# the unprivileged postgres user when run as root). Installed where missing; never skipped.
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then \
	  echo "Installing PostgreSQL (Debian's postgresql) for the ledger tests ..."; \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; \
	  else echo "PostgreSQL is missing: run 'sudo apt-get install -y postgresql'" >&2; exit 1; fi; \
	fi

# A throwaway PostgreSQL on 127.0.0.1 to try a sweep's ledger on: prints its URL, Ctrl-C stops it.
local-postgres: $(INSTALLED) postgres
	$(BIN)/python -m fireworks_rft.testing.local_postgres

# Bytecode is cached even where PYTHONDONTWRITEBYTECODE is set: the suite starts a hundred
# Python processes, and each would compile the package and the tests again.
pytest: $(INSTALLED) $(PRISM) $(PYRIGHT) postgres
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest

test: lint typecheck check-generated pytest

# A separate environment: the official SDK (fireworks-ai) and matplotlib never reach .venv.
$(BENCH_STAMP): pyproject.toml
	$(CHECK_PYTHON)
	@echo "Setting up $(BENCH_VENV) with the official SDK and matplotlib ..."
	rm -rf $(BENCH_VENV)
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check "pip==$(PIP_VERSION)"
	$(BENCH_VENV)/bin/python -m pip install --quiet --group bench "hatchling==1.33.0" "openapi-core==0.23.1" "pyyaml>=6"
	touch $@

# The package is installed as users get it (a built wheel), fresh on every run; the dev
# environment's pinned generator builds the synthetic large spec.
bench: $(BENCH_STAMP) $(STAMP) postgres
	$(BENCH_VENV)/bin/python -m pip install --quiet --no-deps --no-build-isolation --force-reinstall .
	cd benchmarks && ../$(BENCH_VENV)/bin/python bench.py --out ../docs --generator-python ../$(BIN)/python

# The demo needs only the package and the emulator (the testing extra), nothing of the dev tools.
$(DEMO_STAMP): pyproject.toml
	$(CHECK_PYTHON)
	@echo "Setting up $(DEMO_VENV): fireworks-rft and its emulator (httpx, attrs, openapi-core, PyYAML) ..."
	rm -rf $(DEMO_VENV)
	$(PYTHON) -m venv $(DEMO_VENV)
	$(DEMO_VENV)/bin/python -m pip install --quiet --disable-pip-version-check "pip==$(PIP_VERSION)" "hatchling==1.33.0"
	$(DEMO_VENV)/bin/python -m pip install --quiet --no-build-isolation -e ".[testing]"
	touch $@

# make demo [ARGS="--steps 3"]; make demo ARGS=--help lists the options.
demo: $(DEMO_STAMP)
	$(DEMO_VENV)/bin/python examples/keep_alive_loop.py $(ARGS)

dist: $(STAMP)
	rm -rf dist
	$(BIN)/hatchling build -t wheel -t sdist -d dist
	@ls -1 dist

clean:
	rm -rf $(VENV) $(BENCH_VENV) $(DEMO_VENV) .pytest_cache .mypy_cache .ruff_cache dist build
