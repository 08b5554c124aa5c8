"""The policy transport: every request of the generated code goes through :class:`Sender`.

The generated operations call ``client.get_httpx_client().request(...)``; what they get is a
:class:`Sender` (or :class:`AsyncSender`), which builds the request with the pool's own
``httpx.Client.build_request`` and sends each attempt with its public ``send``: the user's
client, or one the SDK owns. Around each attempt it takes an in-flight slot, and
:mod:`._policy` decides the rest (bounds, masking, retry or fail); these loops only send and
sleep.
"""

from __future__ import annotations

from typing import Any

import httpx

from ._policy import (
    SendSettings,
    build,
    finished,
    next_attempt,
    no_slot,
    read_fast,
    settle,
    slot_wait,
    take_chunk,
)
from ._pool import Pool
from ._retry import CallState

__all__ = ["AsyncSender", "SendSettings", "Sender"]


class Sender:
    """The httpx-like client the generated sync code calls: ``request()`` applies the policy.

    It has what the generated operations use (``request()``) and builds and sends with the
    pool's ``httpx.Client``. ``auth=`` and ``follow_redirects=True`` are refused, not ignored:
    the client sets the key, and never follows redirects.
    """

    def __init__(self, pool: Pool[httpx.Client], settings: SendSettings) -> None:
        self.pool = pool
        self.settings = settings

    @property
    def timeout(self) -> httpx.Timeout:
        """The timeout of every request this sender builds."""
        return self.settings.timeout or self.pool.client().timeout

    def request(self, method: str, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        """Send a request under the policy and return its answer, body read.

        Takes ``httpx.Client.request``'s keyword arguments (``json``, ``content``,
        ``params``, ``headers``, ``timeout``, ``extensions``, ...).
        """
        client = self.pool.client()
        if client.is_closed:
            raise RuntimeError("Cannot send a request, as the client has been closed.")
        settings = self.settings
        request, state = build(client, settings, method, url, kwargs, self.pool.defaults)
        clock = settings.timing.clock
        while True:
            started = clock()
            outcome: httpx.Response | httpx.RequestError
            try:
                outcome = self._attempt(client, request, state)
            except httpx.RequestError as exc:
                outcome = exc
            verdict = settle(request, outcome, state, settings, clock() - started)
            if isinstance(verdict, httpx.Response):
                return verdict
            settings.timing.sleep(verdict)
            next_attempt(request, state)

    def get(self, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        """``request("GET", url, ...)``."""
        return self.request("GET", url, **kwargs)

    def post(self, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        """``request("POST", url, ...)``."""
        return self.request("POST", url, **kwargs)

    def delete(self, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        """``request("DELETE", url, ...)``."""
        return self.request("DELETE", url, **kwargs)

    def _attempt(
        self, client: httpx.Client, request: httpx.Request, state: CallState
    ) -> httpx.Response:
        slots = self.pool.slots
        waited = slot_wait(request)
        if not slots.acquire(waited):
            raise no_slot(request, state, waited)
        try:
            response = client.send(request, stream=True, follow_redirects=False)
            try:
                if read_fast(response, state, self.settings):
                    response.read()
                    return finished(response, None, self.settings)
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size = take_chunk(chunks, chunk, size, response, state, self.settings)
            finally:
                response.close()
        finally:
            slots.release()
        return finished(response, b"".join(chunks), self.settings)


class AsyncSender:
    """The async twin of :class:`Sender`, over the pool's ``httpx.AsyncClient``."""

    def __init__(self, pool: Pool[httpx.AsyncClient], settings: SendSettings) -> None:
        self.pool = pool
        self.settings = settings

    @property
    def timeout(self) -> httpx.Timeout:
        """The timeout of every request this sender builds."""
        return self.settings.timeout or self.pool.client().timeout

    async def request(self, method: str, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        """Send a request under the policy; see :meth:`Sender.request`."""
        client = self.pool.client()
        if client.is_closed:
            raise RuntimeError("Cannot send a request, as the client has been closed.")
        self.pool.check_event_loop()
        settings = self.settings
        request, state = build(client, settings, method, url, kwargs, self.pool.defaults)
        clock = settings.timing.clock
        while True:
            started = clock()
            outcome: httpx.Response | httpx.RequestError
            try:
                outcome = await self._attempt(client, request, state)
            except httpx.RequestError as exc:
                outcome = exc
            verdict = settle(request, outcome, state, settings, clock() - started)
            if isinstance(verdict, httpx.Response):
                return verdict
            await settings.timing.async_sleep(verdict)
            next_attempt(request, state)

    async def get(self, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        """``await request("GET", url, ...)``."""
        return await self.request("GET", url, **kwargs)

    async def post(self, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        """``await request("POST", url, ...)``."""
        return await self.request("POST", url, **kwargs)

    async def delete(self, url: httpx.URL | str, **kwargs: Any) -> httpx.Response:
        """``await request("DELETE", url, ...)``."""
        return await self.request("DELETE", url, **kwargs)

    async def _attempt(
        self, client: httpx.AsyncClient, request: httpx.Request, state: CallState
    ) -> httpx.Response:
        slots = self.pool.slots
        waited = slot_wait(request)
        if not await slots.acquire_async(waited):
            raise no_slot(request, state, waited)
        try:
            response = await client.send(request, stream=True, follow_redirects=False)
            try:
                if read_fast(response, state, self.settings):
                    await response.aread()
                    return finished(response, None, self.settings)
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size = take_chunk(chunks, chunk, size, response, state, self.settings)
            finally:
                await response.aclose()
        finally:
            slots.release_async()
        return finished(response, b"".join(chunks), self.settings)
