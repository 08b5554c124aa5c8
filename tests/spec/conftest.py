"""Fixtures of the spec tests."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..support.fakes import ROOT
from ..support.prism_server import prism_mock

TOUCHED = [
    "openapi.yaml",
    "generator-config.yaml",
    "src/fireworks_rft/_version.py",
    "src/fireworks_rft/_async_client.py",
    "src/fireworks_rft/_operation_servers.py",
    "CHANGELOG.md",
]


@pytest.fixture(autouse=True, scope="session")
def each_document_validated_once() -> Iterator[None]:
    """openapi-spec-validator is deterministic and takes a second or two a document: in this
    test process, each document update-spec validates is validated once (its verdict, valid
    or the error, is kept)."""
    from tools import update_spec

    validate = update_spec.validate_openapi
    verdicts: dict[str, Exception | None] = {}

    def once(document: dict[str, object]) -> None:
        key = json.dumps(document, sort_keys=True, default=repr)
        if key not in verdicts:
            try:
                validate(document)
                verdicts[key] = None
            except Exception as exc:  # the validator raises several unrelated types
                verdicts[key] = exc
        if verdicts[key] is not None:
            raise verdicts[key]

    update_spec.validate_openapi = once
    yield
    update_spec.validate_openapi = validate


@pytest.fixture
def small_repo(tmp_path: Path) -> Path:
    """The files update-spec reads and writes, copied."""
    repo = tmp_path / "repo"
    for name in TOUCHED:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, repo / name)
    for folder in ("generated", "generator-templates"):
        shutil.copytree(ROOT / folder, repo / folder, ignore=shutil.ignore_patterns("__pycache__"))
    return repo


@pytest.fixture(scope="session")
def prism_url() -> Iterator[str]:
    """Prism serving openapi.yaml: one server for every spec test this process runs."""
    with prism_mock() as url:
        yield url
