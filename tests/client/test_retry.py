"""Fault injection over real HTTP on loopback: what is retried, what is raised, never twice.

Every scenario runs with the sync and the async client against the fault server. It asserts
the exception type, the number of attempts the server saw, and that the step was never
executed more than once. Retry delays are recorded by an injected sleep, not slept.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import json
from typing import Any

import attrs
import httpx
import pytest

import fireworks_rft as fw

from ..support.fakes import API_KEY, NOW, no_sleep
from ..support.fault_server import OK, Action, fault_server, refused_port
from ..support.runner import captured, sync_or_async

HTML = b"<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"
STEP = {"dataset": "accounts/acct-1/datasets/d", "output_model": "accounts/acct-1/models/m"}


@attrs.define
class Run:
    outcome: object
    sleeps: list[float]


def run_step(mode: str, base_url: str, **client_kwargs: Any) -> Run:
    """One execute_train_step with the sync or async client; return its outcome and sleeps."""
    sleeps: list[float] = []
    options = {"account_id": "acct-1", "_timing": no_sleep(sleeps), **client_kwargs}
    step = captured(lambda client: client.execute_train_step("job-1", **STEP))
    return Run(sync_or_async(mode, base_url, step, **options), sleeps)


def _json(status: int, payload: Any, executes: bool = False, **headers: str) -> Action:
    return Action.json(status, payload, executes=executes, **headers)


def test_429_retry_after_seconds_then_ok(mode):
    with fault_server(
        _json(429, {"code": 8, "message": "quota"}, **{"Retry-After": "3"}), OK
    ) as server:
        run = run_step(mode, server.url)
    assert isinstance(run.outcome, fw.TrainStepResult)
    assert server.attempts == 2 and server.executions == 1
    assert run.sleeps == [3.0]
    assert [r.headers["x-fireworks-rft-retry-count"] for r in server.received] == ["0", "1"]


def test_429_retry_after_http_date_then_ok(mode):
    date = email.utils.formatdate(NOW + 7, usegmt=True)
    with fault_server(_json(429, {}, **{"Retry-After": date}), OK) as server:
        run = run_step(mode, server.url)
    assert isinstance(run.outcome, fw.TrainStepResult)
    assert server.attempts == 2 and server.executions == 1
    assert run.sleeps == [7.0]


def test_retry_after_ms_wins(mode):
    with fault_server(
        _json(429, {}, **{"retry-after-ms": "250", "Retry-After": "9"}), OK
    ) as server:
        run = run_step(mode, server.url)
    assert run.sleeps == [0.25] and server.attempts == 2


def test_429_retry_after_above_cap_is_raised_with_the_delay(mode):
    with fault_server(_json(429, {"message": "slow down"}, **{"Retry-After": "3600"})) as server:
        run = run_step(mode, server.url)
    assert isinstance(run.outcome, fw.RateLimitError)
    assert run.outcome.retry_after == 3600.0
    assert "3600s" in run.outcome.message
    assert server.attempts == 1 and run.sleeps == []
    assert server.executions == 0


def test_429_exhausts_retries(mode):
    with fault_server(default=_json(429, {"message": "quota"})) as server:
        run = run_step(mode, server.url, max_retries=2)
    assert isinstance(run.outcome, fw.RateLimitError)
    assert run.outcome.attempts == 3 and server.attempts == 3
    assert run.sleeps == [0.5, 1.0]  # exponential backoff, jitter pinned to 0
    assert not run.outcome.may_have_been_processed
    assert server.executions == 0


def test_503_then_ok(mode):
    with fault_server(_json(503, {"code": 14, "message": "unavailable"}), OK) as server:
        run = run_step(mode, server.url)
    assert isinstance(run.outcome, fw.TrainStepResult)
    assert server.attempts == 2 and server.executions == 1


@pytest.mark.parametrize("status", [500, 502, 504])
def test_ambiguous_5xx_is_never_retried(mode, status):
    with fault_server(_json(status, {"code": 13, "message": "internal"}, executes=True)) as server:
        run = run_step(mode, server.url)
    error = run.outcome
    assert isinstance(error, fw.InternalServerError)
    assert error.status_code == status
    assert error.may_have_been_processed is True
    assert "may have processed" in error.message
    assert any("may or may not have run" in note for note in error.__notes__)
    assert server.attempts == 1 and server.executions == 1 and run.sleeps == []


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 412, 422])
def test_4xx_is_never_retried(mode, status):
    with fault_server(_json(status, {"code": 9, "message": "no"})) as server:
        run = run_step(mode, server.url)
    assert isinstance(run.outcome, fw.APIStatusError)
    assert run.outcome.status_code == status
    assert not run.outcome.may_have_been_processed
    assert server.attempts == 1 and server.executions == 0


def test_html_error_page(mode):
    page = Action(status=502, body=HTML, headers=(("Content-Type", "text/html"),), executes=True)
    with fault_server(page) as server:
        run = run_step(mode, server.url)
    assert isinstance(run.outcome, fw.InternalServerError)
    assert run.outcome.body == "502 Bad Gateway Bad Gateway"
    assert server.attempts == 1 and server.executions <= 1


def test_google_rpc_status_body(mode):
    status = {"code": 3, "message": "outputModel: invalid id", "details": [{"@type": "x"}]}
    with fault_server(_json(400, status, **{"x-request-id": "rid-1"})) as server:
        run = run_step(mode, server.url)
    assert isinstance(run.outcome, fw.BadRequestError)
    assert run.outcome.body == status and run.outcome.code == 3
    assert run.outcome.request_id == "rid-1"
    assert "outputModel: invalid id" in run.outcome.message
    assert server.attempts == 1


def test_error_object_body(mode):
    with fault_server(
        _json(409, {"error": {"message": "job is busy", "code": "CONFLICT"}})
    ) as server:
        run = run_step(mode, server.url)
    assert isinstance(run.outcome, fw.ConflictError)
    assert run.outcome.code == "CONFLICT" and "job is busy" in run.outcome.message
    assert server.attempts == 1


@pytest.mark.parametrize(
    ("body", "problem"), [(b"{not json", "not valid JSON"), (b"", "empty body")]
)
def test_200_with_a_bad_body(mode, body, problem):
    with fault_server(Action(status=200, body=body, executes=True)) as server:
        run = run_step(mode, server.url)
    assert isinstance(run.outcome, fw.APIResponseValidationError)
    assert problem in run.outcome.message
    assert run.outcome.raw_body == body
    assert run.outcome.may_have_been_processed
    assert server.attempts == 1 and server.executions == 1


def test_response_slower_than_the_timeout(mode):
    with fault_server(Action(status=200, delay=1.0, executes=True)) as server:
        run = run_step(mode, server.url, timeout=httpx.Timeout(0.2, connect=2.0))
    assert isinstance(run.outcome, fw.APITimeoutError)
    assert run.outcome.may_have_been_processed
    assert "may have reached the server" in run.outcome.message
    assert server.attempts == 1 and server.executions == 1


def test_connection_closed_after_the_request_was_read(mode):
    with fault_server(Action(drop=True, executes=True)) as server:
        run = run_step(mode, server.url)
    assert type(run.outcome) is fw.APIConnectionError
    assert run.outcome.may_have_been_processed
    assert server.attempts == 1 and server.executions == 1


def test_connection_refused_is_retried_then_raised(mode):
    run = run_step(mode, f"http://127.0.0.1:{refused_port()}", max_retries=3)
    assert type(run.outcome) is fw.APIConnectionError
    assert run.outcome.attempts == 4
    assert run.outcome.may_have_been_processed is False
    assert "did not receive the request" in run.outcome.message
    assert run.sleeps == [0.5, 1.0, 2.0]


def test_redirect_is_not_followed(mode):
    redirect = Action(status=307, body=b"", headers=(("Location", "http://127.0.0.1:9/steal"),))
    with fault_server(redirect) as server:
        run = run_step(mode, server.url)
    assert type(run.outcome) is fw.APIStatusError
    assert run.outcome.status_code == 307
    assert server.attempts == 1 and server.executions == 0


def test_opt_in_retries_ambiguous_failures(mode):
    with fault_server(_json(502, {}, executes=True), OK) as server:
        run = run_step(mode, server.url, retry_ambiguous_failures=True)
    assert isinstance(run.outcome, fw.TrainStepResult)
    assert server.attempts == 2
    assert server.executions == 2  # the documented cost of the opt-in: the step ran twice


def test_per_call_max_retries(mode):
    with fault_server(default=_json(503, {})) as server:
        sleeps: list[float] = []
        kwargs = {
            "api_key": API_KEY,
            "account_id": "a",
            "base_url": server.url,
            "_timing": no_sleep(sleeps),
        }
        if mode == "sync":
            with fw.Client(**kwargs) as client, pytest.raises(fw.InternalServerError) as info:
                client.execute_train_step("j", dataset="d", output_model="m", max_retries=0)
        else:

            async def run() -> Any:
                async with fw.AsyncClient(**kwargs) as client:
                    with pytest.raises(fw.InternalServerError) as info:
                        await client.execute_train_step(
                            "j", dataset="d", output_model="m", max_retries=0
                        )
                    return info

            info = asyncio.run(run())
    assert info.value.attempts == 1 and server.attempts == 1


def test_max_retries_zero_disables_retrying(mode):
    with fault_server(default=_json(503, {})) as server:
        run = run_step(mode, server.url, max_retries=0)
    assert isinstance(run.outcome, fw.InternalServerError) and server.attempts == 1


def test_idempotent_methods_may_retry_ambiguous_failures():
    """The policy decides by HTTP method: a GET of a future operation rides out a 502."""
    with fault_server(_json(502, {}), _json(200, {"state": "READY"})) as server:
        sleeps: list[float] = []
        with fw.Client(api_key=API_KEY, base_url=server.url, _timing=no_sleep(sleeps)) as client:
            response = client.gateway.get_httpx_client().get("/v1/accounts/a/rlorTrainerJobs/j")
    assert json.loads(response.content) == {"state": "READY"}
    assert server.attempts == 2 and sleeps == [0.5]


def test_retries_reuse_one_pooled_connection(mode):
    """A retried request must not leak a connection: all attempts share one keep-alive socket."""
    with fault_server(_json(503, {}), _json(429, {}), OK, OK) as server:
        for _ in range(2):
            run = run_step(mode, server.url, max_retries=3)
            assert isinstance(run.outcome, fw.TrainStepResult)
    assert server.attempts == 4
    assert server.connections == 2  # one per client (each run makes its own), none per retry


def test_pool_is_released_after_failures():
    """After ambiguous and final failures, no connection stays checked out of the pool."""
    script = [_json(500, {}), Action(drop=True), _json(400, {}), _json(503, {}), OK]
    with (
        fault_server(*script) as server,
        fw.Client(
            api_key=API_KEY, account_id="a", base_url=server.url, _timing=no_sleep([])
        ) as client,
    ):
        for _ in range(4):
            with contextlib.suppress(fw.APIError):
                client.execute_train_step("j", dataset="d", output_model="m")
        pool = client._pool.client()._transport._pool  # httpcore, to see the connections
        assert all(c.is_idle() or c.is_closed() for c in pool.connections)
        assert len(pool.connections) <= 1
    assert server.attempts == 5
