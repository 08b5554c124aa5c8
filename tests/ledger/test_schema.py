"""The ledger's one migration plan: an older ledger is upgraded on first use, on both stores.

The "older" ledgers here are built with the statements fireworks-rft 0.3.0 ran (SQLite schema
2, PostgreSQL schema 1), holding rows, one pair of which breaks the output-model rule.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

import fireworks_rft as fw
from fireworks_rft import StepState
from fireworks_rft._ledger_schema import SCHEMA_VERSION

JOB_A = "accounts/a/rlorTrainerJobs/ja"
JOB_B = "accounts/a/rlorTrainerJobs/jb"
LOAD = "accounts/a/deployments/dep"
SHARED = "accounts/a/models/shared"

#: The tables of 0.3.0 (SQLite names; PostgreSQL prefixes fireworks_rft_).
OLD_STEPS = (
    "CREATE TABLE {p}steps (job TEXT NOT NULL, output_model TEXT NOT NULL, dataset TEXT NOT "
    "NULL, state TEXT NOT NULL, sends INTEGER NOT NULL DEFAULT 0, created_at {real} NOT NULL, "
    "updated_at {real} NOT NULL, accepted_at {real}, finished_at {real}, request_id TEXT, "
    "error TEXT, owner TEXT, PRIMARY KEY (job, output_model))"
)
OLD_TOKENS = (
    "CREATE TABLE {p}lease_tokens (job TEXT NOT NULL, output_model TEXT NOT NULL, "
    "token {int} NOT NULL, PRIMARY KEY (job, output_model))"
)
#: Two jobs' steps on one output model (recorded before the rule held), a LoRA load of it
#: (which names no output model), and a plain READY step.
OLD_ROWS = [
    (JOB_A, SHARED, "accounts/a/datasets/d1", "accepted", 10.0),
    (JOB_B, SHARED, "accounts/a/datasets/d2", "ready", 11.0),
    (LOAD, SHARED, SHARED, "accepted", 12.0),
    (JOB_A, "accounts/a/models/m2", "accounts/a/datasets/d3", "ready", 13.0),
]


def old_sqlite(path: Path, *, violating: bool = True) -> None:
    with sqlite3.connect(path) as db:
        db.execute(OLD_STEPS.format(p="", real="REAL"))
        db.execute(OLD_TOKENS.format(p="", int="INTEGER"))
        for job, model, dataset, state, at in OLD_ROWS[0 if violating else 1 :]:
            db.execute(
                "INSERT INTO steps (job, output_model, dataset, state, sends, created_at, "
                "updated_at, accepted_at, finished_at) VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)",
                (job, model, dataset, state, at, at, at, at + 5 if state == "ready" else None),
            )
        db.execute("PRAGMA user_version=2")
    db.close()


def old_postgres(url: str, *, violating: bool = True) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        db.execute("CREATE TABLE fireworks_rft_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
        db.execute(OLD_STEPS.format(p="fireworks_rft_", real="DOUBLE PRECISION"))
        db.execute(OLD_TOKENS.format(p="fireworks_rft_", int="BIGINT"))
        db.execute("INSERT INTO fireworks_rft_meta VALUES ('schema_version', '1')")
        for job, model, dataset, state, at in OLD_ROWS[0 if violating else 1 :]:
            db.execute(
                "INSERT INTO fireworks_rft_steps (job, output_model, dataset, state, sends, "
                "created_at, updated_at, accepted_at, finished_at) "
                "VALUES (%s, %s, %s, %s, 1, %s, %s, %s, %s)",
                (job, model, dataset, state, at, at, at, at + 5 if state == "ready" else None),
            )


@pytest.fixture(params=["sqlite", "postgres"])
def old_ledger(request, tmp_path):
    """``(kind, build, open)``: build an older ledger, then open it with this version."""
    if request.param == "sqlite":
        path = tmp_path / "steps.db"
        return (
            "sqlite",
            lambda **kw: old_sqlite(path, **kw),
            lambda **kw: fw.SQLiteLedger(path, **kw),
        )
    url = request.getfixturevalue("postgres_url")
    return (
        "postgres",
        lambda **kw: old_postgres(url, **kw),
        lambda **kw: fw.PostgresLedger(url, **kw),
    )


def version_and_unique(kind: str, store) -> tuple[int, bool]:
    if kind == "sqlite":
        with sqlite3.connect(store.path) as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            unique = db.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'steps_one_step_per_output_model'"
            ).fetchone()
        db.close()
        return version, unique is not None
    import psycopg

    with psycopg.connect(store.url) as db:
        version = db.execute(
            "SELECT value FROM fireworks_rft_meta WHERE key = 'schema_version'"
        ).fetchone()[0]
        unique = db.execute(
            "SELECT to_regclass('fireworks_rft_steps_one_step_per_output_model')"
        ).fetchone()[0]
    return int(version), unique is not None


def test_an_older_ledger_is_migrated_on_first_use_and_its_violations_reported(old_ledger):
    kind, build, open_store = old_ledger
    build()
    with pytest.warns(RuntimeWarning, match=f"1 output model.*{SHARED} \\(2 rows\\)"):
        store = open_store()
    assert version_and_unique(kind, store) == (SCHEMA_VERSION, False)  # kept, not rejected
    rows = store.records()
    assert [(r.job, r.state.value) for r in rows] == [(j, s) for j, _, _, s, _ in OLD_ROWS]
    assert all(r.seq is None for r in rows)  # written before change numbers
    # An old READY row keeps its ledger duration (accepted to finished, no bracket known).
    assert rows[3].duration == 2.5 and rows[3].duration_source == "ledger"
    # The rule still holds for every new step: the store refuses a third job's step.
    lease = store.try_lease("accounts/a/rlorTrainerJobs/jc", SHARED)
    with pytest.raises(fw.StepAlreadySentError, match="already names the step"):
        store.begin_send(
            "accounts/a/rlorTrainerJobs/jc",
            SHARED,
            "accounts/a/datasets/d9",
            expected=None,
            now=20.0,
            lease=lease,
        )
    lease.release()
    store.close()


def test_a_ledger_that_keeps_the_rule_gets_the_databases_unique_index(old_ledger):
    kind, build, open_store = old_ledger
    build(violating=False)
    store = open_store()
    assert version_and_unique(kind, store) == (SCHEMA_VERSION, True)
    # The database itself now refuses a second counted row of one output model.
    statement = (
        "INSERT INTO {t} (job, output_model, dataset, state, sends, created_at, updated_at) "
        "VALUES ('accounts/a/rlorTrainerJobs/jz', '{m}', 'd', 'accepted', 1, 1, 1)"
    )
    if kind == "sqlite":
        with sqlite3.connect(store.path) as db, pytest.raises(sqlite3.IntegrityError):
            db.execute(statement.format(t="steps", m=SHARED))
        db.close()
    else:
        import psycopg

        with psycopg.connect(store.url) as db, pytest.raises(psycopg.errors.UniqueViolation):
            db.execute(statement.format(t="fireworks_rft_steps", m=SHARED))
    store.close()
    open_store().close()  # opening it again changes nothing


def test_an_older_ledger_opened_read_only_says_how_to_upgrade_it(old_ledger):
    _, build, open_store = old_ledger
    build()
    with pytest.raises(ValueError, match="open it once read-write"):
        open_store(read_only=True)


def test_a_watcher_learns_every_job_changed_or_removed_since_its_cursor(any_store):
    store = any_store
    _, start = store.changed_jobs(2**62)  # the cursor alone
    lease = store.try_lease(JOB_A, "accounts/a/models/m1")
    store.begin_send(JOB_A, "accounts/a/models/m1", "d", expected=None, now=1.0, lease=lease)
    store.update(
        JOB_A,
        "accounts/a/models/m1",
        StepState.NOT_SENT,
        expected=StepState.SENDING,
        now=2.0,
        lease=lease,
    )
    lease.release()
    changed, cursor = store.changed_jobs(start)
    assert changed == {JOB_A}
    assert store.changed_jobs(cursor)[0] == set()  # nothing since
    store.forget(JOB_A, "accounts/a/models/m1")
    assert store.changed_jobs(cursor)[0] == {JOB_A}  # a removal is a change of its job


def test_on_postgres_a_write_that_commits_after_a_later_one_is_not_missed(postgres_url):
    """Commits land out of the order writes began: the watcher re-reads from its horizon."""
    import psycopg

    store = fw.PostgresLedger(postgres_url)
    for job in (JOB_A, JOB_B):
        lease = store.try_lease(job, SHARED + job[-1])
        store.begin_send(job, SHARED + job[-1], "d", expected=None, now=1.0, lease=lease)
        lease.release()
    _, cursor = store.changed_jobs(2**62)
    slow = psycopg.connect(postgres_url)  # begins a write, and commits it last
    slow.execute(
        "UPDATE fireworks_rft_steps SET state = 'not_sent', "
        "seq = pg_current_xact_id()::text::bigint WHERE job = %s",
        (JOB_A,),
    )
    lease = store.try_lease(JOB_B, SHARED + "b")
    store.update(
        JOB_B, SHARED + "b", StepState.NOT_SENT, expected=StepState.SENDING, now=2.0, lease=lease
    )
    lease.release()
    changed, cursor = store.changed_jobs(cursor)
    assert changed == {JOB_B}  # the slow write is not committed yet
    slow.commit()
    slow.close()
    changed, _ = store.changed_jobs(cursor)
    assert JOB_A in changed  # seen now, though its number is older than JOB_B's
    store.close()


@pytest.mark.parametrize("older", [False, True])
def test_many_hosts_creating_or_migrating_one_postgres_ledger_at_once_all_succeed(
    postgres_url, older
):
    """Each sees what the one before it did: no "column already exists" (it happened)."""
    import threading

    if older:
        old_postgres(postgres_url, violating=False)
    failures: list[BaseException] = []
    go = threading.Barrier(8)

    def open_it() -> None:
        go.wait()
        try:
            fw.PostgresLedger(postgres_url).close()
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    store = fw.PostgresLedger(postgres_url)
    assert len(store.records()) == (3 if older else 0)
    store.close()
