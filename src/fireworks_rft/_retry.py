"""The retry policy: which failures are retried, and how long to wait.

A training step is not idempotent: sent twice, it trains twice. So the policy retries only
where the server cannot have acted on the request, unless the method is idempotent or the
user explicitly accepts duplicates (``retry_ambiguous_failures=True``).

This module is pure (no I/O): the sync and async transports share it.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable
from typing import NamedTuple

import httpx

#: Methods that may be repeated without changing the outcome (RFC 9110, 9.2.2).
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})

#: The server refused before acting: always safe to send again.
SAFE_STATUSES = frozenset({429, 503})
#: The server (or a proxy in front of it) may have acted: retried only when idempotent.
AMBIGUOUS_STATUSES = frozenset({500, 502, 504})


class Failure(enum.Enum):
    """How a failed attempt bears on sending it again."""

    #: The server cannot have acted on the request (never connected, or it said so).
    SAFE = "safe"
    #: The request may have reached the server; its outcome is unknown.
    AMBIGUOUS = "ambiguous"
    #: Retrying cannot help (a 4xx, a malformed request, ...).
    FINAL = "final"


def classify_exception(exc: BaseException) -> Failure:
    """Classify a transport exception raised while sending one attempt."""
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return Failure.SAFE
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.LocalProtocolError):
        return Failure.FINAL
    # Read/write timeouts, dropped connections, protocol errors after sending: unknown.
    return Failure.AMBIGUOUS


def classify_status(status_code: int) -> Failure:
    """Classify a non-2xx status."""
    if status_code in SAFE_STATUSES:
        return Failure.SAFE
    if status_code in AMBIGUOUS_STATUSES:
        return Failure.AMBIGUOUS
    return Failure.FINAL


def status_may_have_been_processed(status_code: int) -> bool:
    """Whether a final status leaves the outcome of the request unknown."""
    return status_code >= 500 and status_code not in (501, 503, 505)


class RetryPolicy(NamedTuple):
    """When to send a request again and how long to wait first.

    Attributes:
        max_retries: Retries after the first attempt (0 disables retrying).
        initial_delay: Backoff before the first retry, in seconds.
        max_delay: Cap of the exponential backoff, in seconds.
        max_retry_after: The longest server-requested delay (``Retry-After``) honoured;
            above it the error is raised at once, carrying the server's delay.
        retry_ambiguous_failures: Also retry non-idempotent requests whose outcome is unknown
            (read timeouts, dropped connections, 500/502/504). This can execute a training
            step twice; it is off by default.
        deadline: Seconds one call may take in all, across its attempts, waits and reads;
            None: no limit beyond the timeouts.
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    max_retry_after: float = 60.0
    retry_ambiguous_failures: bool = False
    deadline: float | None = None

    def should_retry(self, failure: Failure, method: str, retries_done: int) -> bool:
        """Whether an attempt that failed this way is sent again."""
        if retries_done >= self.max_retries:
            return False
        if failure is Failure.SAFE:
            return True
        if failure is Failure.AMBIGUOUS:
            return method.upper() in IDEMPOTENT_METHODS or self.retry_ambiguous_failures
        return False

    def backoff(self, retries_done: int, jitter: float) -> float:
        """Exponential backoff with jitter; ``jitter`` is uniform in [0, 1)."""
        delay = min(self.max_delay, self.initial_delay * 2.0**retries_done)
        return delay * (1.0 - 0.25 * jitter)


def parse_retry_after(headers: httpx.Headers, now: Callable[[], float]) -> float | None:
    """Return the delay the server asked for, in seconds, or None.

    Reads ``retry-after-ms`` first, then ``Retry-After`` as seconds or as an HTTP-date
    (``now`` gives the current wall-clock time as a Unix timestamp).
    """
    raw_ms = headers.get("retry-after-ms")
    if raw_ms is not None:
        try:
            ms = float(raw_ms)
        except ValueError:
            ms = math.nan
        if math.isfinite(ms):
            return max(0.0, ms / 1000.0)
    raw = headers.get("retry-after")
    if raw is None:
        return None
    raw = raw.strip()
    try:
        seconds = float(raw)
    except ValueError:
        import email.utils  # only for the rare HTTP-date form

        try:
            when = email.utils.parsedate_to_datetime(raw).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        return max(0.0, when - now())
    return max(0.0, seconds) if math.isfinite(seconds) else None
