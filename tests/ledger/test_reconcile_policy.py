"""_waits.Reconcile: when a lost step counts as run, or as never run, on a fake clock."""

from __future__ import annotations

import types

import httpx
import pytest

import fireworks_rft as fw
from fireworks_rft._names import MODELS, resolve, resolve_job
from fireworks_rft._timing import Timing
from fireworks_rft._waits import Reconcile, StepWait


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def check(grace: float = 10.0, timeout: float = 1000.0) -> tuple[Reconcile, Clock]:
    clock = Clock()
    wait = StepWait(
        job=resolve_job("j", account_id="a"),
        output_model=resolve("m", collection=MODELS, account_id="a", name="output_model"),
        timeout=timeout,
        poll_interval=1.0,
        on_progress=lambda progress: None,
        timing=Timing(clock=clock, jitter=lambda: 0.0),
    )
    return Reconcile(wait, grace), clock


def poll(rec: Reconcile, job: object, model: object) -> None:
    rec.record(model, job)  # the reads of a poll: the output model, then the job


def job(state: str) -> object:
    return types.SimpleNamespace(state=state, status=None)


def model(state: str) -> object:
    return types.SimpleNamespace(state=state)


def server_error() -> fw.InternalServerError:
    request = httpx.Request("GET", "https://api.fireworks.ai/v1/x")
    return fw.InternalServerError(
        "503",
        response=httpx.Response(503, request=request),
        body=None,
        may_have_been_processed=False,
    )


RUNNING = job("JOB_STATE_RUNNING")


def test_a_model_in_any_state_means_the_step_ran():
    rec, _ = check()
    poll(rec, RUNNING, model("UPLOADING"))
    assert rec.decide() is True


def test_absent_for_the_whole_grace_while_running_means_it_never_ran():
    rec, clock = check(grace=10.0)
    for now in (0.0, 4.0, 9.0):
        clock.now = now
        poll(rec, RUNNING, None)
        assert rec.decide() is None
    assert rec.next_delay() == pytest.approx(1.0)  # never sleeps past the grace's end
    clock.now = 10.0
    poll(rec, RUNNING, None)
    assert rec.decide() is False


@pytest.mark.parametrize(
    "interruption",
    [
        (job("JOB_STATE_CREATING"), None),  # not running: the step may not have started
        (server_error(), None),  # the job could not be read
        (RUNNING, server_error()),  # the model could not be read
    ],
)
def test_polls_that_do_not_see_it_absent_while_running_do_not_count(interruption):
    rec, clock = check(grace=10.0)
    poll(rec, RUNNING, None)
    clock.now = 6.0
    poll(rec, *interruption)
    assert rec.decide() is None
    clock.now = 12.0
    poll(rec, RUNNING, None)
    assert rec.decide() is None and rec.absent_while_running == 0.0
    clock.now = 22.0
    poll(rec, RUNNING, None)
    assert rec.decide() is False


def test_a_terminal_job_stops_the_check():
    rec, _ = check()
    poll(rec, job("JOB_STATE_FAILED"), None)
    with pytest.raises(fw.StepFailedError):
        rec.decide()


def test_the_check_times_out_like_a_wait():
    rec, clock = check(grace=100.0, timeout=5.0)
    poll(rec, RUNNING, None)
    clock.now = 5.0
    with pytest.raises(fw.StepTimeoutError):
        rec.next_delay()
