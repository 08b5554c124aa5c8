"""The errors of waits and of the step ledger: nothing was sent when they are raised.

A wait only reads (``WaitFailedError``, ``WaitTimeoutError`` and their step and job
subclasses); the ledger refuses a step it holds as sent before anything leaves the machine
(``StepAlreadySentError``). Part of the one hierarchy of :mod:`._exceptions`.
"""

from __future__ import annotations

from typing import Any

from ._exceptions import FireworksError

__all__ = [
    "JobStoppedError",
    "StepAlreadySentError",
    "StepFailedError",
    "StepTimeoutError",
    "WaitFailedError",
    "WaitTimeoutError",
]


class WaitFailedError(FireworksError):
    """While waiting, the resource reached a state it will not leave by itself.

    Nothing was sent by the wait: it only reads.

    Attributes:
        resource: Full name of what was waited for.
        state: Its last state (e.g. ``JOB_STATE_FAILED``), or ``"absent"`` once it is gone.
        status_code: Its ``status.code`` (a google.rpc code name), if any.
        status_message: Its ``status.message``, if any.
    """

    def __init__(
        self,
        message: str,
        *,
        resource: str,
        state: str,
        status_code: str | None = None,
        status_message: str | None = None,
    ) -> None:
        super().__init__(message)
        self.resource: str = resource
        self.state: str = state
        self.status_code: str | None = status_code
        self.status_message: str | None = status_message


class JobStoppedError(WaitFailedError):
    """The trainer job stopped (``JOB_STATE_PAUSED``): resume it with ``resume_job``.

    Fireworks stops a keep-alive job after 10 minutes without activity, unless it was created
    with a longer ``inactivityTimeout``; the state a stopped job shows is not documented, and
    this SDK reads ``JOB_STATE_PAUSED`` as stopped and resumable.
    """


class WaitTimeoutError(FireworksError):
    """A wait's timeout passed; nothing was sent, and the resource may still get there.

    Attributes:
        resource: Full name of what was waited for.
        timeout: The wait's timeout, in seconds.
        state: The last state seen; None if it was never read.
    """

    def __init__(self, message: str, *, resource: str, timeout: float, state: str | None) -> None:
        super().__init__(message)
        self.resource: str = resource
        self.timeout: float = timeout
        self.state: str | None = state


class StepFailedError(WaitFailedError):
    """While waiting for a training step, its trainer job reached a terminal state.

    The step itself was never sent again: waiting only reads the job and the output model.

    Attributes:
        job: Full name of the trainer job.
        output_model: Full name of the output model the step was to create.
        job_state: The job's state, e.g. ``JOB_STATE_FAILED``.
        status_code: The job's ``status.code`` (a google.rpc code name), if any.
        status_message: The job's ``status.message``, if any.
    """

    def __init__(
        self,
        message: str,
        *,
        job: str,
        output_model: str,
        job_state: str,
        status_code: str | None,
        status_message: str | None,
    ) -> None:
        super().__init__(
            message,
            resource=job,
            state=job_state,
            status_code=status_code,
            status_message=status_message,
        )
        self.job: str = job
        self.output_model: str = output_model
        self.job_state: str = job_state


class StepTimeoutError(WaitTimeoutError):
    """A training step's output model was not READY within the wait's timeout.

    The step was not sent again and may still finish: wait again to keep waiting.

    Attributes:
        job: Full name of the trainer job.
        output_model: Full name of the output model.
        timeout: The wait's timeout, in seconds.
        model_state: The last state seen of the output model; None if it never existed.
        job_state: The last state seen of the trainer job; None if it was never read.
    """

    def __init__(
        self,
        message: str,
        *,
        job: str,
        output_model: str,
        timeout: float,
        model_state: str | None,
        job_state: str | None,
    ) -> None:
        super().__init__(message, resource=output_model, timeout=timeout, state=model_state)
        self.job: str = job
        self.output_model: str = output_model
        self.model_state: str | None = model_state
        self.job_state: str | None = job_state


class StepAlreadySentError(FireworksError):
    """The ledger says this step was sent already (or is being sent); nothing was sent now.

    Raised by ``execute_train_step`` on a client with a ledger. ``run_step`` resumes such a
    step instead: it waits for an accepted step and reconciles one whose answer was lost.

    Attributes:
        job: Full name of the trainer job.
        output_model: Full name of the step's output model.
        state: The recorded state (a :class:`~fireworks_rft.StepState` value, e.g.
            ``"accepted"``), or ``"sending"`` while another live process sends it.
        record: The ledger's :class:`~fireworks_rft.StepRecord`, when there is one.
    """

    def __init__(
        self, message: str, *, job: str, output_model: str, state: str, record: Any = None
    ) -> None:
        super().__init__(message)
        self.job: str = job
        self.output_model: str = output_model
        self.state: str = state
        self.record: Any = record


# Tracebacks and reprs name the public path, fireworks_rft.X, not this private module.
for _name in __all__:
    globals()[_name].__module__ = "fireworks_rft"
