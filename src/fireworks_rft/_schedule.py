"""When a wait polls next: today's backoff, or densely around a predicted finish.

A step's first wait, with nothing to predict from, polls as fireworks-rft always has: from
``poll_interval`` backing off by 1.5x to 30 s, with jitter. Once earlier steps of the same job
have finished (their durations come from the ledger or from what the client saw), the wait
predicts a window in which this one will finish, polls sparsely before it, densely inside
it, and backs off again past it. ``jobProgress.percent``, when the server fills it in,
narrows the window.

The reads are bounded on average: before the window, a wait makes no more polls than
today's schedule (its jitter averaged) makes by the window's end; inside it, its reads are
evenly spaced so that a finish anywhere in the window costs, on average, at most 90% of the
reads today's schedule makes for a finish in its middle. A step that finishes at the end of
its window, or past it, costs more (at most about twice today's reads); one that finishes
early costs less. A wait that has no reads to spare keeps to the old bound (no more polls
than today's schedule by the window's end, nor past it). Everything here is pure; the clock
is the caller's.
"""

from __future__ import annotations

import collections
import math
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ._constants import MAX_POLL_INTERVAL, POLL_BACKOFF

if TYPE_CHECKING:
    from ._budget import ReadBudget
    from ._timing import Timing

#: The backoff exponent stops growing here (1.5 ** 64 is far past any cap).
_MAX_EXPONENT = 64
#: Today's jitter shaves up to a quarter off each delay: an eighth on average.
MEAN_JITTER_SHAVE = 0.125
#: Polls inside the predicted window are this far apart at the closest (seconds): a finish
#: is then seen within a second, and the reads saved stay unspent.
DENSE_GAP = 1.0
#: No two polls past the window are closer than this (seconds).
MIN_DENSE_GAP = 0.5
#: Reads kept for past the window, for a step that runs longer than predicted.
RESERVED_POLLS = 1
#: The share of today's reads a wait plans to spend, on average, in its window: the rest
#: is margin for the finishes that fall past the window.
MEAN_READS_SHARE = 0.9
#: Before the window, polls are this far apart at most (a failed job is noticed by then).
MAX_SPARSE_GAP = 120.0
#: One earlier duration predicts the next within this share, either way.
SINGLE_DURATION_MARGIN = 0.2
#: Several earlier durations predict the next within at least this share, either way.
MIN_MARGIN = 0.02
#: From this many durations on, the shortest and the longest are left out of a window.
TRIM_FROM = 5
#: Progress below this percent is too early to extrapolate from.
MIN_PROGRESS_PERCENT = 10.0
#: Predictions that miss this many times in a row make the next wait back off instead.
MAX_MISSES = 2


def backoff_delay(interval: float, polls: int) -> float:
    """Today's delay after the ``polls``-th poll: ``interval * 1.5**(polls-1)``, capped."""
    exponent = min(max(0, polls - 1), _MAX_EXPONENT)
    return min(max(interval, MAX_POLL_INTERVAL), interval * POLL_BACKOFF**exponent)


def baseline_time_of(poll: int, interval: float) -> float:
    """When today's schedule, its jitter averaged, makes its ``poll``-th poll (the first at 0)."""
    scale = 1.0 - MEAN_JITTER_SHAVE
    elapsed = 0.0
    for made in range(1, poll):
        delay = backoff_delay(interval, made)
        if delay >= max(interval, MAX_POLL_INTERVAL):  # capped from here on: the rest is linear
            return elapsed + scale * delay * (poll - made)
        elapsed += scale * delay
    return elapsed


def baseline_polls_by(elapsed: float, interval: float) -> int:
    """How many polls today's schedule (its jitter averaged) has made ``elapsed`` s in."""
    low, high = 1, 2
    while baseline_time_of(high, interval) <= elapsed:
        low, high = high, high * 2
    while low < high - 1:  # the largest n with baseline_time_of(n) <= elapsed
        middle = (low + high) // 2
        if baseline_time_of(middle, interval) <= elapsed:
            low = middle
        else:
            high = middle
    return low


def predicted_window(durations: Sequence[float]) -> tuple[float, float] | None:
    """Where the next step's duration likely falls, from earlier ones (None: no history).

    One duration gives +-20%. More give the range seen, widened on each side by the gap
    expected between the extremes of n draws and the true bounds ((max - min) / (n - 1)),
    and by 2% at least. From five durations on, the shortest and the longest are left out
    (and the gap doubled): one odd step, such as a first step measured by sparse polls or
    slowed by a warm-up, does not widen every later window.
    """
    seen = sorted(d for d in durations if d > 0)
    if not seen:
        return None
    if len(seen) == 1:
        return seen[0] * (1.0 - SINGLE_DURATION_MARGIN), seen[0] * (1.0 + SINGLE_DURATION_MARGIN)
    count = len(seen)
    if count >= TRIM_FROM:
        seen, gaps = seen[1:-1], 2.0  # the second extremes lie two gaps in
    else:
        gaps = 1.0
    shortest, longest = seen[0], seen[-1]
    margin = max(gaps * (longest - shortest) / (len(seen) - 1), MIN_MARGIN * longest)
    return max(0.0, shortest - margin), longest + margin


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
        self._gap_for: tuple[float, float] | None = None
        self._gap: float | None = None
        self._polled: tuple[float, ...] = ()  # when the last two polls ran (wait seconds)

    def polled(self, elapsed: float) -> None:
        """Take a poll made ``elapsed`` seconds into the wait."""
        self._polled = (*self._polled[-1:], elapsed)

    def lag_estimate(self) -> float:
        """Seconds what the last poll saw had likely been so: half the gap since the poll before.

        0 after a single poll.
        """
        if len(self._polled) < 2:
            return 0.0
        before, last = self._polled
        return (last - before) / 2

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
        usable = [(t, p) for t, p in self._progress if p >= MIN_PROGRESS_PERCENT]
        if len(usable) >= 2:  # the rate over the longest span: whole percents blur short ones
            (t0, p0), (t1, p1) = usable[0], usable[-1]
            finish = t1 + (100.0 - p1) * (t1 - t0) / (p1 - p0)
        else:
            finish = at * 100.0 / percent
        # The nearer the predicted finish, the surer (+-10% of the time left, at least 1 s),
        # but never surer than whole percents allow (a percent is finish / percent seconds).
        spread = max(1.0, 0.1 * (finish - at), finish / percent)
        self.window = (finish - spread, finish + spread)

    def polls_allowed(self, elapsed: float) -> int:
        """The most polls a wait may have made ``elapsed`` seconds in, before its window."""
        if self.window is not None:
            elapsed = max(elapsed, self.window[1] - self.offset)
        return baseline_polls_by(elapsed, self.interval)

    def first_delay(self, timeout: float = math.inf) -> float:
        """Seconds before the first poll: none, unless the step is surely still running.

        A wait that starts as its step is accepted, long before the predicted window,
        keeps that read for the window: its first poll is the first sparse one. Never the
        whole ``timeout``: a wait polls at least once.
        """
        if self.window is None or self.offset >= self.window[0]:
            return 0.0
        delay = self.next_delay(0.0, 0, 0.0)
        return delay if delay < timeout else 0.0

    def _window_gap(self, elapsed: float, polls: int, now: float) -> float | None:
        """The gap between reads in the window that spends, on average, today's reads.

        A finish uniform over the rest of the window is seen after (rest / gap) / 2 more
        reads on average; today's schedule sees a finish in the middle of the window after
        ``baseline_polls_by(middle) + 1`` reads. None: no reads to spare.
        """
        assert self.window is not None
        lo, hi = self.window
        middle = max(elapsed, (lo + hi) / 2 - self.offset)
        today = baseline_polls_by(middle, self.interval) + 1
        spare = MEAN_READS_SHARE * today - polls - 0.5
        if spare <= 0:
            return None
        return max(DENSE_GAP, (hi - now) / (2 * spare))

    def next_delay(self, elapsed: float, polls: int, jitter: float) -> float:
        """Seconds from now (``elapsed`` into the wait, ``polls`` made) to the next poll."""
        if self.window is None:
            return backoff_delay(self.interval, polls) * (1.0 - 0.25 * jitter)
        now = self.offset + elapsed
        lo, hi = self.window
        if now < lo:
            # Sparse, keeping enough reads to poll the window every DENSE_GAP seconds.
            left = self.polls_allowed(elapsed) - polls
            spare = left - RESERVED_POLLS - math.ceil((hi - lo) / DENSE_GAP)
            gap = (lo - now) / (spare + 1) if spare > 0 else math.inf
            target = min(lo, now + min(max(gap, MAX_POLL_INTERVAL), MAX_SPARSE_GAP))
            return target - now
        if now <= hi:
            if self._gap_for != self.window:  # fixed per window: evenly spaced reads
                self._gap_for, self._gap = self.window, self._window_gap(elapsed, polls, now)
            if self._gap is not None:
                return self._gap
            planned = self.polls_allowed(elapsed) - polls - RESERVED_POLLS
            if planned <= 0:  # the window's reads are spent: the next poll is past it
                return max(hi - now, MIN_DENSE_GAP)
            return max(DENSE_GAP, (hi - now) / planned)
        # Past the window: back off again from the poll interval. A wait that kept to the
        # old bound in the window (no evenly spaced gap) uses the reads kept for past it,
        # then never reads ahead of today's schedule.
        self._past_window_polls += 1
        target = now + backoff_delay(self.interval, self._past_window_polls)
        if self._gap is None and self.polls_allowed(elapsed) - polls <= 0:
            target = max(target, self.offset + baseline_time_of(polls + 1, self.interval))
        return max(target - now, MIN_DENSE_GAP)


class StepHistory:
    """When each step, job creation or LoRA load was accepted, and how long each took.

    Keyed by ``(kind, name)``: a step is ``(job, output_model)``, a job's creation
    ``("trainer job", job)``. Shared by a client and the clients ``with_options()`` derives
    from it, across threads. Bounded: the latest ``MAX_DURATIONS`` durations per kind,
    ``MAX_OPEN`` open entries.
    """

    MAX_DURATIONS = 20
    MAX_OPEN = 1024

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._accepted: dict[tuple[str, str], float] = {}
        self._durations: dict[str, collections.deque[float]] = {}
        self._misses: dict[str, int] = {}

    def accepted(self, kind: str, name: str, now: float) -> None:
        """The server accepted it at ``now`` (a monotonic clock)."""
        key = (kind, name)
        with self._lock:
            accepted = self._accepted
            accepted.pop(key, None)  # a dict keeps insertion order: re-inserted is newest
            accepted[key] = now
            if len(accepted) > self.MAX_OPEN:
                del accepted[next(iter(accepted))]

    def since_accepted(self, kind: str, name: str, now: float) -> float | None:
        """Seconds since it was accepted, if this client saw it accepted."""
        with self._lock:
            at = self._accepted.get((kind, name))
        return None if at is None else max(0.0, now - at)

    def ready(self, kind: str, name: str, now: float | None) -> None:
        """It got there at ``now``: remember how long it took (None: when is not known)."""
        with self._lock:
            at = self._accepted.pop((kind, name), None)
            if at is None or now is None:
                return
            durations = self._durations.setdefault(
                kind, collections.deque(maxlen=self.MAX_DURATIONS)
            )
            durations.append(max(0.0, now - at))

    def durations(self, kind: str) -> list[float]:
        """The durations seen of ``kind``, oldest first."""
        with self._lock:
            return list(self._durations.get(kind, ()))

    def predicted(self, kind: str, *, hit: bool) -> None:
        """A wait's predicted window held the finish (``hit``), or missed it."""
        with self._lock:
            self._misses[kind] = 0 if hit else self._misses.get(kind, 0) + 1

    def trusted(self, kind: str) -> bool:
        """Whether the next wait of ``kind`` may predict from earlier durations.

        After MAX_MISSES misses in a row, one wait backs off instead (the count starts over).
        """
        with self._lock:
            if self._misses.get(kind, 0) < MAX_MISSES:
                return True
            self._misses[kind] = 0
            return False


class Pacer:
    """When one wait reads next: the one object a wait consults about time.

    It decides what the wait predicts from (the ledger's durations or what the client saw,
    while predictions hold: :class:`StepHistory`), spaces the polls (:class:`PollSchedule`),
    honours the server's ``Retry-After``, keeps every sleep and read within the wait's
    timeout, reserves each poll's reads from the client-wide read budget, and learns the
    duration when the wait gets there. The clock is the :class:`~._timing.Timing`'s.
    """

    def __init__(
        self,
        *,
        key: tuple[str, str],
        timeout: float,
        interval: float,
        timing: Timing,
        history: StepHistory | None,
        budget: ReadBudget | None = None,
        durations: Sequence[float] | None = None,
        since_accepted: float | None = None,
    ) -> None:
        self.key = key
        self.timeout = timeout
        self.polls = 0
        #: The server's Retry-After of the last poll's failed reads (None: none).
        self.retry_after: float | None = None
        self._timing = timing
        self._budget = budget
        self._history = history = history or StepHistory()
        self._started = timing.clock()
        since = history.since_accepted(*key, self._started)  # what this client saw first
        #: Whether ``since`` is on this client's own monotonic clock. Else it came from the
        #: ledger, another clock (the database's, another host's): the first read is then
        #: never put off on its account, so a step that finished reads READY at once.
        self._own_clock = since is not None
        if since is None:
            since = since_accepted
        # Earlier durations only help when it is known how long ago this one was accepted,
        # and while the predictions they make hold.
        known = history.durations(key[0]) if durations is None else durations
        usable = since is not None and bool(known) and history.trusted(key[0])
        self.schedule = PollSchedule(
            interval=interval, durations=known if usable else (), since_accepted=since or 0.0
        )

    def elapsed(self) -> float:
        """Seconds since the wait started."""
        return self._timing.clock() - self._started

    def remaining(self) -> float:
        """Seconds the wait has left (<= 0: its timeout passed)."""
        return self.timeout - self.elapsed()

    def first_delay(self) -> float:
        """Seconds to sleep before the first poll: 0 unless the schedule keeps that read.

        Only for a step this client saw accepted (its own clock): a wait that knows the
        accept from the ledger reads at once.
        """
        return self.schedule.first_delay(self.timeout) if self._own_clock else 0.0

    def read_delay(self, reads: int, left: float) -> float:
        """Seconds to sleep before a poll's ``reads``, under the client-wide read budget.

        A wait's first poll reads at once (its reads still count): a short wait on a busy
        client always reads everything once. Never more than ``left``.
        """
        delay = 0.0 if self._budget is None else self._budget.reserve(reads)
        return 0.0 if self.polls == 0 else min(delay, max(0.0, left))

    def polled(self) -> float:
        """Count a poll made now; the seconds since the wait started."""
        self.polls += 1
        elapsed = self.elapsed()
        self.schedule.polled(elapsed)
        return elapsed

    def observe_progress(self, elapsed: float, percent: float | None) -> None:
        """Take ``jobProgress.percent`` seen ``elapsed`` seconds into the wait."""
        self.schedule.observe_progress(elapsed, percent)

    def next_delay(self) -> float | None:
        """Seconds to sleep before the next poll; None when the timeout has passed.

        The schedule's delay, at least the server's ``Retry-After``, at most the time left.
        """
        elapsed = self.elapsed()
        remaining = self.timeout - elapsed
        if remaining <= 0:
            return None
        delay = self.schedule.next_delay(elapsed, self.polls, self._timing.jitter())
        if self.retry_after is not None:
            delay = max(delay, self.retry_after)
        return min(delay, remaining)

    def lag_estimate(self) -> float:
        """Seconds what the last poll saw had likely been so: half the last gap."""
        return self.schedule.lag_estimate()

    def finished(self) -> None:
        """The wait got there: remember how long it took, and whether the window held it.

        Seen now; likely there since half the gap since the poll before. Seen at the first
        poll, it may have been there since the accept: nothing is learnt from it (the
        ledger trusts no such duration either), and a window it was predicted in counts as
        missed. So a step that got faster than predicted is never learnt back as the time
        a wait slept before its first poll: after two misses a wait polls from the start.
        """
        window = self.schedule.window
        if self.polls < 2:
            self._history.ready(*self.key, None)
            if window is not None:
                self._history.predicted(self.key[0], hit=False)
            return
        self._history.ready(*self.key, self._timing.clock() - self.lag_estimate())
        if window is not None:
            finish = self.schedule.offset + self.elapsed() - self.lag_estimate()
            self._history.predicted(self.key[0], hit=window[0] <= finish <= window[1])
