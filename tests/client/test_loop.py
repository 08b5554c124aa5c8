"""The keep-alive loop beyond the step, on the emulator and virtual time, sync and async:
create a job and wait until it runs, list, cancel, resume, the inactivity stop, checkpoints,
LoRA load/wait/unload, datasets and the 2026-11-15 retirement of dataset creation."""

from __future__ import annotations

import inspect
import json
from typing import Any

import pytest

import fireworks_rft as fw
from fireworks_rft.testing import FakeGateway, ScriptedResponse

from ..support.fakes import virtual_time
from ..support.runner import captured, drive, new_client

ACCOUNT = "acct"
BASE = "accounts/fireworks/models/qwen3-8b"
CREATE = "Gateway_CreateRlorTrainerJob"


@pytest.fixture
def loop(fake_gateway):
    clock, timing = virtual_time()
    fake_gateway.reset(
        step_seconds=4.0,
        job_start_seconds=30.0,
        deploy_seconds=20.0,
        clock=clock,
        default_account=ACCOUNT,
        known_jobs=[],  # only jobs that were created (or added) exist
    )
    return fake_gateway, timing, clock


def run(mode: str, gw: FakeGateway, timing, call) -> Any:
    client = new_client(
        mode, base_url=gw.url, api_key=gw.api_key, account_id=ACCOUNT, _timing=timing
    )
    return drive(client, captured(call))


async def _collect(items: Any) -> list[Any]:
    return [item async for item in items]


def collect(items: Any) -> Any:
    """A list of what a sync or async iterator yields (awaitable for async)."""
    return (
        _collect(items) if inspect.isasyncgen(items) or hasattr(items, "__aiter__") else list(items)
    )


def both(*steps):
    """A call that runs ``steps`` in order on one client; the last one's result."""

    def call(client):
        if isinstance(client, fw.AsyncClient):

            async def chain():
                result = None
                for step in steps:
                    result = step(client)
                    if inspect.isawaitable(result):
                        result = await result
                return result

            return chain()
        result = None
        for step in steps:
            result = step(client)
        return result

    return call


def test_create_wait_conflict_and_exist_ok(mode, loop):
    gw, timing, _ = loop
    created = run(
        mode,
        gw,
        timing,
        lambda c: c.create_job(
            "job-1",
            base_model=BASE,
            display_name="rl",
            training_config={"learning_rate": 1e-5},
            node_count=2,
        ),
    )
    assert created.name == f"accounts/{ACCOUNT}/rlorTrainerJobs/job-1"
    assert created.state == "JOB_STATE_CREATING" and created.keep_alive is True
    assert created.training_config.base_model == BASE
    (request,) = [r for r in gw.requests if r.operation_id == CREATE]
    sent = json.loads(request.body)
    assert sent["keepAlive"] is True and sent["displayName"] == "rl" and sent["nodeCount"] == 2
    assert sent["trainingConfig"] == {"baseModel": BASE, "learningRate": 1e-5}

    running = run(mode, gw, timing, lambda c: c.wait_for_job("job-1", poll_interval=1.0))
    assert running.state == "JOB_STATE_RUNNING"

    taken = run(mode, gw, timing, lambda c: c.create_job("job-1", base_model=BASE))
    assert isinstance(taken, fw.ConflictError) and "exist_ok=True" in "".join(taken.__notes__)
    existing = run(
        mode, gw, timing, lambda c: c.create_job("job-1", base_model=BASE, exist_ok=True)
    )
    assert existing.state == "JOB_STATE_RUNNING"
    assert [r.operation_id for r in gw.requests].count(CREATE) == 3


@pytest.mark.parametrize("ran", [True, False])
def test_a_create_whose_answer_was_lost_reads_the_job_back(mode, loop, ran):
    gw, timing, _ = loop
    gw.script(ScriptedResponse(drop=True, executes=ran, operation_id=CREATE))
    job = run(mode, gw, timing, lambda c: c.create_job("job-2", base_model=BASE))
    assert job.name.endswith("/job-2")
    creates = [r for r in gw.requests if r.operation_id == CREATE]
    assert len(creates) == (1 if ran else 2)  # sent again only when the read found nothing
    assert [r.operation_id for r in gw.requests].count("Gateway_GetRlorTrainerJob") == 1


def test_list_jobs_walks_every_page(mode, loop):
    gw, timing, _ = loop
    for i in range(5):
        gw.add_job(f"job-{i}")
    names = run(mode, gw, timing, lambda c: collect(c.list_jobs(page_size=2)))
    assert [n.name.rsplit("/", 1)[1] for n in names] == [f"job-{i}" for i in range(5)]
    lists = [r for r in gw.requests if r.operation_id == "Gateway_ListRlorTrainerJobs"]
    assert len(lists) == 3  # pages of 2, 2 and 1


def test_cancel_then_waiting_fails_and_resume_runs_again(mode, loop):
    gw, timing, _ = loop
    gw.add_job("job-3")
    failed = run(
        mode, gw, timing, both(lambda c: c.cancel_job("job-3"), lambda c: c.wait_for_job("job-3"))
    )
    assert isinstance(failed, fw.WaitFailedError) and failed.state == "JOB_STATE_CANCELLED"
    resumed = run(mode, gw, timing, lambda c: c.resume_job("job-3"))
    assert resumed.state == "JOB_STATE_RUNNING"


def test_a_job_stopped_for_inactivity_is_reported_with_resume_named(mode, fake_gateway):
    clock, timing = virtual_time()
    fake_gateway.reset(clock=clock, default_account=ACCOUNT, inactivity_seconds=600.0)
    fake_gateway.add_job("job-4")
    clock.advance(601.0)
    stopped = run(mode, fake_gateway, timing, lambda c: c.wait_for_job("job-4"))
    assert isinstance(stopped, fw.JobStoppedError) and stopped.state == "JOB_STATE_PAUSED"
    assert "client.resume_job('accounts/acct/rlorTrainerJobs/job-4')" in str(stopped)
    refused = run(
        mode,
        fake_gateway,
        timing,
        lambda c: c.execute_train_step("job-4", dataset="d", output_model="m"),
    )
    assert isinstance(refused, fw.BadRequestError) and "until it is resumed" in str(refused)
    waited = run(
        mode,
        fake_gateway,
        timing,
        lambda c: c.wait_for_step("job-4", output_model="m", timeout=60),
    )
    assert isinstance(waited, fw.JobStoppedError)  # a step's wait says so too
    done = run(
        mode,
        fake_gateway,
        timing,
        both(
            lambda c: c.resume_job("job-4"),
            lambda c: c.execute_train_step("job-4", dataset="d", output_model="m"),
        ),
    )
    assert isinstance(done, fw.TrainStepResult)


def test_one_checkpoint_per_step(mode, loop):
    gw, timing, _ = loop
    gw.add_job("job-5")
    checkpoints = run(
        mode,
        gw,
        timing,
        both(
            lambda c: c.execute_train_step("job-5", dataset="d", output_model="m1"),
            lambda c: c.execute_train_step("job-5", dataset="d", output_model="m2"),
            lambda c: collect(c.list_checkpoints("job-5", page_size=1)),
        ),
    )
    assert len(checkpoints) == 2 and all(
        c.name.startswith(gw.job_name("job-5")) for c in checkpoints
    )


def test_load_wait_and_unload_a_lora(mode, loop):
    gw, timing, _ = loop
    loaded = run(
        mode,
        gw,
        timing,
        lambda c: c.load_lora("m1", deployment="dep-1", replace_merged_addon=True),
    )
    assert (
        loaded.state == "DEPLOYING" and loaded.deployment == f"accounts/{ACCOUNT}/deployments/dep-1"
    )
    (load,) = [r for r in gw.requests if r.operation_id == "Gateway_CreateDeployedModel"]
    assert json.loads(load.body) == {
        "model": f"accounts/{ACCOUNT}/models/m1",
        "deployment": f"accounts/{ACCOUNT}/deployments/dep-1",
    }
    serving = run(mode, gw, timing, lambda c: c.wait_for_deployed_model(loaded, poll_interval=1.0))
    assert serving.state == "DEPLOYED" and serving.name == loaded.name
    gone = run(mode, gw, timing, lambda c: c.unload_lora("m1", deployment="dep-1"))
    assert gone == fw.Deleted(name=loaded.name, already_gone=False)
    again = run(mode, gw, timing, lambda c: c.unload_lora("m1", deployment="dep-1"))
    assert again.already_gone is True
    missing = run(mode, gw, timing, lambda c: c.wait_for_deployed_model(loaded))
    assert isinstance(missing, fw.WaitFailedError) and missing.state == "absent"


def test_datasets_read_list_delete_and_creation_is_retired(mode, loop):
    gw, timing, _ = loop
    gw.reset(clock=gw.clock, default_account=ACCOUNT, datasets_retired=True)  # today's live API
    for name in ("d1", "d2", "d3"):
        gw.add_dataset(name)
    listed = run(mode, gw, timing, lambda c: collect(c.list_datasets(page_size=2)))
    assert [d.name.rsplit("/", 1)[1] for d in listed] == ["d1", "d2", "d3"]
    found = run(mode, gw, timing, lambda c: c.get_dataset("d2"))
    assert found.name == f"accounts/{ACCOUNT}/datasets/d2"
    deleted = run(mode, gw, timing, lambda c: c.delete_dataset("d2"))
    assert deleted == fw.Deleted(name=f"accounts/{ACCOUNT}/datasets/d2")
    assert isinstance(run(mode, gw, timing, lambda c: c.get_dataset("d2")), fw.NotFoundError)

    rows = [{"messages": [{"role": "user", "content": "hi"}]}]
    retired = run(mode, gw, timing, lambda c: c.upload_dataset("rollouts-1", rows))
    assert isinstance(retired, fw.DatasetOperationRetiredError) and retired.status_code == 501
    assert "2026-11-15" in str(retired) and retired.may_have_been_processed is False


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.create_job("j", base_model=3), TypeError),
        (lambda c: c.create_job("j", base_model=BASE, keep_alive="yes"), TypeError),
        (lambda c: c.create_job("Bad ID", base_model=BASE), ValueError),
        (lambda c: c.load_lora("m", deployment="a/b"), ValueError),
        (lambda c: c.load_lora("m", deployment="d", replace_merged_addon=1), TypeError),
        (lambda c: c.wait_for_job("j", timeout=-1), ValueError),
    ],
)
def test_bad_arguments_are_refused_before_anything_is_sent(mode, loop, call, error):
    gw, timing, _ = loop
    client = new_client(
        mode, base_url=gw.url, api_key=gw.api_key, account_id=ACCOUNT, _timing=timing
    )
    with pytest.raises(error):
        drive(client, call)
    assert gw.requests == []


def test_list_arguments_are_checked_before_anything_is_sent(mode, loop):
    gw, timing, _ = loop
    client = new_client(
        mode, base_url=gw.url, api_key=gw.api_key, account_id=ACCOUNT, _timing=timing
    )
    with pytest.raises(ValueError, match="page_size"):
        drive(client, lambda c: collect(c.list_jobs(page_size=0)))
    assert gw.requests == []


def chained(first, then, after):
    """A call: ``first(client)``, ``then(client, its result)``, ``after(that)``; sync or async."""

    def call(client):
        if isinstance(client, fw.AsyncClient):

            async def chain():
                return after(await then(client, await first(client)))

            return chain()
        return after(then(client, first(client)))

    return call


@pytest.mark.parametrize(
    ("option", "read", "start", "finish", "ready"),
    [
        (
            "deploy_seconds",
            "Gateway_GetDeployedModel",
            lambda c, i: c.load_lora(f"m{i}", deployment="dep-1"),
            lambda c, loaded: c.wait_for_deployed_model(loaded, poll_interval=1.0),
            "DEPLOYED",
        ),
        (
            "job_start_seconds",
            "Gateway_GetRlorTrainerJob",
            lambda c, i: c.create_job(f"job-{i}", base_model=BASE),
            lambda c, job: c.wait_for_job(job.name, poll_interval=1.0),
            "JOB_STATE_RUNNING",
        ),
    ],
    ids=["lora loads", "job starts"],
)
def test_later_resource_waits_are_noticed_sooner_with_no_more_reads(
    mode, loop, option, read, start, finish, ready
):
    gw, timing, clock = loop
    gw.reset(**{option: 40.0}, clock=clock, default_account=ACCOUNT)
    waits: list[tuple[float, int]] = []  # (lag past the 40 s, reads) per wait
    began: list[tuple[float, int]] = []

    def reads() -> int:
        return sum(r.operation_id == read for r in gw.requests)

    def mark(_client: Any) -> None:
        began.append((clock(), reads()))

    def measured(resource: Any) -> Any:
        started, reads_before = began[-1]
        waits.append((clock() - started - 40.0, reads() - reads_before))
        assert str(resource.state) == ready
        return resource

    steps = []
    for i in range(4):
        steps += [mark, chained(lambda c, i=i: start(c, i), finish, measured)]
    run(mode, gw, timing, both(*steps))
    (first_lag, first_reads), *later = waits
    # The first wait backs off (1 s, x1.5, ...): it sees the goal at 49.3 s or so. Later
    # ones predict the 40 s from the loads (or creations) this client saw and poll around it.
    assert first_lag > 5.0
    assert all(reads <= first_reads for _, reads in later)
    assert later[0][0] <= 3.0  # one earlier: a window of +-20%
    assert all(lag <= 1.0 for lag, _ in later[1:])  # two or more: a narrow window


def test_a_job_found_existing_does_not_count_as_a_start(mode, loop):
    gw, timing, clock = loop
    gw.reset(job_start_seconds=40.0, clock=clock, default_account=ACCOUNT)

    def call(client):
        if isinstance(client, fw.AsyncClient):

            async def chain():
                await client.create_job("job-1", base_model=BASE)
                await client.wait_for_job("job-1", poll_interval=1.0)
                await client.create_job("job-1", base_model=BASE, exist_ok=True)
                return client._history.durations("trainer job")

            return chain()
        client.create_job("job-1", base_model=BASE)
        client.wait_for_job("job-1", poll_interval=1.0)
        client.create_job("job-1", base_model=BASE, exist_ok=True)
        return client._history.durations("trainer job")

    (duration,) = run(mode, gw, timing, call)  # one start seen, the existing job not counted
    assert 40.0 <= duration <= 50.0


# -- reliability round four: creations whose answers were lost -------------------------------

GET_JOB = "Gateway_GetRlorTrainerJob"


def test_a_lost_creation_whose_read_back_fails_says_it_may_exist(mode, loop):
    gw, timing, _ = loop
    busy = ScriptedResponse(status=503, operation_id=GET_JOB)
    gw.script(ScriptedResponse(drop=True, executes=True, operation_id=CREATE), busy, busy, busy)
    error = run(mode, gw, timing, lambda c: c.create_job("job-1", base_model=BASE))
    assert isinstance(error, fw.APIError)
    assert error.may_have_been_processed
    assert "may have been created" in " ".join(error.__notes__)
    assert [r.operation_id for r in gw.requests].count(CREATE) == 1  # not sent again


def test_exist_ok_returns_the_job_a_lost_creation_made(mode, loop):
    gw, timing, _ = loop
    not_yet = ScriptedResponse(status=404, operation_id=GET_JOB)  # not visible yet
    gw.script(ScriptedResponse(drop=True, executes=True, operation_id=CREATE), not_yet)
    job = run(mode, gw, timing, lambda c: c.create_job("job-1", base_model=BASE, exist_ok=True))
    assert not isinstance(job, Exception), job
    assert job.name == f"accounts/{ACCOUNT}/rlorTrainerJobs/job-1"
