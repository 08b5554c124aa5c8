"""A sweep as numbers: one summary per job, behind ``steps --watch``, the report and your code.

:func:`summarize` reads a ledger's per-job counts (summed up by the database:
:meth:`~._ledger.LedgerStore.summaries`) and decides what a person should look at: a step in
flight far longer than its job's typical step (``stalled``), failures, steps that may have run
and await a reconcile (``unknown``), and on PostgreSQL a step being sent whose sender holds no
lease any more (``orphaned``: its driver died while sending). :class:`SweepWatch` keeps such a
summary current for a live view, reading only the jobs that changed since its last refresh
(by the ledger's commit-ordered change numbers, so it misses none).

Example::

    from fireworks_rft import summarize

    sweep = summarize("postgresql://user@db/ledger")
    for job in sweep.jobs:
        print(job.job, job.ready, job.in_flight_age, job.flags)
"""

from __future__ import annotations

import dataclasses
import fnmatch
import os
import sys
import time
from collections.abc import Iterable, Sequence
from typing import Protocol, runtime_checkable

from ._ledger import JobCounts, LedgerStore, StepState
from ._names import job_filter, short_name

#: A step in flight this many times longer than its job's typical step is ``stalled``.
STALL_FACTOR = 3.0

#: What each flag means, for people (the report's legend, the view's footer).
FLAGS = {
    "stalled": f"a step in flight over {STALL_FACTOR:g}x the job's typical step duration",
    "failed": "a step (or load, or promotion) failed",
    "unknown": "a step may have run; the next run_step reads its output model to find out",
    "orphaned": "a step being sent whose sender holds no lease any more (it died sending)",
}


@runtime_checkable
class LeaseInspector(Protocol):
    """A store that can tell, without taking them, which steps' leases are held."""

    def held_leases(self, steps: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
        """The ``(job, output_model)`` pairs among ``steps`` whose lease a live process holds."""


@dataclasses.dataclass(frozen=True)
class JobSummary:
    """One job's steps (or one deployment's LoRA loads) at a moment, as a person reads them.

    Times are Unix seconds on the ledger's clock (the database's for PostgreSQL).

    Attributes:
        job: Full name of the job (of the deployment, for ``lora_load``).
        kind: ``"step"``, ``"promotion"`` or ``"lora_load"``.
        recorded: Rows recorded.
        ready: Rows READY.
        failed: Rows FAILED.
        unknown: Rows that may have run, awaiting a reconcile.
        in_flight: Rows sent and not finished.
        in_flight_model: The output model of the oldest row in flight, or None.
        in_flight_age: Seconds since that row was sent, or None.
        typical_duration: The mean trusted duration of the job's READY rows, or None.
        last_finished_at: When a row last finished, or None.
        last_change_at: When a row last changed.
        last_owner: ``host:pid`` of the last writer, or None.
        flags: What to look at: ``stalled``, ``failed``, ``unknown``, ``orphaned`` (each
            explained in ``FLAGS``).
    """

    job: str
    kind: str
    recorded: int
    ready: int
    failed: int
    unknown: int
    in_flight: int
    in_flight_model: str | None
    in_flight_age: float | None
    typical_duration: float | None
    last_finished_at: float | None
    last_change_at: float
    last_owner: str | None
    flags: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """The summary as JSON-able values."""
        values = dataclasses.asdict(self)
        values["flags"] = list(self.flags)
        return values


@dataclasses.dataclass(frozen=True)
class SweepSummary:
    """Every job of a ledger (or those asked for) at one moment.

    Attributes:
        at: When it was read (the ledger's clock).
        jobs: One summary per job and kind, by job name.
    """

    at: float
    jobs: tuple[JobSummary, ...]

    @property
    def recorded(self) -> int:
        """Rows recorded, across the jobs."""
        return sum(job.recorded for job in self.jobs)

    @property
    def ready(self) -> int:
        """Rows READY, across the jobs."""
        return sum(job.ready for job in self.jobs)

    @property
    def in_flight(self) -> int:
        """Rows in flight, across the jobs."""
        return sum(job.in_flight for job in self.jobs)

    @property
    def flagged(self) -> tuple[JobSummary, ...]:
        """The jobs with a flag."""
        return tuple(job for job in self.jobs if job.flags)

    def to_dict(self) -> dict[str, object]:
        """The summary as JSON-able values (one object: ``steps --watch -o json`` prints it)."""
        return {
            "at": self.at,
            "recorded": self.recorded,
            "ready": self.ready,
            "in_flight": self.in_flight,
            "jobs": [job.to_dict() for job in self.jobs],
        }

    def table(self, title: str = "") -> str:
        """The live view's text: a title line, one row per job, and what each shown flag means.

        Args:
            title: What the title line starts with (the ledger's name, say).
        """
        stamp = time.strftime("%H:%M:%S UTC", time.gmtime(self.at))
        lines = [" ".join(part for part in (title, stamp, self.progress_line()) if part)]
        if not self.jobs:
            return lines[0] + "\nNo steps recorded (yet)."
        header = ("JOB", "KIND", "READY", "IN FLIGHT", "TYPICAL", "LAST FINISH", "WRITER", "FLAGS")
        rows: list[tuple[str, ...]] = [header, *(_row(job, self.at) for job in self.jobs)]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        lines += [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in rows
        ]
        shown = sorted({flag for job in self.jobs for flag in job.flags})
        lines += [f"  {flag}: {FLAGS[flag]}" for flag in shown]
        return "\n".join(lines)

    def progress_line(self) -> str:
        """One line for a log: ``12/40 READY, 3 in flight, 1 job flagged (stalled)``."""
        flags = sorted({flag for job in self.flagged for flag in job.flags})
        line = f"{self.ready}/{self.recorded} READY, {self.in_flight} in flight"
        if flags:
            count = len(self.flagged)
            line += f", {count} job{'s' if count != 1 else ''} flagged ({', '.join(flags)})"
        return line


def summarize(
    ledger: LedgerStore | str | os.PathLike[str],
    *,
    job: str | None = None,
    state: str | None = None,
    since: float | None = None,
) -> SweepSummary:
    """One summary per job of a ledger, now: the numbers behind ``steps --watch``.

    Args:
        ledger: A store, a SQLite file's path or a ``postgresql://`` URL (opened read-only
            and closed again).
        job: Only this job (a bare job ID, in any account, or its full name).
        state: Only jobs with a row in this state (``unknown``, ``failed``, ...).
        since: Only rows changed at or after this time (Unix seconds).

    Raises:
        ValueError: ``state`` is no step state.
    """
    watch = SweepWatch(ledger, job=job, state=state, since=since)
    try:
        return watch.refresh()
    finally:
        watch.close()


class SweepWatch:
    """A :class:`SweepSummary` kept current: each refresh reads only what changed since.

    The first refresh sums every job up in the database; later ones ask the ledger which
    jobs changed since the last refresh (:meth:`~._ledger.LedgerStore.changed_jobs`: rows
    written or removed) and sum up only those again.

    Args:
        ledger: A store, or a path or URL to open read-only (closed by :meth:`close`).
        job: Only this job.
        state: Only jobs with a row in this state.
        since: Only rows changed at or after this time.
    """

    def __init__(
        self,
        ledger: LedgerStore | str | os.PathLike[str],
        *,
        job: str | None = None,
        state: str | None = None,
        since: float | None = None,
    ) -> None:
        from ._ledger_open import open_ledger

        self._state = None if state is None else StepState(state).value
        self._jobs = None if job is None else [job]
        self._since = since
        store, self._owned = open_ledger(ledger, read_only=True)
        #: The ledger read.
        self.store: LedgerStore = store
        self._counts: dict[tuple[str, str], JobCounts] = {}
        self._seen = -1  # no refresh yet

    def refresh(self) -> SweepSummary:
        """Read what changed since the last refresh; the summary as it stands now."""
        if self._seen < 0:
            _, cursor = self.store.changed_jobs(sys.maxsize)  # the cursor, before the sums
            self._replace(self.store.summaries(self._jobs, since=self._since), whole=True)
        else:
            changed, cursor = self.store.changed_jobs(self._seen)
            jobs = sorted(job for job in changed if self._jobs is None or self._matches(job))
            if jobs:
                self._replace(self.store.summaries(jobs, since=self._since), jobs=jobs)
        self._seen = cursor
        return self._summary()

    def close(self) -> None:
        """Close the ledger if this watch opened it."""
        if self._owned:
            self.store.close()

    # -- inside ----------------------------------------------------------------------------

    def _matches(self, job: str) -> bool:
        """Whether ``job`` is the one asked for (a full name, or a bare ID in any account)."""
        assert self._jobs is not None
        value, exact = job_filter(self._jobs[0])
        return job == value if exact else fnmatch.fnmatchcase(job, value.replace("%", "*"))

    def _replace(
        self, counts: Iterable[JobCounts], *, whole: bool = False, jobs: Sequence[str] = ()
    ) -> None:
        if whole:
            self._counts = {}
        for key in [key for key in self._counts if key[0] in jobs]:
            del self._counts[key]
        for count in counts:
            self._counts[(count.job, count.kind)] = count

    def _summary(self) -> SweepSummary:
        now = _ledger_now(self.store)
        held = self._held_leases()
        jobs = []
        for key in sorted(self._counts):
            count = self._counts[key]
            if self._state is not None and not getattr(count, self._state):
                continue
            jobs.append(_job_summary(count, now, held))
        return SweepSummary(at=now, jobs=tuple(jobs))

    def _held_leases(self) -> set[tuple[str, str]] | None:
        """Which in-flight rows being sent have a live sender (None: the store cannot tell)."""
        if not isinstance(self.store, LeaseInspector):
            return None
        sending = [
            (c.job, c.sending_model) for c in self._counts.values() if c.sending_model is not None
        ]
        return self.store.held_leases(sending) if sending else set()


def _job_summary(count: JobCounts, now: float, held: set[tuple[str, str]] | None) -> JobSummary:
    """The summary of one job's counts at ``now``: the one home of the flags' rules."""
    age = None if count.oldest_in_flight_at is None else max(0.0, now - count.oldest_in_flight_at)
    flags = []
    typical = count.typical_duration
    if age is not None and typical is not None and age > STALL_FACTOR * typical:
        flags.append("stalled")
    if count.failed:
        flags.append("failed")
    if count.unknown:
        flags.append("unknown")
    if held is not None and count.sending_model and (count.job, count.sending_model) not in held:
        flags.append("orphaned")
    return JobSummary(
        job=count.job,
        kind=count.kind,
        recorded=count.recorded,
        ready=count.ready,
        failed=count.failed,
        unknown=count.unknown,
        in_flight=count.in_flight,
        in_flight_model=count.in_flight_model,
        in_flight_age=age,
        typical_duration=typical,
        last_finished_at=count.last_finished_at,
        last_change_at=count.last_change_at,
        last_owner=count.last_owner,
        flags=tuple(flags),
    )


def _row(job: JobSummary, now: float) -> tuple[str, ...]:
    """One job's row of :meth:`SweepSummary.table`."""
    flying = "-"
    if job.in_flight_model is not None and job.in_flight_age is not None:
        flying = f"{short_name(job.in_flight_model)} {_seconds(job.in_flight_age)}"
        if job.in_flight > 1:
            flying += f" (+{job.in_flight - 1})"
    last = "-" if job.last_finished_at is None else f"{_seconds(now - job.last_finished_at)} ago"
    return (
        short_name(job.job),
        job.kind,
        f"{job.ready}/{job.recorded}",
        flying,
        "-" if job.typical_duration is None else _seconds(job.typical_duration),
        last,
        job.last_owner or "-",
        ",".join(job.flags) or "-",
    )


def _seconds(value: float) -> str:
    value = max(0.0, value)
    if value < 120:
        return f"{value:.1f}s"
    if value < 7200:
        return f"{value / 60:.1f}m"
    return f"{value / 3600:.1f}h"


def ledger_label(ledger: object) -> str:
    """A ledger's name for people (a URL's password masked; a store's repr shows none)."""
    from ._config import masked_url

    if isinstance(ledger, str | os.PathLike):
        return masked_url(os.fspath(ledger))
    return repr(ledger)


def _ledger_now(store: LedgerStore) -> float:
    """Now on the clock the ledger records with: the database's, where it has one."""
    clock = getattr(store, "now", None)
    return float(clock()) if callable(clock) else time.time()
