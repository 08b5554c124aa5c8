"""Reliability round three: slot deadlines, waits that read both and stay in time, no
overflow, the key in server text, lost delete answers, fork and pickle, async callbacks."""

from __future__ import annotations

import contextlib
import os
import pickle

import httpx
import pytest

import fireworks_rft as fw
from fireworks_rft.testing import ScriptedResponse

from ..support.fakes import API_KEY, Recorder, no_sleep, virtual_time
from ..support.runner import drive, new_client, sync_or_async

JOB = "accounts/acct/rlorTrainerJobs/job-1"
MODEL = "accounts/acct/models/m"
STEP = {"dataset": "d", "output_model": "m"}


# -- 2. a call queued for an in-flight slot respects its deadline, and sends nothing ---------


def test_a_call_waiting_for_a_slot_fails_at_its_deadline_with_nothing_sent(mode):
    """All slots held: the step's slot wait ends at its deadline, and the POST never leaves."""
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.method)
        return httpx.Response(200, json={})

    transport = httpx.MockTransport(handler)
    options = {"api_key": API_KEY, "account_id": "acct", "max_in_flight": 1}
    if mode == "sync":
        client = fw.Client(http_client=httpx.Client(transport=transport), **options)
        assert client._pool.slots.acquire(None)  # a slow read holds the only slot
        with pytest.raises(fw.APITimeoutError) as info:
            client.execute_train_step("job-1", **STEP, deadline=0.05)
        client._pool.slots.release()
    else:
        import asyncio

        async def main():
            client = fw.AsyncClient(http_client=httpx.AsyncClient(transport=transport), **options)
            assert await client._pool.slots.acquire_async(None)
            try:
                await client.execute_train_step("job-1", **STEP, deadline=0.05)
            finally:
                client._pool.slots.release_async()

        with pytest.raises(fw.APITimeoutError) as info:
            asyncio.run(main())
    assert sent == []  # nothing left the machine
    assert info.value.may_have_been_processed is False
    assert "not sent" in str(info.value) and "may or may not" not in " ".join(
        getattr(info.value, "__notes__", [])
    )


def test_the_pool_timeout_also_bounds_the_slot_wait():
    client = fw.Client(
        api_key=API_KEY,
        account_id="acct",
        max_in_flight=1,
        timeout=httpx.Timeout(5.0, pool=0.05),
        http_client=httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200))),
    )
    assert client._pool.slots.acquire(None)
    with pytest.raises(fw.APITimeoutError, match="no connection became free"):
        client.get_job("job-1")


# -- 3/4. a wait reads both on every poll, reports what it saw, and stays within its timeout --


@pytest.fixture
def vt(fake_gateway):
    clock, timing = virtual_time()
    fake_gateway.reset(step_seconds=0, clock=clock, default_account="acct")
    fake_gateway.add_job(JOB)
    return timing


def _wait(fake_gateway, timing, mode, **kwargs):
    return sync_or_async(
        mode,
        fake_gateway.url,
        lambda c: c.wait_for_step("job-1", output_model="m", poll_interval=1.0, **kwargs),
        _timing=timing,
        max_retries=0,
    )


def _executed(fake_gateway):
    with fw.Client(base_url=fake_gateway.url, api_key="k", account_id="acct") as client:
        client.execute_train_step("job-1", **STEP)


@contextlib.contextmanager
def unavailable(fake_gateway, operation_id):
    """Every read of ``operation_id`` answers 503 while the block runs (scripted answers)."""
    fake_gateway.script(*[ScriptedResponse(status=503, operation_id=operation_id)] * 200)
    yield


def test_model_ready_while_the_job_read_fails_returns_the_model(fake_gateway, vt, mode):
    _executed(fake_gateway)
    with unavailable(fake_gateway, "Gateway_GetRlorTrainerJob"):
        done = _wait(fake_gateway, vt, mode, timeout=10.0)
    assert done.model.state == "READY" and done.job is None


def test_job_failed_while_the_model_read_fails_stops_at_once(fake_gateway, vt, mode):
    fake_gateway.fail_job("job-1", "out of memory")
    started = vt.clock()
    with (
        unavailable(fake_gateway, "Gateway_GetModel"),
        pytest.raises(fw.StepFailedError, match="out of memory") as info,
    ):
        _wait(fake_gateway, vt, mode, timeout=3600.0)
    assert vt.clock() == started  # the first poll saw the failed job: no timeout burnt
    assert info.value.job_state == "JOB_STATE_FAILED"


def test_a_wait_timeout_bounds_reads_that_are_told_to_retry_later(fake_gateway, vt, mode):
    """429 with Retry-After: 60 and timeout=1: the wait ends at 1 s, not after 120 s."""
    _executed(fake_gateway)
    busy = ScriptedResponse(status=429, headers={"Retry-After": "60"})
    fake_gateway.script(*[busy] * 50)
    started = vt.clock()
    with pytest.raises(fw.StepTimeoutError) as info:
        sync_or_async(
            mode,
            fake_gateway.url,
            lambda c: c.wait_for_step("job-1", output_model="m", timeout=1.0),
            _timing=vt,
        )
    assert vt.clock() - started <= 1.0 + 1e-9
    assert "(timeout 1s)" in str(info.value)
    assert "could not be read" in str(info.value)  # it never saw a state, and says so


def test_very_long_waits_do_not_overflow():
    from fireworks_rft._names import resolve, resolve_job
    from fireworks_rft._waits import StepWait

    clock, timing = virtual_time()
    wait = StepWait(
        job=resolve_job(JOB, account_id=None),
        output_model=resolve(MODEL, collection="models", account_id=None, name="m"),
        timeout=1_000_000.0,
        poll_interval=1.0,
        on_progress=lambda _: None,
        timing=timing,
    )
    for _ in range(3000):  # past poll 1752, where 1.5 ** polls used to overflow
        wait.record(None, None)
        wait.decide()
        delay = wait.next_delay()
        assert delay == 30.0 or wait.polls < 20
        clock.advance(delay)


# -- 6. the key never leaks through server text ---------------------------------------------


CANARY = "fw-canary-key-" + "x" * 40


def test_a_status_message_with_the_key_never_reaches_the_error(fake_gateway, vt, mode):
    fake_gateway.reset(step_seconds=0, clock=vt.clock, default_account="acct", api_key=CANARY)
    fake_gateway.add_job(JOB)
    fake_gateway.fail_job("job-1", f"bad token {CANARY} rejected " + "y" * 400)
    with pytest.raises(fw.StepFailedError) as info:
        sync_or_async(
            mode,
            fake_gateway.url,
            lambda c: c.wait_for_step("job-1", output_model="m"),
            api_key=CANARY,
            _timing=vt,
        )
    error = info.value
    for shown in (str(error), repr(error), error.status_message, pickle.dumps(error)):
        assert CANARY not in str(shown)
        assert CANARY[:17] not in str(shown)


@pytest.mark.parametrize(
    "body",
    [
        {"error": {"message": "x" * 290 + CANARY}},  # cut at 300 characters: no prefix left
        {CANARY: "the key as an object key"},
        ("plain text " + "z" * 280 + CANARY),
    ],
    ids=["long-message", "json-key", "text"],
)
def test_error_bodies_are_redacted_before_they_are_cut(body):
    recorder = Recorder(
        responses=[
            httpx.Response(400, json=body)
            if not isinstance(body, str)
            else httpx.Response(400, text=body)
        ]
    )
    with (
        fw.Client(
            api_key=CANARY,
            account_id="acct",
            http_client=httpx.Client(transport=httpx.MockTransport(recorder)),
        ) as client,
        pytest.raises(fw.BadRequestError) as info,
    ):
        client.execute_train_step("job-1", **STEP)
    error = info.value
    for shown in (str(error), repr(error), repr(error.body), pickle.dumps(error)):
        assert CANARY[:12] not in str(shown)
    assert CANARY.encode() not in error.response.content


def test_a_bad_value_that_is_the_key_is_not_quoted():
    recorder = Recorder(
        responses=[httpx.Response(200, json={"name": CANARY, "createTime": CANARY})]
    )
    with fw.Client(
        api_key=CANARY,
        account_id="acct",
        http_client=httpx.Client(transport=httpx.MockTransport(recorder)),
    ) as client:
        try:
            job = client.get_job("job-1")
        except fw.APIResponseValidationError as exc:
            assert CANARY not in str(exc) and CANARY.encode() not in exc.raw_body
        else:
            assert CANARY not in str(job.to_dict())


# -- 7. a lost delete answer is a delete ------------------------------------------------------


def test_a_retried_delete_that_finds_the_job_gone_succeeds(fake_gateway, mode):
    fake_gateway.add_job("accounts/acct/rlorTrainerJobs/job-1")
    fake_gateway.script(ScriptedResponse(drop=True, executes=True))
    result = sync_or_async(
        mode, fake_gateway.url, lambda c: c.delete_job("job-1"), _timing=no_sleep()
    )
    assert result == fw.DeletedJob(name=JOB, already_gone=True)
    assert [r.status for r in fake_gateway.requests] == [None, 404]


def test_a_404_on_a_first_delete_is_still_not_found(fake_gateway, mode):
    fake_gateway.reset(known_jobs=[])
    with pytest.raises(fw.NotFoundError):
        sync_or_async(mode, fake_gateway.url, lambda c: c.delete_job("job-1"))


# -- 8/13. fork and pickle --------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX-only")
def test_a_forked_child_gets_a_fresh_pool(fake_gateway):
    fake_gateway.add_job("accounts/acct/rlorTrainerJobs/job-1")
    with fw.Client(base_url=fake_gateway.url, api_key="k", account_id="acct") as client:
        client.get_job("job-1")  # the parent has a kept-alive connection
        parent_pool = client._pool.client()
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            ok = client._pool.client() is not parent_pool and client.get_job("job-1").name == JOB
            os.write(write, b"1" if ok else b"0")
            os._exit(0)
        os.close(write)
        answer = os.read(read, 1)
        os.waitpid(pid, 0)
        assert answer == b"1"
        assert client._pool.client() is parent_pool  # the parent keeps its own
        assert client.get_job("job-1").name == JOB


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX-only")
def test_a_users_http_client_after_fork_is_refused_before_sending(fake_gateway):
    fake_gateway.add_job("accounts/a/rlorTrainerJobs/job-1")
    http = httpx.Client()
    with fw.Client(base_url=fake_gateway.url, api_key="k", account_id="a", http_client=http) as c:
        c.get_job("job-1")
        sent = len(fake_gateway.requests)
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: refused, with nothing sent
            try:
                c.get_job("job-1")
                answer = b"sent"
            except RuntimeError as exc:
                answer = b"1" if "one client in each process" in str(exc) else b"0"
            os.write(write, answer)
            os._exit(0)
        os.close(write)
        answer = os.read(read, 4)
        os.waitpid(pid, 0)
        assert answer == b"1"
        assert len(fake_gateway.requests) == sent
    http.close()


@pytest.mark.parametrize("mode_", ["sync", "async"])
def test_a_client_does_not_pickle_and_says_why(mode_):
    client = new_client(mode_, api_key=API_KEY, account_id="acct")
    with pytest.raises(TypeError, match="Create a client in each process"):
        pickle.dumps(client)
    drive(client, lambda c: None)


# -- 9. an async on_progress is awaited -------------------------------------------------------


def test_an_async_on_progress_is_awaited(fake_gateway, vt):
    _executed(fake_gateway)
    seen = []

    async def on_progress(progress):
        seen.append(progress.model_state)

    done = sync_or_async(
        "async",
        fake_gateway.url,
        lambda c: c.wait_for_step("job-1", output_model="m", on_progress=on_progress),
        _timing=vt,
    )
    assert done.model.state == "READY" and seen == ["READY"]


def test_an_async_on_progress_is_refused_by_the_sync_client(fake_gateway):
    async def on_progress(progress):
        pass

    with (
        fw.Client(base_url=fake_gateway.url, api_key="k", account_id="acct") as client,
        pytest.raises(TypeError, match="async"),
    ):
        client.wait_for_step("job-1", output_model="m", on_progress=on_progress)
    assert fake_gateway.requests == []
