"""The connection pool a client sends with, its in-flight slots, and renewal after a fork.

The pool is the SDK's own or the user's ``http_client``; a child process after
``os.fork()`` gets a fresh pool and fresh slots.

With more requests queued than kept-alive connections, httpcore closes connections while
requests still wait, so a burst opens one connection per request. The client instead lets at
most ``max_in_flight`` requests use the pool at once; the others wait for a slot, bounded by
the pool timeout and the call's deadline, and a wait that runs out fails with nothing sent.
"""

from __future__ import annotations

import os
import queue
import weakref
from collections.abc import Callable
from typing import Any, Generic

import httpx

from ._config import HttpT


class Slots:
    """At most ``size`` requests in flight at once, across threads or tasks (None: no limit).

    Sync slots are tokens in a ``queue.SimpleQueue``: taking and giving one back are single
    C calls, a tenth of what ``threading.BoundedSemaphore`` (pure Python) costs per request.
    """

    def __init__(self, size: int | None) -> None:
        self.size = size
        self._threads: queue.SimpleQueue[None] | None = None
        if size:
            self._threads = queue.SimpleQueue()
            for _ in range(size):
                self._threads.put(None)
        self._tasks: Any = None  # an asyncio.Semaphore, made on first async use

    def acquire(self, timeout: float | None) -> bool:
        """Take a slot for a sync request, waiting at most ``timeout`` seconds (None: no limit)."""
        tokens = self._threads
        if tokens is None:
            return True
        try:
            tokens.get(True, None if timeout is None else max(timeout, 0.0))
        except queue.Empty:
            return False
        return True

    def release(self) -> None:
        """Give back a sync request's slot."""
        if self._threads is not None:
            self._threads.put(None)

    async def acquire_async(self, timeout: float | None) -> bool:
        """Take a slot for an async request, waiting at most ``timeout`` s (None: no limit)."""
        if self.size is None:
            return True
        import asyncio

        if self._tasks is None:
            self._tasks = asyncio.Semaphore(self.size)
        if not self._tasks.locked():  # the common case: no task to schedule
            await self._tasks.acquire()
            return True
        try:
            await asyncio.wait_for(
                self._tasks.acquire(), None if timeout is None else max(timeout, 0.0)
            )
        except TimeoutError:
            return False
        return True

    def release_async(self) -> None:
        """Give back an async request's slot."""
        if self._tasks is not None:
            self._tasks.release()


class Pool(Generic[HttpT]):
    """The httpx client requests go out on, and its slots; renewed after a fork.

    A pool the SDK owns is replaced in a child process (the parent's kept-alive sockets
    would cross answers); it is not closed there, since closing a TLS connection would
    write to the parent's socket. A pool the user gave cannot be renewed: the child is told
    to create its own client.
    """

    def __init__(
        self,
        client: HttpT,
        *,
        owned: bool,
        max_in_flight: int | None,
        factory: Callable[[], HttpT],
    ) -> None:
        self._client: HttpT = client
        self.owned: bool = owned
        self._max_in_flight = max_in_flight
        self._factory: Callable[[], HttpT] = factory
        self.slots: Slots = Slots(max_in_flight)
        self._pid = os.getpid()
        self._loop: weakref.ref[Any] | None = None

    def client(self) -> HttpT:
        """The httpx client to send with in this process."""
        if self._pid != os.getpid():
            self._after_fork()
        return self._client

    def _after_fork(self) -> None:
        if not self.owned:
            raise RuntimeError(
                "This fireworks_rft client's http_client was created in another process (before "
                "os.fork()); its connections belong to that process, and sharing them would "
                "cross answers. Nothing was sent. Create one client in each process."
            )
        self._client = self._factory()
        self.slots = Slots(self._max_in_flight)
        self._pid = os.getpid()
        self._loop = None

    def check_event_loop(self) -> None:
        """Refuse, before sending, an async pool moved to another event loop.

        Its pooled connections belong to the loop that opened them; a request on one from a
        new loop is written, then fails (``Event loop is closed``) after the server acted.
        """
        import asyncio

        loop = asyncio.get_running_loop()
        if self._loop is None:
            self._loop = weakref.ref(loop)
        elif self._loop() is not loop:
            raise RuntimeError(
                "This fireworks_rft.AsyncClient (or its http_client) was first used in another "
                "event loop, whose connections cannot be used here; nothing was sent. Create the "
                "client inside the asyncio.run() that uses it."
            )

    def close(self) -> None:
        """Close an owned sync pool (in this process only)."""
        if self.owned and self._pid == os.getpid() and isinstance(self._client, httpx.Client):
            self._client.close()

    async def aclose(self) -> None:
        """Close an owned async pool (in this process only)."""
        client = self._client
        if self.owned and self._pid == os.getpid() and isinstance(client, httpx.AsyncClient):
            await client.aclose()
