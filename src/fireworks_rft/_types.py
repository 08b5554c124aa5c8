"""Typed results of the facade's operations."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class TrainStepResult:
    """What ``execute_train_step`` returns once the server accepted the step.

    The API answers ``{}``: training then runs on the server, and its progress shows in the
    output model's state.

    Attributes:
        job: Full name of the trainer job, ``accounts/{account}/rlorTrainerJobs/{job}``.
        account_id: The job's account.
        job_id: The job's ID.
        dataset: The dataset the step trains on.
        output_model: The model the step materializes when training completes.
        request_id: The server's request id (``x-request-id``), when it sent one.
        status_code: The HTTP status of the answer.
    """

    job: str
    account_id: str
    job_id: str
    dataset: str
    output_model: str
    request_id: str | None
    status_code: int


TrainStepResult.__module__ = "fireworks_rft"
