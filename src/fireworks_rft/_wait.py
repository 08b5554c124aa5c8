"""The wait policy of ``wait_for_step``: when to poll, what each answer means, when to stop.

After ``executeTrainStep`` answers ``{}``, training runs on the server. As in Fireworks' own
keep-alive example, a wait polls the output model until its state is ``READY`` (a 404 means
"not created yet") and reads the trainer job on every poll, to stop when the job reaches a
terminal state. :class:`StepWait` holds one wait's state and makes every decision; the sync
and async clients' loops only perform the reads and the sleeps. A wait never sends the step
again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ._config import check_seconds
from ._exceptions import (
    APIConnectionError,
    APIError,
    InternalServerError,
    RateLimitError,
    StepFailedError,
    StepTimeoutError,
)
from ._logging import logger
from ._validation import MODELS, ResourceRef, resolve, resolve_job

if TYPE_CHECKING:
    from fireworks_gateway.models import GatewayModel, GatewayRlorTrainerJob

    from ._http import Timing
    from ._types import TrainStepResult

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
#: Polling backs off from ``poll_interval`` by this factor per poll, up to MAX_POLL_INTERVAL.
POLL_BACKOFF = 1.5
MAX_POLL_INTERVAL = 30.0
#: Poll failures that a later poll may not meet (after the client's own retries).
TRANSIENT_POLL_ERRORS = (RateLimitError, InternalServerError, APIConnectionError)

_NOT_SENT_AGAIN = "The training step itself was not sent again."


@dataclasses.dataclass(frozen=True)
class StepProgress:
    """One observed change of a step's state, as ``on_progress`` receives it.

    Attributes:
        job: Full name of the trainer job.
        output_model: Full name of the output model.
        job_state: The job's state, e.g. ``JOB_STATE_RUNNING``; None if not read yet.
        model_state: The model's state, e.g. ``UPLOADING``; None while it does not exist.
        elapsed: Seconds since the wait started.
        polls: How many polls have been made.
    """

    job: str
    output_model: str
    job_state: str | None
    model_state: str | None
    elapsed: float
    polls: int


@dataclasses.dataclass(frozen=True)
class CompletedStep:
    """What ``wait_for_step`` returns: the READY output model and the job, as last read.

    Attributes:
        model: The output model (``fireworks_gateway.models.GatewayModel``), state READY.
        job: The trainer job (``fireworks_gateway.models.GatewayRlorTrainerJob``).
        elapsed: Seconds the wait took.
        polls: How many polls it made.
    """

    model: GatewayModel
    job: GatewayRlorTrainerJob
    elapsed: float
    polls: int


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


def state_of(resource: Any) -> str | None:
    """The ``state`` of a generated job or model as a string; None when unset."""
    state = getattr(resource, "state", None)
    return None if state is None or not isinstance(state, str) else str(state)


def _status(job: Any) -> tuple[str | None, str | None]:
    status = getattr(job, "status", None)
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


class StepWait:
    """The state and decisions of one wait; the clients' loops do the I/O."""

    def __init__(
        self,
        *,
        job: ResourceRef,
        output_model: ResourceRef,
        timeout: object,
        poll_interval: object,
        on_progress: ProgressCallback | None,
        timing: Timing,
    ) -> None:
        self.job = job
        self.output_model = output_model
        self.timeout = check_seconds(timeout, name="timeout")
        self._interval = check_seconds(poll_interval, name="poll_interval")
        if on_progress is not None and not callable(on_progress):
            raise TypeError(f"on_progress must be callable, got {type(on_progress).__name__}")
        self._on_progress = on_progress or log_progress
        self._timing = timing
        self._started = timing.clock()
        self._polls = 0
        self._job_state: str | None = None
        self._model_state: str | None = None
        self._last_reported: tuple[str | None, str | None] | None = None
        self._retry_after: float | None = None

    def elapsed(self) -> float:
        """Seconds since the wait started."""
        return self._timing.clock() - self._started

    def observe(self, job: Any, model: Any | None) -> CompletedStep | None:
        """Take one poll's reads (``model`` None: 404); return the result once READY.

        Raises StepFailedError when the job is in a terminal state and the model is not
        READY.
        """
        self._polls += 1
        self._retry_after = None
        self._job_state = state_of(job)
        self._model_state = None if model is None else state_of(model) or "STATE_UNSPECIFIED"
        self._report()
        if model is not None and self._model_state == READY:
            return CompletedStep(model=model, job=job, elapsed=self.elapsed(), polls=self._polls)
        if self._job_state in TERMINAL_JOB_STATES:
            code, message = _status(job)
            detail = f": {code + ': ' if code else ''}{message}" if message or code else ""
            raise StepFailedError(
                f"The training step on {self.job.name} did not finish: the job is "
                f"{self._job_state}{detail}. Output model {self.output_model.name} is "
                f"{self._model_state or 'not created'}. {_NOT_SENT_AGAIN}",
                job=self.job.name,
                output_model=self.output_model.name,
                job_state=self._job_state or "",
                status_code=code,
                status_message=message,
            )
        return None

    def poll_failed(self, error: APIError) -> None:
        """Take a failed poll: re-raise it unless a later poll may succeed."""
        self._polls += 1
        if not isinstance(error, TRANSIENT_POLL_ERRORS):
            error.add_note(
                f"While waiting for output model {self.output_model.name}. {_NOT_SENT_AGAIN}"
            )
            raise error
        self._retry_after = getattr(error, "retry_after", None)
        logger.warning(
            "waiting for %s: a poll failed (%s); polling on", self.output_model.name, error
        )

    def next_delay(self) -> float:
        """Seconds to sleep before the next poll; raise StepTimeoutError when time is up."""
        remaining = self.timeout - self.elapsed()
        if remaining <= 0:
            raise StepTimeoutError(
                f"Gave up after {self.timeout:g}s waiting for the training step on "
                f"{self.job.name}: output model {self.output_model.name} is "
                f"{self._model_state or 'not created yet'}, the job is "
                f"{self._job_state or 'unknown'}. {_NOT_SENT_AGAIN} It may still finish: "
                "wait again to keep waiting.",
                job=self.job.name,
                output_model=self.output_model.name,
                timeout=self.timeout,
                model_state=self._model_state,
                job_state=self._job_state,
            )
        backoff = min(
            max(self._interval, MAX_POLL_INTERVAL),
            self._interval * POLL_BACKOFF ** max(0, self._polls - 1),
        )
        delay = backoff * (1.0 - 0.25 * self._timing.jitter())
        if self._retry_after is not None:
            delay = max(delay, self._retry_after)
        return min(delay, remaining)

    def _report(self) -> None:
        seen = (self._job_state, self._model_state)
        if seen == self._last_reported:
            return
        self._last_reported = seen
        self._on_progress(
            StepProgress(
                job=self.job.name,
                output_model=self.output_model.name,
                job_state=self._job_state,
                model_state=self._model_state,
                elapsed=self.elapsed(),
                polls=self._polls,
            )
        )


StepProgress.__module__ = CompletedStep.__module__ = "fireworks_rft"
