"""execute_train_step with a ledger, ensure_step_sent and run_step, on the emulator, sync and async.

Virtual time (one ManualClock for the emulator and the client) drives every wait, reconcile
and lease poll: nothing sleeps, and every decision is reached the same way on any machine.
"""

from __future__ import annotations

import inspect
import time
from pathlib import Path

import httpx
import pytest

import fireworks_rft as fw
from fireworks_rft import SQLiteLedger, StepState
from fireworks_rft._ledger_runs import RecordedDurations
from fireworks_rft.testing import FakeGateway, ScriptedResponse

from ..support.fakes import API_KEY, virtual_time
from ..support.runner import captured, drive, new_client

JOB = "accounts/acct/rlorTrainerJobs/job-1"
MODEL = "accounts/acct/models/m1"
DATASET = "accounts/acct/datasets/d1"
STEP = "Gateway_ExecuteRlorTrainStep"


@pytest.fixture
def timing(fake_gateway):
    clock, timing = virtual_time()
    fake_gateway.reset(step_seconds=4.0, clock=clock, default_account="acct")
    fake_gateway.add_job(JOB)
    return timing


@pytest.fixture
def ledger_path(tmp_path: Path) -> Path:
    return tmp_path / "steps.db"


def run(mode, gw: FakeGateway, timing, ledger, call):
    """``call(client)`` on a fresh client of ``mode`` with ``ledger``; its result or error."""
    client = new_client(
        mode,
        base_url=gw.url,
        api_key=gw.api_key,
        account_id="acct",
        ledger=ledger,
        _timing=timing,
    )
    return drive(client, captured(call))


def posts(gw: FakeGateway) -> int:
    return [r.operation_id for r in gw.requests].count(STEP)


def send(client):
    return client.execute_train_step("job-1", dataset="d1", output_model="m1")


def run_step(client, **kwargs):
    options = {"reconcile_grace": 10.0, "poll_interval": 1.0, **kwargs}
    return client.run_step("job-1", dataset="d1", output_model="m1", **options)


def record(ledger_path: Path):
    store = SQLiteLedger(ledger_path)
    try:
        return store.get(JOB, MODEL)
    finally:
        store.close()


# -- execute_train_step --------------------------------------------------------------------


def test_a_recorded_step_is_refused_before_anything_is_sent(
    mode, fake_gateway, timing, ledger_path
):
    first = run(mode, fake_gateway, timing, ledger_path, send)
    assert isinstance(first, fw.TrainStepResult)
    row = record(ledger_path)
    assert row.state is StepState.ACCEPTED and row.sends == 1
    assert row.dataset == DATASET and row.request_id == first.request_id
    assert row.accepted_at is not None and row.owner

    again = run(mode, fake_gateway, timing, ledger_path, send)
    assert isinstance(again, fw.StepAlreadySentError)
    assert again.state == "accepted" and again.record == row
    assert "run_step" in str(again) and "force=True" in str(again)
    assert posts(fake_gateway) == 1 and len(fake_gateway.steps) == 1

    forced = run(
        mode,
        fake_gateway,
        timing,
        ledger_path,
        lambda c: c.execute_train_step("job-1", dataset="d1", output_model="m1", force=True),
    )
    assert isinstance(forced, fw.TrainStepResult)
    assert len(fake_gateway.steps) == 2 and record(ledger_path).sends == 2


def test_the_row_is_committed_before_the_request_leaves(mode, ledger_path):
    seen: list[object] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(record(ledger_path))  # another connection, as another process would see it
        return httpx.Response(200, json={})

    http_class = httpx.Client if mode == "sync" else httpx.AsyncClient
    client = new_client(
        mode,
        api_key=API_KEY,
        account_id="acct",
        ledger=ledger_path,
        http_client=http_class(transport=httpx.MockTransport(handler)),
    )
    drive(client, send)
    (during,) = seen
    assert during is not None and during.state is StepState.SENDING and during.sends == 1
    assert record(ledger_path).state is StepState.ACCEPTED


@pytest.mark.parametrize(
    ("scripted", "state", "sendable"),
    [
        (ScriptedResponse(status=400), StepState.NOT_SENT, True),
        (ScriptedResponse(status=503), StepState.NOT_SENT, True),
        (ScriptedResponse(drop=True, executes=True), StepState.UNKNOWN, False),
        (ScriptedResponse(status=500, executes=False), StepState.UNKNOWN, False),
    ],
)
def test_a_failed_send_is_recorded_as_the_error_says(
    mode, fake_gateway, timing, ledger_path, scripted, state, sendable
):
    fake_gateway.script(scripted)
    failed = run(
        mode,
        fake_gateway,
        timing,
        ledger_path,
        lambda c: c.with_options(max_retries=0).execute_train_step(
            "job-1", dataset="d1", output_model="m1"
        ),
    )
    assert isinstance(failed, fw.APIError)
    row = record(ledger_path)
    assert row.state is state and row.error and type(failed).__name__ in row.error
    again = run(mode, fake_gateway, timing, ledger_path, send)
    if sendable:
        assert isinstance(again, fw.TrainStepResult)
        assert record(ledger_path).state is StepState.ACCEPTED
    else:
        assert isinstance(again, fw.StepAlreadySentError) and again.state == "unknown"
        assert "may have run" in str(again)


def test_force_must_be_a_bool(mode, fake_gateway, timing, ledger_path):
    with pytest.raises(TypeError, match="force must be a bool"):
        run(
            mode,
            fake_gateway,
            timing,
            ledger_path,
            lambda c: c.execute_train_step("job-1", dataset="d1", output_model="m1", force="yes"),
        )
    assert fake_gateway.requests == [] and record(ledger_path) is None


# -- run_step --------------------------------------------------------------------------------


def test_run_step_sends_once_waits_and_records_ready(mode, fake_gateway, timing, ledger_path):
    done = run(mode, fake_gateway, timing, ledger_path, run_step)
    assert isinstance(done, fw.CompletedStep) and done.model.state == "READY"
    row = record(ledger_path)
    assert row.state is StepState.READY and row.sends == 1
    # The emulator's step takes 4 s: both ends from the server (createTime, updateTime).
    assert row.duration == pytest.approx(4.0) and row.duration_source == "server"
    # On the ledger's clock, the finish is bracketed by the poll before and the one that saw
    # it, and the bracket holds the true finish.
    assert done.lag_estimate > 0 and row.unfinished_at is not None
    assert row.finished_at - row.unfinished_at == pytest.approx(2 * done.lag_estimate)
    assert row.unfinished_at <= row.accepted_at + 4.0 <= row.finished_at

    reads_before = len(fake_gateway.requests)
    again = run(mode, fake_gateway, timing, ledger_path, run_step)
    assert isinstance(again, fw.CompletedStep) and again.polls == 1  # READY: at once
    assert again.lag_estimate == 0.0  # no poll before it: nothing to estimate from
    assert posts(fake_gateway) == 1 and len(fake_gateway.steps) == 1
    assert len(fake_gateway.requests) - reads_before == 2  # one poll: model and job


class CountedStore:
    """A SQLite store that counts its calls (a lease's release is the lease's own)."""

    def __init__(self, path: Path):
        self.store, self.calls = SQLiteLedger(path), []

    def now(self) -> float:
        """A clock of its own, as PostgreSQL's store has (a query each time)."""
        self.calls.append("now")
        return 0.0

    def __getattr__(self, name):
        found = getattr(self.store, name)
        if not callable(found):
            return found

        def counted(*args, **kwargs):
            self.calls.append(name)
            return found(*args, **kwargs)

        return counted


def test_a_step_costs_seven_ledger_calls(mode, fake_gateway, timing, ledger_path):
    """Each read is made once: the output model's rows hold the step's own (no second read
    before the lease), the write of the accept is the record returned (no read after the
    send), the wait reads the job's newest rows only, and its finish is one compare-and-set
    from ``accepted`` (no read first). The database's clock is not read: this client saw
    the accept. It made twelve calls and read that clock in 0.4.0; eight since."""
    store = CountedStore(ledger_path)
    done = run(mode, fake_gateway, timing, store, run_step)
    assert isinstance(done, fw.CompletedStep)
    assert sorted(store.calls) == sorted(
        ["records", "try_lease", "get", "begin_send", "update",  # sent once, under its lease
         "records", "update"]  # the wait: its history, then its finish
    )  # fmt: skip
    store.store.close()


def test_a_loops_next_step_reads_nothing_for_its_prediction(
    mode, fake_gateway, timing, ledger_path
):
    """The wait of a loop's second step predicts from the durations its client keeps (read
    at its first wait, then kept with each finish it records): six ledger calls, not seven,
    and the same durations a fresh read of the ledger gives."""
    store = CountedStore(ledger_path)
    clients, marks = [], []

    def second(client):
        marks.append(len(store.calls))
        return client.run_step(
            "job-1", dataset="d2", output_model="m2", reconcile_grace=10.0, poll_interval=1.0
        )

    def two_steps(client):
        clients.append(client)
        first = run_step(client)
        if not inspect.isawaitable(first):
            return second(client)

        async def both():
            await first
            return await second(client)

        return both()

    done = run(mode, fake_gateway, timing, store, two_steps)
    assert isinstance(done, fw.CompletedStep)
    assert sorted(store.calls[marks[0] :]) == sorted(
        ["records", "try_lease", "get", "begin_send", "update", "update"]
    )
    kept, _ = clients[0]._durations.read(store.store, JOB, "m3", seen=True, wall_clock=time.time)
    fresh, _ = RecordedDurations(20).read(store.store, JOB, "m3", seen=True, wall_clock=time.time)
    assert kept == fresh and fresh is not None and len(fresh) == 2
    store.store.close()


def test_run_step_only_waits_for_an_accepted_step(mode, fake_gateway, timing, ledger_path):
    run(mode, fake_gateway, timing, ledger_path, send)
    done = run(mode, fake_gateway, timing, ledger_path, run_step)
    assert isinstance(done, fw.CompletedStep)
    assert posts(fake_gateway) == 1 and record(ledger_path).state is StepState.READY


def test_a_lost_answer_of_a_step_that_ran_is_reconciled_not_resent(
    mode, fake_gateway, timing, ledger_path
):
    fake_gateway.script(ScriptedResponse(drop=True, executes=True))
    done = run(mode, fake_gateway, timing, ledger_path, run_step)
    assert isinstance(done, fw.CompletedStep) and done.model.state == "READY"
    assert posts(fake_gateway) == 1 and len(fake_gateway.steps) == 1
    assert record(ledger_path).state is StepState.READY and record(ledger_path).sends == 1


def test_a_lost_step_that_never_ran_is_sent_after_the_grace(
    mode, fake_gateway, timing, ledger_path
):
    fake_gateway.script(ScriptedResponse(drop=True, executes=False))
    started = timing.clock()
    done = run(mode, fake_gateway, timing, ledger_path, run_step)
    assert isinstance(done, fw.CompletedStep)
    assert posts(fake_gateway) == 2 and len(fake_gateway.steps) == 1
    assert record(ledger_path).sends == 2 and record(ledger_path).state is StepState.READY
    executed = fake_gateway.steps[0].time - started
    assert executed >= 10.0  # not before the model was absent for the whole grace


def test_a_step_whose_sender_died_is_reconciled(mode, fake_gateway, timing, ledger_path):
    store = SQLiteLedger(ledger_path)
    lease = store.try_lease(JOB, MODEL)
    store.begin_send(JOB, MODEL, DATASET, expected=None, now=0.0, lease=lease)  # a row left SENDING
    lease.release()  # its sender died: its lease is free
    store.close()
    done = run(mode, fake_gateway, timing, ledger_path, run_step)
    assert isinstance(done, fw.CompletedStep)
    assert posts(fake_gateway) == 1  # the check found no model: sent once, after the grace
    assert record(ledger_path).sends == 2


def test_a_step_a_live_process_is_sending_is_never_touched(mode, fake_gateway, timing, ledger_path):
    other = SQLiteLedger(ledger_path)  # another holder: its own flock, as another process
    lease = other.try_lease(JOB, MODEL)
    assert lease is not None
    other.begin_send(JOB, MODEL, DATASET, expected=None, now=0.0, lease=lease)
    try:
        refused = run(mode, fake_gateway, timing, ledger_path, send)
        assert isinstance(refused, fw.StepAlreadySentError) and refused.state == "sending"
        waited = run(mode, fake_gateway, timing, ledger_path, lambda c: run_step(c, timeout=5.0))
        assert isinstance(
            waited, fw.StepTimeoutError
        ) and "another live process held its lease" in str(waited)
        assert fake_gateway.requests == []  # no send, and no reconcile read either
    finally:
        lease.release()
        other.close()


def test_the_same_output_model_with_another_dataset_is_refused(
    mode, fake_gateway, timing, ledger_path
):
    run(mode, fake_gateway, timing, ledger_path, send)
    other = run(
        mode,
        fake_gateway,
        timing,
        ledger_path,
        lambda c: c.run_step("job-1", dataset="d2", output_model="m1"),
    )
    assert isinstance(other, fw.StepAlreadySentError)
    assert "accounts/acct/datasets/d1" in str(other) and "new output model" in str(other)
    assert posts(fake_gateway) == 1


def test_run_step_without_a_ledger_is_refused_before_sending(mode, fake_gateway, timing):
    refused = run(mode, fake_gateway, timing, None, run_step)
    assert isinstance(refused, fw.ConfigurationError) and refused.setting == "ledger"
    assert fake_gateway.requests == []


def test_a_job_that_fails_while_reconciling_stops_without_sending(
    mode, fake_gateway, timing, ledger_path
):
    store = SQLiteLedger(ledger_path)
    lease = store.try_lease(JOB, MODEL)
    store.begin_send(JOB, MODEL, DATASET, expected=None, now=0.0, lease=lease)
    store.update(
        JOB,
        MODEL,
        StepState.UNKNOWN,
        expected=StepState.SENDING,
        now=0.0,
        error="lost",
        lease=lease,
    )
    lease.release()
    store.close()
    fake_gateway.fail_job(JOB, "trainer crashed")
    failed = run(mode, fake_gateway, timing, ledger_path, run_step)
    assert isinstance(failed, fw.StepFailedError) and "trainer crashed" in str(failed)
    assert posts(fake_gateway) == 0 and record(ledger_path).state is StepState.UNKNOWN


def test_a_step_whose_job_fails_while_waiting_is_recorded_failed(
    mode, fake_gateway, timing, ledger_path
):
    run(mode, fake_gateway, timing, ledger_path, send)
    fake_gateway.fail_job(JOB, "out of memory")
    failed = run(mode, fake_gateway, timing, ledger_path, run_step)
    assert isinstance(failed, fw.StepFailedError)
    row = record(ledger_path)
    assert row.state is StepState.FAILED and "out of memory" in (row.error or "")
    assert posts(fake_gateway) == 1


def test_run_step_checks_its_arguments_before_anything_is_sent(
    mode, fake_gateway, timing, ledger_path
):
    for kwargs, error in [
        ({"reconcile_grace": 0}, ValueError),
        ({"timeout": -1}, ValueError),
        ({"reconcile_grace": "2"}, TypeError),
    ]:
        client = new_client(
            mode,
            base_url=fake_gateway.url,
            api_key=fake_gateway.api_key,
            account_id="acct",
            ledger=ledger_path,
        )
        with pytest.raises(error, match="reconcile_grace|timeout"):
            drive(client, lambda c, kw=kwargs: run_step(c, **kw))
    assert fake_gateway.requests == [] and record(ledger_path) is None


def test_a_client_closes_the_ledger_it_opened_but_not_one_it_was_given(ledger_path):
    mine = SQLiteLedger(ledger_path)
    with fw.Client(api_key=API_KEY, ledger=mine) as client:
        assert client.ledger is mine
    assert mine.get(JOB, MODEL) is None  # still usable
    with fw.Client(api_key=API_KEY, ledger=str(ledger_path)) as client:
        opened = client.ledger
        assert isinstance(opened, SQLiteLedger) and opened.path == ledger_path.resolve()
        assert client.with_options(timeout=3).ledger is opened
    with pytest.raises(TypeError, match="ledger must be a path"):
        fw.Client(api_key=API_KEY, ledger=42)  # type: ignore[arg-type]
    mine.close()


def test_ensure_step_sent_sends_once_and_does_not_wait(mode, fake_gateway, timing, ledger_path):
    def ensure(client):
        return client.ensure_step_sent("job-1", dataset="d1", output_model="m1")

    first = run(mode, fake_gateway, timing, ledger_path, ensure)
    assert isinstance(first, fw.StepRecord) and first.state is StepState.ACCEPTED
    assert first.output_model == MODEL and first.sends == 1
    second = run(mode, fake_gateway, timing, ledger_path, ensure)
    assert second == first  # read from the ledger: nothing sent, nothing changed
    assert posts(fake_gateway) == 1
    assert [r.operation_id for r in fake_gateway.requests] == [STEP]  # no reads: no wait
