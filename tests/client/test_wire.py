"""The policy client builds absolute URLs itself: the same URL httpx's relative merge gives."""

from __future__ import annotations

import httpx
import pytest

import fireworks_rft

from ..support.fakes import API_KEY, Recorder

BASES = [
    "https://api.fireworks.ai",
    "https://api.fireworks.ai/",
    "https://gateway.example/prefix",
    "https://gateway.example/prefix/",
    "https://gateway.example:8443/a/b/",
    "http://[::1]:8080",
    "http://127.0.0.1:9/v2",
    "https://bücher.example",
]


@pytest.mark.parametrize("base", BASES)
def test_requests_go_where_httpx_would_send_them(base):
    recorder = Recorder()
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    kwargs = {"allow_insecure_http": True} if base.startswith("http://") else {}
    with fireworks_rft.Client(
        api_key=API_KEY, account_id="acct", base_url=base, http_client=http, **kwargs
    ) as client:
        client.execute_train_step("job-1", dataset="d", output_model="m")
        client.get_job("job-1")
    step, job = recorder.requests
    reference = httpx.Client(base_url=base)
    expected_step = reference.build_request(
        "POST", "/v1/accounts/acct/rlorTrainerJobs/job-1:executeTrainStep"
    )
    expected_job = reference.build_request("GET", "/v1/accounts/acct/rlorTrainerJobs/job-1")
    for got, expected in ((step, expected_step), (job, expected_job)):
        wire = (got.url.raw_scheme, got.url.raw_host, got.url.port, got.url.raw_path)
        assert wire == (
            expected.url.raw_scheme,
            expected.url.raw_host,
            expected.url.port,
            expected.url.raw_path,
        )
        assert str(got.url) == str(expected.url)
    # the key goes to that origin, and the Host header is httpx's own
    assert step.headers["authorization"] == f"Bearer {API_KEY}"
    assert step.headers["host"] == expected_step.headers["host"]


def test_a_full_url_to_another_origin_never_carries_the_key(make_client, recorder: Recorder):
    client = make_client()
    client.gateway.get_httpx_client().get("https://elsewhere.example/v1/x")
    (request,) = recorder.requests
    assert "authorization" not in request.headers


# --- A body that is not JSON is refused before anything is sent ---------------------------


def test_a_plain_request_with_nan_in_its_body_is_refused_before_anything_is_sent(
    make_client, recorder: Recorder
):
    client = make_client()
    with pytest.raises(ValueError, match="JSON"):
        client.gateway.get_httpx_client().post("/v1/x", json={"x": float("nan")})
    assert recorder.requests == []
