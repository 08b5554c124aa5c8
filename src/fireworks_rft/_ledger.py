"""The step ledger: a durable record of every training step a client sends.

One row per ``(job, output_model)``: a step is named by its output model, which is unique per
step. The row is committed *before* the step's POST leaves the machine and updated when the
answer (or the failure) arrives, so a restarted process knows what it already sent. A lease
gives one process at a time the right to send a step or to decide whether a lost one ran; it
ends when its holder dies, so no other process ever guesses from timing. Every lease carries
a fencing token, and every write made under a lease checks it: a holder that lost its lease
(another process took over) can never overwrite what the new holder recorded.

This module is the ledger's contract: :class:`StepState`, :class:`StepRecord`, the
transitions a step may make (:data:`TRANSITIONS`, checked here for every store), and the
:class:`LedgerStore` interface the clients use. The stores:
:class:`~._sqlite_ledger.SQLiteLedger` (one file, ``flock`` leases: the processes of one
machine) and :class:`~._postgres_ledger.PostgresLedger` (a PostgreSQL database, advisory
locks: drivers on many hosts). ``open_ledger`` picks by the value given: a
``postgresql://`` URL, or a path. The guarantees are in docs/ledger.md.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar, runtime_checkable

from ._checks import check_positive_int
from ._names import job_filter, kind_of


class StepState(enum.StrEnum):
    """Where a step stands, as the ledger recorded it."""

    #: Recorded, and its POST may be on the wire: its lease holder is sending it.
    SENDING = "sending"
    #: The server accepted it (2xx); training runs on the server.
    ACCEPTED = "accepted"
    #: It was certainly not processed (refused before sending, or an answer that says so).
    NOT_SENT = "not_sent"
    #: It may have run: the answer was lost, or its sender died while sending.
    UNKNOWN = "unknown"
    #: Its output model was seen READY.
    READY = "ready"
    #: Its job reached a terminal state before the output model was READY.
    FAILED = "failed"


#: A duration measured on the ledger's clock predicts only if bracketed within this share.
TRUSTED_SHARE = 0.1

#: States a step may be sent from (again): nothing of it reached the server.
SENDABLE = frozenset({StepState.NOT_SENT})


@dataclasses.dataclass(frozen=True)
class StepRecord:
    """One step as the ledger holds it. Times are Unix seconds.

    A checkpoint's promotion and a LoRA's load are recorded like steps (see :attr:`kind`):
    a promotion holds the checkpoint in ``dataset``; a load holds the deployment in ``job``
    and the LoRA in ``output_model`` and ``dataset``.

    Attributes:
        job: Full name of the trainer job.
        output_model: Full name of the step's output model (the step's identity).
        dataset: Full name of the dataset the step was (to be) sent with.
        state: Where the step stands.
        sends: How many times its POST was started (more than 1 only after a step was
            recorded as not sent, or with ``force=True``).
        created_at: When the step was first recorded.
        updated_at: When the row last changed.
        accepted_at: When the server accepted it (or it was found to have run).
        finished_at: When a read first saw it finished (READY, or its job failed).
        request_id: The server's request id of the accepted POST.
        error: The last failure, as text.
        owner: ``host:pid`` of the process that last changed the row.
        seq: The number of the row's last change (SQLite: a counter in commit order;
            PostgreSQL: the writing transaction's id); None: written before schema 3.
        unfinished_at: When the last read before ``finished_at`` saw it unfinished: the
            finish lies between the two (None: no read did; the accept bounds it).
        server_started_at: When it started, on the server's clock (its output model's
            ``createTime``), where the server said.
        server_finished_at: When it finished, on the server's clock (the READY model's
            ``updateTime``), where the server said.

    Times of the ledger's clock (the database's for PostgreSQL) and of the server's clock
    are never mixed: :attr:`duration` takes both ends from one of them.
    """

    job: str
    output_model: str
    dataset: str
    state: StepState
    sends: int
    created_at: float
    updated_at: float
    accepted_at: float | None = None
    finished_at: float | None = None
    request_id: str | None = None
    error: str | None = None
    owner: str | None = None
    seq: int | None = None
    unfinished_at: float | None = None
    server_started_at: float | None = None
    server_finished_at: float | None = None

    @property
    def kind(self) -> str:
        """``"step"``, ``"promotion"`` (of a checkpoint) or ``"lora_load"`` (onto a deployment)."""
        return kind_of(self.job, self.dataset)

    @property
    def duration(self) -> float | None:
        """Seconds from start to finish, never negative; None until it finished.

        Both ends from the server where it gave them (:attr:`duration_source` ``"server"``);
        else both on the ledger's clock, from the accept to the middle of the finish's
        bracket (``"ledger"``, within :attr:`duration_error`).
        """
        span = self._span()
        return None if span is None else span[0]

    @property
    def duration_error(self) -> float | None:
        """How sure :attr:`duration` is, in seconds either way (0 from the server's times)."""
        span = self._span()
        return None if span is None else span[1]

    @property
    def duration_source(self) -> str | None:
        """``"server"`` (both ends from the server), ``"ledger"``, or None (unfinished)."""
        span = self._span()
        return None if span is None else span[2]

    @property
    def trusted_duration(self) -> float | None:
        """:attr:`duration` where it may predict the next step, else None.

        From the server, or bracketed within a tenth of itself: a finish seen only after a
        driver was down is not.
        """
        span = self._span()
        if span is None or (span[2] == "ledger" and span[1] > TRUSTED_SHARE * span[0]):
            return None
        return span[0]

    def _span(self) -> tuple[float, float, str] | None:
        if self.state not in (StepState.READY, StepState.FAILED):
            return None
        started, finished = self.server_started_at, self.server_finished_at
        if started is not None and finished is not None and self.state is StepState.READY:
            return max(0.0, finished - started), 0.0, "server"
        start = self.accepted_at if self.accepted_at is not None else self.created_at
        if self.finished_at is None:
            return None  # finished before schema 3 recorded every finish
        low = max(start, self.unfinished_at if self.unfinished_at is not None else start)
        low = min(low, self.finished_at)
        return (
            max(0.0, (low + self.finished_at) / 2 - start),
            (self.finished_at - low) / 2,
            "ledger",
        )

    def to_dict(self) -> dict[str, object]:
        """The record as JSON-able values (``state`` as its string)."""
        values = dataclasses.asdict(self)
        values["state"] = self.state.value
        values["duration"] = self.duration
        values["duration_error"] = self.duration_error
        values["duration_source"] = self.duration_source
        values["kind"] = self.kind
        return values


@dataclasses.dataclass(frozen=True)
class JobCounts:
    """One job's rows (or one deployment's loads) as the database summed them up.

    Times are the ledger's clock; durations are :attr:`StepRecord.trusted_duration`'s.

    Attributes:
        job: Full name of the job (a deployment's, for LoRA loads).
        kind: ``"step"``, ``"promotion"`` or ``"lora_load"``: one summary per job and kind.
        recorded: Rows recorded.
        sending: Rows being sent (or whose sender died while sending).
        accepted: Rows the server accepted, not finished yet.
        not_sent: Rows certainly never run.
        unknown: Rows that may have run, awaiting a reconcile (``unknown``).
        ready: Rows READY.
        failed: Rows FAILED.
        oldest_in_flight_at: When the oldest of those was sent (its accept, else its
            record), or None.
        in_flight_model: The output model of that oldest row in flight.
        sending_model: The output model of the oldest row being sent, or None.
        typical_duration: The mean of the trusted durations of READY rows, or None.
        durations: How many READY rows have a trusted duration.
        last_finished_at: The newest ``finished_at``, or None.
        last_change_at: The newest ``updated_at``.
        last_owner: ``host:pid`` of the row changed last.
        last_seq: The newest change number among the rows.
    """

    job: str
    kind: str
    recorded: int
    sending: int
    accepted: int
    not_sent: int
    unknown: int
    ready: int
    failed: int
    oldest_in_flight_at: float | None
    in_flight_model: str | None
    sending_model: str | None
    typical_duration: float | None
    durations: int
    last_finished_at: float | None
    last_change_at: float
    last_owner: str | None
    last_seq: int

    @property
    def in_flight(self) -> int:
        """Rows sent and not finished (``sending``, ``accepted``, ``unknown``)."""
        return self.sending + self.accepted + self.unknown


@dataclasses.dataclass(frozen=True)
class Finish:
    """What a wait knows of when a step finished, recorded once with its finish.

    Attributes:
        unfinished_ago: Seconds before now that the wait's previous read saw it unfinished
            (None: its first read saw it finished; the accept bounds the finish then).
        server_started_at: Its start on the server's clock (the output model's
            ``createTime``), where the server said.
        server_finished_at: Its finish on the server's clock (the READY model's
            ``updateTime``), where the server said.
    """

    unfinished_ago: float | None = None
    server_started_at: float | None = None
    server_finished_at: float | None = None


class Lease(Protocol):
    """The exclusive right, held by one live process, to send a step or reconcile it.

    Attributes:
        token: The fencing token: larger for each new holder of the same step's lease.
    """

    token: int

    def release(self) -> None:
        """Give the lease back (dying releases it too)."""


@runtime_checkable
class LedgerStore(Protocol):
    """What the clients need from a ledger; the SQLite and PostgreSQL stores implement it.

    Every write is durable when the method returns. ``try_lease`` must be exclusive across
    every process that uses the store, and must end when its holder dies. Every write is
    one compare-and-set in its own transaction: the writer says the state it saw
    (``expected``), and, with a ``lease``, the lease's token must still be the step's
    newest; the transition rules (:func:`check_transition`, written once) are applied
    there, by the store, on every write path. ``now`` is the caller's clock; a store with a
    clock of its own (the database's) records that instead, so that the hosts' clocks never
    matter.
    """

    def get(self, job: str, output_model: str) -> StepRecord | None:
        """The step's record, or None if it was never recorded."""

    def begin_send(
        self,
        job: str,
        output_model: str,
        dataset: str,
        *,
        expected: StepState | None,
        now: float,
        lease: Lease,
    ) -> StepRecord:
        """Record that the step is being sent (state SENDING, ``sends`` + 1), under ``lease``.

        One compare-and-set in the write's own transaction: the lease's token must be the
        step's newest and the step's state ``expected`` (None: not recorded), else
        LeaseLostError and nothing is written; the move must be allowed
        (:data:`TRANSITIONS`, else ValueError); and the output model must name no other
        step (another job's row that is not a LoRA load and not ``not_sent``), else
        StepAlreadySentError. A LoRA load names no output model.
        """

    def update(
        self,
        job: str,
        output_model: str,
        state: StepState,
        *,
        expected: StepState,
        now: float,
        lease: Lease | None = None,
        request_id: str | None = None,
        error: str | None = None,
        finish: Finish | None = None,
    ) -> StepRecord:
        """Move a recorded step from ``expected`` to ``state``, one compare-and-set.

        In the write's own transaction: under ``lease``, its token must be the newest (else
        LeaseLostError); the step must still be ``expected``, else nothing is written: a
        lease holder gets LeaseLostError, a writer without a lease (a wait recording READY)
        gets the record as it is now. The move must be allowed (:data:`TRANSITIONS`, else
        ValueError); an unknown step is KeyError. ``accepted_at`` becomes now when the state
        is ACCEPTED. A move to READY or FAILED records the finish once: ``finished_at`` now,
        and from ``finish`` ``unfinished_at`` (now less ``unfinished_ago``) and the server's
        times, each only while unset. Every write takes the ledger's next change number
        (``seq``).
        """

    def records(
        self,
        job: str | None = None,
        *,
        output_model: str | None = None,
        newest: int | None = None,
    ) -> list[StepRecord]:
        """Every record, oldest first; of one job and of one output model, where given.

        A job is a full name, or a bare job ID (in any account). ``newest``: only the
        newest so many (still oldest first), so a long loop's reads stay small.
        """

    def changed_jobs(self, after: int) -> tuple[set[str], int]:
        """The jobs with a row changed or removed since the cursor ``after``; the next cursor.

        Pass a huge ``after`` for the current cursor alone. A cursor is the store's: SQLite's
        change counter, PostgreSQL's transaction horizon.
        No committed change is ever missed; a change may be reported twice.
        """

    def summaries(
        self, jobs: Sequence[str] | None = None, *, since: float | None = None
    ) -> list[JobCounts]:
        """Per-job counts and times, computed by the database (see :class:`JobCounts`).

        Args:
            jobs: Only these jobs (full names), where given.
            since: Only rows changed at or after this time (the ledger's clock).
        """

    def record_upload(self, dataset: str, content_hash: str, *, now: float) -> str | None:
        """Record that ``dataset`` holds the rows of ``content_hash``, unless recorded.

        Returns the hash recorded earlier (the dataset was recorded already: nothing is
        written), or None when this call recorded it.
        """

    def try_lease(self, job: str, output_model: str) -> Lease | None:
        """The step's lease if no other holder has it; else None, at once."""

    def close(self) -> None:
        """Release what the store holds open."""


#: The states a step may move to from each state (None: not recorded yet). READY and FAILED
#: are final; NOT_SENT may be sent again; a step recorded as sent is never sent again but by
#: a reconcile that found it never ran (UNKNOWN -> NOT_SENT).
TRANSITIONS: dict[StepState | None, frozenset[StepState]] = {
    None: frozenset({StepState.SENDING}),
    StepState.SENDING: frozenset(
        {
            StepState.ACCEPTED,
            StepState.NOT_SENT,
            StepState.UNKNOWN,
            StepState.READY,  # a wait saw its output model READY: it ran
            StepState.FAILED,
        }
    ),
    StepState.UNKNOWN: frozenset(
        {
            StepState.ACCEPTED,
            StepState.NOT_SENT,
            StepState.READY,
            StepState.FAILED,
            StepState.SENDING,  # force=True
        }
    ),
    StepState.NOT_SENT: frozenset({StepState.SENDING}),
    StepState.ACCEPTED: frozenset(
        {StepState.ACCEPTED, StepState.READY, StepState.FAILED, StepState.SENDING}
    ),
    StepState.READY: frozenset({StepState.SENDING}),
    StepState.FAILED: frozenset({StepState.SENDING}),
}


def check_transition(record: StepRecord | None, state: StepState) -> None:
    """Raise ValueError unless a step in ``record``'s state may move to ``state``.

    A recorded step is sent again (SENDING) only by ``force=True`` or after a reconcile
    found it never ran; those callers have checked that already.
    """
    current = None if record is None else record.state
    if state not in TRANSITIONS[current]:
        raise ValueError(f"a step that is {current or 'not recorded'} cannot become {state}")


def records_query(
    select: str,
    order: str,
    job: str | None,
    output_model: str | None,
    newest: int | None,
    *,
    mark: str,
) -> tuple[str, list[object]]:
    """The SQL of :meth:`LedgerStore.records` and its values (parameters marked ``mark``).

    ``order``: the columns, oldest first; with ``newest``, the newest rows come first (the
    store reverses them). A job with no ``/`` is a bare job ID and matches that job in any
    account.
    """
    where: list[str] = []
    values: list[object] = []
    if job is not None:
        value, exact = job_filter(job)
        where.append(f"job {'=' if exact else 'LIKE'} {mark}")
        values.append(value)
    if output_model is not None:
        where.append(f"output_model = {mark}")
        values.append(output_model)
    query = f"{select} WHERE {' AND '.join(where) or '1 = 1'} ORDER BY "
    if newest is None:
        return query + order, values
    backwards = ", ".join(f"{column} DESC" for column in order.split(", "))
    return f"{query}{backwards} LIMIT {mark}", [*values, check_positive_int(newest, name="newest")]


def summary_filter(
    jobs: Sequence[str] | None, since: float | None, *, mark: str
) -> tuple[str, list[object]]:
    """The SQL condition and values of :meth:`LedgerStore.summaries`' filters."""
    where: list[str] = []
    values: list[object] = []
    if jobs is not None:
        matches = [job_filter(job) for job in jobs]
        where.append(
            "("
            + " OR ".join(f"job {'=' if exact else 'LIKE'} {mark}" for _, exact in matches)
            + ")"
            if matches
            else "1 = 0"
        )
        values += [value for value, _ in matches]
    if since is not None:
        where.append(f"updated_at >= {mark}")
        values.append(since)
    return " AND ".join(where) or "1 = 1", values


T = TypeVar("T")


async def in_worker_thread(call: Callable[[], T]) -> T:
    """Run a ledger call in a worker thread, so that a database never blocks the event loop.

    A cancelled caller still waits for the call to end (a thread cannot be stopped), so what
    it did (a lease taken, a row written) is known when the caller's cleanup runs: a lease
    taken by a cancelled call is released there, never kept until the process exits.
    """
    import asyncio  # with the first async ledger call: a sync client never loads it

    work = asyncio.ensure_future(asyncio.to_thread(call))
    try:
        return await asyncio.shield(work)
    except asyncio.CancelledError:
        while not work.done():
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait([work])
        if not work.cancelled():
            work.exception()  # retrieved: the cancellation is what the caller sees
        raise
