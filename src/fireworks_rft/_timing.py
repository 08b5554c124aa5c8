"""The clocks, sleeps and jitter the SDK waits with; tests inject fakes to drive them."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import NamedTuple


async def _asyncio_sleep(seconds: float) -> None:
    import asyncio  # imported when first needed: it costs ~7 ms at import time

    await asyncio.sleep(seconds)


def _random_jitter() -> float:
    import random  # imported when first needed, like asyncio

    return random.random()  # noqa: S311 - backoff jitter, not cryptography


class Timing(NamedTuple):
    """How the retry loop and waits tell time and sleep.

    Attributes:
        sleep: Sleeps in sync code.
        async_sleep: Sleeps in async code.
        clock: A monotonic clock, in seconds (deadlines, elapsed times).
        wall_clock: Unix time, for ``Retry-After`` HTTP-dates.
        jitter: Uniform in [0, 1): how much of a delay to shave off.
    """

    sleep: Callable[[float], None] = time.sleep
    async_sleep: Callable[[float], Awaitable[None]] = _asyncio_sleep
    clock: Callable[[], float] = time.monotonic
    wall_clock: Callable[[], float] = time.time
    jitter: Callable[[], float] = _random_jitter
