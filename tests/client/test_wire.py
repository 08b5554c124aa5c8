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


# --- The plain requests the sender assembles itself are the ones httpx builds -------------

_CLIENT_HEADERS = [
    {},  # httpx's own defaults only
    {"User-Agent": "mine/1", "X-Trace": "t-1"},
    {"Content-Type": "text/plain"},  # a header httpx adds per request: left to httpx
    {"X-Bytes": "caf\u00e9".encode()},  # not ASCII
]
_BODIES = [
    {},
    {"json": {"dataset": "accounts/a/datasets/d", "outputModel": "accounts/a/models/m"}},
    {"json": {"text": "caf\u00e9 \u2603", "n": 1, "nested": [1.5, None, True]}},
    {"json": []},
    {"content": b"raw bytes"},  # not assembled here: httpx builds it
    {"json": None},
]
_METHODS = ["get", "POST", "post", "DELETE", "PATCH", "PUT"]


@pytest.mark.parametrize("client_headers", _CLIENT_HEADERS)
def test_plain_requests_carry_the_bytes_httpx_would_send(client_headers):
    from fireworks_rft._requests import DefaultHeaders, plain_request

    http = httpx.Client(headers=client_headers)  # one client: each costs an SSL context
    sdk = httpx.Headers({"Authorization": "Bearer k", "User-Agent": "fireworks-rft/test"})
    merged = DefaultHeaders()(http, sdk)
    extensions = {"timeout": http.timeout.as_dict()}
    for base in BASES:
        url = httpx.URL(base.rstrip("/") + "/v1/accounts/a/rlorTrainerJobs/j")
        for method in _METHODS:
            for body in _BODIES:
                case = (base, method, body)
                got = plain_request(method, url, merged, extensions, dict(body))
                expected = httpx.Request(
                    method, url, headers=merged.headers, extensions=extensions, **body
                )
                assert (got.method, got.url, got.extensions) == (
                    expected.method,
                    expected.url,
                    expected.extensions,
                ), case
                # the same headers, in the same order, and the same body bytes
                assert got.headers.raw == expected.headers.raw, case
                assert got.content == expected.content, case
                # ... as a client merging its headers on every call would build them
                via_client = http.build_request(method, url, headers=sdk, **body)
                assert got.headers.raw == via_client.headers.raw, case
                assert got.content == via_client.content, case


def test_a_plain_request_with_nan_in_its_body_is_refused_before_anything_is_sent(
    make_client, recorder: Recorder
):
    client = make_client()
    with pytest.raises(ValueError, match="JSON"):
        client.gateway.get_httpx_client().post("/v1/x", json={"x": float("nan")})
    assert recorder.requests == []


def test_merged_headers_follow_changes_to_the_clients_headers():
    from fireworks_rft._requests import DefaultHeaders

    http = httpx.Client()
    defaults = DefaultHeaders()
    first = defaults(http, None)
    assert defaults(http, None) is first  # merged once
    http.headers["X-Later"] = "1"
    later = defaults(http, None)
    assert later.headers["x-later"] == "1" and later.plain
    http.headers["Host"] = "elsewhere.example"
    assert not defaults(http, None).plain  # httpx adds Host itself: left to httpx
