"""Operations with servers of their own: where they go, and where the key may go."""

from __future__ import annotations

import httpx
import pytest

import fireworks_rft
from fireworks_rft import _routing
from tools.fast_yaml import load as load_yaml

from ..support.fakes import API_KEY, Recorder

SPEC_SERVER = "https://api.fireworks.ai"
TABLE = (
    ("GET", "/v1/accounts/{account_id}/models/{model_id}", "https://models.fireworks.ai/v2"),
    ("GET", "/v1/accounts/{account_id}/rlorTrainerJobs/{rlor_trainer_job_id}", "/inference"),
    ("GET", "/v1/accounts/{account_id}/rlorTrainerJobs/{rlor_trainer_job_id}:x", "http://plain"),
)


@pytest.fixture
def table(monkeypatch):
    monkeypatch.setattr(_routing, "OPERATION_SERVERS", TABLE)
    monkeypatch.setattr(_routing, "SPEC_SERVER", SPEC_SERVER)


def client(recorder: Recorder, base_url: str | None = None) -> fireworks_rft.Client:
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    options = {} if base_url is None else {"base_url": base_url}
    return fireworks_rft.Client(api_key=API_KEY, account_id="a", http_client=http, **options)


def test_an_operation_with_its_own_server_goes_there_with_the_key(table, recorder: Recorder):
    recorder.default = httpx.Response(200, json={"name": "accounts/a/models/m"})
    with client(recorder) as c:
        c.get_model("m")
        c.get_job("j")
        c.execute_train_step("j", dataset="d", output_model="m")
    model, job, step = recorder.requests
    assert model.url == "https://models.fireworks.ai/v2/v1/accounts/a/models/m"
    assert job.url == "https://api.fireworks.ai/inference/v1/accounts/a/rlorTrainerJobs/j"
    assert step.url.host == "api.fireworks.ai" and step.url.path.startswith("/v1/")
    for request in (model, job, step):
        assert request.headers["authorization"] == f"Bearer {API_KEY}"


def test_with_another_base_url_every_operation_goes_there(table, recorder: Recorder):
    recorder.default = httpx.Response(200, json={"name": "accounts/a/models/m"})
    with client(recorder, "http://127.0.0.1:9") as c:
        c.get_model("m")
    (request,) = recorder.requests
    assert request.url == "http://127.0.0.1:9/v1/accounts/a/models/m"


def test_the_key_goes_only_to_https_operation_servers(table):
    routes = _routing.Routes(httpx.URL(SPEC_SERVER))
    assert routes.enabled
    hosts = {origin[1] for origin in routes.origins()}
    assert hosts == {"models.fireworks.ai", "api.fireworks.ai"}  # not http://plain
    assert routes.server_for("get", "/v1/accounts/a/rlorTrainerJobs/j:x") == "http://plain"
    assert routes.server_for("post", "/v1/accounts/a/models/m") is None
    assert not _routing.Routes(httpx.URL("https://proxy.example")).enabled


def test_the_bundled_table_matches_the_bundled_spec():

    spec = load_yaml(fireworks_rft.spec_text())
    assert spec["servers"][0]["url"] == _routing.SPEC_SERVER
    for method, template, server in _routing.OPERATION_SERVERS:
        item = spec["paths"][template]
        own = item[method.lower()].get("servers") or item.get("servers")
        assert own and own[0]["url"] == server


def test_an_operation_server_over_plain_http_never_gets_the_key(table, recorder: Recorder):
    with client(recorder) as c:
        c.gateway.get_httpx_client().get("/v1/accounts/a/rlorTrainerJobs/j:x")
    (request,) = recorder.requests
    assert request.url.host == "plain" and "authorization" not in request.headers
