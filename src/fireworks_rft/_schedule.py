"""When a wait polls next: today's backoff, or densely around a predicted finish.

A step's first wait, with nothing to predict from, polls as fireworks-rft always has: from
``poll_interval`` backing off by 1.5x to 30 s, with jitter. Once earlier steps of the same job
have finished (their durations come from the ledger or from what the client saw), the wait
predicts a window in which this one will finish, polls sparsely before it, densely inside
it, and backs off again past it. ``jobProgress.percent``, when the server fills it in,
narrows the window.

One rule bounds it all: after any number of seconds, a wait has made no more polls than
today's schedule (without jitter) would have made by then, so no step length costs more
reads than before. Everything here is pure; the clock is the caller's.
"""

from __future__ import annotations

import collections
import threading
from collections.abc import Sequence

from ._constants import MAX_POLL_INTERVAL, POLL_BACKOFF

#: The backoff exponent stops growing here (1.5 ** 64 is far past any cap).
_MAX_EXPONENT = 64
#: Polls inside the predicted window are at least this far apart (seconds).
MIN_DENSE_GAP = 0.5
#: Before the window, polls are this far apart at most (a failed job is noticed by then).
MAX_SPARSE_GAP = 120.0
#: Progress below this percent is too early to extrapolate from.
MIN_PROGRESS_PERCENT = 10.0


def backoff_delay(interval: float, polls: int) -> float:
    """Today's delay after the ``polls``-th poll: ``interval * 1.5**(polls-1)``, capped."""
    exponent = min(max(0, polls - 1), _MAX_EXPONENT)
    return min(max(interval, MAX_POLL_INTERVAL), interval * POLL_BACKOFF**exponent)


def baseline_time_of(poll: int, interval: float) -> float:
    """When today's schedule (without jitter) makes its ``poll``-th poll; the first is at 0."""
    elapsed = 0.0
    for made in range(1, poll):
        delay = backoff_delay(interval, made)
        if delay >= max(interval, MAX_POLL_INTERVAL):  # capped from here on: the rest is linear
            return elapsed + delay * (poll - made)
        elapsed += delay
    return elapsed


def predicted_window(durations: Sequence[float]) -> tuple[float, float] | None:
    """Where the next step's duration likely falls, from earlier ones (None: no history).

    One duration gives +-20%; more narrow it toward the range seen, widened by a margin
    that shrinks with the number of durations (20% / n, at least 3%).
    """
    seen = [d for d in durations if d > 0]
    if not seen:
        return None
    margin = max(0.2 / len(seen), 0.03)
    return min(seen) * (1.0 - margin), max(seen) * (1.0 + margin)


class PollSchedule:
    """The poll times of one wait, in seconds since the step was accepted."""

    def __init__(
        self,
        *,
        interval: float,
        durations: Sequence[float] = (),
        since_accepted: float = 0.0,
    ) -> None:
        self.interval = interval
        self.window = predicted_window(durations)
        self.offset = max(0.0, since_accepted)  # the wait may start after the accept
        self._progress: list[tuple[float, float]] = []
        self._past_window_polls = 0

    def observe_progress(self, elapsed: float, percent: float | None) -> None:
        """Take ``jobProgress.percent`` seen ``elapsed`` seconds into the wait."""
        if percent is None or not 0 < percent < 100:
            return
        at = self.offset + elapsed
        if self._progress and percent <= self._progress[-1][1]:
            return  # no new information
        self._progress.append((at, percent))
        if percent < MIN_PROGRESS_PERCENT:
            return
        if len(self._progress) >= 2:
            (t0, p0), (t1, p1) = self._progress[-2], self._progress[-1]
            finish = t1 + (100.0 - p1) * (t1 - t0) / (p1 - p0)
        else:
            finish = at * 100.0 / percent
        # The nearer the predicted finish, the surer (+-10% of the time left, at least 1 s),
        # but never surer than whole percents allow (a percent is finish / percent seconds).
        spread = max(1.0, 0.1 * (finish - at), finish / percent)
        self.window = (finish - spread, finish + spread)

    def next_delay(self, elapsed: float, polls: int, jitter: float) -> float:
        """Seconds from now (``elapsed`` into the wait, ``polls`` made) to the next poll."""
        if self.window is None:
            return backoff_delay(self.interval, polls) * (1.0 - 0.25 * jitter)
        now = self.offset + elapsed
        lo, hi = self.window
        if now < lo:
            gap = min(max(lo / 4.0, MAX_POLL_INTERVAL), MAX_SPARSE_GAP)
            target = min(lo, now + gap)
        elif now <= hi:
            allowed = self._baseline_polls_by(hi - self.offset) - polls
            target = now + max(MIN_DENSE_GAP, (hi - now) / max(allowed, 1))
        else:
            self._past_window_polls += 1
            target = now + backoff_delay(self.interval, self._past_window_polls)
        # Never ahead of today's schedule: poll number polls+1 waits for its time.
        target = max(target, self.offset + baseline_time_of(polls + 1, self.interval))
        return max(target - now, MIN_DENSE_GAP if now >= lo else 0.0)

    def _baseline_polls_by(self, elapsed: float) -> int:
        """How many polls today's schedule has made ``elapsed`` seconds into a wait."""
        low, high = 1, 2
        while baseline_time_of(high, self.interval) <= elapsed:
            low, high = high, high * 2
        while low < high - 1:  # the largest n with baseline_time_of(n) <= elapsed
            middle = (low + high) // 2
            if baseline_time_of(middle, self.interval) <= elapsed:
                low = middle
            else:
                high = middle
        return low


class StepHistory:
    """What a client saw of its steps: when each was accepted, how long each took.

    Shared by a client and the clients ``with_options()`` derives from it, across threads.
    Bounded: the latest ``MAX_DURATIONS`` durations per job, ``MAX_OPEN`` open steps.
    """

    MAX_DURATIONS = 20
    MAX_OPEN = 1024

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._accepted: dict[tuple[str, str], float] = {}
        self._durations: dict[str, collections.deque[float]] = {}

    def accepted(self, job: str, output_model: str, now: float) -> None:
        """The server accepted the step at ``now`` (a monotonic clock)."""
        key = (job, output_model)
        with self._lock:
            accepted = self._accepted
            accepted.pop(key, None)  # a dict keeps insertion order: re-inserted is newest
            accepted[key] = now
            if len(accepted) > self.MAX_OPEN:
                del accepted[next(iter(accepted))]

    def since_accepted(self, job: str, output_model: str, now: float) -> float | None:
        """Seconds since the step was accepted, if this client saw it accepted."""
        with self._lock:
            at = self._accepted.get((job, output_model))
        return None if at is None else max(0.0, now - at)

    def ready(self, job: str, output_model: str, now: float) -> None:
        """The step's model was seen READY at ``now``: remember how long it took."""
        with self._lock:
            at = self._accepted.pop((job, output_model), None)
            if at is None:
                return
            durations = self._durations.setdefault(
                job, collections.deque(maxlen=self.MAX_DURATIONS)
            )
            durations.append(max(0.0, now - at))

    def durations(self, job: str) -> list[float]:
        """The durations seen of ``job``'s steps, oldest first."""
        with self._lock:
            return list(self._durations.get(job, ()))
