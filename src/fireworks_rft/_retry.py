"""The attempt state machine of one call: retry, fail or return, by the failure table.

A training step is not idempotent: sent twice, it trains twice. Every attempt's outcome is
classified once (:mod:`._failures`), and :meth:`CallState.judge` applies that table's row to
the call: return, retry after a delay, or fail, and whether the server may have acted on the
call so far (``may_have_been_processed``, sticky across attempts). The error builders take
the verdict's answer. Like urllib3's ``Retry``, this module is pure.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

import httpx

from ._constants import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_MAX_RETRY_AFTER,
    DEFAULT_MAX_RETRY_DELAY,
    DEFAULT_RETRY_DELAY,
)
from ._failures import IDEMPOTENT_METHODS, RULES, Outcome

if TYPE_CHECKING:
    from ._calls import Facts


class RetryPolicy(NamedTuple):
    """When to send a request again and how long to wait first.

    Attributes:
        max_retries: Retries after the first attempt (0 disables retrying).
        initial_delay: Backoff before the first retry, in seconds.
        max_delay: Cap of the exponential backoff, in seconds.
        max_retry_after: The longest server-requested delay (``Retry-After``) honoured;
            above it the error is raised at once, carrying the server's delay.
        retry_ambiguous_failures: Also retry non-idempotent requests whose outcome is unknown.
            This can execute a training step twice; it is off by default.
        deadline: Seconds one call may take in all, across its attempts, waits and reads;
            None: no limit beyond the timeouts.
    """

    max_retries: int = DEFAULT_MAX_RETRIES
    initial_delay: float = DEFAULT_RETRY_DELAY
    max_delay: float = DEFAULT_MAX_RETRY_DELAY
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER
    retry_ambiguous_failures: bool = False
    deadline: float | None = None

    def backoff(self, retries_done: int, jitter: float) -> float:
        """Exponential backoff with jitter; ``jitter`` is uniform in [0, 1)."""
        delay = min(self.max_delay, self.initial_delay * 2.0 ** min(retries_done, 64))
        return delay * (1.0 - 0.25 * jitter)


class Action(enum.Enum):
    """What follows an attempt."""

    RETURN = "return"
    RETRY = "retry"
    FAIL = "fail"


class Verdict(NamedTuple):
    """The decision on one attempt.

    Attributes:
        action: Return the response, retry after ``delay``, or raise.
        may_have_been_processed: Whether the server may have acted on this call (this
            attempt or an earlier one).
        delay: Seconds to wait before the retry (RETRY only).
        reason: Why a FAIL is final, for its message (None: the outcome says it all).
        deadline_passed: The FAIL is the call's deadline passing, not the outcome itself.
        by_earlier_attempt: The server may have acted because of an earlier attempt of the
            call, not this one (whose outcome alone says it did not).
    """

    action: Action
    may_have_been_processed: bool
    delay: float = 0.0
    reason: str | None = None
    deadline_passed: bool = False
    by_earlier_attempt: bool = False


class CallState:
    """One call's state across its attempts.

    It counts the retries, holds the deadline, and remembers whether the server may have
    acted on the call: sticky, since once an attempt may have reached the server, the call
    may have run, whatever later attempts say.
    """

    __slots__ = (
        "clock",
        "deadline",
        "idempotent",
        "maybe_processed",
        "method",
        "policy",
        "retired",
        "retries",
        "seconds",
    )

    def __init__(
        self,
        method: str,
        policy: RetryPolicy,
        clock: Callable[[], float],
        within: float | None = None,
        facts: Facts | None = None,
    ) -> None:
        self.method = method.upper()
        #: Whether a retry after an ambiguous failure is safe: the operation's declared
        #: fact, else its HTTP method's.
        self.idempotent = (
            self.method in IDEMPOTENT_METHODS
            if facts is None or facts.idempotent is None
            else facts.idempotent
        )
        #: Whether the live platform retired the operation (its 501 says so).
        self.retired = facts is not None and facts.retired
        self.policy = policy
        self.clock = clock
        self.retries = 0
        self.maybe_processed = False
        seconds = policy.deadline
        if within is not None and (seconds is None or within < seconds):
            seconds = within  # a shorter bound of this call's own (a wait's read)
        #: The seconds the call may take in all (None: no deadline).
        self.seconds = seconds
        self.deadline = None if seconds is None else clock() + seconds

    @property
    def attempts(self) -> int:
        """Attempts made so far, counting the current one."""
        return self.retries + 1

    def remaining(self) -> float | None:
        """Seconds left before the deadline (may be <= 0); None without a deadline."""
        return None if self.deadline is None else self.deadline - self.clock()

    def judge(
        self, outcome: Outcome, retry_after: float | None = None, jitter: float = 0.0
    ) -> Verdict:
        """Decide what follows an attempt that ended with ``outcome``.

        ``retry_after`` is the delay the server asked for, if any; ``jitter`` (uniform in
        [0, 1)) shaves the backoff otherwise. The call's sticky "may have been processed" is
        updated here, and only here.
        """
        acted = RULES[outcome].may_have_run
        earlier = self.maybe_processed and not acted
        self.maybe_processed = self.maybe_processed or acted
        processed = self.maybe_processed
        if outcome is Outcome.ACCEPTED:
            return Verdict(Action.RETURN, processed)
        if not self._may_retry(outcome):
            return Verdict(Action.FAIL, processed, by_earlier_attempt=earlier)
        policy = self.policy
        if retry_after is not None and retry_after > policy.max_retry_after:
            return Verdict(
                Action.FAIL,
                processed,
                by_earlier_attempt=earlier,
                reason=(
                    f"The server asked to wait {retry_after:.0f}s before retrying, longer than "
                    f"the {policy.max_retry_after:.0f}s this client waits; not retried."
                ),
            )
        delay = policy.backoff(self.retries, jitter) if retry_after is None else retry_after
        if self.past_deadline(delay):
            return Verdict(
                Action.FAIL,
                processed,
                reason="before the next retry",
                deadline_passed=True,
                by_earlier_attempt=earlier,
            )
        return Verdict(Action.RETRY, processed, delay=delay)

    def _may_retry(self, outcome: Outcome) -> bool:
        if self.retries >= self.policy.max_retries:
            return False
        rule = RULES[outcome]
        if self.idempotent:
            return rule.retry_read
        # A step (or any request that is not idempotent): ambiguous failures only by opt-in.
        return rule.retry_step or (rule.retry_read and self.policy.retry_ambiguous_failures)

    def is_gone_after_retry(self, status_code: int) -> bool:
        """Whether a 404 answers a DELETE whose earlier attempt may already have deleted it.

        The lost-answer case: the first DELETE succeeded, its answer was lost, and the retry
        finds nothing to delete. The resource is gone, which is what the call asked for.
        """
        return (
            status_code == 404 and self.method == "DELETE" and self.retries > 0
        ) and self.maybe_processed

    def past_deadline(self, wait: float = 0.0) -> bool:
        """Whether the deadline passes within ``wait`` seconds from now."""
        return self.deadline is not None and self.clock() + wait > self.deadline


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
