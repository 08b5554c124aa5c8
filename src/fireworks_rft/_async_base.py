"""``AsyncBase``: the I/O core every asyncio method group shares; see :mod:`._sync_base`."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import TYPE_CHECKING, Any, Self

import httpx

from . import _calls
from ._base_client import BaseClient
from ._exceptions import APIError, NotFoundError
from ._loop_calls import page_of
from ._policy import READ_DEADLINE, SendSettings
from ._pool import Pool
from ._transport import AsyncSender

if TYPE_CHECKING:
    from ._gateway import GatewayClient
    from ._resource_wait import ResourceWait


class AsyncBase(BaseClient[httpx.AsyncClient]):
    """The asyncio I/O core: send, poll, wait, page, close."""

    _http_client_class = httpx.AsyncClient
    _twin = "Client"

    def _sender(self, settings: SendSettings) -> AsyncSender:
        pool: Pool[httpx.AsyncClient] = self._pool
        return AsyncSender(pool, settings)

    async def _send(self, call: _calls.Call, gateway: GatewayClient | None = None) -> Any:
        """Send a checked call; the generated ``Response``."""
        return await call.operation.asyncio_detailed(
            *call.args, client=gateway or self._gateway, **call.kwargs
        )

    async def _poll(self, call: _calls.Call, deadline: float, missing_ok: bool = False) -> Any:
        """One read of a wait; see :meth:`Client._poll`."""
        bound = READ_DEADLINE.set(deadline)
        try:
            return _calls.parsed(call, await self._send(call))
        except NotFoundError as exc:
            return None if missing_ok else exc
        except APIError as exc:
            return exc
        finally:
            READ_DEADLINE.reset(bound)

    async def _wait_for(self, wait: ResourceWait, call: _calls.Call) -> Any:
        """Poll ``call`` until ``wait`` says the resource is there; see SyncBase._wait_for."""
        sleep = self._settings.timing.async_sleep
        first = wait.first_delay()
        if first > 0:
            await sleep(first)
        while True:
            delay = self._read_delay(wait)
            if delay > 0:
                await sleep(delay)
            wait.record(await self._poll(call, wait.read_deadline(), missing_ok=True))
            done = wait.decide()
            if done is not None:
                self._resource_ready(wait)
                return done
            await sleep(wait.next_delay())

    async def _pages(
        self, page: Callable[[str | None], _calls.Call], items: str
    ) -> AsyncIterator[Any]:
        """Every item of a list, page after page (each page read when needed)."""
        token: str | None = None
        while True:
            call = page(token)
            found, token = page_of(_calls.parsed(call, await self._send(call)), items)
            for item in found:
                yield item
            if token is None:
                return

    async def aclose(self) -> None:
        """Close the connection pool and the ledger, unless the user gave them."""
        if self._owns_pool:
            await self._pool.aclose()
        self._close_ledger()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
