"""wait_for_step, get_job, get_model: the step lifecycle on the emulator, sync and async."""

from __future__ import annotations

import httpx
import pytest

import fireworks_rft
from fireworks_rft.testing import FakeGateway, ScriptedResponse

from ..support.fakes import no_sleep, virtual_time
from ..support.runner import drive, new_client

JOB = "accounts/acct/rlorTrainerJobs/job-1"


@pytest.fixture
def timing(fake_gateway):
    """Virtual time shared by the emulator and the clients: waits poll without sleeping."""
    clock, timing = virtual_time()
    fake_gateway.reset(step_seconds=4.0, clock=clock, default_account="acct")
    return timing


@pytest.fixture
def gw(fake_gateway, timing):
    fake_gateway.add_job(JOB)
    return fake_gateway


def clients(gw: FakeGateway, timing=None, **kwargs):
    options = {"base_url": gw.url, "api_key": gw.api_key, "account_id": "acct", **kwargs}
    if timing is not None:
        options["_timing"] = timing
    return new_client("sync", **options), new_client("async", **options)


outcome = drive


def test_wait_through_404_uploading_ready(gw, timing):
    seen: list[fireworks_rft.StepProgress] = []

    def sync_step(client):
        step = client.execute_train_step("job-1", dataset="d", output_model="m")
        return client.wait_for_step(step, poll_interval=1.0, on_progress=seen.append)

    async def async_step(client):
        step = await client.execute_train_step("job-1", dataset="d", output_model="m")
        return await client.wait_for_step(step, poll_interval=1.0, on_progress=seen.append)

    sync, aclient = clients(gw, timing)
    done_sync, done_async = outcome(sync, sync_step), outcome(aclient, async_step)
    for done in (done_sync, done_async):
        assert done.model.state == "READY" and done.model.name == "accounts/acct/models/m"
        assert done.job.state == "JOB_STATE_RUNNING" and done.job.keep_alive is True
        assert done.polls >= 3
    states = [p.model_state for p in seen]
    # Virtual time: every state is seen, in order, whatever the machine's speed.
    assert states == [None, "UPLOADING", "READY"] * 2
    assert len(gw.steps) == 2  # one per client: waiting never sends the step again
    sent = [r.operation_id for r in gw.requests]
    assert sent.count("Gateway_ExecuteRlorTrainStep") == 2


def _wait_on(client, step_job: str = "job-1", **kwargs):
    return client.wait_for_step(step_job, output_model="m", poll_interval=1.0, **kwargs)


def test_wait_fails_with_the_jobs_message(gw, timing):
    gw.fail_job(JOB, "trainer ran out of memory", code="RESOURCE_EXHAUSTED")
    for client in clients(gw, timing):
        with pytest.raises(fireworks_rft.StepFailedError) as info:
            outcome(client, lambda c: _wait_on(c))
        error = info.value
        assert error.job_state == "JOB_STATE_FAILED"
        assert error.status_message == "trainer ran out of memory"
        assert error.status_code == "RESOURCE_EXHAUSTED"
        assert error.job == JOB and error.output_model == "accounts/acct/models/m"
        assert "not sent again" in str(error)
        assert isinstance(error, fireworks_rft.FireworksError)
    assert gw.steps == []


def test_wait_times_out_with_the_last_states(gw, timing):
    gw.set_job_state(JOB, "JOB_STATE_PENDING")
    for client in clients(gw, timing):
        started = timing.clock()
        with pytest.raises(fireworks_rft.StepTimeoutError) as info:
            outcome(client, lambda c: _wait_on(c, timeout=30.0))
        error = info.value
        assert timing.clock() - started == pytest.approx(30.0)  # the last sleep ends on time
        assert error.model_state is None and error.job_state == "JOB_STATE_PENDING"
        assert error.timeout == 30.0 and "not sent again" in str(error)
        assert f"fireworks-rft wait {JOB} --output-model accounts/acct/models/m" in str(error)


def test_unknown_states_mid_wait_are_still_running(gw, timing):
    gw.set_job_state(JOB, "JOB_STATE_HIBERNATING_FOR_A_WHILE")
    sync, aclient = clients(gw, timing)
    with pytest.raises(fireworks_rft.StepTimeoutError) as info:
        outcome(sync, lambda c: _wait_on(c, timeout=30.0))
    assert info.value.job_state == "JOB_STATE_HIBERNATING_FOR_A_WHILE"
    with fireworks_rft.Client(base_url=gw.url, api_key="k", account_id="acct") as reader:
        job = reader.get_job("job-1")
    assert job.state == "JOB_STATE_HIBERNATING_FOR_A_WHILE"
    assert job.to_dict()["state"] == "JOB_STATE_HIBERNATING_FOR_A_WHILE"
    assert outcome(aclient, lambda c: c.get_job(JOB)).state == "JOB_STATE_HIBERNATING_FOR_A_WHILE"


def test_transient_poll_failures_are_retried(gw):
    with FakeGateway(step_seconds=0) as fresh:
        for client in clients(fresh, _timing=no_sleep()):
            if isinstance(client, fireworks_rft.Client):
                with fireworks_rft.Client(base_url=fresh.url, api_key="k", account_id="acct") as c:
                    c.execute_train_step("job-1", dataset="d", output_model="m")
            fresh.script(ScriptedResponse(status=503), ScriptedResponse(status=500))
            result = outcome(client, lambda c: _wait_on(c))
            assert result.model.state == "READY"
        statuses = [
            r.status for r in fresh.requests if r.operation_id != "Gateway_ExecuteRlorTrainStep"
        ]
        assert statuses.count(503) == 2 and statuses.count(500) == 2
        assert len(fresh.steps) == 1


def test_401_on_a_poll_is_raised_at_once():
    with FakeGateway(api_key="right") as gateway:
        for client in clients(gateway, api_key="wrong"):
            with pytest.raises(fireworks_rft.AuthenticationError) as info:
                outcome(client, lambda c: _wait_on(c))
            assert "not sent again" in " ".join(info.value.__notes__)
        # One poll each (the model and the job, both read on every poll), no retry, no step.
        assert len(gateway.requests) == 4


def test_get_model_and_job_take_bare_ids_or_full_names(gw, timing):
    with fireworks_rft.Client(
        base_url=gw.url, api_key="k", account_id="acct", _timing=timing
    ) as client:
        with pytest.raises(fireworks_rft.NotFoundError):
            client.get_model("m")
        client.execute_train_step("job-1", dataset="d", output_model="m")
        client.wait_for_step("job-1", output_model="m", poll_interval=1.0)
        assert client.get_model("m").name == client.get_model("accounts/acct/models/m").name
        assert client.get_job(JOB).name == JOB
        client.delete_job("job-1")
        assert client.get_job("job-1").state == "JOB_STATE_DELETED"  # archived, ID taken


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"timeout": 0}, ValueError),
        ({"timeout": float("inf")}, ValueError),
        ({"poll_interval": "1"}, TypeError),
        ({"on_progress": 3}, TypeError),
    ],
)
def test_wait_arguments_are_checked_before_anything_is_sent(gw, kwargs, error):
    with fireworks_rft.Client(base_url=gw.url, api_key="k", account_id="acct") as client:
        with pytest.raises(error):
            client.wait_for_step("job-1", output_model="m", **kwargs)
        with pytest.raises(TypeError, match="output_model"):
            client.wait_for_step("job-1")
    assert gw.requests == []


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_polling_backs_off_to_30s_with_jitter_and_never_past_the_timeout():
    from fireworks_rft._names import resolve, resolve_job
    from fireworks_rft._timing import Timing
    from fireworks_rft._waits import StepWait

    clock = FakeClock()
    wait = StepWait(
        job=resolve_job("accounts/a/rlorTrainerJobs/j", account_id=None),
        output_model=resolve("accounts/a/models/m", collection="models", account_id=None, name="m"),
        timeout=200.0,
        poll_interval=1.0,
        on_progress=lambda _: None,
        timing=Timing(clock=clock, jitter=lambda: 0.0),
    )
    delays = []
    while True:
        wait.record(None, None)
        wait.decide()
        try:
            delay = wait.next_delay()
        except fireworks_rft.StepTimeoutError as exc:
            assert exc.timeout == 200.0 and exc.model_state is None
            break
        delays.append(delay)
        clock.now += delay
    assert delays[:4] == [1.0, 1.5, 2.25, 3.375]
    assert max(delays) == 30.0  # backs off to 30 s
    assert sum(delays) == pytest.approx(200.0)  # the last sleep ends exactly at the timeout
    assert delays[-1] <= 30.0


def test_retry_after_of_a_failed_poll_is_honoured():
    from fireworks_rft._names import resolve, resolve_job
    from fireworks_rft._timing import Timing
    from fireworks_rft._waits import StepWait

    wait = StepWait(
        job=resolve_job("accounts/a/rlorTrainerJobs/j", account_id=None),
        output_model=resolve("accounts/a/models/m", collection="models", account_id=None, name="m"),
        timeout=100.0,
        poll_interval=1.0,
        on_progress=None,
        timing=Timing(clock=FakeClock(), jitter=lambda: 0.0),
    )
    busy = fireworks_rft.RateLimitError(
        "busy",
        response=httpx.Response(429, request=httpx.Request("GET", "https://x/v1/m")),
        body=None,
        retry_after=12.0,
    )
    wait.record(None, busy)
    assert wait.decide() is None
    assert wait.next_delay() == 12.0
