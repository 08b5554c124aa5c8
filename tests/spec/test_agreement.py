"""The emulator and Prism (an independent implementation) agree on what the spec accepts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import fireworks_rft
from fireworks_rft.testing import FakeGateway
from tools.fast_yaml import load as load_yaml

from ..support.spec_check import unused_method

#: One worker runs the tests that use Prism: one Prism server (a Node.js process) for all.
pytestmark = pytest.mark.xdist_group("prism")

STEP = "/v1/accounts/acct/rlorTrainerJobs/job-1:executeTrainStep"
JOB = "/v1/accounts/acct/rlorTrainerJobs/job-1"
MODEL = "/v1/accounts/acct/models/m"
AUTH = {"Authorization": "Bearer k"}
JSON = {"Content-Type": "application/json"}
VALID = b'{"dataset":"accounts/acct/datasets/d","outputModel":"accounts/acct/models/m"}'

# name -> (method, path, headers, body, accepted by the spec)
CASES = {
    "valid": ("POST", STEP, {**AUTH, **JSON}, VALID, True),
    "valid-full-names": (
        "POST",
        "/v1/accounts/a-1/rlorTrainerJobs/0b3c5e9a-1f2d:executeTrainStep",
        {**AUTH, **JSON},
        b'{"dataset":"accounts/a-1/datasets/d","outputModel":"accounts/a-1/models/m"}',
        True,
    ),
    "missing-field": ("POST", STEP, {**AUTH, **JSON}, b'{"dataset":"d"}', False),
    "snake-case-field": (
        "POST",
        STEP,
        {**AUTH, **JSON},
        b'{"dataset":"d","output_model":"m"}',
        False,
    ),
    "wrong-type": ("POST", STEP, {**AUTH, **JSON}, b'{"dataset":1,"outputModel":"m"}', False),
    "not-an-object": ("POST", STEP, {**AUTH, **JSON}, b'["d","m"]', False),
    # The spec does not forbid additional properties (and grpc-gateway discards unknown
    # fields), so an extra field is accepted by both.
    "extra-field": (
        "POST",
        STEP,
        {**AUTH, **JSON},
        VALID[:-1] + b',"x":1}',
        True,
    ),
    "get-job": ("GET", JOB, AUTH, b"", True),
    "get-job-read-mask": ("GET", JOB + "?readMask=state", AUTH, b"", True),
    "get-job-no-auth": ("GET", JOB, {}, b"", False),
    "get-model": ("GET", MODEL, AUTH, b"", True),
    "get-model-no-auth": ("GET", MODEL, {}, b"", False),
    "delete-job": ("DELETE", JOB.replace("job-1", "job-2"), AUTH, b"", True),
    "model-unused-method": (unused_method(MODEL), MODEL, AUTH, b"", False),
    "no-auth": ("POST", STEP, JSON, b'{"dataset":"d","outputModel":"m"}', False),
    "basic-auth": (
        "POST",
        STEP,
        {"Authorization": "Basic a2V5", **JSON},
        b'{"dataset":"d","outputModel":"m"}',
        False,
    ),
    "wrong-content-type": (
        "POST",
        STEP,
        {**AUTH, "Content-Type": "text/plain"},
        b'{"dataset":"d","outputModel":"m"}',
        False,
    ),
    "wrong-method": (unused_method(STEP), STEP, AUTH, b"", False),
    "unknown-path": (
        "POST",
        STEP.replace("executeTrainStep", "executeStep"),
        {**AUTH, **JSON},
        b"{}",
        False,
    ),
}


def test_the_prism_tests_share_one_worker(request: pytest.FixtureRequest) -> None:
    """Under ``make test`` (xdist, ``--dist loadgroup``) this module's tests carry their group
    in their node IDs, so one worker runs them all with one Prism. pytest 9.2 silently
    dropped it (pytest-dev/pytest-xdist#1386): every worker started a Prism of its own."""
    if getattr(request.config.option, "loadgroup", False):  # an xdist worker, loadgroup
        assert request.node.nodeid.endswith("@prism"), request.node.nodeid


@pytest.fixture(scope="module")
def emulator_url() -> Iterator[str]:
    with FakeGateway(step_seconds=0) as gateway:
        # the model that "get-model" reads exists once a step has created it
        assert _send(gateway.url, "POST", STEP, {**AUTH, **JSON}, VALID).status_code == 200
        yield gateway.url


def _send(
    base_url: str, method: str, path: str, headers: dict[str, str], body: bytes
) -> httpx.Response:
    with httpx.Client(base_url=base_url, timeout=15) as http:
        return http.request(method, path, headers=headers, content=body or None)


@pytest.mark.parametrize("name", list(CASES))
def test_emulator_and_prism_agree(name, prism_url, emulator_url):
    method, path, headers, body, accepted = CASES[name]
    from_prism = _send(prism_url, method, path, headers, body)
    from_emulator = _send(emulator_url, method, path, headers, body)
    assert from_prism.is_success == accepted, (from_prism.status_code, from_prism.text)
    assert from_emulator.is_success == accepted, (from_emulator.status_code, from_emulator.text)
    if not accepted:
        assert from_emulator.json()["code"] in {3, 5, 12, 16}


def test_emulator_answers_malformed_json_with_400(emulator_url):
    """Prism 5.16 hangs on a malformed JSON body, so this case is the emulator's alone."""
    response = _send(emulator_url, "POST", STEP, {**AUTH, **JSON}, b'{"dataset": "d",')
    assert response.status_code == 400
    assert response.json()["code"] == 3


@pytest.mark.parametrize(
    "body",
    [
        b'{"dataset":"d","outputModel":"accounts/acct/models/m"}',
        b'{"dataset":"accounts/acct/datasets/d","outputModel":"m"}',
        b'{"dataset":"accounts/acct/datasets/","outputModel":"accounts/acct/models/m"}',
        b'{"dataset":"accounts/acct/datasets/rollouts 1","outputModel":"accounts/acct/models/m"}',
        b'{"dataset":"accounts/acct/datasets/../x","outputModel":"accounts/acct/models/m"}',
        b'{"dataset":"accounts/acct/datasets/d","outputModel":"accounts/other/models/m"}',
    ],
)
def test_resource_names_are_the_emulators_rule_beyond_the_spec(body, prism_url, emulator_url):
    """The spec types both names as plain strings (Prism accepts them); the API takes only full
    resource names, the output model in the job's account, and so does the emulator."""
    assert _send(prism_url, "POST", STEP, {**AUTH, **JSON}, body).is_success
    rejected = _send(emulator_url, "POST", STEP, {**AUTH, **JSON}, body)
    assert rejected.status_code == 400 and rejected.json()["code"] == 3


def own_server(operation: Any, document: dict[str, Any]) -> str | None:
    """The server of an operation whose path or operation names one other than the spec's."""
    item = document["paths"][operation.path]
    servers = operation.operation.get("servers") or item.get("servers") or []
    spec = [s["url"] for s in document.get("servers") or []]
    urls = [s["url"] for s in servers]
    return urls[0] if urls and urls != spec else None


def _every_operation() -> list[Any]:
    from ..support.operations import spec_operations

    return spec_operations(load_yaml(fireworks_rft.spec_text()))


@pytest.mark.parametrize("operation", _every_operation(), ids=lambda op: op.operation_id)
def test_what_the_sdk_sends_for_every_operation_prism_and_the_emulator_accept(
    operation, prism_url, emulator_url
):
    """Each operation of openapi.yaml, called through client.gateway with arguments built
    from its generated signature: Prism (an independent implementation of the spec) accepts
    the request, and so does the emulator: it may answer 404, 409 or 501 for what it lacks, or
    400 for a rule beyond the spec (never for the spec's own schema)."""
    from ..support.operations import module_for

    document = load_yaml(fireworks_rft.spec_text())
    found = module_for(operation, document)
    assert found is not None, f"no generated function for {operation.label}"
    module, args = found
    own = own_server(operation, document)
    if own is not None:
        # Prism and the emulator serve the Gateway's server only: what can be checked of an
        # operation with a server of its own (the inference API) is that it goes there.
        sent: list[httpx.Request] = []

        def answer(request: httpx.Request) -> httpx.Response:
            sent.append(request)
            return httpx.Response(404, json={"code": 5, "message": "not here"})

        with (
            httpx.Client(transport=httpx.MockTransport(answer)) as http,
            fireworks_rft.Client(api_key="k" * 12, http_client=http, max_retries=0) as client,
            pytest.raises(fireworks_rft.NotFoundError),
        ):
            module.sync_detailed(**args, client=client.gateway)
        (request,) = sent
        assert str(request.url).startswith(own.rstrip("/") + "/"), (own, str(request.url))
        return
    for base_url, allowed in ((prism_url, set()), (emulator_url, {400, 404, 409, 501})):
        with fireworks_rft.Client(
            api_key="k" * 12, account_id="acct", base_url=base_url, max_retries=0
        ) as client:
            try:
                module.sync_detailed(**args, client=client.gateway)
            except fireworks_rft.APIStatusError as exc:
                assert exc.status_code in allowed, (base_url, exc.status_code, str(exc))
                assert "invalid request" not in str(exc), str(exc)  # the spec's own checks
