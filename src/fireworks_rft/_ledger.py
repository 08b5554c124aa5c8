"""The step ledger: a durable record of every training step a client sends.

One row per ``(job, output_model)``: a step is named by its output model, which is unique per
step. The row is committed *before* the step's POST leaves the machine and updated when the
answer (or the failure) arrives, so a restarted process knows what it already sent. A lease
gives one process at a time the right to send a step or to decide whether a lost one ran; the
operating system drops it when its holder dies, so no other process ever guesses from timing
.

This module is the ledger's contract: :class:`StepState`, :class:`StepRecord` and the
:class:`LedgerStore` interface the clients use. :class:`~._sqlite_ledger.SQLiteLedger` (the
standard library's ``sqlite3``, WAL, synchronous commits, ``flock`` leases) is the backend
so far; it serves any number of processes on one machine. The schema is in docs/ledger.md.
"""

from __future__ import annotations

import enum
import os
from typing import Protocol, runtime_checkable

import attrs


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


#: States a step may be sent from (again): nothing of it reached the server.
SENDABLE = frozenset({StepState.NOT_SENT})


@attrs.frozen
class StepRecord:
    """One step as the ledger holds it. Times are Unix seconds.

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
        finished_at: When it turned READY (seen READY, less half the time since the poll
            before: the wait's ``lag_estimate``), or was seen failed; written once, and only
            by a wait that saw the change (a wait whose first poll finds the step READY
            cannot tell when it finished, so the time a driver was down never counts).
        request_id: The server's request id of the accepted POST.
        error: The last failure, as text.
        owner: ``host:pid`` of the process that last changed the row.
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

    @property
    def duration(self) -> float | None:
        """Seconds from accepted to READY, as this machine saw them; None until READY."""
        if self.state is not StepState.READY or self.accepted_at is None:
            return None
        if self.finished_at is None:
            return None
        return max(0.0, self.finished_at - self.accepted_at)

    def to_dict(self) -> dict[str, object]:
        """The record as JSON-able values (``state`` as its string)."""
        values = attrs.asdict(self)
        values["state"] = self.state.value
        values["duration"] = self.duration
        return values


class Lease(Protocol):
    """The exclusive right, held by one live process, to send a step or reconcile it."""

    def release(self) -> None:
        """Give the lease back (dying releases it too)."""


@runtime_checkable
class LedgerStore(Protocol):
    """What the clients need from a ledger; :class:`SQLiteLedger` implements it.

    Every write is durable when the method returns. ``try_lease`` must be exclusive across
    every process that uses the store, and must end when its holder dies.
    """

    def get(self, job: str, output_model: str) -> StepRecord | None:
        """The step's record, or None if it was never recorded."""

    def begin_send(self, job: str, output_model: str, dataset: str, *, now: float) -> StepRecord:
        """Record that the step is being sent (state SENDING, ``sends`` + 1)."""

    def update(
        self,
        job: str,
        output_model: str,
        state: StepState,
        *,
        now: float,
        request_id: str | None = None,
        error: str | None = None,
        finished_at: float | None = None,
    ) -> StepRecord:
        """Move a recorded step to ``state``.

        ``accepted_at`` becomes ``now`` when the state is ACCEPTED; ``finished_at`` is set
        from ``finished_at`` only while it is unset (a finish is recorded once).
        """

    def records(
        self, job: str | None = None, *, output_model: str | None = None
    ) -> list[StepRecord]:
        """Every record, oldest first; of one job and of one output model, where given.

        A job is a full name, or a bare job ID (in any account).
        """

    def try_lease(self, job: str, output_model: str) -> Lease | None:
        """The step's lease if no other holder has it; else None, at once."""

    def close(self) -> None:
        """Release what the store holds open."""


def open_ledger(ledger: str | os.PathLike[str] | LedgerStore) -> tuple[LedgerStore, bool]:
    """The store a client was given, and whether the client owns (and closes) it."""
    if isinstance(ledger, (str, os.PathLike)):
        from ._sqlite_ledger import SQLiteLedger  # sqlite3 loads only for a client with one

        return SQLiteLedger(ledger), True
    if isinstance(ledger, LedgerStore):
        return ledger, False
    raise TypeError(
        f"ledger must be a path (str or os.PathLike) or a LedgerStore, got {type(ledger).__name__}"
    )
