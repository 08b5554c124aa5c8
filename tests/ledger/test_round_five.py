"""Reliability round five: leases die with their holder, outcomes say what is true.

Each test fails on the code before its fix. No test depends on wall-clock timing: threads
meet at events, and waits run on virtual time.
"""

from __future__ import annotations

import asyncio
import threading

import pytest

import fireworks_rft as fw
from fireworks_rft.testing import FakeGateway

from ..support.fakes import virtual_time

JOB = "accounts/acct/rlorTrainerJobs/job-1"
MODEL = "accounts/acct/models/m1"


class HeldAtTheLease:
    """A store whose ``try_lease`` stops until released: a ledger call still in its thread."""

    def __init__(self, store: fw.LedgerStore) -> None:
        self.store = store
        self.inside = threading.Event()
        self.go_on = threading.Event()

    def try_lease(self, job, output_model):
        self.inside.set()
        assert self.go_on.wait(30), "never released"
        return self.store.try_lease(job, output_model)

    def __getattr__(self, name):
        return getattr(self.store, name)


@pytest.mark.parametrize("method", ["execute_train_step", "run_step"])
def test_a_cancelled_async_call_releases_the_lease_its_thread_took(
    any_store, fake_gateway: FakeGateway, method
):
    clock, timing = virtual_time()
    fake_gateway.reset(step_seconds=4.0, clock=clock, default_account="acct")
    fake_gateway.add_job(JOB)
    held = HeldAtTheLease(any_store)

    async def go() -> None:
        async with fw.AsyncClient(
            base_url=fake_gateway.url,
            api_key=fake_gateway.api_key,
            account_id="acct",
            ledger=held,
            _timing=timing,
        ) as client:
            call = getattr(client, method)("job-1", dataset="d1", output_model="m1")
            task = asyncio.ensure_future(call)
            await asyncio.to_thread(held.inside.wait, 30)  # the lease is being taken
            task.cancel()
            await asyncio.sleep(0)
            held.go_on.set()  # the thread takes the lease after the caller was cancelled
            with pytest.raises(asyncio.CancelledError):
                await task

    asyncio.run(go())
    lease = any_store.try_lease(JOB, MODEL)  # free again: not kept until the process exits
    assert lease is not None
    lease.release()
    assert fake_gateway.steps == []  # and nothing was sent


# -- the ledger's rules inside its transactions ------------------------------------------------

DATASET = "accounts/acct/datasets/d1"
STATES = list(fw.StepState)


def _row_in(store, model: str, state: fw.StepState) -> None:
    """A step row in ``state``, reached by allowed writes (SENDING, then one move)."""
    lease = store.try_lease(JOB, model)
    store.begin_send(JOB, model, DATASET, expected=None, now=1.0, lease=lease)
    if state is not fw.StepState.SENDING:
        store.update(JOB, model, state, expected=fw.StepState.SENDING, now=2.0, lease=lease)
    lease.release()


def test_every_transition_is_allowed_or_refused_by_the_store_itself(any_store):
    """The table is applied on every write path, in the write's own transaction."""
    from fireworks_rft._ledger import TRANSITIONS

    for n, (start, target) in enumerate((a, b) for a in STATES for b in STATES):
        model = f"accounts/acct/models/t{n}"
        _row_in(any_store, model, start)
        lease = any_store.try_lease(JOB, model)
        allowed = target in TRANSITIONS[start]
        try:

            def write(model=model, start=start, target=target, lease=lease):
                if target is fw.StepState.SENDING:
                    return any_store.begin_send(
                        JOB, model, DATASET, expected=start, now=3.0, lease=lease
                    )
                return any_store.update(JOB, model, target, expected=start, now=3.0, lease=lease)

            if allowed:
                assert write().state is target, (start, target)
            else:
                with pytest.raises(ValueError, match="cannot become"):
                    write()
                assert any_store.get(JOB, model).state is start, (start, target)  # unchanged
        finally:
            lease.release()


def test_a_stale_write_changes_nothing_and_its_writer_learns_the_newer_state(any_store):
    _row_in(any_store, MODEL, fw.StepState.SENDING)
    lease = any_store.try_lease(JOB, MODEL)
    # A wait (no lease) saw the output model READY while the sender's answer was on its way.
    ready = any_store.update(JOB, MODEL, fw.StepState.READY, expected=fw.StepState.SENDING, now=5.0)
    assert ready.state is fw.StepState.READY
    # A second wait that read SENDING too: nothing is written, it gets what the row says.
    again = any_store.update(
        JOB, MODEL, fw.StepState.FAILED, expected=fw.StepState.SENDING, now=6.0
    )
    assert again == ready
    # The lease holder's answer arrives late: its write is stale, and it is told so.
    with pytest.raises(fw.LeaseLostError, match="ready"):
        any_store.update(
            JOB, MODEL, fw.StepState.ACCEPTED, expected=fw.StepState.SENDING, now=7.0, lease=lease
        )
    lease.release()
    assert any_store.get(JOB, MODEL) == ready


def test_an_output_model_names_one_step_inside_the_send_transaction(any_store):
    """Two drivers, two jobs, one output model: the second is refused before sending."""
    other_job = "accounts/acct/rlorTrainerJobs/job-2"
    first = any_store.try_lease(JOB, MODEL)
    any_store.begin_send(JOB, MODEL, DATASET, expected=None, now=1.0, lease=first)
    second = any_store.try_lease(other_job, MODEL)  # another step's lease: no help
    with pytest.raises(fw.StepAlreadySentError, match="already names the step on") as info:
        any_store.begin_send(other_job, MODEL, DATASET, expected=None, now=1.0, lease=second)
    assert info.value.record.job == JOB
    assert any_store.get(other_job, MODEL) is None  # nothing recorded for the refused one
    # A step that certainly never ran leaves its output model free.
    any_store.update(
        JOB, MODEL, fw.StepState.NOT_SENT, expected=fw.StepState.SENDING, now=2.0, lease=first
    )
    assert (
        any_store.begin_send(other_job, MODEL, DATASET, expected=None, now=3.0, lease=second).sends
        == 1
    )
    first.release()
    second.release()


class NoEarlyCheck:
    """A store whose listing by output model sees nothing: the client's early check races."""

    def __init__(self, store):
        self.store = store

    def records(self, job=None, *, output_model=None, newest=None):
        return [] if output_model is not None else self.store.records(job, newest=newest)

    def __getattr__(self, name):
        return getattr(self.store, name)


def test_a_racing_driver_on_another_job_is_refused_before_anything_is_sent(
    any_store, fake_gateway: FakeGateway
):
    clock, timing = virtual_time()
    fake_gateway.reset(step_seconds=4.0, clock=clock, default_account="acct")
    fake_gateway.add_job(JOB)
    fake_gateway.add_job("accounts/acct/rlorTrainerJobs/job-2")
    options = dict(
        base_url=fake_gateway.url, api_key=fake_gateway.api_key, account_id="acct", _timing=timing
    )
    with fw.Client(ledger=any_store, **options) as first:
        first.execute_train_step("job-1", dataset="d1", output_model="m1")
    second = fw.Client(ledger=NoEarlyCheck(any_store), **options)
    with second, pytest.raises(fw.StepAlreadySentError, match="already names the step on"):
        second.execute_train_step("job-2", dataset="d1", output_model="m1")
    assert len(fake_gateway.steps) == 1  # the second was never sent


def test_steps_refuses_a_postgres_ledger_of_a_newer_schema(postgres_url, capsys):
    """``steps --ledger postgresql://...`` checks the schema version as the SQLite path does."""
    import psycopg

    from fireworks_rft.cli import main

    fw.PostgresLedger(postgres_url).close()  # creates the schema
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute("UPDATE fireworks_rft_meta SET value = '99' WHERE key = 'schema_version'")
    assert main(["steps", "--ledger", postgres_url]) == 2
    assert "upgrade fireworks-rft" in capsys.readouterr().err


# -- leases that die with their holder, forks that do not hang -----------------------------------


def test_a_released_postgres_lease_is_free_at_once(postgres_url):
    """Unlocked before its connection closes (the flaky contract test's cause)."""
    store = fw.PostgresLedger(postgres_url)
    for _ in range(20):
        lease = store.try_lease(JOB, MODEL)
        assert lease is not None
        lease.release()
    store.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgres"])
def test_a_child_forked_while_a_ledger_call_held_the_lock_does_not_hang(kind, tmp_path, request):
    import os
    import signal

    url = request.getfixturevalue("postgres_url") if kind == "postgres" else None
    store = fw.PostgresLedger(url) if url else fw.SQLiteLedger(tmp_path / "steps.db")
    store.get(JOB, MODEL)  # connected
    store._lock.acquire()  # as if another thread were inside a ledger call at the fork
    pid = os.fork()
    if pid == 0:
        signal.alarm(20)  # a hang ends the child (and fails the test), never the suite
        try:
            store.get(JOB, MODEL)
            os._exit(0)
        except BaseException:
            os._exit(1)
    store._lock.release()
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    store.close()


def test_a_postgres_lease_dies_with_its_holder_even_if_the_holder_forked(postgres_url, tmp_path):
    """The child's copy of the lease's socket must not keep the lock after the parent dies."""
    import os
    import signal
    import subprocess
    import sys
    import textwrap
    import time

    script = textwrap.dedent(
        f"""
        import os, sys, time
        import fireworks_rft as fw
        store = fw.PostgresLedger({postgres_url!r})
        lease = store.try_lease({JOB!r}, {MODEL!r})
        child = os.fork()
        if child == 0:
            time.sleep(120)  # lives on; killed by the test
            os._exit(0)
        print(child, flush=True)
        sys.stdin.read()  # held until the test kills this process
        """
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    child = int(holder.stdout.readline())
    store = fw.PostgresLedger(postgres_url)
    try:
        assert store.try_lease(JOB, MODEL) is None  # held by the parent
        holder.send_signal(signal.SIGKILL)
        holder.wait()
        lease = None
        for _ in range(300):  # the server notices the closed socket: bounded, not timed
            lease = store.try_lease(JOB, MODEL)
            if lease is not None:
                break
            time.sleep(0.1)
        assert lease is not None, "the forked child kept its parent's lease"
        lease.release()
    finally:
        os.kill(child, signal.SIGKILL)
        holder.stdin.close()
        holder.stdout.close()
        store.close()


def test_an_open_reader_never_makes_a_sqlite_write_wait(tmp_path):
    """A `sqlite3` shell in a transaction (or a long `steps`) pins the WAL: writes go on."""
    import sqlite3

    store = fw.SQLiteLedger(tmp_path / "steps.db")
    _row_in(store, MODEL, fw.StepState.SENDING)
    reader = sqlite3.connect(tmp_path / "steps.db")
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM steps").fetchone()  # a snapshot, held open
    done = threading.Event()

    def write() -> None:
        store.update(JOB, MODEL, fw.StepState.ACCEPTED, expected=fw.StepState.SENDING, now=2.0)
        done.set()

    writer = threading.Thread(target=write)
    writer.start()
    finished = done.wait(15)  # the busy timeout is 30 s: a write that waited would miss this
    reader.rollback()
    writer.join()
    reader.close()
    assert finished, "a write waited for a reader"
    copy = tmp_path / "copy.db"  # the reader is gone: the next write leaves the file whole
    _row_in(store, "accounts/acct/models/m2", fw.StepState.SENDING)
    copy.write_bytes((tmp_path / "steps.db").read_bytes())
    assert len(fw.SQLiteLedger(copy, read_only=True).records()) == 2
    store.close()


# -- a ledger URL's password never reaches the screen --------------------------------------------

PASSWORDS = ["s3cret", "p@ss/w?rd#x", "pa%2Fss%40w0rd", "per%cent"]


@pytest.mark.parametrize("password", PASSWORDS)
def test_a_ledger_urls_password_is_masked_as_libpq_parses_it(password):
    from urllib.parse import unquote

    from fireworks_rft._config import masked_text, masked_url

    url = f"postgresql://rft:{password}@db.internal:5432/steps?sslmode=require"
    shown = masked_url(url)
    assert password not in shown and unquote(password) not in shown
    assert shown.endswith("db.internal:5432/steps?sslmode=require")
    query = f"postgresql://db/steps?user=rft&password={password}"
    assert password not in masked_url(query) and "password=***" in masked_url(query)
    message = f"could not connect to {url}: password {unquote(password)} rejected"
    assert unquote(password) not in masked_text(message, url) and password not in masked_text(
        message, url
    )


@pytest.mark.parametrize(
    "command", [["steps"], ["train-step", "job-1", "--dataset", "d", "--output-model", "m"]]
)
def test_the_cli_never_shows_a_ledger_password(command, capsys, monkeypatch):
    import socket

    from fireworks_rft.cli import main

    with socket.socket() as probe:  # a loopback port nobody listens on: refused
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv("FIREWORKS_API_KEY", "k")
    monkeypatch.setenv("FIREWORKS_ACCOUNT_ID", "acct")
    url = f"postgresql://rft:p%40ss%2Fw0rd@127.0.0.1:{port}/steps?connect_timeout=2"
    assert main([*command, "--ledger", url]) == 1  # unavailable: an operational failure
    err = capsys.readouterr().err
    assert "p%40ss" not in err and "p@ss/w0rd" not in err and "unavailable" in err


# -- a step that certainly never ran leaves its output model free --------------------------------


def test_forget_removes_only_a_step_that_never_ran_and_keeps_its_token(any_store):
    _row_in(any_store, MODEL, fw.StepState.NOT_SENT)
    _row_in(any_store, "accounts/acct/models/kept", fw.StepState.ACCEPTED)
    before = any_store.try_lease(JOB, MODEL)
    before.release()
    assert any_store.forget(JOB, MODEL).state is fw.StepState.NOT_SENT
    assert any_store.get(JOB, MODEL) is None
    assert any_store.forget(JOB, "accounts/acct/models/kept").state is fw.StepState.ACCEPTED
    assert any_store.get(JOB, "accounts/acct/models/kept") is not None  # may have run: kept
    assert any_store.forget(JOB, "accounts/acct/models/never") is None
    after = any_store.try_lease(JOB, MODEL)
    assert after.token > before.token  # the token goes on: older holders stay fenced out
    after.release()


def test_steps_forget_on_the_command_line(fake_gateway, tmp_path, monkeypatch, capsys):
    from fireworks_rft.cli import main

    clock, _ = virtual_time()
    fake_gateway.reset(step_seconds=4.0, clock=clock, default_account="acct", known_jobs=[])
    fake_gateway.add_job(JOB)
    monkeypatch.setenv("FIREWORKS_API_KEY", fake_gateway.api_key)
    monkeypatch.setenv("FIREWORKS_ACCOUNT_ID", "acct")
    monkeypatch.setenv("FIREWORKS_BASE_URL", fake_gateway.url)
    ledger = str(tmp_path / "steps.db")
    step = ["train-step", "--dataset", "d1", "--output-model", "m1", "--ledger", ledger]
    assert main([*step[:1], "job-typo", *step[1:]]) == 1  # 404: refused before it ran
    assert "not_sent" in [r.state for r in fw.SQLiteLedger(ledger).records()]
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["steps", "forget", "job-typo", "m1", "--ledger", ledger]) == 2  # asks first
    assert main(["steps", "forget", "job-typo", "m1", "--ledger", ledger, "--yes"]) == 0
    assert "its output model is free" in capsys.readouterr().out
    assert fw.SQLiteLedger(ledger).records() == []
    assert main([*step[:1], "job-1", *step[1:]]) == 0  # the corrected command is sent
    assert main(["steps", "forget", "job-1", "m1", "--ledger", ledger, "--yes"]) == 2
    assert "kept: the ledger holds" in capsys.readouterr().err


def test_a_ready_step_whose_model_was_deleted_answers_at_once(any_store, fake_gateway, mode):
    """One read, never a wait of the whole timeout; a deleting loop can go on."""
    from ..support.runner import captured, drive, new_client

    clock, timing = virtual_time()
    fake_gateway.reset(step_seconds=4.0, clock=clock, default_account="acct")
    fake_gateway.add_job(JOB)

    def run(call):
        client = new_client(
            mode,
            base_url=fake_gateway.url,
            api_key=fake_gateway.api_key,
            account_id="acct",
            ledger=any_store,
            _timing=timing,
        )
        return drive(client, captured(call))

    step = lambda c: c.run_step("job-1", dataset="d1", output_model="m1")  # noqa: E731
    assert isinstance(run(step), fw.CompletedStep)
    before = len(fake_gateway.requests)
    again = run(step)  # READY: one poll (the model, the job), nothing else
    assert isinstance(again, fw.CompletedStep) and again.model.state == "READY"
    assert again.job is not None and again.polls == 1
    read = [r.operation_id for r in fake_gateway.requests[before:]]
    assert read == ["Gateway_GetModel", "Gateway_GetRlorTrainerJob"]
    run(lambda c: c.delete_model("m1"))
    before = len(fake_gateway.requests)
    gone = run(step)
    assert isinstance(gone, fw.OutputModelGoneError) and gone.record.state is fw.StepState.READY
    assert isinstance(gone, fw.WaitFailedError) and "m1" in str(gone)
    assert [r.operation_id for r in fake_gateway.requests[before:]] == [
        "Gateway_GetModel"
    ]  # at once
    assert len(fake_gateway.steps) == 1  # never sent again
