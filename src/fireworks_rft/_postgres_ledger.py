"""The PostgreSQL ledger backend: one ledger for drivers on many hosts.

:class:`PostgresLedger` implements :class:`~._ledger.LedgerStore` on a PostgreSQL database
(psycopg 3, the ``postgres`` extra). Every time it records is the database's
(``clock_timestamp()``), so the hosts' clocks never matter. A lease is a session-level
advisory lock held on a connection of its own: the server frees it when that connection
ends, however its holder dies, and TCP keepalives end the connection of a host that vanished
(see docs/ledger.md for how long). Each lease takes the step's next fencing token, and every
write made under a lease checks, in its transaction, that the token is still the newest, so a
holder that lost its lease can never overwrite what the new holder recorded. The schema is
created on first use and versioned (``fireworks_rft_meta``), under an advisory lock, so two
hosts starting at once create it once.
"""

from __future__ import annotations

import contextlib
import os
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ._config import masked_text
from ._exceptions import ConfigurationError, LedgerUnavailableError
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
    advisory_lock_key,
    compare_and_set,
    job_counts,
    lease_lost,
    names_another_step,
    output_model_taken,
    owner_name,
    record_of,
)
from ._ledger_schema import (
    POSTGRES,
    SCHEMA_VERSION,
    changed_jobs_query,
    in_flight_query,
    indexes,
    report_violations,
    summary_queries,
    unique_index_name,
    unique_output_model,
    upgrade,
    violations,
)

#: Connections a store keeps for its next leases, holding no lock (each is a backend process).
_IDLE_LEASE_CONNECTIONS = 2
#: Keepalives: a vanished host's lease connection is ended after about idle + interval x
#: count seconds (10 + 5 x 3 = 25 s), and an unacknowledged write after TCP_USER_TIMEOUT.
KEEPALIVES = {
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": 25_000,
}
_SCHEMA_LOCK = 0x66_77_72_66_74_6C_65_64  # "fwrftled": serializes schema creation
_NOW = "extract(epoch from clock_timestamp())"
#: A write's change number: its transaction's id, taken without a lock (PostgreSQL 13+).
_XID = "pg_current_xact_id()::text::bigint"
_COLUMNS = COLUMNS
_D = POSTGRES
#: A step's row, locked until its transaction ends.
_ROW_FOR_UPDATE = (
    f"SELECT {_COLUMNS} FROM fireworks_rft_steps WHERE job = %s AND output_model = %s FOR UPDATE"  # noqa: S608
)
#: Every row of an output model (the rule that one output model names one step).
_ROWS_OF_OUTPUT_MODEL = f"SELECT {_COLUMNS} FROM fireworks_rft_steps WHERE output_model = %s"  # noqa: S608
#: A step's newest fencing token, locked so that no lease is taken until the write ends.
_NEWEST_TOKEN = (
    "SELECT token FROM fireworks_rft_lease_tokens WHERE job = %s AND output_model = %s FOR UPDATE"  # noqa: S105
)
#: ``psycopg.pq.TransactionStatus.IDLE``: no transaction open.
_IDLE = 0
#: How a write gets its rows once committed (a cursor's ``fetchall``).
Rows = Callable[[], list[tuple[Any, ...]]]


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError:
        raise ConfigurationError(
            "A postgresql:// ledger needs psycopg, which is not installed: "
            "pip install 'fireworks-rft[postgres]'.",
            setting="ledger",
            problem="The postgres extra is not installed",
        ) from None
    return psycopg


class PostgresLease:
    """A step's lease: an advisory lock held on a connection of its own, and its token."""

    def __init__(
        self, connection: Any, key: int, token: int, give_back: Callable[[Any], None]
    ) -> None:
        self._connection: Any = connection
        self._key = key
        self._give_back = give_back
        self.token = token
        _HELD.add(self)

    def held(self) -> bool:
        """Whether the lock's connection is still alive (so the lock still held)."""
        connection = self._connection
        if connection is None or connection.closed:
            return False
        try:
            connection.execute("SELECT 1")
        except Exception:  # any failure: the connection, and with it the lock, is gone
            return False
        return True

    def release(self) -> None:
        """Give the lease back; twice is harmless.

        The lock is unlocked at once (a closed connection frees it only once the server has
        noticed, so the next holder could be refused for a moment); the connection, holding
        no lock now, goes back to its store for the next lease (opening one costs the
        database a new backend process).
        """
        connection, self._connection = self._connection, None
        _HELD.discard(self)
        if connection is None or connection.closed:
            return
        try:
            connection.execute("SELECT pg_advisory_unlock(%s)", (self._key,))
        except Exception:  # a dead connection: its lock is gone anyway
            connection.close()
            return
        self._give_back(connection)  # unlocked: the store may lend it to the next lease


#: Every lease held in this process: a forked child lets go of its copies (see below).
_HELD: weakref.WeakSet[PostgresLease] = weakref.WeakSet()
#: The connections a forked child let go of: kept, never used, so that nothing closes them
#: politely (which would end the parent's session, and its lock, under it).
_ABANDONED: list[Any] = []


def _after_fork_in_child() -> None:
    """A forked child must not keep its parent's lease alive: close its copy of each socket.

    The server ends a session (and frees its advisory lock) when every copy of its socket is
    closed; a child that kept one would keep the lock after its parent died.
    """
    for lease in list(_HELD):
        connection, lease._connection = lease._connection, None
        if connection is not None:
            _ABANDONED.append(connection)
            with contextlib.suppress(Exception):
                os.close(connection.fileno())
    _HELD.clear()
    for store in list(_ALL_STORES):  # a lock another thread held at the fork stays held
        store._lock = threading.Lock()  # its connection is the parent's: _connect makes one
        idle, store._idle = store._idle, []  # the parent's too: never lent here
        _ABANDONED.extend(idle)


#: Every PostgresLedger of this process: a forked child starts them with a free lock.
_ALL_STORES: weakref.WeakSet[PostgresLedger] = weakref.WeakSet()
os.register_at_fork(after_in_child=_after_fork_in_child)


class PostgresLedger:
    """A ledger in a PostgreSQL database, shared by the drivers of many hosts.

    Args:
        url: A libpq connection string or URL (``postgresql://user@host:5432/db``,
            ``postgresql:///db?host=/run/postgresql``).
        read_only: Only read: create nothing (the schema must exist).
        connect_timeout: Seconds a connection attempt may take.
    """

    def __init__(self, url: str, *, read_only: bool = False, connect_timeout: int = 10) -> None:
        if not isinstance(url, str) or not url:
            raise TypeError(f"url must be a PostgreSQL URL, got {type(url).__name__}")
        self._psycopg = _psycopg()
        #: Pipeline mode needs libpq 14 or newer (psycopg[binary] bundles one); without it a
        #: write sends the same statements one round trip each.
        self._pipelined = bool(self._psycopg.Pipeline.is_supported())
        self.url = url
        self.read_only = read_only
        self._connect_timeout = connect_timeout
        self._lock = threading.Lock()
        _ALL_STORES.add(self)
        self._connection: Any = None
        self._idle: list[Any] = []  # connections for the next leases, holding no lock
        self._pid = -1
        with self._lock, self._unavailable():
            self._connect()  # a bad URL or an older schema fails here; a refusal, unavailable

    def __repr__(self) -> str:
        return "PostgresLedger(<url hidden>)"  # the URL may hold a password

    # -- the store -------------------------------------------------------------------------

    def get(self, job: str, output_model: str) -> StepRecord | None:
        """The step's record, or None if it was never recorded."""
        rows = self._query(
            f"SELECT {_COLUMNS} FROM fireworks_rft_steps WHERE job = %s AND output_model = %s",  # noqa: S608
            (job, output_model),
        )
        return record_of(rows[0]) if rows else None

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

        See :meth:`LedgerStore.begin_send`. The output-model rule holds across hosts: the
        transaction takes an advisory lock on the output model first, so two senders of
        one output model on two jobs are ordered. ``now`` is not used: the database's
        clock is.
        """
        if isinstance(lease, PostgresLease) and not lease.held():
            raise lease_lost(job, output_model, lease, "its lock's connection is gone")

        def write(connection: Any, found: list[list[tuple[Any, ...]]]) -> Rows:
            _, row, same_model = found
            current = record_of(row[0]) if row else None
            compare_and_set(current, StepState.SENDING, expected, lease, (job, output_model))
            for other in map(record_of, same_model):
                if names_another_step(other, job, dataset):
                    raise output_model_taken(job, output_model, other)
            inserted = connection.execute(
                "INSERT INTO fireworks_rft_steps (job, output_model, dataset, state, sends, "  # noqa: S608
                "created_at, updated_at, owner, seq) "
                f"VALUES (%s, %s, %s, %s, 1, {_NOW}, {_NOW}, %s, {_XID}) "
                "ON CONFLICT (job, output_model) DO UPDATE SET dataset = excluded.dataset, "
                "state = excluded.state, sends = fireworks_rft_steps.sends + 1, "
                "updated_at = excluded.updated_at, error = NULL, owner = excluded.owner, "
                "seq = excluded.seq, finished_at = NULL, unfinished_at = NULL, "
                "server_started_at = NULL, server_finished_at = NULL, trusted_duration = NULL "
                f"RETURNING {_COLUMNS}",
                (job, output_model, dataset, StepState.SENDING.value, owner_name()),
            )
            return lambda: list(inserted.fetchall())

        reads = [
            (
                "SELECT pg_advisory_xact_lock(%s)",
                (advisory_lock_key("output model", output_model),),
            ),
            (_ROW_FOR_UPDATE, (job, output_model)),
            (_ROWS_OF_OUTPUT_MODEL, (output_model,)),
        ]
        return record_of(self._write(job, output_model, lease, reads, write)[0])

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
        """Move a recorded step from ``expected`` to ``state``: one compare-and-set.

        See :meth:`LedgerStore.update`; KeyError if unknown. Times are the database's:
        ``accepted_at`` now for ACCEPTED, ``finished_at`` now for READY or FAILED (once).
        """
        done = finish or Finish()

        def write(connection: Any, found: list[list[tuple[Any, ...]]]) -> Rows | None:
            if not found[0]:
                raise KeyError(f"the ledger has no step {job} -> {output_model}")
            current = record_of(found[0][0])
            if not compare_and_set(current, state, expected, lease, (job, output_model)):
                return None  # another writer moved it on: the caller reads what it says now
            final = state in (StepState.READY, StepState.FAILED)
            ago = done.unfinished_ago if final else None
            changed = connection.execute(
                f"UPDATE fireworks_rft_steps SET state = %s, updated_at = {_NOW}, seq = {_XID}, "  # noqa: S608
                f"accepted_at = CASE WHEN %s THEN {_NOW} ELSE accepted_at END, "
                f"finished_at = CASE WHEN %s THEN COALESCE(finished_at, {_NOW}) "
                "ELSE finished_at END, "
                f"unfinished_at = COALESCE(unfinished_at, {_NOW} - %s), "
                "server_started_at = COALESCE(server_started_at, %s), "
                "server_finished_at = COALESCE(server_finished_at, %s), "
                "request_id = COALESCE(%s, request_id), error = %s, owner = %s "
                f"WHERE job = %s AND output_model = %s RETURNING {_COLUMNS}",
                (
                    state.value,
                    state is StepState.ACCEPTED,
                    final,
                    None if ago is None else max(0.0, ago),
                    done.server_started_at if final else None,
                    done.server_finished_at if final else None,
                    request_id,
                    error,
                    owner_name(),
                    job,
                    output_model,
                ),
            )
            if not final:
                return lambda: list(changed.fetchall())
            rows = changed.fetchall()  # a finish's duration is written from its times
            connection.execute(
                "UPDATE fireworks_rft_steps SET trusted_duration = %s "
                "WHERE job = %s AND output_model = %s",
                (record_of(rows[0]).trusted_duration, job, output_model),
            )
            return lambda: list(rows)

        rows = self._write(
            job, output_model, lease, [(_ROW_FOR_UPDATE, (job, output_model))], write
        )
        if not rows:
            found = self.get(job, output_model)
            assert found is not None  # rows are never deleted
            return found
        return record_of(rows[0])

    def forget(self, job: str, output_model: str) -> StepRecord | None:
        """Remove a step that certainly never ran (``not_sent``); the removed record.

        One compare-and-set: a row in any other state is left as it is (its record is
        returned unchanged); None when there is no such step. Its fencing token is kept.
        """
        found: list[StepRecord | None] = []

        def write(connection: Any, rows: list[list[tuple[Any, ...]]]) -> None:
            current = record_of(rows[0][0]) if rows[0] else None
            found.append(current)
            if current is not None and current.state is StepState.NOT_SENT:
                connection.execute(
                    "DELETE FROM fireworks_rft_steps WHERE job = %s AND output_model = %s",
                    (job, output_model),
                )
                connection.execute(
                    "INSERT INTO fireworks_rft_removals (job, output_model, seq) "  # noqa: S608
                    f"VALUES (%s, %s, {_XID})",
                    (job, output_model),
                )

        self._write(job, output_model, None, [(_ROW_FOR_UPDATE, (job, output_model))], write)
        return found[0]

    def now(self) -> float:
        """The database's clock, in Unix seconds: the clock every time it records is on."""
        rows = self._query("SELECT extract(epoch from clock_timestamp())", ())
        return float(rows[0][0])

    def records(
        self,
        job: str | None = None,
        *,
        output_model: str | None = None,
        newest: int | None = None,
    ) -> list[StepRecord]:
        """See :meth:`LedgerStore.records`."""
        select = f"SELECT {_COLUMNS} FROM fireworks_rft_steps"  # noqa: S608
        order = "created_at, job, output_model"
        query, values = records_query(select, order, job, output_model, newest, mark="%s")
        rows = self._query(query, tuple(values))
        return [record_of(row) for row in (rows if newest is None else reversed(rows))]

    def changed_jobs(self, after: int) -> tuple[set[str], int]:
        """The jobs changed since the horizon ``after``, and the horizon now.

        See :meth:`LedgerStore.changed_jobs`. The horizon is the oldest transaction still
        running when this snapshot was taken: every write before it is visible here, and one
        that began after it is read again next time.
        """
        with self._lock, self._unavailable():
            connection = self._connect()
            with connection.transaction():
                connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                horizon = connection.execute(
                    "SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint"
                ).fetchone()[0]
                jobs = {
                    row[0] for row in connection.execute(changed_jobs_query(_D), (after, after))
                }
        return jobs, int(horizon)

    def summaries(
        self, jobs: Sequence[str] | None = None, *, since: float | None = None
    ) -> list[JobCounts]:
        """Per-job counts and times, summed up by the database (:meth:`LedgerStore.summaries`)."""
        where, values = summary_filter(jobs, since, mark="%s")
        with self._lock, self._unavailable():
            connection = self._connect()
            with connection.transaction():
                connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                rows = [
                    row
                    for query in summary_queries(_D, where)
                    for row in connection.execute(query, values).fetchall()
                ]
                flying = connection.execute(in_flight_query(_D, where), values).fetchall()
                seqs = [row[13] for row in rows if row[13] is not None]
                owners = dict(
                    connection.execute(
                        "SELECT seq, owner FROM fireworks_rft_steps WHERE seq = ANY(%s)",
                        (seqs,),
                    ).fetchall()
                )
        return job_counts(rows, flying, owners)

    def record_upload(self, dataset: str, content_hash: str, *, now: float) -> str | None:
        """Record the content hash of ``dataset``'s upload unless recorded.

        The hash recorded earlier, or None when this call recorded it (the database's clock
        is recorded, not ``now``).
        """

        def write(connection: Any, found: list[list[tuple[Any, ...]]]) -> Rows:
            inserted = connection.execute(
                "INSERT INTO fireworks_rft_dataset_uploads (dataset, content_hash, "  # noqa: S608
                f"recorded_at, owner) VALUES (%s, %s, {_NOW}, %s) ON CONFLICT (dataset) "
                "DO NOTHING RETURNING content_hash",
                (dataset, content_hash, owner_name()),
            )
            earlier = connection.execute(  # after the insert, in its transaction: one row
                "SELECT content_hash FROM fireworks_rft_dataset_uploads WHERE dataset = %s",
                (dataset,),
            )
            return lambda: [] if inserted.fetchall() else earlier.fetchall()

        rows = self._write(dataset, "", None, [], write)
        return str(rows[0][0]) if rows else None

    def held_leases(self, steps: Sequence[tuple[str, str]]) -> set[tuple[str, str]]:
        """The steps among ``steps`` whose lease a live session holds (read, never taken)."""
        keys = {advisory_lock_key(job, model): (job, model) for job, model in steps}
        rows = self._query(
            "SELECT classid::bigint, objid::bigint FROM pg_locks WHERE locktype = 'advisory' "
            "AND objsubid = 1 AND granted AND database = "
            "(SELECT oid FROM pg_database WHERE datname = current_database())",
            (),
        )
        held = set()
        for high, low in rows:
            key = (int(high) << 32) | int(low)
            key = key - (1 << 64) if key >= 1 << 63 else key  # the signed bigint it was
            if key in keys:
                held.add(keys[key])
        return held

    def try_lease(self, job: str, output_model: str) -> Lease | None:
        """The step's lease, or None at once if another session (on any host) holds it."""
        if self.read_only:
            raise PermissionError("this PostgreSQL ledger was opened read-only")
        key = advisory_lock_key(job, output_model)
        try:
            connection = self._lease_connection()
        except self._psycopg.OperationalError as exc:
            raise _unavailable(exc, self.url) from exc
        try:
            taken = connection.execute(  # the lock, and only with it the next token
                "INSERT INTO fireworks_rft_lease_tokens (job, output_model, token) "
                "SELECT %s, %s, 1 WHERE pg_try_advisory_lock(%s) ON CONFLICT (job, output_model) "
                "DO UPDATE SET token = fireworks_rft_lease_tokens.token + 1 RETURNING token",
                (job, output_model, key),
            ).fetchone()
            if taken is None:
                self._give_back(connection)
                return None
            token = taken[0]
        except self._psycopg.OperationalError as exc:
            connection.close()
            raise _unavailable(exc, self.url) from exc
        except BaseException:
            connection.close()
            raise
        return PostgresLease(connection, key, int(token), self._give_back)

    def close(self) -> None:
        """Close the connections (a later call opens another); a lease held stays held."""
        with self._lock:
            connection, self._connection = self._connection, None
            idle, self._idle = self._idle, []
        if self._pid == os.getpid():
            for each in [connection, *idle]:
                if each is not None:
                    each.close()

    # -- inside ----------------------------------------------------------------------------

    def _lease_connection(self) -> Any:
        """A connection for a lease: an idle one a released lease gave back, else a new one."""
        with self._lock:
            while self._idle and self._pid == os.getpid():
                connection = self._idle.pop()
                if not connection.closed:
                    return connection
        return self._new_connection()

    def _give_back(self, connection: Any) -> None:
        """Keep a connection that holds no lock for the next lease (a few), else close it."""
        with self._lock:
            if len(self._idle) < _IDLE_LEASE_CONNECTIONS and self._pid == os.getpid():
                self._idle.append(connection)
                return
        connection.close()

    def _new_connection(self) -> Any:
        return self._psycopg.connect(
            self.url, autocommit=True, connect_timeout=self._connect_timeout, **KEEPALIVES
        )

    def _connect(self) -> Any:
        current = self._connection
        if current is not None and not current.closed and self._pid == os.getpid():
            return current
        connection = self._new_connection()  # after os.fork(): a connection of its own
        try:
            if self.read_only:
                self._check_schema(connection)
            else:
                self._create_schema(connection)
        except BaseException:
            connection.close()
            raise
        self._connection, self._pid = connection, os.getpid()
        return connection

    def _create_schema(self, connection: Any) -> None:
        """Create or migrate the schema, once across hosts (an advisory lock orders them).

        A ledger at this schema with its indexes is left alone (no lock, no DDL). A
        migration is one transaction of quick statements (new nullable columns change no
        row); the indexes it adds block writers only while they are built (about a second
        per million rows).
        """
        if self._schema_version(connection) == SCHEMA_VERSION and self._has_unique(connection):
            return
        # The lock is taken before the transaction begins, so that the transaction sees what
        # the host before it created (a catalog read inside a transaction begun earlier may
        # not), and held until it ends.
        connection.execute("SELECT pg_advisory_lock(%s)", (_SCHEMA_LOCK,))
        try:
            self._migrate(connection)
        finally:
            connection.execute("SELECT pg_advisory_unlock(%s)", (_SCHEMA_LOCK,))

    def _migrate(self, connection: Any) -> None:
        """Bring the schema to this version's, in one transaction (under the schema lock)."""
        with connection.transaction():
            version = self._schema_version(connection)
            if version > SCHEMA_VERSION:
                raise RuntimeError(
                    f"the ledger's schema is version {version}; this fireworks-rft reads "
                    f"{SCHEMA_VERSION}: upgrade fireworks-rft"
                )
            if version < SCHEMA_VERSION:
                for statement in upgrade(_D, version):
                    connection.execute(statement)
                connection.execute(
                    "INSERT INTO fireworks_rft_meta (key, value) VALUES ('schema_version', %s) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                    (str(SCHEMA_VERSION),),
                )
            for statement in indexes(_D):
                connection.execute(statement)
            if not self._has_unique(connection):
                found = connection.execute(violations(_D)).fetchall()
                if found:
                    report_violations(found, "the PostgreSQL ledger")
                else:
                    connection.execute(unique_output_model(_D))

    @staticmethod
    def _schema_version(connection: Any) -> int:
        """The schema the database holds (0: none yet)."""
        if connection.execute("SELECT to_regclass('fireworks_rft_meta')").fetchone()[0] is None:
            return 0
        found = connection.execute(
            "SELECT value FROM fireworks_rft_meta WHERE key = 'schema_version'"
        ).fetchone()
        return 0 if found is None else int(found[0])

    @staticmethod
    def _has_unique(connection: Any) -> bool:
        name = unique_index_name(_D)
        return connection.execute("SELECT to_regclass(%s)", (name,)).fetchone()[0] is not None

    def _check_schema(self, connection: Any) -> None:
        """Read-only: the ledger must exist, in the schema this version reads."""
        found = connection.execute("SELECT to_regclass('fireworks_rft_steps')").fetchone()[0]
        if found is None:
            raise ValueError("this database holds no fireworks-rft ledger")
        version = self._schema_version(connection)
        if version > SCHEMA_VERSION:
            raise ValueError(
                f"the ledger's schema is version {version}; this fireworks-rft reads "
                f"{SCHEMA_VERSION}: upgrade fireworks-rft"
            )
        if version < SCHEMA_VERSION:
            raise ValueError(
                f"the ledger's schema is version {version}, written by an older fireworks-rft: "
                f"open it once read-write (any client with ledger=) to upgrade it to "
                f"{SCHEMA_VERSION}"
            )

    def _query(self, query: str, values: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """Run a read; once more on a new connection if the old one was cut (reads repeat)."""
        with self._lock:
            try:
                return self._connect().execute(query, values).fetchall()  # type: ignore[no-any-return]
            except self._psycopg.OperationalError:
                self._drop_connection()
            with self._unavailable():
                return self._connect().execute(query, values).fetchall()  # type: ignore[no-any-return]

    def _write(
        self,
        job: str,
        output_model: str,
        lease: Lease | None,
        reads: Sequence[tuple[str, tuple[Any, ...]]],
        write: Callable[[Any, list[list[tuple[Any, ...]]]], Rows | None],
    ) -> list[tuple[Any, ...]]:
        """One transaction, fenced by ``lease`` (its token must be the newest); its rows.

        Pipelined, so that it costs two round trips: BEGIN, the lease's token and ``reads``
        (each locking what it reads) go out together; ``write`` decides from what they read
        and queues its statements, which go out with the COMMIT; it returns how to get the
        rows once committed. A connection found cut by the reads (nothing written yet) is
        replaced and the reads made again; one cut after that raises
        :class:`LedgerUnavailableError`, since the write may or may not have been committed.
        """
        if self.read_only:
            raise PermissionError("this PostgreSQL ledger was opened read-only")
        fence = [] if lease is None else [(_NEWEST_TOKEN, (job, output_model))]
        with self._lock:
            for last_try in (False, True):
                with self._unavailable():
                    connection = self._connect()
                writing = False
                try:
                    with connection.pipeline() if self._pipelined else contextlib.nullcontext():
                        connection.execute("BEGIN")
                        cursors = [connection.execute(q, v) for q, v in [*fence, *reads]]
                        found = [cursor.fetchall() for cursor in cursors]  # one round trip
                        writing = True
                        if lease is not None and found.pop(0) != [(lease.token,)]:
                            raise lease_lost(
                                job, output_model, lease, "another process took it over"
                            )
                        rows = write(connection, found)
                        connection.execute("COMMIT")
                    return [] if rows is None else rows()
                except self._psycopg.OperationalError as exc:
                    self._drop_connection()
                    if writing or last_try:
                        raise _unavailable(exc, self.url) from exc
                except BaseException:
                    self._roll_back(connection)
                    raise
        raise AssertionError("unreachable")

    def _roll_back(self, connection: Any) -> None:
        """End a transaction a failed write left open (a Python error, or a failed statement).

        A connection that cannot roll back (cut, or interrupted mid-answer) is dropped: the
        server ends its transaction with it.
        """
        if connection.closed or connection.info.transaction_status == _IDLE:
            return
        try:
            connection.execute("ROLLBACK")
        except Exception:  # cleanup: whatever failed, the connection goes
            self._drop_connection()

    def _drop_connection(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None and self._pid == os.getpid():  # not a parent's, after fork
            connection.close()

    @contextlib.contextmanager
    def _unavailable(self) -> Iterator[None]:
        """Turn a lost or refused connection into :class:`LedgerUnavailableError`."""
        try:
            yield
        except self._psycopg.OperationalError as exc:
            self._drop_connection()
            raise _unavailable(exc, self.url) from exc


def _unavailable(exc: Exception, url: str) -> LedgerUnavailableError:
    """The error of a database that dropped or refused the connection (no password in it)."""
    detail = masked_text(str(exc).strip(), url)
    return LedgerUnavailableError(
        f"The PostgreSQL ledger is unavailable ({type(exc).__name__}: {detail}). "
        "Nothing more was sent; run again once the database is back, and run_step resumes "
        "from the ledger."
    )
