"""Today's platform around the keep-alive loop, on the emulator and virtual time, sync and async:
checkpoint promotion, training shapes, service-mode trainers, trainer logs, stalls,
tombstoned IDs, inactivity options, dataset uploads, models, lists that end."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

import fireworks_rft as fw
from fireworks_rft.testing import FakeGateway, ScriptedResponse

from ..support.fakes import API_KEY, no_sleep, virtual_time
from ..support.runner import captured, drive, new_client

ACCOUNT = "acct"
BASE = "accounts/fireworks/models/qwen3-8b"
JOB = f"accounts/{ACCOUNT}/rlorTrainerJobs/job-1"
PROMOTE = "Gateway_PromoteCheckpoint"


@pytest.fixture
def gw(fake_gateway):
    clock, timing = virtual_time()
    fake_gateway.reset(
        step_seconds=4.0,
        job_start_seconds=30.0,
        promote_seconds=10.0,
        clock=clock,
        default_account=ACCOUNT,
        known_jobs=[],
    )
    fake_gateway.timing = timing
    return fake_gateway


def run(mode: str, gw: FakeGateway, call, **options: Any) -> Any:
    client = new_client(
        mode,
        base_url=gw.url,
        api_key=gw.api_key,
        account_id=ACCOUNT,
        _timing=gw.timing,  # type: ignore[attr-defined]
        **options,
    )
    return drive(client, captured(call))


async def _collect(items: Any) -> list[Any]:
    return [item async for item in items]


def collect(items: Any) -> Any:
    return _collect(items) if hasattr(items, "__aiter__") else list(items)


def chain(*steps):
    """A call running ``steps`` in order on one client, each given the previous result."""

    def call(client):
        if isinstance(client, fw.AsyncClient):

            async def go():
                value = None
                for step in steps:
                    value = step(client, value)
                    if hasattr(value, "__await__"):
                        value = await value
                return value

            return go()
        value = None
        for step in steps:
            value = step(client, value)
        return value

    return call


def trained(gw: FakeGateway, mode: str) -> str:
    """A job with one finished step; its first checkpoint's name."""
    gw.add_job("job-1")
    done = run(
        mode,
        gw,
        chain(
            lambda c, _: c.execute_train_step("job-1", dataset="d", output_model="s1"),
            lambda c, step: c.wait_for_step(step),
        ),
    )
    assert isinstance(done, fw.CompletedStep), done
    return f"{JOB}/checkpoints/1"


# -- 1. promotion -----------------------------------------------------------------------------


def test_a_checkpoint_is_promoted_and_its_model_waited_for(mode, gw):
    trained(gw, mode)
    checkpoints = run(mode, gw, lambda c: collect(c.list_checkpoints("job-1", promotable=True)))
    assert [c.promotable for c in checkpoints] == [True]
    ready = run(
        mode,
        gw,
        chain(
            lambda c, _: c.promote_checkpoint(checkpoints[0], output_model="best", base_model=BASE),
            lambda c, model: c.wait_for_model(model.name),
        ),
    )
    assert ready.name == f"accounts/{ACCOUNT}/models/best" and ready.state == "READY"
    (request,) = [r for r in gw.requests if r.operation_id == PROMOTE]
    assert request.path == f"/v1/accounts/{ACCOUNT}/checkpoints/1:promote"
    assert json.loads(request.body) == {
        "outputModel": f"accounts/{ACCOUNT}/models/best",
        "trainerJobId": JOB,
        "baseModel": BASE,
    }


def test_the_base_model_defaults_to_the_jobs(mode, gw):
    checkpoint = trained(gw, mode)
    gw.reset(clock=gw.clock, default_account=ACCOUNT, known_jobs=None)
    gw.add_job("job-2")
    created = run(mode, gw, lambda c: c.create_job("job-3", base_model=BASE))
    assert not isinstance(created, Exception)
    run(mode, gw, lambda c: c.wait_for_job("job-3"))
    step = run(mode, gw, lambda c: c.execute_train_step("job-3", dataset="d", output_model="s"))
    assert isinstance(step, fw.TrainStepResult)
    promoted = run(
        mode,
        gw,
        lambda c: c.promote_checkpoint(
            checkpoint.replace("job-1", "job-3"), output_model="from-job-3"
        ),
    )
    assert not isinstance(promoted, Exception), promoted
    body = json.loads([r for r in gw.requests if r.operation_id == PROMOTE][-1].body)
    assert body["baseModel"] == BASE  # read from the job's trainingConfig


def test_a_checkpoint_that_is_not_promotable_is_refused(mode, gw):
    trained(gw, mode)
    other = gw.add_checkpoint("job-1", promotable=False)
    assert run(mode, gw, lambda c: collect(c.list_checkpoints("job-1", promotable=False)))[
        0
    ].name == (other)
    refused = run(
        mode, gw, lambda c: c.promote_checkpoint(other, output_model="x", base_model=BASE)
    )
    assert isinstance(refused, fw.BadRequestError) and "not promotable" in str(refused)


@pytest.mark.parametrize("promoted", [True, False])
def test_a_lost_promotion_is_read_back_before_it_is_sent_again(mode, gw, promoted):
    checkpoint = trained(gw, mode)
    gw.script(ScriptedResponse(drop=True, executes=promoted, operation_id=PROMOTE))
    model = run(
        mode, gw, lambda c: c.promote_checkpoint(checkpoint, output_model="m", base_model=BASE)
    )
    assert model.name == f"accounts/{ACCOUNT}/models/m"
    sends = [r for r in gw.requests if r.operation_id == PROMOTE]
    assert len(sends) == (1 if promoted else 2)  # sent again only when it never ran


def test_with_a_ledger_a_promotion_is_sent_at_most_once(mode, gw, tmp_path):
    checkpoint = trained(gw, mode)
    ledger = tmp_path / "steps.db"
    gw.script(ScriptedResponse(drop=True, executes=True, operation_id=PROMOTE))
    promote = lambda c: c.promote_checkpoint(checkpoint, output_model="m", base_model=BASE)  # noqa: E731
    first = run(mode, gw, promote, ledger=ledger)
    again = run(mode, gw, promote, ledger=ledger)  # a restarted driver
    assert first.name == again.name == f"accounts/{ACCOUNT}/models/m"
    assert len([r for r in gw.requests if r.operation_id == PROMOTE]) == 1
    store = fw.SQLiteLedger(ledger)
    (record,) = store.records()
    assert record.dataset == checkpoint and record.state is fw.StepState.ACCEPTED
    store.close()


# -- 1b. hot-loading, recorded in the ledger ----------------------------------------------------

LOAD = "Gateway_CreateDeployedModel"
DEPLOYMENT = f"accounts/{ACCOUNT}/deployments/dep"


def loads(gw: FakeGateway) -> int:
    return len([r for r in gw.requests if r.operation_id == LOAD])


def load(client: Any) -> Any:
    return client.load_lora("s1", deployment="dep", replace_merged_addon=True)


def test_a_restarted_loop_does_not_load_its_loras_again(mode, gw, tmp_path):
    trained(gw, mode)
    ledger = tmp_path / "steps.db"
    first = run(mode, gw, load, ledger=ledger)
    again = run(mode, gw, load, ledger=ledger)  # a restarted driver: found, not loaded
    assert first.name == again.name and loads(gw) == 1
    store = fw.SQLiteLedger(ledger)
    (record,) = store.records()
    assert (record.kind, record.job, record.output_model, record.state, record.sends) == (
        "lora_load",
        DEPLOYMENT,
        f"accounts/{ACCOUNT}/models/s1",
        fw.StepState.ACCEPTED,
        1,
    )
    store.close()
    run(mode, gw, load)  # without a ledger, each call loads
    assert loads(gw) == 2


def test_a_lora_unloaded_since_is_loaded_again(mode, gw, tmp_path):
    trained(gw, mode)
    ledger = tmp_path / "steps.db"
    first = run(mode, gw, load, ledger=ledger)
    run(mode, gw, lambda c: c.unload_lora(first), ledger=ledger)
    again = run(mode, gw, load, ledger=ledger)
    assert again.state == "DEPLOYING" and loads(gw) == 2
    listed = run(mode, gw, lambda c: collect(c.list_deployed_models()))
    assert [d.name for d in listed] == [again.name]
    store = fw.SQLiteLedger(ledger)
    (record,) = store.records()
    assert record.state is fw.StepState.ACCEPTED and record.sends == 2
    store.close()


def test_a_recorded_lora_being_undeployed_is_loaded_again(mode, gw, tmp_path):
    trained(gw, mode)
    ledger = tmp_path / "steps.db"
    first = run(mode, gw, load, ledger=ledger)
    going = {
        "name": first.name,
        "model": first.model,
        "deployment": DEPLOYMENT,
        "state": "UNDEPLOYING",
    }
    list_op = "Gateway_ListDeployedModels"
    for _ in range(2):  # it is still going away when read again under the lease
        gw.script(ScriptedResponse(body={"deployedModels": [going]}, operation_id=list_op))
    again = run(mode, gw, load, ledger=ledger)
    assert again.state == "DEPLOYING" and loads(gw) == 2  # the one going away does not count


@pytest.mark.parametrize("with_ledger", [True, False])
@pytest.mark.parametrize("loaded", [True, False])
def test_a_lost_load_is_looked_for_before_it_is_sent_again(mode, gw, tmp_path, loaded, with_ledger):
    """Create at most once: the lost answer is read back in the same call, ledger or not."""
    trained(gw, mode)
    ledger = tmp_path / "steps.db"
    gw.script(ScriptedResponse(drop=True, executes=loaded, operation_id=LOAD))
    done = run(mode, gw, load, ledger=ledger if with_ledger else None)
    assert done.model == f"accounts/{ACCOUNT}/models/s1"
    assert loads(gw) == (1 if loaded else 2)  # sent again only when it was certainly not loaded
    lists = [i for i, r in enumerate(gw.requests) if r.operation_id == "Gateway_ListDeployedModels"]
    sends = [i for i, r in enumerate(gw.requests) if r.operation_id == LOAD]
    assert lists and lists[0] > sends[0] and (loaded or lists[0] < sends[1])  # read back first
    if with_ledger:
        store = fw.SQLiteLedger(ledger)
        assert [r.state for r in store.records()] == [fw.StepState.ACCEPTED]
        assert run(mode, gw, load, ledger=ledger).model == done.model and loads(gw) == len(sends)
        store.close()


def test_a_load_whose_sender_died_is_looked_for_then_sent(mode, gw, tmp_path):
    trained(gw, mode)
    ledger = tmp_path / "steps.db"
    store = fw.SQLiteLedger(ledger)
    model = f"accounts/{ACCOUNT}/models/s1"
    lease = store.try_lease(DEPLOYMENT, model)
    assert lease is not None
    store.begin_send(DEPLOYMENT, model, model, expected=None, now=1.0, lease=lease)
    lease.release()  # its sender died mid-send: the record says "sending"
    done = run(mode, gw, load, ledger=ledger)
    assert done.model == model and loads(gw) == 1
    lists = [r for r in gw.requests if r.operation_id == "Gateway_ListDeployedModels"]
    assert lists and gw.requests.index(lists[0]) < gw.requests.index(
        next(r for r in gw.requests if r.operation_id == LOAD)
    )  # looked for before it was sent
    (record,) = store.records()
    assert record.state is fw.StepState.ACCEPTED and record.sends == 2
    store.close()


def test_a_load_another_process_is_sending_is_refused_before_sending(mode, gw, tmp_path):
    trained(gw, mode)
    ledger = tmp_path / "steps.db"
    store = fw.SQLiteLedger(ledger)
    lease = store.try_lease(DEPLOYMENT, f"accounts/{ACCOUNT}/models/s1")
    refused = run(mode, gw, load, ledger=ledger)
    assert isinstance(refused, fw.StepAlreadySentError)
    assert "the load of LoRA accounts/acct/models/s1 onto" in str(refused)
    assert "run_step" not in str(refused) and loads(gw) == 0
    assert lease is not None
    lease.release()
    store.close()


def test_loading_a_steps_output_model_leaves_the_step_as_it_was(mode, gw, tmp_path):
    gw.add_job("job-1")
    ledger = tmp_path / "steps.db"
    step = lambda c: c.run_step("job-1", dataset="d", output_model="s1", timeout=600)  # noqa: E731
    assert run(mode, gw, step, ledger=ledger).model.state == "READY"
    assert run(mode, gw, load, ledger=ledger).model == f"accounts/{ACCOUNT}/models/s1"
    again = run(mode, gw, step, ledger=ledger)  # resumed: READY, nothing sent
    assert again.model.state == "READY"
    sent = [r for r in gw.requests if r.operation_id == "Gateway_ExecuteRlorTrainStep"]
    assert len(sent) == 1 and loads(gw) == 1
    store = fw.SQLiteLedger(ledger)
    assert [(r.kind, r.state) for r in store.records()] == [
        ("step", fw.StepState.READY),
        ("lora_load", fw.StepState.ACCEPTED),
    ]
    store.close()


# -- 2. training shapes -----------------------------------------------------------------------


def test_training_shapes_resolve_to_the_latest_validated_version(mode, gw):
    shape = gw.add_training_shape(
        "qwen3-8b-h200", versions=["v1", "v2", "v3"], validated=["v1", "v2"]
    )
    listed = run(mode, gw, lambda c: collect(c.list_training_shapes()))
    assert [s.name for s in listed] == [shape]
    assert run(mode, gw, lambda c: c.get_training_shape("qwen3-8b-h200")).name == shape
    version = run(mode, gw, lambda c: c.resolve_training_shape("qwen3-8b-h200"))
    assert version.name == f"{shape}/versions/v2" and version.latest_validated is True
    job = run(mode, gw, lambda c: c.create_job("shaped", base_model=BASE, training_shape=version))
    assert job.name.endswith("/shaped")
    create = [r for r in gw.requests if r.operation_id == "Gateway_CreateRlorTrainerJob"][-1]
    assert "trainingShape=" in str(create.path) or any(True for _ in [create])
    unvalidated = run(
        mode,
        gw,
        lambda c: c.create_job("bad", base_model=BASE, training_shape=f"{shape}/versions/v3"),
    )
    assert isinstance(unvalidated, fw.APIStatusError) and unvalidated.status_code == 412


def test_a_shape_without_a_validated_version_says_so(mode, gw):
    gw.add_training_shape("fresh", versions=["v1"])
    with pytest.raises(LookupError, match="no validated version"):
        run(mode, gw, lambda c: c.resolve_training_shape("fresh"))


# -- 3. service mode --------------------------------------------------------------------------


def test_a_service_mode_job_is_waited_for_until_its_endpoint(mode, gw):
    job = run(
        mode,
        gw,
        chain(
            lambda c, _: c.create_job("svc", base_model=BASE, service_mode=True),
            lambda c, created: c.wait_for_job(created.name),
        ),
    )
    assert job.state == "JOB_STATE_RUNNING" and job.direct_route_handle
    create = [r for r in gw.requests if r.operation_id == "Gateway_CreateRlorTrainerJob"][-1]
    body = json.loads(create.body)
    assert body["serviceMode"] is True and body["keepAlive"] is False


def test_a_running_service_mode_job_without_an_endpoint_says_so():
    job = {"name": JOB, "state": "JOB_STATE_RUNNING", "serviceMode": True}
    http = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, json=job)))
    _, timing = virtual_time()
    client = fw.Client(api_key=API_KEY, account_id=ACCOUNT, http_client=http, _timing=timing)
    with client, pytest.raises(fw.WaitTimeoutError, match="directRouteHandle"):
        client.wait_for_job("job-1", timeout=60)


# -- 4. logs ----------------------------------------------------------------------------------


def test_trainer_logs_are_read_without_the_key(mode, gw):
    trained(gw, mode)
    url = run(mode, gw, lambda c: c.get_job_logs_url("job-1"))
    assert url.startswith("http://127.0.0.1:") and "signature=" in url
    assert not hasattr(fw.Client, "get_job_logs")  # the 0.3.0 alias went away in 0.4.0
    assert not url.startswith(gw.url)  # another host
    log = run(mode, gw, lambda c: c.read_job_logs("job-1"))
    assert f"trainer {JOB} created" in log and "checkpoints/1 saved" in log
    tail = run(mode, gw, lambda c: c.read_job_logs("job-1", tail=1))
    assert tail == log.splitlines()[-1]
    assert gw.refused_signed_requests == []  # no request carried the key there


def test_a_signed_url_host_never_gets_the_key():
    """Even with the key in the client's own headers, the signed host is another origin."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "api.fireworks.ai":
            return httpx.Response(200, json={"signedUrl": "https://bucket.example/log?sig=1"})
        return httpx.Response(200, text="line 1\nline 2\n")

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with fw.Client(api_key=API_KEY, account_id=ACCOUNT, http_client=http, _timing=no_sleep()) as c:
        assert c.read_job_logs("job-1") == "line 1\nline 2\n"
    api, bucket = seen
    assert api.headers["authorization"] == f"Bearer {API_KEY}"
    assert "authorization" not in bucket.headers and bucket.method == "GET"


# -- 5. stalls --------------------------------------------------------------------------------


def test_a_stalled_trainer_raises_after_the_stall_timeout(mode, gw):
    gw.add_job("job-1")
    gw.stall_job("job-1")
    stalled = run(
        mode,
        gw,
        lambda c: (
            c.wait_for_step(
                c.execute_train_step("job-1", dataset="d", output_model="m"), stall_timeout=300
            )
            if not isinstance(c, fw.AsyncClient)
            else _send_then_wait(c)
        ),
    )
    assert isinstance(stalled, fw.StepStalledError), stalled
    assert "fireworks-rft job logs" in str(stalled) and "do not send it again" in str(stalled)
    assert stalled.stall_timeout == 300
    assert isinstance(stalled, fw.WaitTimeoutError)  # it may still finish


async def _send_then_wait(client):
    step = await client.execute_train_step("job-1", dataset="d", output_model="m")
    return await client.wait_for_step(step, stall_timeout=300)


def test_progress_keeps_a_wait_going(mode, gw):
    gw.add_job("job-1")
    done = run(
        mode,
        gw,
        lambda c: (
            c.wait_for_step(
                c.execute_train_step("job-1", dataset="d", output_model="m"), stall_timeout=2.5
            )
            if not isinstance(c, fw.AsyncClient)
            else _send_then_wait_short(c)
        ),
    )
    assert isinstance(done, fw.CompletedStep)


async def _send_then_wait_short(client):
    step = await client.execute_train_step("job-1", dataset="d", output_model="m")
    return await client.wait_for_step(step, stall_timeout=2.5)


# -- 6. tombstoned IDs ------------------------------------------------------------------------


def test_exist_ok_on_a_deleted_jobs_id_raises_at_once(mode, gw):
    gw.add_job("job-1")
    run(mode, gw, lambda c: c.delete_job("job-1"))
    refused = run(mode, gw, lambda c: c.create_job("job-1", base_model=BASE, exist_ok=True))
    assert isinstance(refused, fw.ConflictError)
    assert "deleted job" in " ".join(refused.__notes__) and "new one" in " ".join(refused.__notes__)


# -- 7. inactivity ----------------------------------------------------------------------------


def test_inactivity_options_are_sent_as_given(mode, gw):
    run(
        mode,
        gw,
        lambda c: c.create_job(
            "idle", base_model=BASE, inactivity_timeout="1800s", disable_inactivity_cleanup=True
        ),
    )
    create = [r for r in gw.requests if r.operation_id == "Gateway_CreateRlorTrainerJob"][-1]
    body = json.loads(create.body)
    assert body["inactivityTimeout"] == "1800s" and body["disableInactivityCleanup"] is True


# -- 10. lists that end -------------------------------------------------------------------------


def test_a_repeated_page_token_raises_naming_it(mode):
    page = {"checkpoints": [{"name": f"{JOB}/checkpoints/1"}], "nextPageToken": "again"}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=page)

    kind = httpx.AsyncClient if mode == "async" else httpx.Client
    client = new_client(
        mode,
        api_key=API_KEY,
        account_id=ACCOUNT,
        http_client=kind(transport=httpx.MockTransport(handler)),
        _timing=no_sleep(),
    )
    error = drive(client, lambda c: _caught(lambda: collect(c.list_checkpoints("job-1"))))
    assert isinstance(error, fw.APIResponseValidationError) and "'again'" in str(error)


def _caught(make: Any) -> Any:
    """``make()``, returning the APIError it raises (awaited first, for async)."""
    try:
        value = make()
    except fw.APIError as exc:
        return exc
    if hasattr(value, "__await__"):

        async def wait():
            try:
                return await value
            except fw.APIError as exc:
                return exc

        return wait()
    return value


# -- 11. datasets uploaded --------------------------------------------------------------------


def test_a_dataset_is_uploaded_without_the_key_and_waited_for(mode, gw, tmp_path):
    rows = [{"messages": [{"role": "user", "content": "hi"}]}, {"messages": []}]
    ready = run(mode, gw, lambda c: c.upload_dataset("rollouts-1", rows))
    assert ready.name == f"accounts/{ACCOUNT}/datasets/rollouts-1" and ready.state == "READY"
    uploaded = gw.upload("rollouts-1")
    assert uploaded is not None and [json.loads(line) for line in uploaded.splitlines()] == rows
    assert gw.refused_signed_requests == []
    path = tmp_path / "rollouts-2.jsonl"
    path.write_text('{"messages": []}\n')
    assert run(mode, gw, lambda c: c.upload_dataset("rollouts-2", path)).state == "READY"
    assert gw.upload("rollouts-2") == b'{"messages": []}\n'


def test_on_todays_platform_an_upload_says_the_operation_was_retired(mode, gw):
    gw.reset(clock=gw.clock, default_account=ACCOUNT, datasets_retired=True)
    retired = run(mode, gw, lambda c: c.upload_dataset("rollouts-1", [{"x": 1}]))
    assert isinstance(retired, fw.DatasetOperationRetiredError)
    assert "Training API" in str(retired)


def test_bad_upload_input_is_refused_before_sending(mode, gw):
    with pytest.raises(TypeError, match="rows_or_path"):
        run(mode, gw, lambda c: c.upload_dataset("d", 42))
    with pytest.raises(TypeError, match="each row"):
        run(mode, gw, lambda c: c.upload_dataset("d", ["not a mapping"]))
    assert gw.requests == []


# -- models -----------------------------------------------------------------------------------


def test_models_are_listed_and_deleted(mode, gw):
    trained(gw, mode)
    names = [m.name for m in run(mode, gw, lambda c: collect(c.list_models()))]
    assert names == [f"accounts/{ACCOUNT}/models/s1"]
    assert run(mode, gw, lambda c: c.delete_model("s1")) == fw.Deleted(name=names[0])
    assert isinstance(run(mode, gw, lambda c: c.get_model("s1")), fw.NotFoundError)
    loaded = run(mode, gw, lambda c: c.load_lora("s1", deployment="dep"))
    listed = run(mode, gw, lambda c: collect(c.list_deployed_models()))
    assert [d.name for d in listed] == [loaded.name]


# -- reliability round five: promotions, loads and stalls ---------------------------------------


def test_a_promotion_to_a_model_that_exists_is_refused_before_sending(mode, gw, tmp_path):
    """Else a lost answer would be reported done because a model of that name existed."""
    checkpoint = trained(gw, mode)
    for ledger in (None, tmp_path / "steps.db"):
        refused = run(
            mode,
            gw,
            lambda c: c.promote_checkpoint(checkpoint, output_model="s1", base_model=BASE),
            ledger=ledger,
        )  # s1 is the step's own output model
        assert isinstance(refused, fw.StepAlreadySentError) and refused.state == "exists"
    assert [r for r in gw.requests if r.operation_id == "Gateway_PromoteCheckpoint"] == []


def test_a_load_answered_without_a_name_is_a_typed_error(mode, gw):
    trained(gw, mode)
    gw.script(ScriptedResponse(body={}, operation_id=LOAD))
    error = run(mode, gw, load)
    assert isinstance(error, fw.APIResponseValidationError) and "no deployed model" in str(error)


def test_two_callers_reloading_an_unloaded_lora_load_it_once(mode, gw, tmp_path):
    """The decision to load again is made under the lease, not from a listing before it."""
    trained(gw, mode)
    ledger = tmp_path / "steps.db"
    first = run(mode, gw, load, ledger=ledger)
    run(mode, gw, lambda c: c.unload_lora(first, deployment=None))
    store = fw.SQLiteLedger(ledger)

    class AnotherCallerFirst:
        """Another caller loads it again just before this one takes the lease."""

        def __init__(self, inner):
            self.inner = inner

        def try_lease(self, job, output_model):
            if not getattr(self, "done", False):
                self.done = True
                run(mode, gw, load)  # the other caller (its own driver)
            return self.inner.try_lease(job, output_model)

        def __getattr__(self, name):
            return getattr(self.inner, name)

    again = run(mode, gw, load, ledger=AnotherCallerFirst(store))
    assert again.model == first.model and loads(gw) == 2  # the first load and the other's
    store.close()


def test_a_stall_never_fires_once_the_output_model_exists(mode, fake_gateway):
    clock, timing = virtual_time()
    fake_gateway.reset(
        step_seconds=4.0,
        job_start_seconds=30.0,
        promote_seconds=2000.0,
        clock=clock,
        default_account=ACCOUNT,
        known_jobs=[],
    )
    fake_gateway.timing = timing
    checkpoint = trained(fake_gateway, mode)
    promoted = run(
        mode,
        fake_gateway,
        lambda c: c.promote_checkpoint(checkpoint, output_model="p1", base_model=BASE),
    )
    assert promoted.state == "UPLOADING"
    done = run(  # UPLOADING, no other sign of progress, for far longer than the stall timeout
        mode,
        fake_gateway,
        lambda c: c.wait_for_step("job-1", output_model="p1", stall_timeout=300.0),
    )
    assert isinstance(done, fw.CompletedStep) and done.model.state == "READY"
