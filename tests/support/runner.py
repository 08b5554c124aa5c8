"""The one sync/async runner: the same test body against ``Client`` and ``AsyncClient``."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable
from typing import Any

import pytest

import fireworks_rft as fw

from .fakes import API_KEY

MODES = ("sync", "async")


def new_client(mode: str, **options: Any) -> fw.Client | fw.AsyncClient:
    """A Client ("sync") or an AsyncClient ("async") with ``options``."""
    return fw.Client(**options) if mode == "sync" else fw.AsyncClient(**options)


def drive(client: fw.Client | fw.AsyncClient, call: Callable[[Any], Any]) -> Any:
    """``call(client)``, awaited in a fresh event loop for an async client; closes the client."""
    if isinstance(client, fw.AsyncClient):

        async def main() -> Any:
            async with client:
                result = call(client)
                return await result if inspect.isawaitable(result) else result

        return asyncio.run(main())
    with client:
        return call(client)


def sync_or_async(mode: str, base_url: str, call: Callable[[Any], Any], **options: Any) -> Any:
    """Run ``call(client)`` with a fresh sync or async client; return or raise its outcome."""
    defaults = {"api_key": API_KEY, "account_id": "acct", "base_url": base_url}
    return drive(new_client(mode, **{**defaults, **options}), call)


def captured(call: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``call``, returning a FireworksError it raises instead of raising it."""

    def run(client: Any) -> Any:
        try:
            result = call(client)
        except fw.FireworksError as exc:
            return exc
        if not inspect.isawaitable(result):
            return result

        async def awaited() -> Any:
            try:
                return await result
            except fw.FireworksError as exc:
                return exc

        return awaited()

    return run


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    """Each test that takes it runs twice: "sync" and "async"."""
    return str(request.param)
