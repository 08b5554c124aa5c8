"""The facade: execute_train_step, job names, results, per-call options, lifecycle."""

from __future__ import annotations

import json

import httpx
import pytest

import fireworks_rft
from fireworks_rft import TrainStepResult

from ..support.fakes import API_KEY, STEP_PATH, Recorder, ok_json


def test_step_sends_exact_request_and_returns_typed_result(make_client, recorder: Recorder):
    recorder.responses.append(ok_json(headers={"x-request-id": "req-42"}))
    client = make_client()

    result = client.execute_train_step(
        "job-1", dataset="accounts/acct-1/datasets/d1", output_model="accounts/acct-1/models/m1"
    )

    assert result == TrainStepResult(
        job="accounts/acct-1/rlorTrainerJobs/job-1",
        account_id="acct-1",
        job_id="job-1",
        dataset="accounts/acct-1/datasets/d1",
        output_model="accounts/acct-1/models/m1",
        request_id="req-42",
        status_code=200,
    )
    (request,) = recorder.requests
    assert request.method == "POST"
    assert request.url == httpx.URL("https://api.fireworks.ai" + STEP_PATH)
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["x-fireworks-rft-retry-count"] == "0"
    assert json.loads(request.content) == {
        "dataset": "accounts/acct-1/datasets/d1",
        "outputModel": "accounts/acct-1/models/m1",
    }


def test_full_job_name_account_wins(make_client, recorder: Recorder):
    client = make_client(account_id="acct-1")
    result = client.execute_train_step(
        "accounts/other/rlorTrainerJobs/job-9", dataset="d", output_model="m"
    )
    assert result.account_id == "other"
    assert result.job == "accounts/other/rlorTrainerJobs/job-9"
    assert (
        recorder.requests[0].url.path == "/v1/accounts/other/rlorTrainerJobs/job-9:executeTrainStep"
    )


def test_full_job_name_needs_no_account(make_client, recorder: Recorder):
    client = make_client(account_id=None)
    client.execute_train_step("accounts/a2/rlorTrainerJobs/j2", dataset="d", output_model="m")
    assert recorder.requests[0].url.path.startswith("/v1/accounts/a2/")


def test_bare_job_without_account_is_a_clear_error(make_client, recorder: Recorder):
    client = make_client(account_id=None)
    with pytest.raises(fireworks_rft.ConfigurationError) as info:
        client.execute_train_step("job-1", dataset="d", output_model="m")
    message = str(info.value)
    assert "FIREWORKS_ACCOUNT_ID" in message
    assert "accounts/{account}/rlorTrainerJobs/{id}" in message
    assert recorder.requests == []


def test_request_id_absent_is_none(make_client, recorder: Recorder):
    recorder.responses.append(ok_json())
    assert make_client().execute_train_step("j", dataset="d", output_model="m").request_id is None


def test_user_agent_names_sdk_spec_and_python(make_client, recorder: Recorder):
    make_client().execute_train_step("j", dataset="d", output_model="m")
    agent = recorder.requests[0].headers["user-agent"]
    import sys

    assert agent == (
        f"fireworks-rft/{fireworks_rft.__version__} (spec {fireworks_rft.__spec_version__}; "
        f"python {sys.version_info.major}.{sys.version_info.minor})"
    )


def test_default_headers_are_sent(make_client, recorder: Recorder):
    client = make_client(default_headers={"X-Team": "rl"})
    client.execute_train_step("j", dataset="d", output_model="m")
    assert recorder.requests[0].headers["x-team"] == "rl"


def test_per_call_timeout_reaches_the_request(make_client, recorder: Recorder):
    client = make_client()
    client.execute_train_step("j", dataset="d", output_model="m", timeout=3.5)
    client.execute_train_step("j", dataset="d", output_model="m")
    first, second = (r.extensions["timeout"] for r in recorder.requests)
    assert first == httpx.Timeout(3.5).as_dict()
    assert second == {"connect": 5.0, "read": 60.0, "write": 60.0, "pool": 60.0}


def test_client_timeout_float(make_client, recorder: Recorder):
    make_client(timeout=7).execute_train_step("j", dataset="d", output_model="m")
    assert recorder.requests[0].extensions["timeout"] == httpx.Timeout(7.0).as_dict()


def test_with_options_shares_pool_and_changes_settings(make_client, recorder: Recorder):
    client = make_client()
    quick = client.with_options(timeout=2.0, max_retries=0, default_headers={"X-A": "1"})
    assert quick.max_retries == 0 and client.max_retries == 2
    assert quick._pool is client._pool
    quick.execute_train_step("j", dataset="d", output_model="m")
    assert recorder.requests[0].headers["x-a"] == "1"
    assert recorder.requests[0].extensions["timeout"]["read"] == 2.0
    quick.close()  # does not close the shared pool
    client.execute_train_step("j", dataset="d", output_model="m")
    assert len(recorder.requests) == 2


def test_users_http_client_is_used_and_not_closed(recorder: Recorder):
    http = httpx.Client(transport=httpx.MockTransport(recorder), headers={"X-Proxy": "p"})
    with fireworks_rft.Client(api_key=API_KEY, account_id="a", http_client=http) as client:
        client.execute_train_step("j", dataset="d", output_model="m")
    assert not http.is_closed
    assert recorder.requests[0].headers["authorization"] == f"Bearer {API_KEY}"
    http.close()


def test_users_http_client_headers_cookies_and_params_go_out_as_httpx_would(recorder: Recorder):
    http = httpx.Client(transport=httpx.MockTransport(recorder), headers={"X-Proxy": "p"})
    client = fireworks_rft.Client(api_key=API_KEY, account_id="a", http_client=http)
    client.execute_train_step("j", dataset="d", output_model="m")
    http.headers["X-Proxy"] = "changed"  # the user changes their client between calls
    http.headers["X-Added"] = "1"
    client.execute_train_step("j", dataset="d", output_model="m2")
    http.cookies.set("session", "s1")
    http.params = httpx.QueryParams({"tenant": "t"})
    client.execute_train_step("j", dataset="d", output_model="m3")

    first, second, third = recorder.requests
    assert first.headers["x-proxy"] == "p" and "x-added" not in first.headers
    assert second.headers["x-proxy"] == "changed" and second.headers["x-added"] == "1"
    assert third.headers["cookie"] == "session=s1"
    assert third.url.params["tenant"] == "t"
    for request in recorder.requests:
        assert request.headers["authorization"] == f"Bearer {API_KEY}"
        assert request.url.path == STEP_PATH.replace("acct-1", "a").replace("job-1", "j")
    http.close()


def test_owned_pool_is_closed_on_exit():
    with fireworks_rft.Client(api_key=API_KEY) as client:
        inner = client._pool.client()
    assert inner.is_closed


async def test_async_owned_pool_is_closed_on_exit():
    async with fireworks_rft.AsyncClient(api_key=API_KEY) as client:
        inner = client._pool.client()
    assert inner.is_closed


def test_http_client_type_is_checked():
    with pytest.raises(TypeError, match="http_client must be an httpx.Client"):
        fireworks_rft.Client(api_key=API_KEY, http_client=httpx.AsyncClient())  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="http_client must be an httpx.AsyncClient"):
        fireworks_rft.AsyncClient(api_key=API_KEY, http_client=httpx.Client())  # type: ignore[arg-type]


def test_redirects_are_not_followed(make_client, recorder: Recorder):
    recorder.responses.append(
        httpx.Response(307, headers={"location": "https://evil.example/steal"})
    )
    with pytest.raises(fireworks_rft.APIStatusError) as info:
        make_client().execute_train_step("j", dataset="d", output_model="m")
    assert info.value.status_code == 307
    assert len(recorder.requests) == 1


def test_auth_is_only_sent_to_the_base_url_origin(make_client, recorder: Recorder):
    client = make_client()
    client.gateway.get_httpx_client().get("https://elsewhere.example/x")
    client.gateway.get_httpx_client().get("/v1/ok")
    elsewhere, same = recorder.requests
    assert "authorization" not in elsewhere.headers
    assert same.headers["authorization"] == f"Bearer {API_KEY}"
