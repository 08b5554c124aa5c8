"""The error hierarchy: status mapping, what every error carries, body shapes."""

from __future__ import annotations

import httpx
import pytest

import fireworks_rft as fw

from ..support.fakes import STEP_PATH, Recorder


def test_hierarchy():
    assert issubclass(fw.APIError, fw.FireworksError)
    assert issubclass(fw.APIStatusError, fw.APIError)
    assert issubclass(fw.APIConnectionError, fw.APIError)
    assert issubclass(fw.APITimeoutError, fw.APIConnectionError)
    assert issubclass(fw.APIResponseValidationError, fw.APIError)
    assert issubclass(fw.ConfigurationError, fw.FireworksError)
    for cls in (
        fw.BadRequestError,
        fw.AuthenticationError,
        fw.PermissionDeniedError,
        fw.NotFoundError,
        fw.ConflictError,
        fw.UnprocessableEntityError,
        fw.RateLimitError,
        fw.InternalServerError,
    ):
        assert issubclass(cls, fw.APIStatusError)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, fw.BadRequestError),
        (401, fw.AuthenticationError),
        (403, fw.PermissionDeniedError),
        (404, fw.NotFoundError),
        (409, fw.ConflictError),
        (412, fw.APIStatusError),
        (418, fw.APIStatusError),
        (422, fw.UnprocessableEntityError),
        (429, fw.RateLimitError),
        (500, fw.InternalServerError),
        (501, fw.InternalServerError),
        (502, fw.InternalServerError),
        (503, fw.InternalServerError),
        (504, fw.InternalServerError),
        (302, fw.APIStatusError),
    ],
)
def test_status_maps_to_class(make_client, recorder: Recorder, status, cls):
    recorder.default = httpx.Response(
        status,
        json={"code": 3, "message": f"nope {status}", "details": []},
        headers={"x-request-id": f"req-{status}"},
    )
    with pytest.raises(fw.APIStatusError) as info:
        make_client(max_retries=0).execute_train_step("job-1", dataset="d", output_model="m")
    error = info.value
    assert type(error) is cls
    assert error.status_code == status
    assert error.message == str(error)
    assert f"nope {status}" in error.message
    assert error.request_id == f"req-{status}"
    assert f"req-{status}" in error.message
    assert error.method == "POST"
    assert error.url == "https://api.fireworks.ai" + STEP_PATH
    assert error.body == {"code": 3, "message": f"nope {status}", "details": []}
    assert error.code == 3
    assert error.attempts == 1


def _fail_with(make_client, recorder, response):
    recorder.default = response
    with pytest.raises(fw.APIError) as info:
        make_client(max_retries=0).execute_train_step("job-1", dataset="d", output_model="m")
    return info.value


def test_grpc_status_body(make_client, recorder):
    error = _fail_with(
        make_client,
        recorder,
        httpx.Response(
            400,
            json={
                "code": 3,
                "message": "invalid output model id",
                "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest"}],
            },
        ),
    )
    assert isinstance(error, fw.BadRequestError)
    assert "invalid output model id" in error.message
    assert error.body["details"][0]["@type"].endswith("BadRequest")


def test_error_object_body(make_client, recorder):
    error = _fail_with(
        make_client,
        recorder,
        httpx.Response(403, json={"error": {"message": "no training scope", "code": 7}}),
    )
    assert isinstance(error, fw.PermissionDeniedError)
    assert "no training scope" in error.message
    assert error.code == 7


def test_error_string_body(make_client, recorder):
    error = _fail_with(make_client, recorder, httpx.Response(401, json={"error": "bad key"}))
    assert "bad key" in error.message


def test_html_body_is_truncated_text(make_client, recorder):
    page = "<html><head><title>502 Bad Gateway</title></head><body>" + "x" * 5000 + "</body></html>"
    error = _fail_with(
        make_client, recorder, httpx.Response(502, text=page, headers={"content-type": "text/html"})
    )
    assert isinstance(error, fw.InternalServerError)
    assert isinstance(error.body, str)
    assert "<" not in error.body
    assert error.body.startswith("502 Bad Gateway")
    assert len(error.body) <= 300
    assert len(error.message) < 1000


def test_plain_text_body(make_client, recorder):
    error = _fail_with(make_client, recorder, httpx.Response(404, text="job not found\n"))
    assert error.body == "job not found"
    assert "job not found" in error.message


def test_empty_error_body(make_client, recorder):
    error = _fail_with(make_client, recorder, httpx.Response(404))
    assert error.body is None
    assert "HTTP 404" in error.message


@pytest.mark.parametrize(
    ("content", "problem"),
    [(b"not json", "not valid JSON"), (b"", "empty body"), (b"[1,2]", "not an object")],
)
def test_2xx_with_a_body_that_is_not_the_spec_json(make_client, recorder, content, problem):
    error = _fail_with(
        make_client, recorder, httpx.Response(200, content=content, headers={"x-request-id": "r1"})
    )
    assert isinstance(error, fw.APIResponseValidationError)
    assert problem in error.message
    assert error.raw_body == content
    assert error.status_code == 200
    assert error.request_id == "r1"
    assert error.may_have_been_processed is True
    assert not isinstance(error.__cause__, ValueError)


def test_4xx_not_processed_and_5xx_unknown(make_client, recorder):
    assert not _fail_with(make_client, recorder, httpx.Response(400)).may_have_been_processed
    assert _fail_with(make_client, recorder, httpx.Response(500)).may_have_been_processed


def test_ambiguous_step_error_tells_how_to_check(make_client, recorder):
    error = _fail_with(make_client, recorder, httpx.Response(504))
    assert "may have processed" in error.message
    (note,) = error.__notes__
    assert "accounts/acct-1/rlorTrainerJobs/job-1" in note
    assert "'accounts/acct-1/models/m'" in note
