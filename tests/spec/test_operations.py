"""Operation coverage: every operation of openapi.yaml is callable through the configured
client (auth, retries, typed errors), and every operation the facade wraps is in the spec,
at the generated module the facade loads it from."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

import httpx
import pytest

import fireworks_rft
from tools.facade_calls import GENERATED_API, imported_modules, methods_by_operation, module_name
from tools.fast_yaml import load as load_yaml

from ..support.fakes import API_KEY, ROOT, SPEC_PATH, Recorder, no_sleep
from ..support.operations import module_for, spec_operations, success_response

#: Every generated module the facade imports (inside its methods), and who needs it.
IMPORTED = imported_modules(ROOT)

DOCUMENT = load_yaml(SPEC_PATH.read_text())
OPERATIONS = spec_operations(DOCUMENT)


def missing_modules(document: Mapping[str, Any]) -> list[str]:
    present = {module_name(op.operation_id) for op in spec_operations(document)}
    return sorted(IMPORTED.keys() - present)


def assert_imported_operations_exist(document: Mapping[str, Any]) -> None:
    missing = missing_modules(document)
    assert not missing, "; ".join(
        f"fireworks_rft imports {GENERATED_API}{module} ({', '.join(sorted(IMPORTED[module]))}), "
        "but openapi.yaml no longer has its operation: those methods would call an operation "
        "the API dropped"
        for module in missing
    )


def test_every_imported_operation_is_in_the_spec():
    assert IMPORTED, "the facade imports no generated operation"
    assert_imported_operations_exist(DOCUMENT)


def test_a_spec_without_execute_train_step_fails_by_name():
    pruned = {
        **DOCUMENT,
        "paths": {p: i for p, i in DOCUMENT["paths"].items() if ":executeTrainStep" not in p},
    }
    with pytest.raises(AssertionError, match="gateway_execute_rlor_train_step") as info:
        assert_imported_operations_exist(pruned)
    assert "run_step" in str(info.value) and "execute_train_step" in str(info.value)


def test_the_call_graph_names_the_methods_that_reach_an_operation_through_helpers():
    found = methods_by_operation(["Gateway_ExecuteRlorTrainStep", "Gateway_NoSuch"], ROOT)
    assert set(found) == {"Gateway_ExecuteRlorTrainStep"}
    methods = found["Gateway_ExecuteRlorTrainStep"]
    for name in ("execute_train_step", "ensure_step_sent", "run_step"):
        assert f"Client.{name}" in methods and f"AsyncClient.{name}" in methods
    assert "Client.get_job" not in methods


@pytest.mark.parametrize(
    "operation",
    [op for op in OPERATIONS if module_name(op.operation_id) in IMPORTED],
    ids=lambda op: op.operation_id,
)
def test_imported_operation_module_builds_its_request(operation):
    """The module the facade imports for an operation is the one that sends it."""
    import importlib

    module = importlib.import_module(GENERATED_API + module_name(operation.operation_id))
    found = module_for(operation, DOCUMENT)
    assert found is not None and found[0] is module, (
        f"{operation.label}: the facade imports {module.__name__}, which does not build it"
    )


def _execute(client):
    return client.execute_train_step("j", dataset="d", output_model="m")


def _wait_async(client):
    import asyncio

    async def go():
        async with fireworks_rft.AsyncClient(api_key=API_KEY, account_id="acct") as c:
            await c.wait_for_step("j", output_model="m")  # through a private helper

    return asyncio.run(go())


@pytest.mark.parametrize(
    ("module", "call", "method"),
    [
        ("gateway_execute_rlor_train_step", _execute, "execute_train_step"),
        ("gateway_get_model", _wait_async, "wait_for_step"),
    ],
)
def test_a_missing_operation_module_raises_naming_the_module_and_method(
    monkeypatch, make_client, module, call, method
):
    gone = GENERATED_API + module
    monkeypatch.delitem(sys.modules, gone, raising=False)
    monkeypatch.setitem(sys.modules, gone, None)  # as if a spec bump dropped it
    with pytest.raises(fireworks_rft.OperationUnavailableError) as info:
        call(make_client())
    assert info.value.operation_id == module
    assert gone in str(info.value) and f"so {method}() cannot be used" in str(info.value)


def test_a_missing_model_raises_naming_it(monkeypatch, make_client):
    import fireworks_gateway.models

    name = "GatewayCancelRlorTrainerJobBody"
    monkeypatch.delattr(fireworks_gateway.models, name, raising=False)  # as if a bump dropped it
    monkeypatch.delitem(fireworks_gateway.models._MODULES, name)
    with pytest.raises(fireworks_rft.OperationUnavailableError, match=name) as info:
        make_client().cancel_job("j")
    assert "so cancel_job() cannot be used" in str(info.value)


def test_the_spec_has_operations():
    assert OPERATIONS, "openapi.yaml has no operations"


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda op: op.operation_id)
def test_operation_is_callable_through_the_client(operation):
    found = module_for(operation, DOCUMENT)
    assert found is not None, f"no generated function for {operation.label}"
    module, args = found

    recorder = Recorder(responses=[httpx.Response(429), success_response(operation, DOCUMENT)])
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    with fireworks_rft.Client(api_key=API_KEY, http_client=http, _timing=no_sleep()) as client:
        response = module.sync_detailed(**args, client=client.gateway)
        assert 200 <= response.status_code < 300
        # auth and the retry policy: the 429 was retried, with the key on both attempts
        assert [r.headers["x-fireworks-rft-retry-count"] for r in recorder.requests] == ["0", "1"]
        assert all(r.headers["authorization"] == f"Bearer {API_KEY}" for r in recorder.requests)
        assert recorder.requests[0].method == operation.method

        # the error policy: a 404 is a typed error, not None or an UnexpectedStatus
        recorder.responses.append(httpx.Response(404, json={"code": 5, "message": "gone"}))
        with pytest.raises(fireworks_rft.NotFoundError, match="gone"):
            module.sync_detailed(**args, client=client.gateway)
