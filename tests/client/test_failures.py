"""The one failure table, row by row, through the public API.

Every row of ``fireworks_rft._failures.RULES`` (an outcome, with the failures that fall in it)
is checked four ways, each with the behaviour a user sees: is a step retried, is a read
retried, does a wait keep polling, and does the error (and the ledger) say the step may have
run. Calls and waits read the same row, so they can no longer disagree (a 425 while polling
used to end the wait; a 501 used to poll until the timeout).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

import fireworks_rft as fw
from fireworks_rft._failures import RULES, Outcome

from ..support.fakes import API_KEY, no_sleep, virtual_time

JOB = "accounts/a/rlorTrainerJobs/j"
MODEL = "accounts/a/models/m"


def _raise(exc: type[httpx.RequestError]) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc("failed", request=request)

    return handler


def _status(code: int) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(code, json={"code": 2, "message": f"status {code}"})


#: (the row's outcome, a failure in it): every row of the table, and every kind of failure.
EXAMPLES: list[tuple[Outcome, str, Callable[[httpx.Request], httpx.Response]]] = [
    (Outcome.NOT_SENT, "connect-error", _raise(httpx.ConnectError)),
    (Outcome.NOT_SENT, "connect-timeout", _raise(httpx.ConnectTimeout)),
    (Outcome.NOT_SENT, "pool-timeout", _raise(httpx.PoolTimeout)),
    (Outcome.BUSY, "425", _status(425)),
    (Outcome.BUSY, "429", _status(429)),
    (Outcome.BUSY, "503", _status(503)),
    (Outcome.UNKNOWN, "500", _status(500)),
    (Outcome.UNKNOWN, "502", _status(502)),
    (Outcome.UNKNOWN, "504", _status(504)),
    (Outcome.UNKNOWN, "read-timeout", _raise(httpx.ReadTimeout)),
    (Outcome.UNKNOWN, "dropped", _raise(httpx.RemoteProtocolError)),
    (Outcome.REFUSED, "400", _status(400)),
    (Outcome.REFUSED, "401", _status(401)),
    (Outcome.REFUSED, "403", _status(403)),
    (Outcome.REFUSED, "409", _status(409)),
    (Outcome.REFUSED, "422", _status(422)),
    (Outcome.REFUSED, "501", _status(501)),
    (Outcome.REFUSED, "505", _status(505)),
    (Outcome.UNSENDABLE, "unsupported-protocol", _raise(httpx.UnsupportedProtocol)),
    (Outcome.UNSENDABLE, "local-protocol", _raise(httpx.LocalProtocolError)),
]
IDS = [f"{outcome.value}-{name}" for outcome, name, _ in EXAMPLES]


def test_the_examples_cover_every_failure_row():
    assert {outcome for outcome, _, _ in EXAMPLES} == set(RULES) - {Outcome.ACCEPTED}


def _client(handler: Callable[[httpx.Request], httpx.Response], **options: object) -> fw.Client:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    return fw.Client(
        api_key=API_KEY, account_id="a", http_client=http, _timing=no_sleep(), **options
    )


def _then(first: Callable[[httpx.Request], httpx.Response], then: httpx.Response):
    """A handler: ``first`` for the first request, ``then`` after; it counts the requests."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return first(request) if len(sent) == 1 else then

    return handler, sent


@pytest.mark.parametrize(("outcome", "name", "failure"), EXAMPLES, ids=IDS)
def test_a_step_is_retried_only_where_the_table_says(outcome, name, failure, tmp_path: Path):
    rule = RULES[outcome]
    handler, sent = _then(failure, httpx.Response(200, json={}))
    with _client(handler, max_retries=1, ledger=tmp_path / "steps.db") as client:
        try:
            client.execute_train_step("j", dataset="d", output_model="m")
        except fw.APIError as exc:
            assert not rule.retry_step
            assert exc.may_have_been_processed is rule.may_have_run
            recorded = client.ledger.get(JOB, MODEL)
            assert recorded is not None
            assert recorded.state is (
                fw.StepState.UNKNOWN if rule.may_have_run else fw.StepState.NOT_SENT
            )
            assert len(sent) == 1
        else:
            assert rule.retry_step and len(sent) == 2


@pytest.mark.parametrize(("outcome", "name", "failure"), EXAMPLES, ids=IDS)
def test_a_read_is_retried_only_where_the_table_says(outcome, name, failure):
    rule = RULES[outcome]
    job = {"name": JOB, "state": "JOB_STATE_RUNNING"}
    handler, sent = _then(failure, httpx.Response(200, json=job))
    with _client(handler, max_retries=1) as client:
        try:
            found = client.get_job("j")
        except fw.APIError:
            assert not rule.retry_read and len(sent) == 1
        else:
            assert rule.retry_read and len(sent) == 2 and found.name == JOB


@pytest.mark.parametrize(("outcome", "name", "failure"), EXAMPLES, ids=IDS)
def test_a_wait_keeps_polling_only_where_the_table_says(outcome, name, failure):
    rule = RULES[outcome]
    job_reads: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if "/models/" in request.url.path:  # absent at first, then READY
            ready = bool(job_reads)
            return (
                httpx.Response(200, json={"name": MODEL, "state": "READY"})
                if ready
                else (httpx.Response(404, json={"code": 5, "message": "not found"}))
            )
        job_reads.append(request)
        if len(job_reads) == 1:
            return failure(request)
        return httpx.Response(200, json={"name": JOB, "state": "JOB_STATE_RUNNING"})

    with _client(handler, max_retries=0) as client:
        try:
            done = client.wait_for_step("j", output_model="m", timeout=60)
        except fw.APIError:
            assert not rule.keep_polling
        else:
            assert rule.keep_polling and done.model.state == "READY"


def test_an_error_raised_before_sending_is_never_recorded_as_unknown(tmp_path: Path):
    """A closed client sends nothing: the ledger says not_sent, and no note says "may have run"."""
    handler, sent = _then(lambda r: httpx.Response(200, json={}), httpx.Response(200, json={}))
    client = _client(handler, ledger=tmp_path / "steps.db")
    client.gateway.get_httpx_client().pool.client().close()
    with pytest.raises(RuntimeError, match="closed") as info:
        client.execute_train_step("j", dataset="d", output_model="m")
    assert not getattr(info.value, "__notes__", None)
    recorded = client.ledger.get(JOB, MODEL)
    assert recorded is not None and recorded.state is fw.StepState.NOT_SENT
    assert sent == []
    client.close()


def test_an_interrupt_once_the_request_is_under_way_may_have_run(tmp_path: Path):
    def interrupted(request: httpx.Request) -> httpx.Response:
        raise KeyboardInterrupt

    with _client(interrupted, ledger=tmp_path / "steps.db") as client:
        with pytest.raises(KeyboardInterrupt) as info:
            client.execute_train_step("j", dataset="d", output_model="m")
        assert "may or may not have run" in " ".join(info.value.__notes__)
        recorded = client.ledger.get(JOB, MODEL)
        assert recorded is not None and recorded.state is fw.StepState.UNKNOWN


def test_a_resource_wait_counts_one_read_per_poll():
    """The client-wide read budget reserves the reads a poll makes: one for a job's wait."""
    reads: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        reads.append(request)
        state = "JOB_STATE_CREATING" if len(reads) == 2 else "JOB_STATE_RUNNING"
        return httpx.Response(200, json={"name": JOB, "state": state})

    sleeps: list[float] = []
    http = httpx.Client(transport=httpx.MockTransport(handler))
    frozen = no_sleep(sleeps)._replace(clock=lambda: 0.0)
    with fw.Client(
        api_key=API_KEY, account_id="a", http_client=http, _timing=frozen, max_reads_per_second=1
    ) as client:
        client.wait_for_job("j")  # one read: [0 s, 1 s) of the budget
        client.wait_for_job("j", poll_interval=1)  # [1 s, 2 s) at once, then a second read
    # The second wait's second read waits for its slot at 2 s (4 s if each poll took two).
    assert len(reads) == 3 and sleeps == [1.0, 2.0]


def test_a_short_wait_on_a_busy_client_reads_everything_once():
    """A wait's first poll is never starved by the read budget: it reads the model and the job
    and reports a FAILED job as failed, not as "the job could not be read"."""

    def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith("/models/x"):
            return httpx.Response(200, json={"name": "accounts/a/models/x", "state": "READY"})
        if "/models/" in path:
            return httpx.Response(404, json={"code": 5, "message": "not found"})
        state = "JOB_STATE_FAILED" if path.endswith("/j2") else "JOB_STATE_RUNNING"
        return httpx.Response(200, json={"name": path.split("/v1/", 1)[1], "state": state})

    _, timing = virtual_time()
    http = httpx.Client(transport=httpx.MockTransport(handler))
    with fw.Client(
        api_key=API_KEY, account_id="a", http_client=http, _timing=timing, max_reads_per_second=10
    ) as client:
        client.get_model("x")
        client.get_model("x")
        with pytest.raises(fw.StepTimeoutError):
            client.wait_for_step("j", output_model="m", timeout=0.2)
        with pytest.raises(fw.StepFailedError, match="JOB_STATE_FAILED"):
            client.wait_for_step("j2", output_model="m", timeout=0.2)
