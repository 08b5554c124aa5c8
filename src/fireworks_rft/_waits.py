"""The waits: what each poll's reads mean, what to report, when to stop, when to poll next.

A wait only reads; it never sends anything else. Each wait object holds the calls one poll
makes (:attr:`Wait.calls`) and every decision; the client's one poll loop
(``AsyncClient._poll_until``) performs the reads and the sleeps, each read bounded by the
time the wait has left. A read that fails is kept or raised by the failure table
(:func:`~._failures.keep_polling`), for every wait alike.

- :class:`StepWait` (``wait_for_step``): as in Fireworks' own keep-alive example, it polls
  the output model until it is ``READY`` (a 404 means "not created yet") and reads the
  trainer job on every poll, to stop when the job reaches a terminal state.
- :class:`Reconcile` (``run_step``): whether a step whose answer was lost ran, from the same
  polls.
- :class:`ResourceWait` (``wait_for_job``, ``wait_for_deployed_model``): one resource until
  it reaches a :class:`Goal`.

A state this package does not know counts as "still on its way". When to poll is the
:class:`~._schedule.PollSchedule`'s, from what earlier waits took (:class:`StepHistory`).
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ._checks import check_seconds
from ._constants import STALE_MODEL_MARGIN
from ._exceptions import (
    APIError,
    JobStoppedError,
    NotFoundError,
    StepAlreadySentError,
    StepFailedError,
    StepStalledError,
    StepTimeoutError,
    WaitFailedError,
    WaitTimeoutError,
)
from ._failures import keep_polling
from ._logging import logger, progress
from ._names import ResourceRef, short_name
from ._schedule import Pacer, StepHistory

if TYPE_CHECKING:
    from ._budget import ReadBudget
    from ._calls import Call
    from ._results import CompletedStep, StepProgress
    from ._timing import Timing

#: The output model's state once the step's weights are ready.
READY = "READY"
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
#: A deleted or archived ("tombstoned") job keeps its ID: a new job needs a new one.
TOMBSTONED_JOB_STATES = frozenset({"JOB_STATE_DELETED", "JOB_STATE_ARCHIVED"})
#: Job states this SDK reads as "stopped, resumable" (the state a job stopped for inactivity
#: shows is not documented; PAUSED is the spec's only such state).
STOPPED_JOB_STATES = frozenset({"JOB_STATE_PAUSED"})
#: Job states of a cancelled job (what ``cancel_job`` asks for).
CANCELLED_JOB_STATES = frozenset({"JOB_STATE_CANCELLED", "JOB_STATE_CANCELLING"})
#: Job states in which a keep-alive job takes steps (IDLE: running, between steps).
RUNNING_JOB_STATES = frozenset({"JOB_STATE_RUNNING", "JOB_STATE_IDLE"})

_NOT_SENT_AGAIN = "The training step itself was not sent again."
_STOPPED = (
    "it stopped (Fireworks stops a keep-alive job after a period without activity, unless "
    "created with a longer inactivityTimeout)"
)
_UNREAD = "could not be read"
_ABSENT = "absent"

#: What ``on_progress`` is: called with each change a step wait saw.
ProgressCallback = Callable[["StepProgress"], object]


def log_progress(seen: StepProgress) -> None:
    """A step wait's progress line (``fireworks_rft.progress``, INFO): each change it saw."""
    progress.info(
        "step %s -> %s: job %s, output model %s (%.1fs)",
        short_name(seen.job),
        short_name(seen.output_model),
        seen.job_state or "-",
        seen.model_state or "not created yet",
        seen.elapsed,
    )


def progress_percent(job: Any) -> float | None:
    """The job's ``jobProgress.percent`` when the server filled it in (any spec version)."""
    progress = getattr(job, "job_progress", None)
    if progress is None:
        extra = getattr(job, "additional_properties", None)
        progress = extra.get("jobProgress") if isinstance(extra, dict) else None
    percent = progress.get("percent") if isinstance(progress, dict) else None
    if progress is not None and not isinstance(progress, dict):
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


def _detail(resource: Any) -> str:
    code, message = status_of(resource)
    return f": {code + ': ' if code else ''}{message}" if code or message else ""


def resume_hint(job: str, output_model: str) -> str:
    """How to resume waiting for a step without sending it again."""
    return (
        f"Resume the wait with client.wait_for_step({job!r}, output_model={output_model!r}), "
        f"or on the command line: fireworks-rft wait {job} --output-model {output_model}"
    )


class Wait:
    """What every wait shares: its reads, its failed reads, and its :class:`Pacer`.

    A poll: :meth:`read_deadline` bounds each read of :attr:`calls`; :meth:`record` takes
    what they gave (a generated model or an :class:`~fireworks_rft.APIError`), then
    :meth:`report`, :meth:`decide` (the result, or None to poll again) and sleep
    :meth:`next_delay`. What a read means is decided here; when to read next is the pacer's
    alone (``self.pacer``): the prediction, the schedule, ``Retry-After``, the timeout and
    the client's read budget.
    """

    def __init__(
        self,
        *,
        calls: tuple[Call[Any], ...],
        timeout: object,
        poll_interval: object,
        timing: Timing,
        history: StepHistory | None,
        key: tuple[str, str],
        budget: ReadBudget | None = None,
        durations: Sequence[float] | None = None,
        since_accepted: float | None = None,
    ) -> None:
        self._calls = calls
        self.pacer = Pacer(
            key=key,
            timeout=check_seconds(timeout, name="timeout"),
            interval=check_seconds(poll_interval, name="poll_interval"),
            timing=timing,
            history=history,
            budget=budget,
            durations=durations,
            since_accepted=since_accepted,
        )
        self._errors: list[APIError] = []

    @property
    def timeout(self) -> float:
        """Seconds the wait may take in all (the pacer's)."""
        return self.pacer.timeout

    @property
    def calls(self) -> tuple[Call[Any], ...]:
        """The reads of the next poll."""
        return self._calls

    @property
    def polls(self) -> int:
        """Polls made so far."""
        return self.pacer.polls

    def elapsed(self) -> float:
        """Seconds since the wait started."""
        return self.pacer.elapsed()

    def read_deadline(self) -> float:
        """Seconds the next read may take in all: the time the wait has left."""
        remaining = self.pacer.remaining()
        if remaining <= 0:
            raise self._timeout_error()
        return remaining

    def first_delay(self) -> float:
        """Seconds to sleep before the first poll (the pacer's)."""
        return self.pacer.first_delay()

    def read_delay(self) -> float:
        """Seconds to sleep before this poll's reads (the client's read budget)."""
        return self.pacer.read_delay(len(self.calls), self.read_deadline())

    def next_delay(self) -> float:
        """Seconds to sleep before the next poll; raises the timeout error when none is left."""
        delay = self.pacer.next_delay()
        if delay is None:
            raise self._timeout_error()
        return delay

    def record(self, *reads: Any) -> None:
        """Take one poll's reads, in the order of :attr:`calls`."""
        raise NotImplementedError

    def report(self) -> object:
        """Tell the user what changed (an async client awaits what this returns)."""
        return None

    def decide(self) -> Any:
        """The result once there; None to poll again. Raises when it will not get there."""
        raise NotImplementedError

    def lag_estimate(self) -> float:
        """Seconds what the last poll saw had likely been so (the pacer's estimate)."""
        return self.pacer.lag_estimate()

    def _polled(self, reads: Sequence[Any]) -> float:
        """Count a poll and keep its failed reads; the seconds since the wait started."""
        self._errors = [read for read in reads if isinstance(read, APIError)]
        return self.pacer.polled()

    def _raise_final_errors(self, where: str) -> None:
        """Raise a failed read that a later poll cannot mend; keep polling past the others."""
        retry_after = None
        for error in self._errors:
            if not keep_polling(error):
                error.add_note(where)
                raise error
            asked = getattr(error, "retry_after", None)
            if asked is not None:
                retry_after = max(retry_after or 0.0, asked)
            logger.warning("%s: a poll failed (%s); polling on", where, error)
        self.pacer.retry_after = retry_after

    def _got_there(self) -> None:
        """Tell the pacer the wait got there (it learns the duration and its prediction)."""
        self.pacer.finished()

    def _timeout_error(self) -> Exception:
        raise NotImplementedError


def _absent_if_404(read: Any) -> Any:
    return None if isinstance(read, NotFoundError) else read


class StepWait(Wait):
    """One wait for a training step: its output model READY, its job not terminal."""

    def __init__(
        self,
        *,
        job: ResourceRef,
        output_model: ResourceRef,
        timeout: object,
        poll_interval: object,
        on_progress: ProgressCallback | None,
        timing: Timing,
        calls: tuple[Call[Any], ...] = (),
        history: StepHistory | None = None,
        durations: Sequence[float] | None = None,
        since_accepted: float | None = None,
        is_async: bool = False,
        stall_timeout: object = None,
        checkpoints: Call[Any] | None = None,
        budget: ReadBudget | None = None,
    ) -> None:
        self.job = job
        self.output_model = output_model
        self.stall_timeout = (
            None if stall_timeout is None else check_seconds(stall_timeout, name="stall_timeout")
        )
        self._checkpoints_call = checkpoints
        self._checkpoints: frozenset[str] | None = None  # what the first poll saw
        self._checkpoints_changed = False
        self._read_checkpoints = False
        self._progress_seen: tuple[object, ...] = ()
        self._progress_at = 0.0
        super().__init__(
            calls=calls,
            timeout=timeout,
            poll_interval=poll_interval,
            timing=timing,
            history=history,
            key=(job.name, output_model.name),
            budget=budget,
            durations=durations,
            since_accepted=since_accepted,
        )
        if on_progress is not None and not callable(on_progress):
            raise TypeError(f"on_progress must be callable, got {type(on_progress).__name__}")
        if not is_async and on_progress is not None and _is_coroutine_function(on_progress):
            raise TypeError(
                "on_progress is an async function; Client.wait_for_step cannot await it. Use "
                "AsyncClient.wait_for_step, or pass a plain function."
            )
        self._on_progress = on_progress
        self._job: Any = None
        self._model: Any = None
        self._job_state: str | None = _UNREAD
        self._model_state: str | None = _UNREAD
        self._last_reported: tuple[str | None, str | None] | None = None

    @property
    def calls(self) -> tuple[Call[Any], ...]:
        """The model and the job, and the job's checkpoints where a stall is checked.

        With ``stall_timeout``, the checkpoints are read on the first poll and when a stall is
        due: no other poll pays for that read.
        """
        if self._checkpoints_call is not None and (self.polls == 0 or self._stall_due()):
            return (*self._calls, self._checkpoints_call)
        return self._calls

    def record(self, *reads: Any) -> None:
        """Take one poll's reads (model, job[, checkpoints]): generated models or APIErrors."""
        model, job = _absent_if_404(reads[0]), reads[1]
        elapsed = self._polled((model, job))
        if not isinstance(job, APIError):
            self._job = job
            self._job_state = state_of(job)
            self.pacer.observe_progress(elapsed, progress_percent(job))
        if not isinstance(model, APIError):
            self._model = model
            self._model_state = None if model is None else state_of(model) or "STATE_UNSPECIFIED"
        self._read_checkpoints = len(reads) > 2 and not isinstance(reads[2], APIError)
        if self._read_checkpoints:
            names = frozenset(
                str(getattr(c, "name", "")) for c in getattr(reads[2], "checkpoints", None) or []
            )
            if self._checkpoints is None:
                self._checkpoints = names
            elif names != self._checkpoints:
                self._checkpoints, self._checkpoints_changed = names, True
        seen = (self._job_state, self._model_state, progress_percent(self._job))
        if seen != self._progress_seen or self._checkpoints_changed:
            self._progress_seen, self._progress_at = seen, elapsed
            self._checkpoints_changed = False

    def _stall_due(self) -> bool:
        """Whether a stall is due: no sign of progress for ``stall_timeout`` seconds.

        The output model's appearance is such a sign, and once it exists (UPLOADING) the
        step is no longer stalled: from then on the wait's own timeout bounds it.
        """
        return (
            self.stall_timeout is not None
            and self._model_state is None
            and self.elapsed() - self._progress_at >= self.stall_timeout
        )

    def report(self) -> object:
        """Call ``on_progress`` if the states seen changed; return what it returned."""
        seen = (self._shown(self._job_state), self._shown(self._model_state))
        if seen == self._last_reported:
            return None
        self._last_reported = seen
        from ._results import StepProgress  # with the first result: see _results

        change = StepProgress(
            job=self.job.name,
            output_model=self.output_model.name,
            job_state=seen[0],
            model_state=seen[1],
            elapsed=self.elapsed(),
            polls=self.polls,
        )
        log_progress(change)
        return None if self._on_progress is None else self._on_progress(change)

    def decide(self) -> CompletedStep | None:
        """The result once the model is READY; None to poll again.

        Raises StepFailedError when the job is in a terminal state and the model is not
        READY, JobStoppedError when it stopped, and a failed read a later poll cannot mend.
        """
        if self._model is not None and self._model_state == READY:
            self._got_there()
            from ._results import CompletedStep  # with the first result: see _results

            return CompletedStep(
                model=self._model,
                job=self._job,
                elapsed=self.elapsed(),
                polls=self.polls,
                lag_estimate=self.lag_estimate(),
            )
        if self._job_state in TERMINAL_JOB_STATES:
            raise self._failed_error()
        if self._job_state in STOPPED_JOB_STATES:
            raise JobStoppedError(
                f"The trainer job {self.job.name} is {self._job_state}: {_STOPPED}. Resume it "
                f"with client.resume_job({self.job.name!r}) and wait again. {_NOT_SENT_AGAIN}",
                resource=self.job.name,
                state=str(self._job_state),
            )
        self._raise_final_errors(
            f"While waiting for output model {self.output_model.name}. {_NOT_SENT_AGAIN}"
        )
        running = self._job_state in RUNNING_JOB_STATES
        if running and self._read_checkpoints and self._stall_due():
            raise self._stalled_error()  # this poll read the checkpoints: no new one
        return None

    def _stalled_error(self) -> StepStalledError:
        job, model = self.job.name, self.output_model.name
        return StepStalledError(
            f"The trainer job {job} reads {self._job_state} but showed no sign of progress "
            f"for {self.stall_timeout:g}s (no change in jobProgress, no new checkpoint, output "
            f"model {model} {'still absent' if self._model_state is None else 'unchanged'}): "
            "its trainer may have stopped. The step was accepted: do not send it again. Read "
            f"the trainer's log (fireworks-rft job logs {job}, or client.read_job_logs("
            f"{job!r})), then wait again or cancel the job. {resume_hint(job, model)}.",
            stall_timeout=self.stall_timeout or 0.0,
            job=job,
            output_model=model,
            timeout=self.timeout,
            model_state=self._shown(self._model_state),
            job_state=self._shown(self._job_state),
        )

    @staticmethod
    def _shown(state: str | None) -> str | None:
        return None if state is _UNREAD else state

    def _failed_error(self) -> StepFailedError:
        code, message = status_of(self._job)
        model = self._model_state
        shown = "not created" if model is None else model
        return StepFailedError(
            f"The training step on {self.job.name} did not finish: the job is "
            f"{self._job_state}{_detail(self._job)}. Output model {self.output_model.name} is "
            f"{shown}. {_NOT_SENT_AGAIN}",
            job=self.job.name,
            output_model=self.output_model.name,
            job_state=self._job_state or "",
            status_code=code,
            status_message=message,
        )

    def _timeout_error(self) -> StepTimeoutError:
        model, job = self._model_state, self._job_state
        model_text = "not created yet" if model is None else model
        return StepTimeoutError(
            f"Gave up after {self.elapsed():.1f}s (timeout {self.timeout:g}s) waiting for the "
            f"training step on {self.job.name}: output model {self.output_model.name} "
            f"{_UNREAD if model is _UNREAD else 'is ' + model_text}, the job "
            f"{_UNREAD if job is _UNREAD else 'is ' + (job or 'unknown')}. "
            f"{_NOT_SENT_AGAIN} It may still finish. "
            f"{resume_hint(self.job.name, self.output_model.name)}.",
            job=self.job.name,
            output_model=self.output_model.name,
            timeout=self.timeout,
            model_state=self._shown(model),
            job_state=self._shown(job),
        )


def _is_coroutine_function(function: object) -> bool:
    return inspect.iscoroutinefunction(function) or inspect.iscoroutinefunction(
        getattr(function, "__call__", None)  # noqa: B004 - an object with an async __call__
    )


class Reconcile:
    """Whether a step whose answer was lost ran: the decisions of ``run_step``'s check.

    It polls like a wait (its :class:`StepWait` does the recording, the backoff, the timeout
    and the terminal-job check). The step ran if its output model exists, in any state. It
    did not run if the model is still absent after ``grace`` seconds counted between polls
    that both saw it absent (404) while the job was ``JOB_STATE_RUNNING``; polls that could
    not read either, or saw the job in another state, do not count. The one risk left: a
    server that accepted the step but had not created its model within the grace.
    """

    def __init__(self, wait: StepWait, grace: float, not_before: float | None = None) -> None:
        self.wait = wait
        self.grace = grace
        self.not_before = not_before
        self.absent_while_running = 0.0
        self._last_absent: float | None = None
        self._exists = False
        self._stale: Any = None

    @property
    def polls(self) -> int:
        """Polls made so far."""
        return self.wait.polls

    @property
    def calls(self) -> tuple[Call[Any], ...]:
        """The reads of the next poll (the wait's)."""
        return self.wait.calls

    def read_deadline(self) -> float:
        """Seconds the next read may take (the wait's)."""
        return self.wait.read_deadline()

    def first_delay(self) -> float:
        """A reconcile reads at once."""
        return 0.0

    def read_delay(self) -> float:
        """Seconds to sleep before this poll's reads (the wait's)."""
        return self.wait.read_delay()

    def record(self, *reads: Any) -> None:
        """Take one poll's reads (model, job), as :meth:`StepWait.record`."""
        model, job = _absent_if_404(reads[0]), reads[1]
        self.wait.record(model, job)
        self._exists = model is not None and not isinstance(model, APIError)
        if self._exists and _created_before(model, self.not_before):
            self._stale = model
        now = self.wait.elapsed()
        if model is None and not isinstance(job, APIError) and state_of(job) in RUNNING_JOB_STATES:
            if self._last_absent is not None:
                self.absent_while_running += now - self._last_absent
            self._last_absent = now
        else:
            self._last_absent = None

    def report(self) -> object:
        """Log what changed (the wait's ``on_progress``)."""
        return self.wait.report()

    def decide(self) -> bool | None:
        """True: the step ran; False: it never did; None: poll again.

        Raises StepFailedError for a job in a terminal state, and what a poll cannot mend.
        """
        if self._stale is not None:
            raise self._stale_error()
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

    def _stale_error(self) -> StepAlreadySentError:
        job, model = self.wait.job.name, self.wait.output_model.name
        return StepAlreadySentError(
            f"Not sent: output model {model} existed before this step on {job} was first "
            f"recorded (it was created at {self._stale.create_time}), so it proves nothing "
            "about this step, which may or may not have run. The ledger keeps the step as "
            "'unknown'. Check the job's checkpoints, and choose a new output model for it.",
            job=job,
            output_model=model,
            state="unknown",
        )


def _created_before(model: Any, not_before: float | None) -> bool:
    """Whether ``model`` was created before ``not_before`` (Unix seconds).

    With a margin for the clocks of this machine and the server (an assumption:
    STALE_MODEL_MARGIN).
    """
    created: Any = getattr(model, "create_time", None)
    if not_before is None or not hasattr(created, "timestamp"):
        return False
    return bool(created.timestamp() < not_before - STALE_MODEL_MARGIN)


class Goal(NamedTuple):
    """What a resource wait waits for, and what ends it otherwise.

    Attributes:
        kind: What the resource is, for messages ("trainer job", "deployed model").
        ready: States that end the wait with the resource.
        failed: States it will not leave by itself (WaitFailedError).
        stopped: States a resume gets it out of (JobStoppedError, naming ``resume``).
        resume: How to resume a stopped resource, for the message.
        not_yet: Why a resource in a ready state cannot be used yet (None: it can).
    """

    kind: str
    ready: frozenset[str]
    failed: frozenset[str]
    stopped: frozenset[str] = frozenset()
    resume: str = ""
    not_yet: Callable[[Any], str | None] = lambda resource: None


def _no_endpoint_yet(job: Any) -> str | None:
    """A RUNNING service-mode job is usable once it has its trainer endpoint."""
    if getattr(job, "service_mode", None) is True and not getattr(job, "direct_route_handle", None):
        return "its directRouteHandle (the trainer endpoint of a service-mode job) is not set yet"
    return None


#: A keep-alive job takes steps once RUNNING (IDLE: running, between steps); a service-mode
#: job is usable once it has its trainer endpoint too.
JOB_RUNS = Goal(
    kind="trainer job",
    ready=RUNNING_JOB_STATES,
    failed=TERMINAL_JOB_STATES,
    stopped=STOPPED_JOB_STATES,
    resume="client.resume_job({name!r})",
    not_yet=_no_endpoint_yet,
)
#: A model (a promoted checkpoint) is usable once READY.
MODEL_READY = Goal(kind="model", ready=frozenset({READY}), failed=frozenset())
#: An uploaded dataset is usable once READY.
DATASET_READY = Goal(kind="dataset", ready=frozenset({READY}), failed=frozenset())
#: A loaded LoRA serves once DEPLOYED; one being undeployed will not get there.
LORA_SERVES = Goal(
    kind="deployed model",
    ready=frozenset({"DEPLOYED"}),
    failed=frozenset({"UNDEPLOYING"}),
)


class ResourceWait(Wait):
    """One wait for one resource to reach its :class:`Goal`; one read per poll."""

    def __init__(
        self,
        *,
        name: str,
        goal: Goal,
        call: Call[Any],
        timeout: object,
        poll_interval: object,
        timing: Timing,
        history: StepHistory,
        budget: ReadBudget | None = None,
    ) -> None:
        self.name = name
        self.goal = goal
        super().__init__(
            calls=(call,),
            timeout=timeout,
            poll_interval=poll_interval,
            timing=timing,
            history=history,
            key=(goal.kind, name),
            budget=budget,
        )
        self._resource: Any = None
        self._state: str | None = None
        self._not_yet: str | None = None

    @property
    def resource(self) -> Any:
        """The resource as last read (None before a read, or once it was gone)."""
        return self._resource

    def record(self, *reads: Any) -> None:
        """Take one read: the generated model, or an APIError (404: the resource is gone)."""
        read = _absent_if_404(reads[0])
        self._polled((read,))
        if not isinstance(read, APIError):
            state = _ABSENT if read is None else state_of(read) or "STATE_UNSPECIFIED"
            if state != self._state:
                shown = "gone" if state == _ABSENT else state
                progress.info("%s %s: %s (%.1fs)", self.goal.kind, self.name, shown, self.elapsed())
            self._resource, self._state = read, state

    def decide(self) -> Any:
        """The resource once ready; None to poll again. Raises when it will not get there."""
        if self._errors:
            self._raise_final_errors(f"While waiting for {self.goal.kind} {self.name}.")
            return None
        state = self._state
        if state in self.goal.ready:
            not_yet = self.goal.not_yet(self._resource)
            if not_yet is None:
                self._got_there()
                return self._resource
            if not_yet != self._not_yet:
                logger.info("%s %s is %s, but %s", self.goal.kind, self.name, state, not_yet)
            self._not_yet = not_yet
            return None
        if state == _ABSENT or state in self.goal.failed:
            raise self._failed_error(WaitFailedError, "")
        if state in self.goal.stopped:
            hint = self.goal.resume.format(name=self.name)
            raise self._failed_error(JobStoppedError, f" {_STOPPED}; resume it with {hint}.")
        return None

    def _failed_error(self, kind: type[WaitFailedError], advice: str) -> WaitFailedError:
        code, message = status_of(self._resource)
        state = self._state or _ABSENT
        shown = "gone (404)" if state == _ABSENT else state
        return kind(
            f"The {self.goal.kind} {self.name} is {shown}{_detail(self._resource)}; it will "
            f"not get to {' or '.join(sorted(self.goal.ready))} by itself.{advice}",
            resource=self.name,
            state=state,
            status_code=code,
            status_message=message,
        )

    def _timeout_error(self) -> WaitTimeoutError:
        state = self._state
        return WaitTimeoutError(
            f"Gave up after {self.elapsed():.1f}s (timeout {self.timeout:g}s) waiting for the "
            f"{self.goal.kind} {self.name} to be {' or '.join(sorted(self.goal.ready))}; it "
            f"{_UNREAD if state is None else 'is ' + state}"
            f"{', but ' + self._not_yet if self._not_yet and state in self.goal.ready else ''}. "
            "Nothing was sent.",
            resource=self.name,
            timeout=self.timeout,
            state=state,
        )
