"""What an operation declares beyond its HTTP method: retries of safe POSTs, retired ones.

No decision reads the URL: a 501 is a retired dataset operation only for an operation the
facade declares retired, and a POST is retried after a 5xx only where it is declared safe.
"""

from __future__ import annotations

import httpx
import pytest

import fireworks_rft

JOB = {"name": "accounts/acct-1/rlorTrainerJobs/j", "state": "JOB_STATE_CANCELLED"}
RUNNING = {**JOB, "state": "JOB_STATE_RUNNING"}


def paths(recorder):
    return [(r.method, r.url.path.rsplit("/", 1)[-1]) for r in recorder.requests]


def test_cancel_is_retried_after_a_5xx(make_client, recorder):
    recorder.responses += [httpx.Response(500), httpx.Response(200, json={})]
    make_client().cancel_job("j")
    assert paths(recorder) == [("POST", "j:cancel"), ("POST", "j:cancel")]


def test_resume_is_retried_after_a_dropped_connection(make_client, recorder):
    recorder.responses += [httpx.ReadError("cut"), httpx.Response(200, json=RUNNING)]
    assert make_client().resume_job("j").state == "JOB_STATE_RUNNING"
    assert len(recorder.requests) == 2


@pytest.mark.parametrize(
    ("call", "answer", "state"),
    [
        (lambda c: c.cancel_job("j"), {"code": 9, "message": "already cancelled"}, JOB),
        (lambda c: c.resume_job("j"), {"code": 9, "message": "already running"}, RUNNING),
    ],
    ids=["cancel", "resume"],
)
def test_an_already_done_answer_to_a_retry_is_the_success_it_is(
    make_client, recorder, call, answer, state
):
    recorder.responses += [
        httpx.Response(500),  # the first attempt may have acted
        httpx.Response(400, json=answer),  # the retry: it did
        httpx.Response(200, json=state),  # the job, read to be sure
    ]
    call(make_client())
    assert [r.method for r in recorder.requests] == ["POST", "POST", "GET"]


def test_an_already_done_answer_without_a_retry_is_an_error(make_client, recorder):
    recorder.responses += [httpx.Response(400, json={"code": 9, "message": "already cancelled"})]
    with pytest.raises(fireworks_rft.BadRequestError):
        make_client().cancel_job("j")
    assert len(recorder.requests) == 1  # nothing read, nothing assumed


def test_a_retried_cancel_refused_for_a_job_not_cancelled_is_an_error(make_client, recorder):
    recorder.responses += [
        httpx.Response(500),
        httpx.Response(400, json={"code": 9, "message": "no"}),
        httpx.Response(200, json=RUNNING),
    ]
    with pytest.raises(fireworks_rft.BadRequestError):
        make_client().cancel_job("j")


def test_a_training_step_is_never_retried_after_a_5xx(make_client, recorder):
    recorder.responses += [httpx.Response(500)]
    with pytest.raises(fireworks_rft.InternalServerError) as info:
        make_client().execute_train_step("j", dataset="d", output_model="m")
    assert info.value.may_have_been_processed and len(recorder.requests) == 1


def test_a_501_is_a_retired_operation_only_where_declared(make_client, recorder):
    """The URL has /datasets in both; only the creation is declared retired."""
    recorder.responses += [httpx.Response(501, json={"code": 12, "message": "retired"})]
    with pytest.raises(fireworks_rft.DatasetOperationRetiredError) as retired:
        make_client().upload_dataset("d", [{"a": 1}])
    assert "2026-11-15" in str(retired.value)
    recorder.responses += [httpx.Response(501, json={"code": 12, "message": "not here"})]
    with pytest.raises(fireworks_rft.APIStatusError) as other:
        make_client().get_dataset("d")
    assert not isinstance(other.value, fireworks_rft.DatasetOperationRetiredError)
