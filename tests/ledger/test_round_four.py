"""Reliability round four: the ledger and the loop methods under faults, sync and async.

Each test reproduces a defect found by trying the SDK as a user would, and fails without
its fix. Virtual time drives every wait; real processes only where a lease must outlive one.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import fireworks_rft as fw
from fireworks_rft import SQLiteLedger, StepState
from fireworks_rft.testing import FakeGateway, ScriptedResponse

from ..support.fakes import ROOT, virtual_time
from ..support.runner import captured, drive, new_client

JOB = "accounts/acct/rlorTrainerJobs/job-1"
MODEL = "accounts/acct/models/m1"
STEP = "Gateway_ExecuteRlorTrainStep"


@pytest.fixture
def timing(fake_gateway):
    clock, timing = virtual_time()
    fake_gateway.reset(step_seconds=4.0, clock=clock, default_account="acct")
    fake_gateway.add_job(JOB)
    return timing


def run(mode, gw: FakeGateway, timing, ledger, call):
    client = new_client(
        mode, base_url=gw.url, api_key=gw.api_key, account_id="acct", ledger=ledger, _timing=timing
    )
    return drive(client, captured(call))


def posts(gw: FakeGateway) -> int:
    return [r.operation_id for r in gw.requests].count(STEP)


def run_step(job: str = "job-1", model: str = "m1", **options):
    options = {"reconcile_grace": 10.0, "poll_interval": 1.0, **options}
    return lambda c: c.run_step(job, dataset="d1", output_model=model, **options)


# -- 1. one output model names one step ------------------------------------------------------


def test_an_output_model_of_another_step_is_refused_before_sending(
    mode, fake_gateway, timing, tmp_path
):
    ledger = tmp_path / "steps.db"
    fake_gateway.add_job("job-2")
    first = run(mode, fake_gateway, timing, ledger, run_step("job-1", "policy-0000"))
    assert isinstance(first, fw.CompletedStep)
    before = posts(fake_gateway)
    second = run(mode, fake_gateway, timing, ledger, run_step("job-2", "policy-0000"))
    assert isinstance(second, fw.StepAlreadySentError)
    assert "already names the step on accounts/acct/rlorTrainerJobs/job-1" in str(second)
    assert posts(fake_gateway) == before  # nothing sent
    plain = run(
        mode,
        fake_gateway,
        timing,
        ledger,
        lambda c: c.execute_train_step(
            "job-2", dataset="d", output_model="policy-0000", force=True
        ),
    )
    assert isinstance(plain, fw.StepAlreadySentError) and posts(fake_gateway) == before


def test_a_model_older_than_the_step_proves_nothing(mode, fake_gateway, timing, tmp_path):
    """A lost answer, and an output model that existed before the step was recorded."""
    clock = fake_gateway.clock
    ledger = tmp_path / "steps.db"
    fake_gateway.add_job("job-old")
    drive(  # an earlier run, without this ledger, made the model
        new_client(
            mode,
            base_url=fake_gateway.url,
            api_key=fake_gateway.api_key,
            account_id="acct",
            _timing=timing,
        ),
        lambda c: c.execute_train_step("job-old", dataset="d", output_model="m1"),
    )
    clock.advance(3600.0)  # type: ignore[attr-defined]
    fake_gateway.script(ScriptedResponse(drop=True, executes=False, operation_id=STEP))
    outcome = run(mode, fake_gateway, timing, ledger, run_step())
    assert isinstance(outcome, fw.StepAlreadySentError)
    assert "proves nothing" in str(outcome)
    store = SQLiteLedger(ledger)
    assert store.get(JOB, MODEL).state is StepState.UNKNOWN
    store.close()


# -- 2. the main file is the whole ledger ------------------------------------------------------


def test_a_copy_of_the_ledger_file_alone_holds_every_step(mode, fake_gateway, timing, tmp_path):
    ledger = tmp_path / "steps.db"
    for model in ("m1", "m2", "m3"):
        assert isinstance(
            run(mode, fake_gateway, timing, ledger, run_step(model=model)), fw.CompletedStep
        )
    copy = tmp_path / "elsewhere" / "steps.db"
    copy.parent.mkdir()
    shutil.copy(ledger, copy)  # as anyone would: the file, not its -wal and -shm
    assert not Path(f"{copy}-wal").exists()
    store = SQLiteLedger(copy, read_only=True)
    assert [r.state for r in store.records()] == [StepState.READY] * 3
    store.close()


# -- 3. a forked child does not hold its parent's leases -------------------------------------


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX-only")
def test_a_lease_dies_with_its_holder_even_after_a_fork(tmp_path):
    ledger = tmp_path / "steps.db"
    holder = textwrap.dedent(
        f"""
        import os, sys, time
        from fireworks_rft import SQLiteLedger
        store = SQLiteLedger({str(ledger)!r})
        lease = store.try_lease("job", "model")
        assert lease is not None
        started, ready = os.pipe()
        if os.fork() == 0:  # the worker it forks lives on (its fork hooks have run)
            os.write(ready, b"x")
            time.sleep(60)
            os._exit(0)
        os.read(started, 1)
        print("held", flush=True)
        time.sleep(60)
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    process = subprocess.Popen(
        [sys.executable, "-c", holder],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "held"
        store = SQLiteLedger(ledger)
        assert store.try_lease("job", "model") is None  # held by the live holder
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        lease = store.try_lease("job", "model")  # its forked worker still runs
        assert lease is not None
        lease.release()
        store.close()
    finally:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        if process.stdout is not None:
            process.stdout.close()


# -- 4. a lost step on an IDLE job is reconciled -------------------------------------------


def test_a_lost_step_on_an_idle_job_is_reconciled_and_sent(mode, fake_gateway, timing, tmp_path):
    fake_gateway.set_job_state("job-1", "JOB_STATE_IDLE")
    fake_gateway.script(ScriptedResponse(drop=True, executes=False, operation_id=STEP))
    done = run(mode, fake_gateway, timing, tmp_path / "steps.db", run_step())
    assert isinstance(done, fw.CompletedStep)
    assert posts(fake_gateway) == 2  # the lost one, then once more after the grace


# -- 7. run_step's timeout bounds the send ---------------------------------------------------


def test_run_steps_timeout_bounds_the_send(mode, fake_gateway, timing, tmp_path):
    busy = ScriptedResponse(status=503, headers={"Retry-After": "4"}, operation_id=STEP)
    fake_gateway.script(busy, busy)
    clock = fake_gateway.clock
    started = clock()
    outcome = run(mode, fake_gateway, timing, tmp_path / "steps.db", run_step(timeout=2.0))
    assert isinstance(outcome, fw.FireworksError)
    assert clock() - started <= 2.0
    store = SQLiteLedger(tmp_path / "steps.db")
    assert store.get(JOB, MODEL).state is StepState.NOT_SENT
    store.close()


# -- 9. a wait records READY, without run_step --------------------------------------------


def test_a_wait_records_ready_in_the_ledger(mode, fake_gateway, timing, tmp_path):
    ledger = tmp_path / "steps.db"

    def send_then_wait(client):
        if isinstance(client, fw.AsyncClient):

            async def both():
                await client.ensure_step_sent("job-1", dataset="d1", output_model="m1")
                return await client.wait_for_step("job-1", output_model="m1")

            return both()
        client.ensure_step_sent("job-1", dataset="d1", output_model="m1")
        return client.wait_for_step("job-1", output_model="m1")

    assert isinstance(run(mode, fake_gateway, timing, ledger, send_then_wait), fw.CompletedStep)
    store = SQLiteLedger(ledger)
    record = store.get(JOB, MODEL)
    assert record.state is StepState.READY and record.duration is not None
    assert list((tmp_path / "steps.db.locks").iterdir()) == []
    store.close()


# -- 13. bare job IDs in the ledger's records ----------------------------------------------


def test_the_ledgers_records_take_a_bare_job_id(mode, fake_gateway, timing, tmp_path):
    ledger = tmp_path / "steps.db"
    run(mode, fake_gateway, timing, ledger, run_step())
    store = SQLiteLedger(ledger)
    assert [r.job for r in store.records("job-1")] == [JOB]
    assert store.records("job-2") == []
    store.close()


# -- 14. refusals say what force does ------------------------------------------------------


def test_a_refusal_of_a_lost_step_says_force_may_train_twice(mode, fake_gateway, timing, tmp_path):
    ledger = tmp_path / "steps.db"
    fake_gateway.script(ScriptedResponse(drop=True, executes=True, operation_id=STEP))
    send = lambda c: c.execute_train_step("job-1", dataset="d1", output_model="m1")  # noqa: E731
    assert isinstance(run(mode, fake_gateway, timing, ledger, send), fw.APIConnectionError)
    refused = run(mode, fake_gateway, timing, ledger, send)
    assert isinstance(refused, fw.StepAlreadySentError)
    assert "trains twice" in str(refused)


# -- 15. a finish is recorded once; a re-run does not move it ------------------------------


def test_rerunning_a_finished_loop_keeps_its_durations(mode, fake_gateway, timing, tmp_path):
    ledger = tmp_path / "steps.db"
    run(mode, fake_gateway, timing, ledger, run_step())
    store = SQLiteLedger(ledger)
    first = store.get(JOB, MODEL)
    for _ in range(3):
        fake_gateway.clock.advance(30.0)  # type: ignore[attr-defined]
        assert isinstance(run(mode, fake_gateway, timing, ledger, run_step()), fw.CompletedStep)
    again = store.get(JOB, MODEL)
    assert again.finished_at == first.finished_at and again.duration == first.duration
    store.close()


def test_the_time_a_driver_was_down_is_not_step_time(mode, fake_gateway, timing, tmp_path):
    ledger = tmp_path / "steps.db"
    sent = run(
        mode,
        fake_gateway,
        timing,
        ledger,
        lambda c: c.ensure_step_sent("job-1", dataset="d1", output_model="m1"),
    )
    assert sent.state is StepState.ACCEPTED
    fake_gateway.clock.advance(600.0)  # type: ignore[attr-defined]  # the driver was down
    assert isinstance(run(mode, fake_gateway, timing, ledger, run_step()), fw.CompletedStep)
    store = SQLiteLedger(ledger)
    record = store.get(JOB, MODEL)
    # Not 600 s: both ends from the server (the model's createTime and updateTime).
    assert record.state is StepState.READY and record.duration_source == "server"
    assert record.duration == pytest.approx(4.0)  # the step_seconds the fixture set
    store.close()
