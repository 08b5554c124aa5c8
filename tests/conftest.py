"""Shared fixtures: a clean environment, clients over a MockTransport, the sync/async mode."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import fireworks_rft

from .support.fakes import API_KEY, ROOT, Recorder, no_sleep
from .support.runner import mode  # noqa: F401 - a fixture for every test module


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` go first, the longest first, each followed by a short one.

    pytest-xdist (``--dist loadgroup``) hands out one test (or ``xdist_group``) at a time in
    this order, keeping two on each worker: each worker starts on a slow test with a short
    one behind it, and no run ends waiting on a slow test that started last.
    """
    seconds = {
        item: mark.kwargs["seconds"] for item in items if (mark := item.get_closest_marker("slow"))
    }
    slow = sorted(seconds, key=seconds.__getitem__, reverse=True)
    short = iter([item for item in items if item not in seconds])
    items[:] = [item for pair in ((s, next(short, None)) for s in slow) for item in pair if item]
    items += list(short)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's own Fireworks settings."""
    for name in (
        "FIREWORKS_API_KEY",
        "FIREWORKS_ACCOUNT_ID",
        "FIREWORKS_BASE_URL",
        "FIREWORKS_LOG",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def make_client(recorder: Recorder) -> Iterator[Callable[..., fireworks_rft.Client]]:
    made: list[fireworks_rft.Client] = []

    def make(**kwargs: Any) -> fireworks_rft.Client:
        kwargs.setdefault("api_key", API_KEY)
        kwargs.setdefault("account_id", "acct-1")
        kwargs.setdefault("_timing", no_sleep())
        kwargs.setdefault("http_client", httpx.Client(transport=httpx.MockTransport(recorder)))
        client = fireworks_rft.Client(**kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def make_async_client(recorder: Recorder) -> Callable[..., fireworks_rft.AsyncClient]:
    def make(**kwargs: Any) -> fireworks_rft.AsyncClient:
        kwargs.setdefault("api_key", API_KEY)
        kwargs.setdefault("account_id", "acct-1")
        kwargs.setdefault("_timing", no_sleep())
        kwargs.setdefault("http_client", httpx.AsyncClient(transport=httpx.MockTransport(recorder)))
        return fireworks_rft.AsyncClient(**kwargs)

    return make


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-c",
            f"from hatchling.build import build_wheel; build_wheel({str(out)!r})",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("fireworks_rft-*.whl")
    return built
