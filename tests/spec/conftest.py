"""Fixtures of the spec tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ..support.fakes import ROOT

TOUCHED = [
    "openapi.yaml",
    "generator-config.yaml",
    "src/fireworks_rft/_version.py",
    "src/fireworks_rft/_async_client.py",
    "src/fireworks_rft/_operation_servers.py",
    "CHANGELOG.md",
]


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
