"""Operation coverage: every operation of openapi.yaml is callable through the configured
client (auth, retries, typed errors), and every operation the facade wraps is in the spec,
at the generated module the facade loads it from."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx
import pytest
import yaml

import fireworks_rft
from fireworks_rft import _operations

from ..support.fakes import API_KEY, SPEC_PATH, Recorder, no_sleep
from ..support.operations import module_for, spec_operations, success_response

WRAPPED_OPERATIONS = _operations.wrapped()

DOCUMENT = yaml.safe_load(SPEC_PATH.read_text())
OPERATIONS = spec_operations(DOCUMENT)


def missing_wrapped_operations(document: Mapping[str, Any]) -> list[str]:
    present = {op.operation_id for op in spec_operations(document)}
    return sorted(WRAPPED_OPERATIONS.keys() - present)


def assert_wrapped_operations_exist(document: Mapping[str, Any]) -> None:
    missing = missing_wrapped_operations(document)
    assert not missing, "; ".join(
        f"fireworks_rft wraps {op} by name ({', '.join(WRAPPED_OPERATIONS[op].used_by)}), but "
        "openapi.yaml no longer has it: those methods would call an operation the API dropped"
        for op in missing
    )


def test_every_wrapped_operation_is_in_the_spec():
    assert_wrapped_operations_exist(DOCUMENT)


def test_a_spec_without_execute_train_step_fails_by_name():
    pruned = {
        **DOCUMENT,
        "paths": {p: i for p, i in DOCUMENT["paths"].items() if ":executeTrainStep" not in p},
    }
    with pytest.raises(AssertionError, match="Gateway_ExecuteRlorTrainStep"):
        assert_wrapped_operations_exist(pruned)


@pytest.mark.parametrize(
    "operation",
    [op for op in OPERATIONS if op.operation_id in WRAPPED_OPERATIONS],
    ids=lambda op: op.operation_id,
)
def test_wrapped_operation_module_builds_its_request(operation):
    """The module the facade loads by operationId is the one that sends this operation."""
    module = WRAPPED_OPERATIONS[operation.operation_id].module
    found = module_for(operation, DOCUMENT)
    assert found is not None and found[0] is module, (
        f"{operation.label}: the facade loads {module.__name__}, which does not build it"
    )


def test_a_missing_operation_module_raises_naming_the_operation(monkeypatch, make_client):
    from fireworks_rft import _client

    gone = _operations.Operation("Gateway_NoSuchStep", "execute_train_step")
    monkeypatch.setattr(_client, "EXECUTE_TRAIN_STEP", gone)
    with pytest.raises(fireworks_rft.OperationUnavailableError, match="Gateway_NoSuchStep") as info:
        make_client().execute_train_step("j", dataset="d", output_model="m")
    assert info.value.operation_id == "Gateway_NoSuchStep"
    assert "execute_train_step()" in str(info.value)


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
