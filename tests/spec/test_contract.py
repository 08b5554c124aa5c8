"""Contract: every request the SDK sends is what openapi.yaml describes (checked by openapi-core)."""

from __future__ import annotations

import httpx
import pytest
from fireworks_gateway.api.gateway import gateway_execute_rlor_train_step as op
from fireworks_gateway.models import GatewayExecuteRlorTrainStepBody

from ..support.fakes import Recorder
from ..support.spec_check import spec_errors, unused_method

JOBS = ["job-1", "accounts/other-acct/rlorTrainerJobs/0b3c5e9a-1f2d-4c1b-9f7e-1234567890ab"]


@pytest.mark.parametrize("job", JOBS)
def test_sync_step_matches_spec(make_client, recorder: Recorder, job):
    make_client().execute_train_step(job, dataset="d", output_model="m")
    (request,) = recorder.requests
    assert spec_errors(request) == []


@pytest.mark.parametrize("job", JOBS)
async def test_async_step_matches_spec(make_async_client, recorder: Recorder, job):
    client = make_async_client()
    await client.execute_train_step(job, dataset="d", output_model="m")
    await client.aclose()
    (request,) = recorder.requests
    assert spec_errors(request) == []


def test_generated_operation_through_gateway_matches_spec(make_client, recorder: Recorder):
    body = GatewayExecuteRlorTrainStepBody(dataset="d", output_model="m")
    op.sync_detailed("acct-1", "job-1", client=make_client().gateway, body=body)
    assert spec_errors(recorder.requests[0]) == []


def test_retried_attempts_match_spec(make_client, recorder: Recorder):
    recorder.responses += [httpx.Response(503), httpx.Response(429), httpx.Response(200, json={})]
    make_client().execute_train_step("job-1", dataset="d", output_model="m")
    assert len(recorder.requests) == 3
    for request in recorder.requests:
        assert spec_errors(request) == []


def test_wire_body_uses_the_spec_field_names(make_client, recorder: Recorder):
    make_client().execute_train_step("job-1", dataset="d", output_model="m")
    assert recorder.requests[0].content == (
        b'{"dataset":"accounts/acct-1/datasets/d","outputModel":"accounts/acct-1/models/m"}'
    )


def test_snake_case_regression_fails_the_contract(make_client, recorder: Recorder, monkeypatch):
    """If the body ever went out as output_model, the contract check would catch it."""
    monkeypatch.setattr(
        GatewayExecuteRlorTrainStepBody,
        "to_dict",
        lambda self: {"dataset": self.dataset, "output_model": self.output_model},
    )
    make_client().execute_train_step("job-1", dataset="d", output_model="m")
    errors = spec_errors(recorder.requests[0])
    assert errors and "outputModel" in " ".join(errors)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda r: r.headers.pop("authorization"), "401: missing or malformed bearer token"),
        (
            lambda r: r.headers.__setitem__("authorization", "Basic abc"),
            "401: missing or malformed",
        ),
        (
            lambda r: setattr(r, "method", unused_method(r.url.path)),
            "405: Method Not Allowed",
        ),
        (lambda r: r.headers.__setitem__("content-type", "text/plain"), "400: invalid request"),
    ],
    ids=["no-auth", "basic-auth", "wrong-method", "wrong-content-type"],
)
def test_the_checker_rejects_broken_requests(make_client, recorder: Recorder, change, expected):
    make_client().execute_train_step("job-1", dataset="d", output_model="m")
    request = recorder.requests[0]
    change(request)
    assert any(expected in e for e in spec_errors(request))


def test_the_checker_rejects_a_wrong_path():
    request = httpx.Request(
        "POST",
        "https://api.fireworks.ai/v1/no/such/operation",
        json={"dataset": "d", "outputModel": "m"},
        headers={"Authorization": "Bearer k"},
    )
    assert any(e.startswith("404: Not Found") for e in spec_errors(request))
