"""The SQLite ledger backend: one SQLite file (WAL, synchronous commits) and ``flock`` leases.

:class:`SQLiteLedger` implements :class:`~._ledger.LedgerStore` for any number of processes
on one machine. Its leases (:class:`FileLeases`) are a ``flock`` on a small file per step,
which the kernel drops when the holder dies, however it dies, and a thread lock per step for
the threads of one process, dropped once the step is READY.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ._constants import LEDGER_BUSY_TIMEOUT
from ._ledger import (
    Finish,
    JobCounts,
    Lease,
    StepRecord,
    StepState,
    records_query,
    summary_filter,
)
from ._ledger_rows import (
    COLUMNS,
    compare_and_set,
    job_counts,
    lease_lost,
    lock_file_name,
    names_another_step,
    output_model_taken,
    owner_name,
    record_of,
)
from ._ledger_schema import (
    SCHEMA_VERSION,
    SQLITE,
    changed_jobs_query,
    in_flight_query,
    indexes,
    next_change,
    owners_query,
    report_violations,
    summary_queries,
    unique_index_name,
    unique_output_model,
    upgrade,
    violations,
)

_D = SQLITE
_SELECT = f"SELECT {COLUMNS} FROM steps"  # noqa: S608 - constant column names


class SQLiteLedger:
    """A ledger in one SQLite file (WAL, synchronous commits), shared by processes.

    Leases are ``flock`` locks on small files in ``<path>.locks/`` (one per step, removed
    once the step is READY); the kernel releases them when their holder dies, however it
    dies. POSIX only.

    Every committed write is checkpointed into the main file at once (a passive
    ``wal_checkpoint``, which never waits for a reader), so while no reader holds an older
    snapshot open the file alone holds every row: a copy of ``steps.db`` without its
    ``-wal`` and ``-shm`` side files, taken between writes, is the whole ledger (see
    docs/ledger.md for copying one safely).

    Args:
        path: The database file; created (with its folder) if missing.
        busy_timeout: Seconds a write waits for another process's write.
        read_only: Only read an existing ledger: nothing is created or changed (no lock
            folder, no journal mode switch); a file that is not a ledger raises ValueError.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        busy_timeout: float = LEDGER_BUSY_TIMEOUT,
        read_only: bool = False,
    ):
        if not isinstance(path, (str, os.PathLike)) or not os.fspath(path):
            raise TypeError(f"ledger must be a path or a LedgerStore, got {type(path).__name__}")
        self.path: Path = Path(os.fspath(path)).expanduser().resolve()
        self.read_only = read_only
        if read_only and not self.path.is_file():
            raise FileNotFoundError(f"no ledger file at {self.path}")
        if self.path.is_dir():
            raise IsADirectoryError(f"{self.path} is a directory, not a ledger file")
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        locks = self.path.with_name(self.path.name + ".locks")
        self._leases = None if read_only else FileLeases(locks)
        self._busy_timeout = busy_timeout
        self._lock = threading.Lock()
        _ALL_STORES.add(self)
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
        """Record that the step is being sent (SENDING, ``sends`` + 1): one compare-and-set.

        See :meth:`LedgerStore.begin_send`: fenced, from the state the sender saw, and only
        while the output model names no other step; durable when it returns.
        """
        with self._transaction(write=True) as db:  # BEGIN IMMEDIATE: one writer at a time
            _fence(db, job, output_model, lease)
            compare_and_set(
                _read(db, job, output_model),
                StepState.SENDING,
                expected,
                lease,
                (job, output_model),
            )
            for row in db.execute(_SELECT + " WHERE output_model = ?", (output_model,)):
                other = record_of(row)
                if names_another_step(other, job, dataset):
                    raise output_model_taken(job, output_model, other)
            db.execute(
                "INSERT INTO steps (job, output_model, dataset, state, sends, created_at, "
                "updated_at, owner, seq) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?) "
                "ON CONFLICT (job, output_model) DO UPDATE SET dataset = excluded.dataset, "
                "state = excluded.state, sends = sends + 1, updated_at = excluded.updated_at, "
                "error = NULL, owner = excluded.owner, seq = excluded.seq, finished_at = NULL, "
                "unfinished_at = NULL, server_started_at = NULL, server_finished_at = NULL, "
                "trusted_duration = NULL",
                (
                    job,
                    output_model,
                    dataset,
                    StepState.SENDING.value,
                    now,
                    now,
                    owner_name(),
                    _next_change(db),
                ),
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
        expected: StepState,
        now: float,
        lease: Lease | None = None,
        request_id: str | None = None,
        error: str | None = None,
        finish: Finish | None = None,
    ) -> StepRecord:
        """Move a recorded step from ``expected`` to ``state``: one compare-and-set, durable.

        See :meth:`LedgerStore.update`. Raises KeyError for an unknown step.
        """
        accepted = now if state is StepState.ACCEPTED else None
        final = state in (StepState.READY, StepState.FAILED)
        finish = finish or Finish()
        ago = finish.unfinished_ago
        with self._transaction(write=True) as db:
            if lease is not None:
                _fence(db, job, output_model, lease)
            current = _read(db, job, output_model)
            if current is None:
                raise KeyError(f"the ledger has no step {job} -> {output_model}")
            if not compare_and_set(current, state, expected, lease, (job, output_model)):
                return current  # another writer moved it on: what the row says now
            db.execute(
                "UPDATE steps SET state = ?, updated_at = ?, seq = ?, "
                "accepted_at = COALESCE(?, accepted_at), finished_at = COALESCE(finished_at, ?), "
                "unfinished_at = COALESCE(unfinished_at, ?), "
                "server_started_at = COALESCE(server_started_at, ?), "
                "server_finished_at = COALESCE(server_finished_at, ?), "
                "request_id = COALESCE(?, request_id), error = ?, owner = ? "
                "WHERE job = ? AND output_model = ?",
                (
                    state.value,
                    now,
                    _next_change(db),
                    accepted,
                    now if final else None,
                    now - max(0.0, ago) if final and ago is not None else None,
                    finish.server_started_at if final else None,
                    finish.server_finished_at if final else None,
                    request_id,
                    error,
                    owner_name(),
                    job,
                    output_model,
                ),
            )
            found = _read(db, job, output_model)
            if final and found is not None:
                db.execute(
                    "UPDATE steps SET trusted_duration = ? WHERE job = ? AND output_model = ?",
                    (found.trusted_duration, job, output_model),
                )
        assert found is not None
        if state is StepState.READY and self._leases is not None:
            self._leases.forget(job, output_model)
        return found

    def forget(self, job: str, output_model: str) -> StepRecord | None:
        """Remove a step that certainly never ran (``not_sent``); the removed record.

        One compare-and-set: a row in any other state is left as it is (its record is
        returned unchanged); None when there is no such step. Its fencing token is kept, so
        a lease taken before the removal is still fenced out after it.
        """
        with self._transaction(write=True) as db:
            current = _read(db, job, output_model)
            if current is None or current.state is not StepState.NOT_SENT:
                return current
            db.execute("DELETE FROM steps WHERE job = ? AND output_model = ?", (job, output_model))
            db.execute(
                "INSERT INTO removals (job, output_model, seq) VALUES (?, ?, ?)",
                (job, output_model, _next_change(db)),
            )
            return current

    def records(
        self,
        job: str | None = None,
        *,
        output_model: str | None = None,
        newest: int | None = None,
    ) -> list[StepRecord]:
        """See :meth:`LedgerStore.records`."""
        query, values = records_query(
            _SELECT, "created_at, rowid", job, output_model, newest, mark="?"
        )
        with self._transaction() as db:
            rows = db.execute(query, values).fetchall()
        return [record_of(row) for row in (rows if newest is None else reversed(rows))]

    def changed_jobs(self, after: int) -> tuple[set[str], int]:
        """The jobs changed since the counter's ``after``, and the counter now.

        See :meth:`LedgerStore.changed_jobs`: writers take turns, so the counter is in
        commit order.
        """
        with self._transaction() as db:
            jobs = {row[0] for row in db.execute(changed_jobs_query(_D), (after, after))}
            newest = db.execute(next_change(_D)[1]).fetchone()
        return jobs, 0 if newest is None else int(newest[0])

    def summaries(
        self, jobs: Sequence[str] | None = None, *, since: float | None = None
    ) -> list[JobCounts]:
        """Per-job counts and times, summed up by SQLite (see :meth:`LedgerStore.summaries`)."""
        where, values = summary_filter(jobs, since, mark="?")
        with self._transaction() as db:
            rows = [
                row for query in summary_queries(_D, where) for row in db.execute(query, values)
            ]
            flying = db.execute(in_flight_query(_D, where), values).fetchall()
            seqs = [row[13] for row in rows if row[13] is not None]
            owners: dict[int, str | None] = {}
            for start in range(0, len(seqs), 500):  # SQLite's limit on parameters
                chunk = seqs[start : start + 500]
                owners.update(db.execute(owners_query(_D, len(chunk)), chunk).fetchall())
        return job_counts(rows, flying, owners)

    def record_upload(self, dataset: str, content_hash: str, *, now: float) -> str | None:
        """Record the content hash of ``dataset``'s upload unless recorded.

        The hash recorded earlier, or None when this call recorded it.
        """
        with self._transaction(write=True) as db:
            row = db.execute(
                "SELECT content_hash FROM dataset_uploads WHERE dataset = ?", (dataset,)
            ).fetchone()
            if row is not None:
                return str(row[0])
            db.execute(
                "INSERT INTO dataset_uploads (dataset, content_hash, recorded_at, owner) "
                "VALUES (?, ?, ?, ?)",
                (dataset, content_hash, now, owner_name()),
            )
        return None

    def try_lease(self, job: str, output_model: str) -> Lease | None:
        """The step's lease, or None at once if another thread or process holds it.

        Its fencing token is the step's previous one plus one.
        """
        if self._leases is None:
            raise PermissionError(f"{self.path} was opened read-only: it takes no leases")
        lease = self._leases.take(job, output_model)
        if lease is None:
            return None
        try:
            with self._transaction(write=True) as db:
                db.execute(
                    "INSERT INTO lease_tokens (job, output_model, token) VALUES (?, ?, 1) "
                    "ON CONFLICT (job, output_model) DO UPDATE SET token = token + 1",
                    (job, output_model),
                )
                row = db.execute(
                    "SELECT token FROM lease_tokens WHERE job = ? AND output_model = ?",
                    (job, output_model),
                ).fetchone()
        except BaseException:
            lease.release()
            raise
        lease.token = int(row[0])
        return lease

    def close(self) -> None:
        """Close the database connection (a later call opens it again)."""
        with self._lock:
            connection, self._connection = self._connection, None
        if connection is not None and self._pid == os.getpid():
            connection.close()

    # -- inside --------------------------------------------------------------------------------

    @contextmanager
    def _transaction(self, *, write: bool = False) -> Iterator[sqlite3.Connection]:
        if write and self.read_only:
            raise PermissionError(f"{self.path} was opened read-only")
        with self._lock:
            db = self._connect()
            db.execute("BEGIN" if self.read_only else "BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.rollback()
                raise
            db.commit()
            if write:  # the main file holds every committed row no reader still pins
                db.execute("PRAGMA wal_checkpoint(PASSIVE)")  # never waits for a reader

    def _connect(self) -> sqlite3.Connection:
        if self._connection is not None and self._pid == os.getpid():
            return self._connection
        # A connection opened before os.fork() belongs to the parent: open a new one.
        if self.read_only:
            return self._connect_read_only()
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
            if version < SCHEMA_VERSION:  # a new file, or an older schema: migrate
                for statement in upgrade(_D, version):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            for statement in indexes(_D):
                db.execute(statement)
            self._unique_output_models(db)
            db.execute("COMMIT")
        except BaseException:
            db.close()
            raise
        self._connection, self._pid = db, os.getpid()
        return db

    def _unique_output_models(self, db: sqlite3.Connection) -> None:
        """Create the output-model rule's unique index, unless older rows break it.

        Those are reported (a warning naming them), never rejected silently.
        """
        name = unique_index_name(_D)
        if db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone():
            return
        found = db.execute(violations(_D)).fetchall()
        if found:
            report_violations(found, str(self.path))
            return
        db.execute(unique_output_model(_D))

    def _connect_read_only(self) -> sqlite3.Connection:
        uri = f"{self.path.as_uri()}?mode=ro"
        db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        except sqlite3.DatabaseError as exc:
            db.close()
            raise ValueError(f"{self.path} is not a fireworks-rft ledger ({exc})") from None
        if "steps" not in tables or version > SCHEMA_VERSION:
            db.close()
            raise ValueError(
                f"{self.path} is not a fireworks-rft ledger this version reads "
                f"(schema {version}, tables {sorted(tables) or 'none'})"
            )
        if version < SCHEMA_VERSION:
            db.close()
            raise ValueError(
                f"{self.path} holds ledger schema {version}, written by an older "
                "fireworks-rft: open it once read-write (any client with ledger=) to upgrade "
                f"it to schema {SCHEMA_VERSION}"
            )
        self._connection, self._pid = db, os.getpid()
        return db


def _next_change(db: sqlite3.Connection) -> int:
    """The write's change number (the writer holds the database's one write lock)."""
    bump, read = next_change(_D)
    db.execute(bump)
    return int(db.execute(read).fetchone()[0])


def _fence(db: sqlite3.Connection, job: str, output_model: str, lease: Lease) -> None:
    """Raise LeaseLostError unless ``lease`` holds the step's newest fencing token."""
    row = db.execute(
        "SELECT token FROM lease_tokens WHERE job = ? AND output_model = ?", (job, output_model)
    ).fetchone()
    if row is None or int(row[0]) != lease.token:
        newest = None if row is None else row[0]
        raise lease_lost(
            job, output_model, lease, f"another process took it over (the ledger's is {newest})"
        )


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
    return None if row is None else record_of(row)


#: Every lease held in this process: a forked child lets go of them (see _after_fork).
_HELD: weakref.WeakSet[FileLease] = weakref.WeakSet()
#: Every FileLeases of this process: a forked child starts them with no thread locks.
_ALL_LEASES: weakref.WeakSet[FileLeases] = weakref.WeakSet()
#: Every SQLiteLedger of this process: a forked child starts them with a free lock.
_ALL_STORES: weakref.WeakSet[SQLiteLedger] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    """A forked child must not hold its parent's leases.

    Its copies of the lock files' descriptors share the parent's ``flock`` (one open file
    description): the child closes its copies without unlocking, so the lock dies with the
    parent alone, as it would have without the fork. Its thread locks start anew.
    """
    for lease in list(_HELD):
        fd, lease._fd = lease._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)
    _HELD.clear()
    for leases in list(_ALL_LEASES):
        leases._lock = threading.Lock()
        leases._step_locks = {}
    for store in list(_ALL_STORES):  # a lock another thread held at the fork stays held
        store._lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


class FileLease:
    """A lease held as an exclusive ``flock`` on a lock file (released when the fd closes)."""

    def __init__(self, fd: int, thread_lock: threading.Lock) -> None:
        self._fd: int | None = fd
        self._thread_lock = thread_lock
        self.token = 0  # set by the ledger once the lease is taken
        _HELD.add(self)

    def release(self) -> None:
        """Give the lease back; twice is harmless."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        _HELD.discard(self)
        try:
            os.close(fd)  # closing the descriptor drops its flock
        finally:
            self._thread_lock.release()


class FileLeases:
    """The leases of the steps of one ledger: lock files in ``folder``."""

    def __init__(self, folder: Path) -> None:
        try:
            import fcntl  # noqa: F401 - checked here, used by take
        except ImportError:  # pragma: no cover - Windows
            raise OSError("the SQLite ledger's leases need POSIX flock (Linux, macOS)") from None
        folder.mkdir(exist_ok=True)
        self.folder = folder
        self._lock = threading.Lock()
        self._step_locks: dict[str, threading.Lock] = {}
        _ALL_LEASES.add(self)

    def take(self, job: str, output_model: str) -> FileLease | None:
        """The step's lease, or None at once if another thread or process holds it."""
        import fcntl

        key = lock_file_name(job, output_model)
        with self._lock:
            thread_lock = self._step_locks.setdefault(key, threading.Lock())
        if not thread_lock.acquire(blocking=False):
            return None
        try:
            fd = os.open(self.folder / key, os.O_RDWR | os.O_CREAT, 0o600)
        except BaseException:
            thread_lock.release()
            raise
        lease = FileLease(fd, thread_lock)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lease.release()  # another process holds it
            return None
        except BaseException:
            lease.release()
            raise
        return lease

    def forget(self, job: str, output_model: str) -> None:
        """Remove a finished step's lock file, and its thread lock unless it is held.

        A thread that took the thread lock from the table just before is still fenced off
        by the file lock, and a finished step is never sent again whatever lease its sender
        holds (its row says so).
        """
        key = lock_file_name(job, output_model)
        (self.folder / key).unlink(missing_ok=True)
        with self._lock:
            thread_lock = self._step_locks.get(key)
            if thread_lock is not None and not thread_lock.locked():
                del self._step_locks[key]
