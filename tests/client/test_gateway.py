"""The configured generated client, and the traps of openapi-python-client 0.29.1 it avoids."""

from __future__ import annotations

import httpx
import pytest
from fireworks_gateway import AuthenticatedClient
from fireworks_gateway import Client as GeneratedClient
from fireworks_gateway.api.gateway import gateway_execute_rlor_train_step as op
from fireworks_gateway.models import GatewayExecuteRlorTrainStepBody

import fireworks_rft

from ..support.fakes import API_KEY, Recorder

BODY = GatewayExecuteRlorTrainStepBody(
    dataset="accounts/acct-1/datasets/d", output_model="accounts/acct-1/models/m"
)


def test_gateway_is_a_generated_client_with_the_policy(make_client, recorder: Recorder):
    recorder.responses.append(httpx.Response(200, json={}, headers={"x-request-id": "g1"}))
    gateway = make_client().gateway
    assert isinstance(gateway, GeneratedClient)

    response = op.sync_detailed("acct-1", "job-1", client=gateway, body=BODY)

    assert response.status_code == 200
    assert response.headers["x-request-id"] == "g1"
    request = recorder.requests[0]
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    assert request.headers["user-agent"].startswith("fireworks-rft/")
    assert request.extensions["timeout"]["read"] == 60.0


def test_generated_operation_raises_typed_errors(make_client, recorder: Recorder):
    recorder.default = httpx.Response(404, json={"code": 5, "message": "no such job"})
    with pytest.raises(fireworks_rft.NotFoundError, match="no such job"):
        op.sync("acct-1", "job-1", client=make_client().gateway, body=BODY)


def test_generated_operation_is_retried_by_the_policy(make_client, recorder: Recorder):
    recorder.responses += [httpx.Response(503), httpx.Response(200, json={})]
    op.sync_detailed("acct-1", "job-1", client=make_client().gateway, body=BODY)
    assert [r.headers["x-fireworks-rft-retry-count"] for r in recorder.requests] == ["0", "1"]


async def test_async_generated_operation(make_async_client, recorder: Recorder):
    recorder.responses += [httpx.Response(429), httpx.Response(200, json={})]
    client = make_async_client()
    response = await op.asyncio_detailed("acct-1", "job-1", client=client.gateway, body=BODY)
    assert response.status_code == 200
    assert len(recorder.requests) == 2
    assert recorder.requests[1].headers["authorization"] == f"Bearer {API_KEY}"
    await client.aclose()


def test_set_httpx_client_is_refused(make_client):
    """Trap: set_httpx_client() drops the auth header."""
    gateway = make_client().gateway
    with pytest.raises(TypeError, match="http_client="):
        gateway.set_httpx_client(httpx.Client())
    with pytest.raises(TypeError, match="http_client="):
        gateway.set_async_httpx_client(httpx.AsyncClient())


async def test_sync_gateway_refuses_async_functions(make_client, recorder: Recorder):
    """Trap: a sync-only custom transport breaks the async functions."""
    with pytest.raises(TypeError, match="AsyncClient"):
        await op.asyncio_detailed("acct-1", "job-1", client=make_client().gateway, body=BODY)
    assert recorder.requests == []


async def test_async_gateway_refuses_sync_functions(make_async_client, recorder: Recorder):
    client = make_async_client()
    with pytest.raises(TypeError, match=r"fireworks_rft\.Client"):
        op.sync_detailed("acct-1", "job-1", client=client.gateway, body=BODY)
    assert recorder.requests == []
    await client.aclose()


def test_with_headers_and_with_timeout_do_not_mutate(make_client, recorder: Recorder):
    """Trap: with_headers()/with_timeout() mutate the original's httpx client."""
    gateway = make_client().gateway
    tagged = gateway.with_headers({"X-Tag": "t"})
    quick = tagged.with_timeout(httpx.Timeout(2.0))
    assert tagged is not gateway and quick is not tagged

    for client in (gateway, tagged, quick):
        op.sync_detailed("acct-1", "job-1", client=client, body=BODY)
    plain, with_tag, with_both = recorder.requests

    assert "x-tag" not in plain.headers
    assert plain.extensions["timeout"]["read"] == 60.0
    assert with_tag.headers["x-tag"] == "t"
    assert with_tag.extensions["timeout"]["read"] == 60.0
    assert with_both.headers["x-tag"] == "t"
    assert with_both.extensions["timeout"]["read"] == 2.0
    for request in recorder.requests:  # the copies keep auth and the policy
        assert request.headers["authorization"] == f"Bearer {API_KEY}"
        assert request.headers["x-fireworks-rft-retry-count"] == "0"


def test_with_cookies_does_not_mutate(make_client, recorder: Recorder):
    gateway = make_client().gateway
    op.sync_detailed("acct-1", "job-1", client=gateway.with_cookies({"c": "1"}), body=BODY)
    op.sync_detailed("acct-1", "job-1", client=gateway, body=BODY)
    assert recorder.requests[0].headers["cookie"] == "c=1"
    assert "cookie" not in recorder.requests[1].headers


def test_with_timeout_rejects_no_timeout(make_client):
    """Trap: the generated default timeout=None means no timeout at all."""
    with pytest.raises(ValueError, match="finite"):
        make_client().gateway.with_timeout(httpx.Timeout(None))


def test_generated_default_is_no_timeout_but_ours_is_finite(make_client):
    raw = GeneratedClient(base_url="https://api.fireworks.ai")
    assert raw.get_httpx_client().timeout.read is None  # the trap exists...
    timeout = make_client().gateway.get_httpx_client().timeout
    assert None not in timeout.as_dict().values()  # ...and is avoided


def test_no_repr_shows_the_token(make_client):
    """Trap: AuthenticatedClient's attrs repr prints the token."""
    assert API_KEY in repr(AuthenticatedClient(base_url="https://x", token=API_KEY))
    client = make_client()
    for obj in (
        client,
        client.gateway,
        client._config,
        client._settings,
        client.gateway.with_headers({}),
    ):
        assert API_KEY not in repr(obj)
        assert API_KEY not in str(obj)


def test_gateway_context_manager_does_not_close_the_pool(make_client, recorder: Recorder):
    client = make_client()
    with client.gateway as gateway:
        op.sync_detailed("acct-1", "job-1", client=gateway, body=BODY)
    client.execute_train_step("job-1", dataset="d", output_model="m")
    assert len(recorder.requests) == 2


def test_generated_requests_carry_one_json_content_type(make_client, recorder: Recorder):
    """The policy client drops the generated code's redundant Content-Type; httpx sets it."""
    client = make_client()
    op.sync_detailed("acct-1", "job-1", client=client.gateway, body=BODY)
    client.execute_train_step("job-1", dataset="d", output_model="m")
    for request in recorder.requests:
        assert request.headers.get_list("content-type") == ["application/json"]
        assert request.content == (
            b'{"dataset":"accounts/acct-1/datasets/d","outputModel":"accounts/acct-1/models/m"}'
        )


@pytest.fixture
def fresh_models_package():
    """The models package imported afresh; the modules every other test uses, put back after.

    The client imports generated models inside its methods, so a package left half-reloaded
    would hand it other classes than the operation modules use.
    """
    import sys

    import fireworks_gateway

    saved = {
        m: sys.modules[m] for m in list(sys.modules) if m.startswith("fireworks_gateway.models")
    }
    package = fireworks_gateway.models
    for name in saved:
        del sys.modules[name]
    try:
        yield
    finally:
        for name in [m for m in sys.modules if m.startswith("fireworks_gateway.models")]:
            del sys.modules[name]
        sys.modules.update(saved)
        fireworks_gateway.models = package


def test_the_lazy_models_package_keeps_every_name(fresh_models_package):
    """models/__init__ loads each model on first use; its names and __all__ are unchanged."""
    import importlib
    import sys

    models = importlib.import_module("fireworks_gateway.models")
    files = {
        path.stem
        for path in __import__("pathlib").Path(models.__file__).parent.glob("*.py")
        if path.stem != "__init__"
    }
    assert len(models.__all__) == len(files) > 0
    loaded_before = {m for m in sys.modules if m.startswith("fireworks_gateway.models.")}
    assert loaded_before == set()  # importing the package loads no model
    for name in models.__all__:
        cls = getattr(models, name)
        assert cls.__name__ == name and name in dir(models)
    with pytest.raises(AttributeError):
        _ = models.NoSuchModel
