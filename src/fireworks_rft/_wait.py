"""The wait policy of ``wait_for_step``: when to poll, what each answer means, when to stop.

After ``executeTrainStep`` answers ``{}``, training runs on the server. As in Fireworks' own
keep-alive example, a wait polls the output model until its state is ``READY`` (a 404 means
"not created yet") and reads the trainer job on every poll, to stop when the job reaches a
terminal state. Both are read on every poll, whatever the other read did, and the wait
reports the last state it actually saw. :class:`StepWait` holds one wait's state and makes
every decision; the sync and async clients' loops only perform the reads and the sleeps, each
read bounded by the time the wait has left. A wait never sends the step again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ._config import check_seconds
from ._exceptions import APIConnectionError, APIError, InternalServerError, RateLimitError
from ._logging import logger
from ._names import MODELS, ResourceRef, resolve, resolve_job
from ._schedule import PollSchedule, WaitClock
from ._types import CompletedStep, StepProgress
from ._wait_errors import JobStoppedError, StepFailedError, StepTimeoutError

if TYPE_CHECKING:
    from ._calls import Call
    from ._clock import Timing
    from ._types import TrainStepResult

#: The output model's state once the step's weights are ready.
READY = "READY"
#: The job state in which a missing output model counts toward a reconcile's grace period.
RUNNING = "JOB_STATE_RUNNING"
#: Job states after which no step can finish. Any other state, including one this package
#: does not know yet, counts as "still running".
TERMINAL_JOB_STATES = frozenset(
    {
        "JOB_STATE_FAILED",
        "JOB_STATE_CANCELLED",
        "JOB_STATE_CANCELLING",
        "JOB_STATE_COMPLETED",
        "JOB_STATE_EXPIRED",
        "JOB_STATE_EARLY_STOPPED",
        "JOB_STATE_DELETING",
        "JOB_STATE_DELETING_CLEANING_UP",
        "JOB_STATE_DELETED",
        "JOB_STATE_ARCHIVED",
    }
)
#: Job states this SDK reads as "stopped, resumable" (the state a job stopped for inactivity
#: shows is not documented; PAUSED is the spec's only such state).
STOPPED_JOB_STATES = frozenset({"JOB_STATE_PAUSED"})
#: Poll failures that a later poll may not meet (after the client's own retries).
TRANSIENT_POLL_ERRORS = (RateLimitError, InternalServerError, APIConnectionError)

_NOT_SENT_AGAIN = "The training step itself was not sent again."
_UNREAD = "could not be read"

ProgressCallback = Callable[[StepProgress], object]


def log_progress(progress: StepProgress) -> None:
    """The default ``on_progress``: one INFO line under the ``fireworks_rft`` logger."""
    logger.info(
        "step on %s: job %s, output model %s (%.1fs)",
        progress.job,
        progress.job_state or "-",
        progress.model_state or "not created yet",
        progress.elapsed,
    )


def progress_percent(job: Any) -> float | None:
    """The job's ``jobProgress.percent`` when the server filled it in (any spec version)."""
    progress = getattr(job, "job_progress", None)
    if progress is None:
        extra = getattr(job, "additional_properties", None)
        progress = extra.get("jobProgress") if isinstance(extra, dict) else None
    if isinstance(progress, dict):
        percent = progress.get("percent")
    else:
        percent = getattr(progress, "percent", None)
    if isinstance(percent, bool) or not isinstance(percent, int | float):
        return None
    return float(percent)


def state_of(resource: Any) -> str | None:
    """The ``state`` of a generated job or model as a string; None when unset."""
    state = getattr(resource, "state", None)
    return None if state is None or not isinstance(state, str) else str(state)


def status_of(resource: Any) -> tuple[str | None, str | None]:
    """The ``status.code`` (a google.rpc code name) and ``status.message`` of a resource."""
    status = getattr(resource, "status", None)
    code = getattr(status, "code", None)
    message = getattr(status, "message", None)
    return (
        str(code) if isinstance(code, str) else None,
        message if isinstance(message, str) else None,
    )


def step_names(
    step: TrainStepResult | str, output_model: str | None, account_id: str | None
) -> tuple[ResourceRef, ResourceRef]:
    """The job and output model a wait is for: from a TrainStepResult, or named."""
    from ._types import TrainStepResult

    if isinstance(step, TrainStepResult):
        if output_model is not None:
            raise TypeError("output_model is given by the TrainStepResult; do not pass it too")
        return (
            resolve_job(step.job, account_id=None),
            resolve(step.output_model, collection=MODELS, account_id=None, name="output_model"),
        )
    if output_model is None:
        raise TypeError("output_model is required when the step is given as a job")
    job = resolve_job(step, account_id=account_id)
    return job, resolve(
        output_model, collection=MODELS, account_id=job.account_id, name="output_model"
    )


def new_wait(
    step: TrainStepResult | str,
    output_model: str | None,
    *,
    account_id: str | None,
    timeout: object,
    poll_interval: object,
    on_progress: ProgressCallback | None,
    timing: Timing,
    is_async: bool,
    history: Callable[[str, str], tuple[Sequence[float], float | None]] | None = None,
) -> tuple[StepWait, Call, Call]:
    """A checked wait and the two reads of each poll (model, job); nothing is sent.

    ``history(job, output_model)`` gives earlier durations of the job's steps and the
    seconds since this one was accepted (None: unknown), for the poll schedule.
    """
    from ._calls import GET_JOB, GET_MODEL, ref_call

    job_ref, model_ref = step_names(step, output_model, account_id)
    durations, since = history(job_ref.name, model_ref.name) if history else ((), None)
    wait = StepWait(
        job=job_ref,
        output_model=model_ref,
        timeout=timeout,
        poll_interval=poll_interval,
        on_progress=on_progress,
        timing=timing,
        is_async=is_async,
        durations=durations,
        since_accepted=since,
    )
    return wait, ref_call(GET_MODEL, model_ref), ref_call(GET_JOB, job_ref)


def resume_hint(job: ResourceRef, output_model: ResourceRef) -> str:
    """How to resume waiting for a step without sending it again."""
    return (
        f"Resume the wait with client.wait_for_step({job.name!r}, "
        f"output_model={output_model.name!r}), or on the command line: fireworks-rft wait "
        f"{job.name} --output-model {output_model.name}"
    )


class StepWait:
    """The state and decisions of one wait; the clients' loops do the I/O.

    Each poll: :meth:`read_deadline` (the time each read may take), the two reads,
    :meth:`record` what they gave, :meth:`report` (call ``on_progress``; an async loop
    awaits what it returns), :meth:`decide`, then sleep :meth:`next_delay`.
    """

    def __init__(
        self,
        *,
        job: ResourceRef,
        output_model: ResourceRef,
        timeout: object,
        poll_interval: object,
        on_progress: ProgressCallback | None,
        timing: Timing,
        is_async: bool = False,
        durations: Sequence[float] = (),
        since_accepted: float | None = None,
    ) -> None:
        self.job = job
        self.output_model = output_model
        self.timeout = check_seconds(timeout, name="timeout")
        interval = check_seconds(poll_interval, name="poll_interval")
        # Earlier durations only help when it is known how long ago this step was accepted.
        self.schedule = PollSchedule(
            interval=interval,
            durations=durations if since_accepted is not None else (),
            since_accepted=since_accepted or 0.0,
        )
        self._clock = WaitClock(timeout=self.timeout, timing=timing, schedule=self.schedule)
        if on_progress is not None and not callable(on_progress):
            raise TypeError(f"on_progress must be callable, got {type(on_progress).__name__}")
        if not is_async and on_progress is not None and _is_coroutine_function(on_progress):
            raise TypeError(
                "on_progress is an async function; Client.wait_for_step cannot await it. Use "
                "AsyncClient.wait_for_step, or pass a plain function."
            )
        self._on_progress = on_progress or log_progress
        self._job: Any = None
        self._model: Any = None
        self._job_state: str | None = _UNREAD
        self._model_state: str | None = _UNREAD
        self._errors: list[APIError] = []
        self._last_reported: tuple[str | None, str | None] | None = None
        self._retry_after: float | None = None

    def elapsed(self) -> float:
        """Seconds since the wait started."""
        return self._clock.elapsed()

    def read_deadline(self) -> float:
        """Seconds the next read may take in all: the time the wait has left."""
        return self._clock.remaining(self._timeout_error)

    def record(self, job: Any, model: Any) -> None:
        """Take one poll's reads: each a generated model, an APIError, or (model) None: 404."""
        elapsed = self._clock.polled()
        self._retry_after = None
        self._errors = []
        if isinstance(job, APIError):
            self._errors.append(job)
        else:
            self._job = job
            self._job_state = state_of(job)
            self.schedule.observe_progress(elapsed, progress_percent(job))
        if isinstance(model, APIError):
            self._errors.append(model)
        else:
            self._model = model
            self._model_state = None if model is None else state_of(model) or "STATE_UNSPECIFIED"

    def report(self) -> object:
        """Call ``on_progress`` if the states seen changed; return what it returned."""
        seen = (self._shown(self._job_state), self._shown(self._model_state))
        if seen == self._last_reported:
            return None
        self._last_reported = seen
        return self._on_progress(
            StepProgress(
                job=self.job.name,
                output_model=self.output_model.name,
                job_state=seen[0],
                model_state=seen[1],
                elapsed=self.elapsed(),
                polls=self._clock.polls,
            )
        )

    def decide(self) -> CompletedStep | None:
        """The result once the model is READY; None to poll again.

        Raises StepFailedError when the job is in a terminal state and the model is not
        READY, and re-raises a failed read that a later poll cannot mend.
        """
        if self._model is not None and self._model_state == READY:
            return CompletedStep(
                model=self._model,
                job=self._job,
                elapsed=self.elapsed(),
                polls=self._clock.polls,
                lag_estimate=self.schedule.lag_estimate(),
            )
        if self._job_state in TERMINAL_JOB_STATES:
            raise self._failed_error()
        if self._job_state in STOPPED_JOB_STATES:
            raise JobStoppedError(
                f"The trainer job {self.job.name} is {self._job_state}: it stopped (Fireworks "
                "stops a keep-alive job after 10 minutes without activity, unless created with a "
                f"longer inactivityTimeout). Resume it with client.resume_job({self.job.name!r}) "
                f"and wait again. {_NOT_SENT_AGAIN}",
                resource=self.job.name,
                state=str(self._job_state),
            )
        for error in self._errors:
            if not isinstance(error, TRANSIENT_POLL_ERRORS):
                error.add_note(
                    f"While waiting for output model {self.output_model.name}. {_NOT_SENT_AGAIN}"
                )
                raise error
            retry_after = getattr(error, "retry_after", None)
            if retry_after is not None:
                self._retry_after = max(self._retry_after or 0.0, retry_after)
            logger.warning(
                "waiting for %s: a poll failed (%s); polling on", self.output_model.name, error
            )
        return None

    def first_delay(self) -> float:
        """Seconds to sleep before the first poll: 0 unless the schedule keeps that read."""
        return self._clock.first_delay()

    def next_delay(self) -> float:
        """Seconds to sleep before the next poll; raise StepTimeoutError when time is up."""
        return self._clock.next_delay(self._retry_after, self._timeout_error)

    @staticmethod
    def _shown(state: str | None) -> str | None:
        return None if state is _UNREAD else state

    def _failed_error(self) -> StepFailedError:
        code, message = status_of(self._job)
        detail = f": {code + ': ' if code else ''}{message}" if message or code else ""
        model = self._model_state
        shown = "not created" if model is None else model
        return StepFailedError(
            f"The training step on {self.job.name} did not finish: the job is "
            f"{self._job_state}{detail}. Output model {self.output_model.name} is "
            f"{shown}. {_NOT_SENT_AGAIN}",
            job=self.job.name,
            output_model=self.output_model.name,
            job_state=self._job_state or "",
            status_code=code,
            status_message=message,
        )

    def _timeout_error(self) -> StepTimeoutError:
        model = self._model_state
        model_text = "not created yet" if model is None else model
        job_text = "unknown" if self._job_state is None else self._job_state
        return StepTimeoutError(
            f"Gave up after {self.elapsed():.1f}s (timeout {self.timeout:g}s) waiting for the "
            f"training step on {self.job.name}: output model {self.output_model.name} "
            f"{'could not be read' if model is _UNREAD else 'is ' + model_text}, the job "
            f"{'could not be read' if self._job_state is _UNREAD else 'is ' + job_text}. "
            f"{_NOT_SENT_AGAIN} It may still finish. {resume_hint(self.job, self.output_model)}.",
            job=self.job.name,
            output_model=self.output_model.name,
            timeout=self.timeout,
            model_state=self._shown(model),
            job_state=self._shown(self._job_state),
        )


def _is_coroutine_function(function: object) -> bool:
    import inspect

    return inspect.iscoroutinefunction(function) or inspect.iscoroutinefunction(
        getattr(function, "__call__", None)  # noqa: B004 - an object with an async __call__
    )


class Reconcile:
    """Whether a step whose answer was lost ran: the decisions of ``run_step``'s check.

    It polls like a wait (:class:`StepWait` does the recording, the backoff, the timeout and
    the terminal-job check). The step ran if its output model exists, in any state. It did
    not run if the model is still absent after ``grace`` seconds counted between polls
    that both saw it absent (404) while the job was ``JOB_STATE_RUNNING``; polls that
    could not read either, or saw the job in another state, do not count. The one risk
    left: a server that accepted the step but had not created its model within the grace.
    """

    def __init__(self, wait: StepWait, grace: float) -> None:
        self.wait = wait
        self.grace = grace
        self.absent_while_running = 0.0
        self._last_absent: float | None = None
        self._exists = False

    def record(self, job: Any, model: Any) -> None:
        """Take one poll's reads (as :meth:`StepWait.record`)."""
        self.wait.record(job, model)
        self._exists = model is not None and not isinstance(model, APIError)
        now = self.wait.elapsed()
        if model is None and not isinstance(job, APIError) and state_of(job) == RUNNING:
            if self._last_absent is not None:
                self.absent_while_running += now - self._last_absent
            self._last_absent = now
        else:
            self._last_absent = None

    def decide(self) -> bool | None:
        """True: the step ran; False: it never did; None: poll again.

        Raises StepFailedError for a job in a terminal state, and what a poll cannot mend.
        """
        if self._exists:
            return True
        self.wait.decide()
        if self._last_absent is not None and self.absent_while_running >= self.grace:
            return False
        return None

    def next_delay(self) -> float:
        """Seconds to sleep before the next poll (no later than the grace ends)."""
        delay = self.wait.next_delay()
        if self._last_absent is not None:
            delay = min(delay, self.grace - self.absent_while_running)
        return delay
