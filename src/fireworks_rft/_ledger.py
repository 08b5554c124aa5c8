"""The step ledger: a durable record of every training step a client sends.

One row per ``(job, output_model)``: a step is named by its output model, which is unique per
step. The row is committed *before* the step's POST leaves the machine and updated when the
answer (or the failure) arrives, so a restarted process knows what it already sent. A lease
gives one process at a time the right to send a step or to decide whether a lost one ran; the
operating system drops it when its holder dies, so no other process ever guesses from timing
(the leases are :mod:`._leases`).

:class:`LedgerStore` is the interface the clients use; :class:`SQLiteLedger` (the standard
library's ``sqlite3``, WAL, synchronous commits, ``flock`` leases) is the only backend so
far. It serves any number of processes on one machine; a shared database could later serve
drivers on many hosts behind the same interface. The schema is in docs/ledger.md.
"""

from __future__ import annotations

import enum
import os
import socket
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol, runtime_checkable

import attrs

from ._constants import LEDGER_BUSY_TIMEOUT
from ._leases import FileLeases

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS steps (
    job TEXT NOT NULL,
    output_model TEXT NOT NULL,
    dataset TEXT NOT NULL,
    state TEXT NOT NULL,
    sends INTEGER NOT NULL DEFAULT 0,
    created_at REAL NOT NULL,
    updated_at REAL NOT NULL,
    accepted_at REAL,
    finished_at REAL,
    request_id TEXT,
    error TEXT,
    owner TEXT,
    PRIMARY KEY (job, output_model)
)
"""
_SELECT = (
    "SELECT job, output_model, dataset, state, sends, created_at, updated_at, accepted_at, "
    "finished_at, request_id, error, owner FROM steps"
)


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
            before: the wait's ``lag_estimate``), or was seen failed.
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
    ) -> StepRecord:
        """Move a recorded step to ``state``; the times follow the state."""

    def records(self, job: str | None = None) -> list[StepRecord]:
        """Every record (of one job, if given), oldest first."""

    def try_lease(self, job: str, output_model: str) -> Lease | None:
        """The step's lease if no other holder has it; else None, at once."""

    def close(self) -> None:
        """Release what the store holds open."""


def owner_name() -> str:
    """``host:pid`` of this process, recorded with each change (for people, not for locks)."""
    return f"{socket.gethostname()}:{os.getpid()}"


class SQLiteLedger:
    """A ledger in one SQLite file (WAL, synchronous commits), shared by processes.

    Leases are ``flock`` locks on small files in ``<path>.locks/`` (one per step, removed
    once the step is READY); the kernel releases them when their holder dies, however it
    dies. POSIX only.

    Args:
        path: The database file; created (with its folder) if missing.
        busy_timeout: Seconds a write waits for another process's write.
    """

    def __init__(self, path: str | os.PathLike[str], *, busy_timeout: float = LEDGER_BUSY_TIMEOUT):
        if not isinstance(path, (str, os.PathLike)) or not os.fspath(path):
            raise TypeError(f"ledger must be a path or a LedgerStore, got {type(path).__name__}")
        self.path: Path = Path(os.fspath(path)).expanduser().resolve()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._leases = FileLeases(self.path.with_name(self.path.name + ".locks"))
        self._busy_timeout = busy_timeout
        self._lock = threading.Lock()
        self._pid = -1
        self._connection: sqlite3.Connection | None = None
        with self._transaction():
            pass  # create the schema now: a bad path fails at construction

    def __repr__(self) -> str:
        return f"SQLiteLedger({str(self.path)!r})"

    # -- the store -----------------------------------------------------------------------------

    def get(self, job: str, output_model: str) -> StepRecord | None:
        """The step's record, or None if it was never recorded."""
        with self._transaction() as db:
            return _read(db, job, output_model)

    def begin_send(self, job: str, output_model: str, dataset: str, *, now: float) -> StepRecord:
        """Record that the step is being sent (state SENDING, ``sends`` + 1); durable."""
        with self._transaction() as db:
            db.execute(
                "INSERT INTO steps (job, output_model, dataset, state, sends, created_at, "
                "updated_at, owner) VALUES (?, ?, ?, ?, 1, ?, ?, ?) "
                "ON CONFLICT (job, output_model) DO UPDATE SET dataset = excluded.dataset, "
                "state = excluded.state, sends = sends + 1, updated_at = excluded.updated_at, "
                "error = NULL, owner = excluded.owner",
                (job, output_model, dataset, StepState.SENDING.value, now, now, owner_name()),
            )
            found = _read(db, job, output_model)
        assert found is not None
        return found

    def update(
        self,
        job: str,
        output_model: str,
        state: StepState,
        *,
        now: float,
        request_id: str | None = None,
        error: str | None = None,
    ) -> StepRecord:
        """Move a recorded step to ``state``; durable. Raises KeyError for an unknown step."""
        accepted = now if state is StepState.ACCEPTED else None
        finished = now if state in (StepState.READY, StepState.FAILED) else None
        with self._transaction() as db:
            changed = db.execute(
                "UPDATE steps SET state = ?, updated_at = ?, "
                "accepted_at = COALESCE(?, accepted_at), finished_at = COALESCE(?, finished_at), "
                "request_id = COALESCE(?, request_id), error = ?, owner = ? "
                "WHERE job = ? AND output_model = ?",
                (
                    state.value,
                    now,
                    accepted,
                    finished,
                    request_id,
                    error,
                    owner_name(),
                    job,
                    output_model,
                ),
            ).rowcount
            if not changed:
                raise KeyError(f"the ledger has no step {job} -> {output_model}")
            found = _read(db, job, output_model)
        assert found is not None
        if state is StepState.READY:
            self._leases.forget(job, output_model)
        return found

    def records(self, job: str | None = None) -> list[StepRecord]:
        """Every record (of one job, if given), oldest first."""
        with self._transaction() as db:
            if job is None:
                rows = db.execute(_SELECT + " ORDER BY created_at, rowid").fetchall()
            else:
                rows = db.execute(
                    _SELECT + " WHERE job = ? ORDER BY created_at, rowid", (job,)
                ).fetchall()
        return [_record(row) for row in rows]

    def try_lease(self, job: str, output_model: str) -> Lease | None:
        """The step's lease, or None at once if another thread or process holds it."""
        return self._leases.take(job, output_model)

    def close(self) -> None:
        """Close the database connection (a later call opens it again)."""
        with self._lock:
            connection, self._connection = self._connection, None
        if connection is not None and self._pid == os.getpid():
            connection.close()

    # -- inside --------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            db = self._connect()
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.rollback()
                raise
            db.commit()

    def _connect(self) -> sqlite3.Connection:
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        # A connection opened before os.fork() belongs to the parent: open a new one.
        db = sqlite3.connect(
            self.path,
            timeout=self._busy_timeout,
            isolation_level=None,  # transactions are explicit: BEGIN IMMEDIATE ... COMMIT
            check_same_thread=False,  # every use holds self._lock
        )
        try:
            _use_wal(db, self._busy_timeout)
            db.execute("PRAGMA synchronous=FULL")  # a commit is on disk when it returns
            db.execute("BEGIN IMMEDIATE")  # waits its turn (busy timeout) behind other writers
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise RuntimeError(
                    f"{self.path} holds ledger schema {version}; this fireworks-rft reads "
                    f"schema {SCHEMA_VERSION}: upgrade fireworks-rft"
                )
            if version < SCHEMA_VERSION:
                db.execute(_SCHEMA)
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.close()
            raise
        self._connection, self._pid = db, os.getpid()
        return db


def _use_wal(db: sqlite3.Connection, busy_timeout: float) -> None:
    """Switch the database to WAL once; the switch ignores the busy timeout, so retry it."""
    import time

    give_up = time.monotonic() + busy_timeout
    while True:
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > give_up:
                raise
            time.sleep(0.01)


def _read(db: sqlite3.Connection, job: str, output_model: str) -> StepRecord | None:
    row = db.execute(
        _SELECT + " WHERE job = ? AND output_model = ?", (job, output_model)
    ).fetchone()
    return None if row is None else _record(row)


def _record(row: tuple[object, ...]) -> StepRecord:
    (job, model, dataset, state, sends, created, updated, accepted, finished, rid, error, owner) = (
        row
    )
    return StepRecord(
        job=str(job),
        output_model=str(model),
        dataset=str(dataset),
        state=_state(state),
        sends=int(sends),  # type: ignore[call-overload]
        created_at=float(created),  # type: ignore[arg-type]
        updated_at=float(updated),  # type: ignore[arg-type]
        accepted_at=None if accepted is None else float(accepted),  # type: ignore[arg-type]
        finished_at=None if finished is None else float(finished),  # type: ignore[arg-type]
        request_id=None if rid is None else str(rid),
        error=None if error is None else str(error),
        owner=None if owner is None else str(owner),
    )


def _state(value: object) -> StepState:
    try:
        return StepState(str(value))
    except ValueError:  # written by a newer fireworks-rft: it may have run, so say so
        return StepState.UNKNOWN


def open_ledger(ledger: str | os.PathLike[str] | LedgerStore) -> tuple[LedgerStore, bool]:
    """The store a client was given, and whether the client owns (and closes) it."""
    if isinstance(ledger, (str, os.PathLike)):
        return SQLiteLedger(ledger), True
    if isinstance(ledger, LedgerStore):
        return ledger, False
    raise TypeError(
        f"ledger must be a path (str or os.PathLike) or a LedgerStore, got {type(ledger).__name__}"
    )
