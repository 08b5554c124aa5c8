# fireworks-rft developer commands. Every target sets up what it needs on a fresh machine.
#   make demo            run the keep-alive RFT example (against the built-in emulator without FIREWORKS_API_KEY)
#   make test            ruff, mypy --strict, check-generated, pytest
#   make generate        regenerate generated/ from openapi.yaml + generator-config.yaml
#   make check-generated regenerate into a temporary folder and diff against generated/

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

GENERATOR_ARGS := generate --path openapi.yaml --config generator-config.yaml --meta none --fail-on-warning

.PHONY: help venv prism generate check-generated lint typecheck pytest test demo clean

help:
	@sed -n '2,6p' Makefile | sed 's/^# *//'

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

# Regenerate the client. The pinned ruff comes first on PATH for the generator's post-hooks.
# $(call run_generator,OUT): one shell command line, usable inside a longer recipe line.
run_generator = rm -rf "$(1)" && \
	PATH="$(abspath $(BIN)):$$PATH" $(BIN)/openapi-python-client $(GENERATOR_ARGS) --output-path "$(1)" && \
	find "$(1)/.." -name .ruff_cache -prune -exec rm -rf {} +

generate: $(STAMP)
	$(call run_generator,generated/fireworks_gateway)

check-generated: $(STAMP)
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(call run_generator,$$tmp/fireworks_gateway); \
	if ! diff -r --exclude=__pycache__ "$$tmp" generated; then \
	  echo "generated/ does not match openapi.yaml + generator-config.yaml: run 'make generate'" >&2; exit 1; \
	fi; echo "generated/ matches the spec"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(INSTALLED)
	$(BIN)/mypy

pytest: $(INSTALLED) $(PRISM)
	$(BIN)/pytest

test: lint typecheck check-generated pytest

demo: $(INSTALLED)
	$(BIN)/python examples/keep_alive_loop.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache dist build
