"""Fixtures of the ledger tests: a real PostgreSQL server per test worker, and one store of
each kind (the contract suite runs against both)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from fireworks_rft import PostgresLedger, SQLiteLedger

from ..support.postgres import fresh_database, postgres_server


@pytest.fixture(scope="session")
def postgres_admin_url() -> Iterator[str]:
    """A throwaway PostgreSQL server on 127.0.0.1 (this worker's); its admin URL."""
    with postgres_server() as url:
        yield url


@pytest.fixture
def postgres_url(postgres_admin_url: str) -> str:
    """A fresh database of its own for one test."""
    return fresh_database(postgres_admin_url, f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture(params=["sqlite", "postgres"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[object]:
    """A ledger store of each kind."""
    if request.param == "sqlite":
        store: object = SQLiteLedger(tmp_path / "steps.db")
    else:
        store = PostgresLedger(request.getfixturevalue("postgres_url"))
    yield store
    store.close()  # type: ignore[attr-defined]
