"""SQLiteLedger: durable rows, schema checks, and leases that die with their holder."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import fireworks_rft as fw
from fireworks_rft import LedgerStore, SQLiteLedger, StepRecord, StepState
from fireworks_rft._ledger import Finish
from fireworks_rft._ledger_schema import SCHEMA_VERSION

JOB = "accounts/a/rlorTrainerJobs/j"
MODEL = "accounts/a/models/m"
DATASET = "accounts/a/datasets/d"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path: Path):
    ledger = SQLiteLedger(tmp_path / "steps.db")
    yield ledger
    ledger.close()


def send(store, job: str, model: str, dataset: str, now: float) -> StepRecord:
    """begin_send under the step's lease (given back after)."""
    lease = store.try_lease(job, model)
    assert lease is not None
    try:
        current = store.get(job, model)
        expected = None if current is None else current.state
        return store.begin_send(job, model, dataset, expected=expected, now=now, lease=lease)
    finally:
        lease.release()


def python(code: str, *args: str) -> subprocess.Popen[str]:
    """A child Python process running ``code`` with fireworks_rft importable."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src") + os.pathsep + str(ROOT / "generated")}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_a_step_goes_through_its_states_and_survives_a_reopen(store: SQLiteLedger):
    assert isinstance(store, LedgerStore)
    assert store.get(JOB, MODEL) is None
    sending = send(store, JOB, MODEL, DATASET, 100.0)
    assert sending.state is StepState.SENDING and sending.sends == 1
    assert sending.created_at == sending.updated_at == 100.0 and sending.duration is None
    accepted = store.update(
        JOB, MODEL, StepState.ACCEPTED, expected=StepState.SENDING, now=101.0, request_id="r1"
    )
    assert accepted.accepted_at == 101.0 and accepted.request_id == "r1"
    ready = store.update(
        JOB,
        MODEL,
        StepState.READY,
        expected=StepState.ACCEPTED,
        now=131.5,
        finish=Finish(unfinished_ago=0.0),  # the read before saw it unfinished just now
    )
    assert ready.finished_at == 131.5 and ready.duration == 30.5
    assert ready.to_dict()["state"] == "ready" and ready.to_dict()["duration"] == 30.5
    store.close()

    reopened = SQLiteLedger(store.path)
    assert reopened.get(JOB, MODEL) == ready
    reopened.close()


def test_a_resend_counts_and_clears_the_last_error(store: SQLiteLedger):
    send(store, JOB, MODEL, DATASET, 1.0)
    store.update(
        JOB,
        MODEL,
        StepState.NOT_SENT,
        expected=StepState.SENDING,
        now=2.0,
        error="BadRequestError: no",
    )
    again = send(store, JOB, MODEL, DATASET, 3.0)
    assert again.sends == 2 and again.error is None and again.created_at == 1.0


def test_records_are_listed_oldest_first_and_by_job(store: SQLiteLedger):
    for i, job in enumerate([JOB, JOB + "2", JOB]):
        send(store, job, f"{MODEL}{i}", DATASET, float(i))
    assert [r.output_model for r in store.records()] == [f"{MODEL}{i}" for i in range(3)]
    assert [r.output_model for r in store.records(JOB)] == [f"{MODEL}0", f"{MODEL}2"]
    assert all(isinstance(r, StepRecord) for r in store.records())


def test_updating_an_unknown_step_raises(store: SQLiteLedger):
    with pytest.raises(KeyError, match="no step"):
        store.update(JOB, MODEL, StepState.READY, expected=StepState.SENDING, now=1.0)


def test_a_state_written_by_a_newer_version_reads_as_unknown(store: SQLiteLedger):
    send(store, JOB, MODEL, DATASET, 1.0)
    with sqlite3.connect(store.path) as db:
        db.execute("UPDATE steps SET state = 'paused_by_the_future'")
    assert store.get(JOB, MODEL).state is StepState.UNKNOWN  # it may have run: say so


def test_a_newer_schema_is_refused(tmp_path: Path):
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA user_version=99")
    with pytest.raises(RuntimeError, match="schema 99"):
        SQLiteLedger(path)


def test_the_database_is_wal_with_synchronous_commits(store: SQLiteLedger):
    send(store, JOB, MODEL, DATASET, 1.0)
    with sqlite3.connect(store.path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_lease_is_exclusive_across_threads_and_instances(store: SQLiteLedger):
    lease = store.try_lease(JOB, MODEL)
    assert lease is not None
    assert store.try_lease(JOB, MODEL) is None  # another thread of this process
    other = SQLiteLedger(store.path)
    assert other.try_lease(JOB, MODEL) is None  # another open file: as another process
    assert other.try_lease(JOB, MODEL + "x") is not None  # another step is free
    lease.release()
    lease.release()  # twice is harmless
    again = other.try_lease(JOB, MODEL)
    assert again is not None
    again.release()
    other.close()


def test_a_lease_dies_with_its_process(store: SQLiteLedger):
    holder = python(
        """
        import sys
        from fireworks_rft import SQLiteLedger
        lease = SQLiteLedger(sys.argv[1]).try_lease(sys.argv[2], sys.argv[3])
        print("held" if lease else "busy", flush=True)
        sys.stdin.read()
        """,
        str(store.path),
        JOB,
        MODEL,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        assert store.try_lease(JOB, MODEL) is None
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.communicate()  # reaps it and closes its pipes
    lease = store.try_lease(JOB, MODEL)
    assert lease is not None  # the kernel released it: no timing guess
    lease.release()


def test_processes_writing_at_once_lose_and_duplicate_nothing(store: SQLiteLedger):
    writers = [
        python(
            """
            import sys
            from fireworks_rft import SQLiteLedger, StepState
            ledger = SQLiteLedger(sys.argv[1])
            for i in range(40):
                model = f"accounts/a/models/w{sys.argv[2]}-{i}"
                lease = ledger.try_lease("accounts/a/rlorTrainerJobs/j", model)
                ledger.begin_send("accounts/a/rlorTrainerJobs/j", model, "accounts/a/datasets/d", expected=None, now=i, lease=lease)
                lease.release()
                ledger.update("accounts/a/rlorTrainerJobs/j", model, StepState.ACCEPTED, expected=StepState.SENDING, now=i)
            print("done", flush=True)
            """,
            str(store.path),
            str(n),
        )
        for n in range(4)
    ]
    for writer in writers:
        out, _ = writer.communicate(timeout=120)
        assert out.strip() == "done" and writer.returncode == 0
    rows = store.records()
    assert len(rows) == 160 and len({r.output_model for r in rows}) == 160
    assert {r.state for r in rows} == {StepState.ACCEPTED}


def test_a_forked_child_opens_its_own_connection(store: SQLiteLedger):
    send(store, JOB, MODEL, DATASET, 1.0)
    pid = os.fork()
    if pid == 0:  # the child: use the store it inherited
        try:
            store.update(JOB, MODEL, StepState.ACCEPTED, expected=StepState.SENDING, now=2.0)
            os._exit(0)
        except BaseException:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert store.get(JOB, MODEL).state is StepState.ACCEPTED


def test_a_ready_step_leaves_no_lock_file(store: SQLiteLedger):
    send(store, JOB, MODEL, DATASET, 1.0)
    locks = store.path.with_name(store.path.name + ".locks")
    assert len(list(locks.iterdir())) == 1
    store.update(JOB, MODEL, StepState.READY, expected=StepState.SENDING, now=2.0)
    assert list(locks.iterdir()) == []


def test_a_long_loop_keeps_no_thread_lock_per_finished_step(store: SQLiteLedger):
    for n in range(50):
        model = f"{MODEL}-{n}"
        send(store, JOB, model, DATASET, 1.0)
        store.update(JOB, model, StepState.READY, expected=StepState.SENDING, now=2.0)
    held = store.try_lease(JOB, MODEL + "-held")
    assert held is not None
    store.begin_send(JOB, MODEL + "-held", DATASET, expected=None, now=1.0, lease=held)
    store.update(
        JOB, MODEL + "-held", StepState.READY, expected=StepState.SENDING, now=2.0
    )  # READY while leased
    assert len(store._leases._step_locks) == 1  # only the step still held
    assert store.try_lease(JOB, MODEL + "-held") is None  # and it stays exclusive
    held.release()
    again = store.try_lease(JOB, MODEL + "-0")
    assert again is not None  # a finished step's lease can still be taken (and is refused
    again.release()  # by its READY row, not by a lock)


def test_bad_paths_are_refused(tmp_path: Path):
    with pytest.raises(TypeError, match="ledger must be a path"):
        SQLiteLedger(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="ledger must be a path"):
        SQLiteLedger("")


def test_lease_keys_are_bit_for_bit_what_they_were():
    """An upgraded driver and an older one sharing a ledger must take the same lock."""
    from fireworks_rft._ledger_rows import advisory_lock_key, lock_file_name

    job, model = "accounts/a/rlorTrainerJobs/j", "accounts/a/models/m"
    assert lock_file_name(job, model) == "05d95f0d206e1f728b8caf0396edcc06ec7fb14c"
    assert advisory_lock_key(job, model) == 421472550119153522


@pytest.mark.parametrize("client_class", ["Client", "AsyncClient"])
def test_a_database_that_refuses_connections_is_unavailable_from_the_constructor(client_class):
    """Not psycopg's own error: the ledger's, which Ray's retry list and the CLI know."""
    import socket

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql://rft:s3cret-pw@127.0.0.1:{port}/steps?connect_timeout=2"
    with pytest.raises(fw.LedgerUnavailableError) as info:
        getattr(fw, client_class)(api_key="k", account_id="a", ledger=url)
    assert "s3cret-pw" not in str(info.value)
