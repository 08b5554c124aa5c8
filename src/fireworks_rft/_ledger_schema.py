"""The ledger's tables and their one migration plan, for both stores.

Both stores hold the same tables (the PostgreSQL ones prefixed ``fireworks_rft_``), in one
numbered schema: SQLite keeps the number in ``PRAGMA user_version``, PostgreSQL in a row of
``fireworks_rft_meta``. A store opened by a newer fireworks-rft is migrated on first use, in
one transaction (every change is additive: new nullable columns, a table, indexes), and a
store whose schema is newer than this version reads is refused with "upgrade fireworks-rft".

- 1: ``steps``.
- 2: ``lease_tokens`` (fencing). PostgreSQL's version 1 held exactly schema 2's tables.
- 3: ``meta`` for SQLite too, with its change counter (``change_seq``); on ``steps`` the
  ``seq`` of each row's last change (SQLite: the counter, in commit order, since its writers
  take turns; PostgreSQL: the writing transaction's id, taken without a lock, so a watcher
  re-reads from the oldest transaction still running: see :func:`changed_jobs_query`),
  ``unfinished_at`` (the last read that saw a step unfinished) and the server's
  ``server_started_at``/``server_finished_at``; ``removals`` (a removed row's job, by
  change); ``dataset_uploads`` (each upload's content hash); indexes by change and a unique
  index of
  the output-model rule (:func:`unique_output_model`); ``trusted_duration``, written with a
  finish (:attr:`~._ledger.StepRecord.trusted_duration`), so the database sums durations up.

It also holds the queries both stores run alike (the per-job summaries).
"""

from __future__ import annotations

import dataclasses
import warnings

from ._names import KIND_SQL, LOAD_SQL, PROMOTION_SQL

#: The schema this version reads and writes.
SCHEMA_VERSION = 3


@dataclasses.dataclass(frozen=True)
class Dialect:
    """What differs between the stores' SQL: table names, types, the parameter mark."""

    prefix: str
    real: str
    integer: str
    mark: str
    add_column: str

    def literal(self, sql: str) -> str:
        """``sql`` as a query with parameters carries it (psycopg reads ``%`` as a mark)."""
        return sql.replace("%", "%%") if self.mark == "%s" else sql

    @property
    def steps(self) -> str:
        """The steps table."""
        return f"{self.prefix}steps"

    @property
    def meta(self) -> str:
        """The key-value table: the schema version (PostgreSQL), the change counter."""
        return f"{self.prefix}meta"

    @property
    def uploads(self) -> str:
        """The dataset uploads table."""
        return f"{self.prefix}dataset_uploads"

    @property
    def removals(self) -> str:
        """The removed rows' jobs, by change number."""
        return f"{self.prefix}removals"


SQLITE = Dialect(prefix="", real="REAL", integer="INTEGER", mark="?", add_column="ADD COLUMN")
POSTGRES = Dialect(
    prefix="fireworks_rft_",
    real="DOUBLE PRECISION",
    integer="BIGINT",
    mark="%s",
    add_column="ADD COLUMN IF NOT EXISTS",  # idempotent, whatever a host saw of another's
)


def tables(d: Dialect) -> list[str]:
    """Schema 2's tables (a new ledger starts there, then takes :func:`upgrade` like any)."""
    return [
        f"CREATE TABLE IF NOT EXISTS {d.steps} (job TEXT NOT NULL, output_model TEXT NOT NULL, "
        f"dataset TEXT NOT NULL, state TEXT NOT NULL, sends INTEGER NOT NULL DEFAULT 0, "
        f"created_at {d.real} NOT NULL, updated_at {d.real} NOT NULL, accepted_at {d.real}, "
        f"finished_at {d.real}, request_id TEXT, error TEXT, owner TEXT, "
        "PRIMARY KEY (job, output_model))",
        f"CREATE TABLE IF NOT EXISTS {d.prefix}lease_tokens (job TEXT NOT NULL, "
        f"output_model TEXT NOT NULL, token {d.integer} NOT NULL, "
        "PRIMARY KEY (job, output_model))",
        f"CREATE TABLE IF NOT EXISTS {d.meta} (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ]


def upgrade(d: Dialect, version: int) -> list[str]:
    """The statements that take a ledger of schema ``version`` (1 or 2) to this one.

    Additive only: an older writer's rows stay valid, and each statement is quick on a
    large table (new columns without a default change no row).
    """
    statements = tables(d)
    if version < 3:
        statements += [
            *(
                f"ALTER TABLE {d.steps} {d.add_column} {column}"
                for column in (
                    f"seq {d.integer}",
                    f"unfinished_at {d.real}",
                    f"server_started_at {d.real}",
                    f"server_finished_at {d.real}",
                    f"trusted_duration {d.real}",
                )
            ),
            f"CREATE TABLE IF NOT EXISTS {d.uploads} (dataset TEXT PRIMARY KEY, "
            f"content_hash TEXT NOT NULL, recorded_at {d.real} NOT NULL, owner TEXT)",
            f"CREATE TABLE IF NOT EXISTS {d.removals} (job TEXT NOT NULL, "
            f"output_model TEXT NOT NULL, seq {d.integer} NOT NULL)",
            f"INSERT INTO {d.meta} (key, value) VALUES ('change_seq', '0') "
            "ON CONFLICT (key) DO NOTHING",
        ]
    return statements


def indexes(d: Dialect) -> list[str]:
    """The indexes the ledger's own queries need (created after the tables, if missing)."""
    return [
        f"CREATE INDEX IF NOT EXISTS {d.steps}_by_output_model ON {d.steps} (output_model)",
        f"CREATE INDEX IF NOT EXISTS {d.steps}_by_change ON {d.steps} (seq)",
        f"CREATE INDEX IF NOT EXISTS {d.removals}_by_change ON {d.removals} (seq)",
        f"CREATE INDEX IF NOT EXISTS {d.steps}_in_flight ON {d.steps} (job) WHERE {IN_FLIGHT}",
        f"CREATE INDEX IF NOT EXISTS {d.steps}_promotions ON {d.steps} (job) WHERE {PROMOTION_SQL}",
    ]


#: The states :class:`~._ledger.JobCounts` counts, in its order.
STATES = ("sending", "accepted", "not_sent", "unknown", "ready", "failed")
#: The rows sent and not finished.
IN_FLIGHT = "state IN ('sending', 'accepted', 'unknown')"


def summary_queries(d: Dialect, where: str) -> tuple[str, str]:
    """Per job: the counts and times of :class:`~._ledger.JobCounts`, steps then promotions.

    All its fields but the in-flight row and the owner (other queries read those). Each
    groups by ``job`` alone, so the database walks the primary key in order (no sort:
    about a second for a million rows in SQLite); promotions, few, are found through their
    own partial index. A deployment's rows are its LoRA loads.
    """
    count = "sum(CASE WHEN state = '{}' THEN 1 ELSE 0 END)"
    sums = (
        f"count(*), {', '.join(count.format(state) for state in STATES)}, "
        "avg(trusted_duration), count(trusted_duration), max(finished_at), max(updated_at), "
        "max(seq)"
    )
    kind = f"CASE WHEN {LOAD_SQL} THEN 'lora_load' ELSE 'step' END"
    return (
        f"SELECT job, {d.literal(kind)}, {sums} FROM {d.steps} "
        f"WHERE NOT ({d.literal(PROMOTION_SQL)}) AND {where} GROUP BY job ORDER BY job",
        f"SELECT job, 'promotion', {sums} FROM {d.steps} "
        f"WHERE {d.literal(PROMOTION_SQL)} AND {where} GROUP BY job ORDER BY job",
    )


def in_flight_query(d: Dialect, where: str) -> str:
    """The rows in flight (few: one per loop, and the unknowns).

    Each as job, kind, output model, when sent (accepted, else recorded), state.
    """
    return (
        f"SELECT job, {d.literal(KIND_SQL)}, output_model, COALESCE(accepted_at, created_at), "
        "state "
        f"FROM {d.steps} WHERE {IN_FLIGHT} AND {where}"
    )


def owners_query(d: Dialect, count: int) -> str:
    """The owner of the rows with these change numbers (each job's last change)."""
    marks = ", ".join([d.mark] * count)
    return f"SELECT seq, owner FROM {d.steps} WHERE seq IN ({marks})"


#: The rows the output-model rule counts: not a LoRA load (its job is a deployment), not a
#: step that certainly never ran. (:func:`~._ledger_rows.names_another_step`, as SQL.)
_COUNTED = f"NOT ({LOAD_SQL}) AND state <> 'not_sent'"


def unique_output_model(d: Dialect) -> str:
    """The unique index of the output-model rule: one counted row per output model."""
    return (
        f"CREATE UNIQUE INDEX IF NOT EXISTS {unique_index_name(d)} "
        f"ON {d.steps} (output_model) WHERE {_COUNTED}"
    )


def unique_index_name(d: Dialect) -> str:
    """The name of :func:`unique_output_model`'s index."""
    return f"{d.steps}_one_step_per_output_model"


def violations(d: Dialect) -> str:
    """The output models that name more than one step (recorded before the rule held)."""
    return (
        f"SELECT output_model, count(*) FROM {d.steps} WHERE {_COUNTED} "
        "GROUP BY output_model HAVING count(*) > 1 ORDER BY output_model"
    )


def changed_jobs_query(d: Dialect) -> str:
    """The jobs with a row changed or removed at or after a change number (two marks).

    SQLite's numbers are in commit order, and a watcher asks for those after the newest it
    saw. PostgreSQL's are transaction ids, taken when a write begins: a watcher asks from the
    oldest transaction that was still running when it last read (the horizon), so a write
    that began before and committed after is read then, never missed.
    """
    op = ">=" if d is POSTGRES else ">"
    return (
        f"SELECT DISTINCT job FROM {d.steps} WHERE seq {op} {d.mark} "
        f"UNION SELECT job FROM {d.removals} WHERE seq {op} {d.mark}"
    )


def next_change(d: Dialect) -> tuple[str, str]:
    """Take SQLite's next change number, then read it.

    Its writers take turns, so change numbers are in commit order (a watcher misses none);
    PostgreSQL's are transaction ids instead, taken without a lock.
    """
    return (
        f"UPDATE {d.meta} SET value = CAST(CAST(value AS {d.integer}) + 1 AS TEXT) "
        "WHERE key = 'change_seq'",
        f"SELECT CAST(value AS {d.integer}) FROM {d.meta} WHERE key = 'change_seq'",
    )


def report_violations(found: list[tuple[object, ...]], ledger: str) -> None:
    """Warn (``RuntimeWarning``) that ``ledger`` already breaks the output-model rule.

    Its rows are kept as they are; ``found`` is :func:`violations`' answer.
    """
    shown = ", ".join(f"{model} ({count} rows)" for model, count in found[:5])
    more = f" and {len(found) - 5} more" if len(found) > 5 else ""
    message = (
        f"{ledger}: This ledger holds {len(found)} output model(s) that name more than one step, "
        f"recorded before the rule held: {shown}{more}. They are kept as they are and the "
        "rule is still applied to every new step, but the database's own unique index is "
        "not created until they are resolved (docs/ledger.md: 'An output model names one step')."
    )
    warnings.warn(message, RuntimeWarning, stacklevel=2)
