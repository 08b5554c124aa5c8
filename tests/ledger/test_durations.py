"""A duration for every finished row: steps, promotions and LoRA loads, on one clock each."""

from __future__ import annotations

import time
from typing import Any

import pytest

import fireworks_rft as fw
from fireworks_rft import StepState
from fireworks_rft._ledger import Finish

from ..support.fakes import virtual_time
from ..support.runner import captured, drive, new_client

ACCOUNT = "acct"
BASE = "accounts/fireworks/models/qwen3-8b"
JOB = f"accounts/{ACCOUNT}/rlorTrainerJobs/job-1"
STEP_SECONDS, PROMOTE_SECONDS, DEPLOY_SECONDS = 4.0, 10.0, 6.0


@pytest.fixture
def gw(fake_gateway):
    clock, timing = virtual_time()
    fake_gateway.reset(
        step_seconds=STEP_SECONDS,
        promote_seconds=PROMOTE_SECONDS,
        deploy_seconds=DEPLOY_SECONDS,
        clock=clock,
        default_account=ACCOUNT,
    )
    fake_gateway.add_job("job-1")
    fake_gateway.timing = timing
    return fake_gateway


def run(mode: str, gw, store, call) -> Any:
    client = new_client(
        mode,
        base_url=gw.url,
        api_key=gw.api_key,
        account_id=ACCOUNT,
        ledger=store,
        _timing=gw.timing,
    )
    return drive(client, captured(call))


def loop(client):
    """A step, its promotion and the load of its LoRA, each waited for."""
    if isinstance(client, fw.AsyncClient):

        async def go():
            done = await client.run_step("job-1", dataset="d", output_model="s1")
            model = await client.promote_checkpoint(
                f"{JOB}/checkpoints/1", output_model="best", base_model=BASE
            )
            await client.wait_for_model(model)
            loaded = await client.load_lora(done.model.name, deployment="dep")
            return await client.wait_for_deployed_model(loaded)

        return go()
    done = client.run_step("job-1", dataset="d", output_model="s1")
    model = client.promote_checkpoint(f"{JOB}/checkpoints/1", output_model="best", base_model=BASE)
    client.wait_for_model(model)
    loaded = client.load_lora(done.model.name, deployment="dep")
    return client.wait_for_deployed_model(loaded)


def test_steps_promotions_and_loads_finish_with_the_servers_durations(mode, any_store, gw):
    deployed = run(mode, gw, any_store, loop)
    assert deployed.state == "DEPLOYED", deployed
    rows = {r.kind: r for r in any_store.records()}
    assert set(rows) == {"step", "promotion", "lora_load"}
    expected = {"step": STEP_SECONDS, "promotion": PROMOTE_SECONDS, "lora_load": DEPLOY_SECONDS}
    for kind, row in rows.items():
        assert row.state is StepState.READY, (kind, row)  # loads and promotions finish too
        assert row.finished_at is not None and row.duration_source == "server", (kind, row)
        assert row.duration == pytest.approx(expected[kind]), kind
        assert row.trusted_duration == row.duration


def test_a_promoted_model_that_is_gone_leaves_its_promotion_failed(any_store, gw):
    def promote_delete_wait(client):
        model = client.promote_checkpoint(
            f"{JOB}/checkpoints/1", output_model="best", base_model=BASE
        )
        client.delete_model(model)
        return client.wait_for_model(model)

    run("sync", gw, any_store, lambda c: c.run_step("job-1", dataset="d", output_model="s1"))
    failed = run("sync", gw, any_store, promote_delete_wait)
    assert isinstance(failed, fw.WaitFailedError)
    (row,) = [r for r in any_store.records() if r.kind == "promotion"]
    assert row.state is StepState.FAILED and row.error and "best" in row.error
    assert row.finished_at is not None and row.duration is not None  # every finish has one


def send(store, model: str, now: float):
    lease = store.try_lease(JOB, model)
    store.begin_send(JOB, model, "d", expected=None, now=now, lease=lease)
    store.update(JOB, model, StepState.ACCEPTED, expected=StepState.SENDING, now=now, lease=lease)
    lease.release()


@pytest.mark.parametrize(
    ("finish", "duration", "error", "trusted"),
    [
        # The read before saw it unfinished 2 s before the read that saw it READY.
        (Finish(unfinished_ago=2.0), 99.0, 1.0, True),
        # The first read saw it READY (a driver was down 100 s): bracketed by the accept.
        (Finish(), 50.0, 50.0, False),
        # The server's own times win, whatever the ledger's clock says.
        (
            Finish(unfinished_ago=2.0, server_started_at=5.0, server_finished_at=35.0),
            30.0,
            0.0,
            True,
        ),
    ],
)
def test_a_finish_is_bracketed_and_says_how_sure_it_is(tmp_path, finish, duration, error, trusted):
    """On SQLite, whose store records the caller's clock (PostgreSQL records its own: the
    end-to-end test above covers it)."""
    store = fw.SQLiteLedger(tmp_path / "steps.db")
    send(store, "accounts/acct/models/m", 1000.0)
    ready = store.update(
        JOB,
        "accounts/acct/models/m",
        StepState.READY,
        expected=StepState.ACCEPTED,
        now=1100.0,
        finish=finish,
    )
    assert ready.duration == pytest.approx(duration, abs=0.5)
    assert ready.duration_error == pytest.approx(error, abs=0.5)
    assert (ready.trusted_duration is not None) is trusted
    store.close()


def test_predictions_use_only_trusted_step_durations(tmp_path):
    """A finish first seen after a driver was down (untrusted) never predicts the next step."""
    store = fw.SQLiteLedger(tmp_path / "steps.db")
    for index, finish in enumerate([Finish(unfinished_ago=1.0), Finish()]):
        model = f"accounts/acct/models/m{index}"
        send(store, model, 1000.0)
        store.update(
            JOB, model, StepState.READY, expected=StepState.ACCEPTED, now=1030.0, finish=finish
        )
    with fw.Client(api_key="k", account_id=ACCOUNT, ledger=store) as client:
        durations, _ = client._recorded_history(JOB, "accounts/acct/models/next")
    assert durations == [pytest.approx(29.5)]  # the bracketed one only, not the 15 +- 15
    store.close()


class CountingStore:
    """A store that counts the rows its listings return."""

    def __init__(self, store):
        self.store, self.rows_read = store, 0

    def records(self, *args, **kwargs):
        found = self.store.records(*args, **kwargs)
        self.rows_read += len(found)
        return found

    def __getattr__(self, name):
        return getattr(self.store, name)


def test_a_long_loops_prediction_reads_only_its_newest_steps(tmp_path):
    """Step 100 of a loop reads as few rows as step 30 did, and predicts from the newest."""
    store = fw.SQLiteLedger(tmp_path / "steps.db")
    counting = CountingStore(store)
    with fw.Client(api_key="k", account_id=ACCOUNT, ledger=counting) as client:
        limit = client._history.MAX_DURATIONS
        reads = []
        for index in range(100):
            model = f"accounts/acct/models/m{index}"
            send(store, model, 1000.0 + index)
            store.update(  # step n took n + 1 s (bracketed within 0.5 s: trusted)
                JOB, model, StepState.READY, expected=StepState.ACCEPTED,
                now=1001.0 + 2 * index, finish=Finish(unfinished_ago=1.0),
            )  # fmt: skip
            before = counting.rows_read
            durations, _ = client._recorded_history(JOB, "accounts/acct/models/next")
            reads.append(counting.rows_read - before)
        assert durations == [pytest.approx(n + 0.5) for n in range(100 - limit, 100)]
        assert max(reads) == reads[-1] == limit  # bounded, whatever the loop's length
        # An older step's wait (not among the newest rows) still finds its accept.
        _, since = client._recorded_history(JOB, "accounts/acct/models/m3")
        _, never = client._recorded_history(JOB, "accounts/acct/models/never-sent")
    assert since == pytest.approx(time.time() - 1003.0, abs=60.0) and never is None
    store.close()


#: Each state a wait may find its step's row in, and the state recording READY leaves.
_FINISH_FROM = {
    StepState.SENDING: StepState.READY,  # a wait saw its output model READY: it ran
    StepState.ACCEPTED: StepState.READY,
    StepState.UNKNOWN: StepState.READY,
    StepState.NOT_SENT: StepState.NOT_SENT,  # certainly never sent: left alone
    StepState.READY: StepState.READY,  # recorded once
    StepState.FAILED: StepState.FAILED,
}


def test_a_finish_is_recorded_from_every_unfinished_state_and_only_once(any_store):
    """A wait records READY with a compare-and-set from ``accepted`` first (no read), then
    from the state the store answered: every state it may move from gets there, and a row
    finished already, certainly never sent, or not the ledger's is left as it is."""
    from fireworks_rft._ledger_runs import record_finish

    moves = {  # how each state is reached from a row being sent
        StepState.ACCEPTED: [StepState.ACCEPTED],
        StepState.UNKNOWN: [StepState.UNKNOWN],
        StepState.NOT_SENT: [StepState.NOT_SENT],
        StepState.READY: [StepState.ACCEPTED, StepState.READY],
        StepState.FAILED: [StepState.ACCEPTED, StepState.FAILED],
    }
    for index, (start, expected) in enumerate(_FINISH_FROM.items()):
        model = f"accounts/{ACCOUNT}/models/m{index}"
        lease = any_store.try_lease(JOB, model)
        any_store.begin_send(JOB, model, "d", expected=None, now=1.0, lease=lease)
        lease.release()
        state = StepState.SENDING
        for move in moves.get(start, []):
            any_store.update(JOB, model, move, expected=state, now=2.0)
            state = move
        before = any_store.get(JOB, model)
        assert before.state is start
        found = record_finish(any_store, JOB, model, StepState.READY, now=3.0)
        after = any_store.get(JOB, model)
        assert after.state is expected and found == after, start
        if start is expected:  # left as it was: nothing written
            assert after.updated_at == before.updated_at and after.seq == before.seq, start
    assert (
        record_finish(any_store, JOB, "accounts/acct/models/never", StepState.READY, now=3.0)
        is None
    )
