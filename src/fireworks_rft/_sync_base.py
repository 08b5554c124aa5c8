"""``SyncBase``: the I/O core every synchronous method group shares.

It sends a checked call with the generated ``sync_detailed`` (:meth:`SyncBase._send`),
reads one poll of a wait under the wait's deadline (:meth:`SyncBase._poll`), runs a wait for
a resource (:meth:`SyncBase._wait_for`), walks the pages of a list, and owns closing. The
method groups (:mod:`._jobs`, :mod:`._loras`, :mod:`._datasets`) and ``Client`` build on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Self

import httpx

from . import _calls
from ._base_client import BaseClient
from ._exceptions import APIError, NotFoundError
from ._loop_calls import page_of
from ._policy import READ_DEADLINE, SendSettings
from ._pool import Pool
from ._transport import Sender

if TYPE_CHECKING:
    from ._gateway import GatewayClient
    from ._resource_wait import ResourceWait


class SyncBase(BaseClient[httpx.Client]):
    """The synchronous I/O core: send, poll, wait, page, close."""

    _http_client_class = httpx.Client
    _twin = "AsyncClient"

    def _sender(self, settings: SendSettings) -> Sender:
        pool: Pool[httpx.Client] = self._pool
        return Sender(pool, settings)

    def _send(self, call: _calls.Call, gateway: GatewayClient | None = None) -> Any:
        """Send a checked call; the generated ``Response``."""
        return call.operation.sync_detailed(
            *call.args, client=gateway or self._gateway, **call.kwargs
        )

    def _poll(self, call: _calls.Call, deadline: float, missing_ok: bool = False) -> Any:
        """One read of a wait, bounded by ``deadline``: the model, None for a 404, or the error."""
        bound = READ_DEADLINE.set(deadline)  # this read, in this thread, is bounded by it
        try:
            return _calls.parsed(call, self._send(call))
        except NotFoundError as exc:
            return None if missing_ok else exc
        except APIError as exc:
            return exc
        finally:
            READ_DEADLINE.reset(bound)

    def _wait_for(self, wait: ResourceWait, call: _calls.Call) -> Any:
        """Poll ``call`` until ``wait`` says the resource is there (or raises)."""
        sleep = self._settings.timing.sleep
        first = wait.first_delay()
        if first > 0:
            sleep(first)
        while True:
            delay = self._read_delay(wait)
            if delay > 0:
                sleep(delay)
            wait.record(self._poll(call, wait.read_deadline(), missing_ok=True))
            done = wait.decide()
            if done is not None:
                self._resource_ready(wait)
                return done
            sleep(wait.next_delay())

    def _pages(self, page: Callable[[str | None], _calls.Call], items: str) -> Iterator[Any]:
        """Every item of a list, page after page (each page read when needed)."""
        token: str | None = None
        while True:
            call = page(token)
            found, token = page_of(_calls.parsed(call, self._send(call)), items)
            yield from found
            if token is None:
                return

    def close(self) -> None:
        """Close the connection pool and the ledger, unless the user gave them."""
        if self._owns_pool:
            self._pool.close()
        self._close_ledger()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
