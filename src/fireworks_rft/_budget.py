"""A client-wide ceiling on the reads per second that waits make, shared by all of them.

Each poll of a wait reserves its reads before sending them; :meth:`ReadBudget.reserve` says
how long to sleep first. Reservations are spaced ``1 / reads_per_second`` apart, so a hundred
waits on one client make at most ``reads_per_second`` reads a second between them, while a
lone wait never waits. Pure and thread-safe; the clock is the caller's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class ReadBudget:
    """Spaces the reads of every wait on a client (None: no ceiling)."""

    def __init__(self, reads_per_second: float | None, clock: Callable[[], float]) -> None:
        self.reads_per_second = reads_per_second
        self._clock = clock
        self._lock = threading.Lock()
        self._next_free = float("-inf")

    def reserve(self, reads: int) -> float:
        """Reserve ``reads`` reads; the seconds to wait before sending them (0: at once)."""
        rate = self.reads_per_second
        if rate is None:
            return 0.0
        with self._lock:
            now = self._clock()
            start = max(now, self._next_free)
            self._next_free = start + reads / rate
        return start - now
