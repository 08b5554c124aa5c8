"""The emulator's bounds, ID rule and modelled rules (reliability round three, 10-12), and the
pytest fixtures users get (one server per session, reset per test, the marker)."""

from __future__ import annotations

import socket
import time

import attrs
import httpx
import pytest

import fireworks_rft as fw
from fireworks_rft.testing import FakeGateway, ManualClock

JOB_PATH = "/v1/accounts/acct/rlorTrainerJobs"


def _raw(gateway: FakeGateway, data: bytes, *, read_timeout: float = 5.0) -> bytes:
    host, port = gateway.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=read_timeout) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


@pytest.mark.parametrize("value", ["\u00b2", "1" * 23, "9" * 5000, "-1", "1_0", " 12 x"])
def test_odd_content_lengths_are_answered_400(fake_gateway, value):
    head = (
        f"POST {JOB_PATH}/j:executeTrainStep HTTP/1.1\r\nHost: x\r\nContent-Length: {value}\r\n\r\n"
    )
    answer = _raw(fake_gateway, head.encode("utf-8"))
    assert answer.startswith(b"HTTP/1.1 400") or answer.startswith(b"HTTP/1.1 413")


def test_a_body_over_the_limit_is_413_and_not_kept():
    with FakeGateway(max_body_bytes=1024) as gateway:
        head = (
            f"POST {JOB_PATH}/j:executeTrainStep HTTP/1.1\r\nHost: x\r\n"
            "Content-Length: 8388608\r\n\r\n"
        )
        assert _raw(gateway, head.encode() + b"{" * 2048).startswith(b"HTTP/1.1 413")
        assert gateway.requests == []


def test_the_request_log_is_bounded():
    with FakeGateway(max_logged_requests=3) as gateway, httpx.Client(base_url=gateway.url) as http:
        for _ in range(5):
            http.get("/v1/nowhere")
        assert len(gateway.requests) == 3


def test_a_client_dripping_its_request_is_cut_off():
    """Each byte arrives well within the idle timeout; the whole request never does."""
    with FakeGateway(request_timeout=0.2, idle_timeout=60.0) as gateway:
        host, port = gateway.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=30.0) as sock:
            for byte in b"GET /v1/accounts/a/models/m HTTP/1.1\r\n":
                try:
                    sock.sendall(bytes([byte]))
                except OSError:
                    break
                time.sleep(0.02)
            try:
                answer = sock.recv(1024)  # without the bound: no answer for 60 s
            except OSError:
                answer = b""
        assert answer == b""


@pytest.mark.parametrize(
    "job_id", ["a..b", "JOB", "-bad-", "a_b", "x" * 200, "job%00", "job-1:executeTrainStep"]
)
def test_job_ids_the_sdk_refuses_are_refused(fake_gateway, job_id):
    with httpx.Client(base_url=fake_gateway.url, headers={"Authorization": "Bearer k"}) as http:
        answer = http.get(f"{JOB_PATH}/{job_id}")
    assert answer.status_code in (400, 404)
    assert answer.status_code == 400 or ".." in job_id  # ".." is normalised away by the path
    assert fake_gateway.steps == []


def test_a_step_on_a_terminal_job_is_a_failed_precondition(fake_gateway):
    fake_gateway.add_job("job-1")
    fake_gateway.set_job_state("job-1", "JOB_STATE_CANCELLED")
    with httpx.Client(base_url=fake_gateway.url, headers={"Authorization": "Bearer k"}) as http:
        answer = http.post(
            "/v1/accounts/test-account/rlorTrainerJobs/job-1:executeTrainStep",
            json={
                "dataset": "accounts/test-account/datasets/d",
                "outputModel": "accounts/test-account/models/m",
            },
        )
    assert answer.status_code == 400 and answer.json()["code"] == 9
    assert fake_gateway.steps == []


def test_fail_job_resolves_bare_ids_like_the_client_and_refuses_unknown_jobs(
    fake_gateway, fake_gateway_client
):
    with pytest.raises(LookupError, match="knows no job"):
        fake_gateway.fail_job("never-named", "x")
    with pytest.raises(fw.NotFoundError):  # the fixture is strict: a job exists once added
        fake_gateway_client.get_job("job-1")
    fake_gateway.add_job("job-1")
    fake_gateway.fail_job("job-1", "boom")
    assert fake_gateway_client.get_job("job-1").state == "JOB_STATE_FAILED"
    with pytest.raises(ValueError, match="not a job"):
        fake_gateway.fail_job("Not/A/Job", "x")


@pytest.mark.fake_gateway(step_seconds=0)
def test_the_marker_sets_options_for_one_test(fake_gateway, fake_gateway_client):
    fake_gateway.add_job("job-1")
    fake_gateway.add_dataset("d")
    step = fake_gateway_client.execute_train_step("job-1", dataset="d", output_model="m")
    assert fake_gateway_client.get_model(step.output_model).state == "READY"


def test_without_the_marker_the_defaults_return(fake_gateway, fake_gateway_client):
    fake_gateway.add_job("job-1")
    fake_gateway.add_dataset("d")
    step = fake_gateway_client.execute_train_step("job-1", dataset="d", output_model="m")
    with pytest.raises(Exception, match="404"):
        fake_gateway_client.get_model(step.output_model)  # 1 s default: not created yet
    assert len(fake_gateway.steps) == 1  # and the previous test's step is forgotten


def test_the_session_server_is_shared_and_reset_between_tests(fake_gateway, request):
    url = fake_gateway.url
    fake_gateway.reset(step_seconds=0)
    assert fake_gateway.url == url  # a reset keeps the server and its port
    assert request.getfixturevalue("_fake_gateway_server") is fake_gateway


def test_a_manual_clock_drives_the_step_lifecycle(fake_gateway, fake_gateway_client):
    clock = ManualClock()
    fake_gateway.reset(step_seconds=10, clock=clock)
    step = fake_gateway_client.execute_train_step("job-1", dataset="d", output_model="m")
    states = []
    for _ in range(3):
        try:
            states.append(fake_gateway_client.get_model(step.output_model).state)
        except Exception:
            states.append(None)
        clock.advance(5)
    assert states == [None, "UPLOADING", "READY"]


# -- reliability round four: fixtures that neither invent jobs nor hang --------------------


def test_the_fixture_emulator_invents_no_job(fake_gateway, fake_gateway_client):
    with pytest.raises(fw.NotFoundError):
        fake_gateway_client.get_job("nope")
    with pytest.raises(fw.NotFoundError):
        fake_gateway_client.execute_train_step("nope", dataset="d", output_model="m")
    assert fake_gateway.steps == []


def test_a_plain_emulator_still_knows_every_job():
    with FakeGateway() as gw, fw.Client(base_url=gw.url, api_key="k", account_id="a") as c:
        assert c.get_job("anything").state == "JOB_STATE_RUNNING"


@pytest.mark.fake_gateway(clock=ManualClock(), job_start_seconds=30.0, step_seconds=60.0)
def test_the_whole_loop_on_a_manual_clock_never_hangs(fake_gateway, fake_gateway_client):
    """create_job, wait_for_job and run_step on the fixtures: the client's sleeps advance the
    emulator's clock, and the fixture client has a ledger."""
    client = fake_gateway_client
    job = client.create_job("loop-job", base_model="accounts/fireworks/models/qwen3-8b")
    client.wait_for_job(job.name)
    for i in range(3):
        rows = [{"messages": [{"role": "user", "content": f"rollout {i}"}]}]
        client.upload_dataset(f"d-{i}", rows)  # the fixtures refuse a step on no dataset
        done = client.run_step(job.name, dataset=f"d-{i}", output_model=f"m-{i}")
        assert done.model.state == "READY"
    assert len(fake_gateway.steps) == 3
    assert b"rollout 2" in (fake_gateway.upload("d-2") or b"")
    assert [r.state for r in client.ledger.records()] == [fw.StepState.READY] * 3


@pytest.mark.fake_gateway(clock=ManualClock(), step_seconds=60.0)
async def test_the_async_fixture_client_moves_a_manual_clock(
    fake_gateway, fake_gateway_async_client
):
    fake_gateway.add_job("job-1")
    fake_gateway.add_dataset("d")
    done = await fake_gateway_async_client.run_step("job-1", dataset="d", output_model="m")
    assert done.model.state == "READY"


def test_a_repeated_request_gets_the_same_verdict_and_a_copy_of_its_own():
    """Verdicts are remembered (a poll repeats one request): a header validation cannot read
    changes nothing, the bearer token's presence does, and callers never share a Match."""
    import re

    from fireworks_rft.testing._openapi import (
        REMEMBERED_BODY_BYTES,
        Match,
        Rejection,
        SpecValidator,
    )

    validator = SpecValidator.bundled()
    method, template, _ = next(
        op for op in validator.operations() if op[0] == "GET" and "{" in op[1]
    )
    path = re.sub(r"\{[^}]+\}", "x", template)

    def check(*headers: tuple[str, str]) -> Match | Rejection:
        return validator.check(method=method, path=path, query={}, headers=list(headers), body=b"")

    first = check(("Authorization", "Bearer k"))
    assert isinstance(first, Match) and set(first.path_params.values()) == {"x"}
    first.path_params.clear()  # a handler that changes what it was given
    again = check(("authorization", "Bearer k"), ("X-Request-Id", "2"))
    assert isinstance(again, Match) and set(again.path_params.values()) == {"x"}
    assert again == attrs.evolve(first, path_params=again.path_params)
    missing = check(("X-Request-Id", "2"))
    assert isinstance(missing, Rejection) and missing.status == 401
    # a large body (a dataset upload) is validated each time and never kept
    kept = validator._request_verdict.cache_info().currsize
    large = b"x" * (REMEMBERED_BODY_BYTES + 1)
    validator.check(method=method, path=path, query={}, headers=[], body=large)
    assert validator._request_verdict.cache_info().currsize == kept
