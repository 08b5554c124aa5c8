# Generated from _async_sender.py by tools/unasync.py (make generate). DO NOT EDIT.
"""The sender: what the generated code calls as its httpx client, applying the SDK's policy.

The generated operations call ``client.get_httpx_client().request(...)`` (with the sync
``Client``, ``get_httpx_client()``); what they get is the :class:`Sender` (a
:class:`~._sender.Sender`), which builds the request with the pool's own httpx client and
sends each attempt with its public ``send``. Around each attempt it takes an in-flight slot,
and :mod:`._attempts` decides the rest (bounds, masking, retry or fail); this loop only sends
and sleeps. :mod:`._sender` is written from this file by tools/unasync.py.
"""

from __future__ import annotations

from typing import Any

import httpx

from ._attempts import (
    SendSettings,
    build,
    finished,
    next_attempt,
    no_slot,
    settle,
    slot_wait,
    take_chunk,
    under_way,
)
from ._pool import Pool
from ._retry import CallState

__all__ = ["SendSettings", "Sender"]


class Sender:
    """The httpx-like client the generated code calls: ``request()`` applies the policy.

    It has what the generated operations use (``request()``) and builds and sends with the
    pool's ``httpx.Client``. ``auth=`` and ``follow_redirects=True`` are refused, not
    ignored: the client sets the key, and never follows redirects.
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
        request, state = build(client, settings, method, url, kwargs)
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
            under_way()
            response = client.send(request, stream=True, follow_redirects=False)
            try:  # chunk by chunk: the size limit and the deadline are checked between them
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size = take_chunk(chunks, chunk, size, response, state, self.settings)
            finally:
                response.close()
        finally:
            slots.release()
        return finished(response, b"".join(chunks), self.settings)
