"""A server newer than the spec never crashes a call: new enum values, new fields and nulls
parse, through client.gateway and the facade, sync and async; what still cannot be parsed
is an APIResponseValidationError with the request id, status and raw body."""

from __future__ import annotations

import asyncio
import json
import re

import httpx
import pytest
from fireworks_gateway.api.gateway import gateway_get_model, gateway_get_rlor_trainer_job
from fireworks_gateway.models import GatewayJobState, GatewayModelState

import fireworks_rft
from tools.fast_yaml import load as load_yaml

from ..support.fakes import API_KEY
from ..support.runner import drive, new_client

JOB = {
    "name": "accounts/a/rlorTrainerJobs/j",
    "state": "JOB_STATE_HIBERNATING",  # a state the spec does not list
    "status": None,  # null where the server sends one
    "createTime": "2026-11-27T10:00:00Z",
    "acceleratorSeconds": {"NVIDIA_H100_80GB": "12345678901234"},
    "fieldAddedNextYear": {"nested": [1, 2]},
    "lossConfig": {"method": "METHOD_FROM_THE_FUTURE"},
}


def serve(body: object, status: int = 200) -> httpx.MockTransport:
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.MockTransport(
        lambda request: httpx.Response(status, content=content, headers={"x-request-id": "r-7"})
    )


def test_new_enum_values_fields_and_nulls_parse_sync():
    http = httpx.Client(transport=serve(JOB))
    with fireworks_rft.Client(api_key=API_KEY, account_id="a", http_client=http) as client:
        job = gateway_get_rlor_trainer_job.sync("a", "j", client=client.gateway)
        facade = client.get_job("j")
    for parsed in (job, facade):
        assert parsed is not None
        assert isinstance(parsed.state, GatewayJobState)
        assert parsed.state == "JOB_STATE_HIBERNATING"
        assert parsed.to_dict()["state"] == "JOB_STATE_HIBERNATING"
        assert parsed.to_dict()["fieldAddedNextYear"] == {"nested": [1, 2]}
        assert parsed.to_dict()["lossConfig"] == {"method": "METHOD_FROM_THE_FUTURE"}
        assert "status" not in parsed.to_dict()  # null: unset
    assert GatewayJobState.JOB_STATE_RUNNING in list(GatewayJobState)  # known members stay


def test_new_enum_values_parse_async():
    async def main():
        http = httpx.AsyncClient(transport=serve({"name": "m", "state": "QUANTIZING"}))
        async with fireworks_rft.AsyncClient(
            api_key=API_KEY, account_id="a", http_client=http
        ) as client:
            return await gateway_get_model.asyncio("a", "m", client=client.gateway)

    model = asyncio.run(main())
    assert isinstance(model.state, GatewayModelState) and model.state == "QUANTIZING"


@pytest.mark.parametrize(
    "body",
    [{"state": 7}, {"createTime": "not a date"}, {"status": "not an object"}],
    ids=["enum-of-wrong-type", "bad-date", "string-for-object"],
)
def test_what_cannot_be_parsed_is_a_typed_error(body):
    http = httpx.Client(transport=serve(body))
    with fireworks_rft.Client(api_key=API_KEY, account_id="a", http_client=http) as client:
        with pytest.raises(fireworks_rft.APIResponseValidationError) as info:
            gateway_get_rlor_trainer_job.sync_detailed("a", "j", client=client.gateway)
        with pytest.raises(fireworks_rft.APIResponseValidationError):
            client.get_job("j")
    error = info.value
    assert error.status_code == 200 and error.request_id == "r-7"
    assert error.raw_body == json.dumps(body).encode()
    assert error.may_have_been_processed


def _required_fields(schema_name: str) -> list[str]:
    """The fields the bundled spec marks required in component ``schema_name``."""

    spec = load_yaml(fireworks_rft.spec_text())
    return list(spec["components"]["schemas"][schema_name].get("required") or [])


def test_required_fields_the_server_omits_parse_as_unset(mode):
    # proto3 JSON leaves zero values out, even of fields the spec marks required.
    from fireworks_gateway.types import Unset

    required = _required_fields("gatewayPEFTDetails")
    assert required, "the bundled spec marks fields of gatewayPEFTDetails required"
    body = {
        "name": "accounts/a/models/m",
        "state": "READY",
        "peftDetails": {},  # every required field omitted
        "parameterCount": 7000000000,  # an int64 sent as a JSON number, not a string
    }
    http_class = httpx.Client if mode == "sync" else httpx.AsyncClient
    client = new_client(
        mode, api_key=API_KEY, account_id="a", http_client=http_class(transport=serve(body))
    )
    model = drive(client, lambda c: c.get_model("m"))
    assert model.state == GatewayModelState.READY
    details = model.peft_details
    for field in required:
        python_name = re.sub(r"(?<!^)(?=[A-Z])", "_", field).lower()
        assert isinstance(getattr(details, python_name), Unset)
    assert details.to_dict() == {}  # what was omitted stays omitted
    assert model.to_dict()["parameterCount"] == 7000000000


def test_requests_still_require_the_required_fields():
    from fireworks_gateway.models import GatewayExecuteRlorTrainStepBody

    with pytest.raises(TypeError):
        GatewayExecuteRlorTrainStepBody(dataset="accounts/a/datasets/d")  # type: ignore[call-arg]
