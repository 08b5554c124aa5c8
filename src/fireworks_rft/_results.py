"""The public result records of the facade's operations and waits.

They are frozen dataclasses (creating five costs about 4 ms), created with the first result
a client makes (or ``fireworks_rft.TrainStepResult``), not when ``fireworks_rft`` or its
``Client`` is imported: the clients and the waits import this module inside the methods that
make a result.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fireworks_gateway.models import GatewayModel, GatewayRlorTrainerJob


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


@dataclasses.dataclass(frozen=True)
class Deleted:
    """What a delete returns (``delete_job``, ``delete_dataset``, ``unload_lora``): it is gone.

    Attributes:
        name: Full name of what was deleted.
        already_gone: True when it was gone already: a retried DELETE found it gone (an
            earlier attempt deleted it and its answer was lost), or there was nothing to
            unload.
    """

    name: str
    already_gone: bool = False


#: The name ``delete_job``'s result had before the other deletes existed.
DeletedJob = Deleted


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
        job: The trainer job (``fireworks_gateway.models.GatewayRlorTrainerJob``) as last
            read; None if no read of it succeeded during the wait.
        elapsed: Seconds the wait took.
        polls: How many polls it made.
        lag_estimate: Seconds the model had likely been READY when the wait saw it: half
            the time since the poll before (0 when the first poll saw it READY). Durations
            the client and the ledger record subtract it.
    """

    model: GatewayModel
    job: GatewayRlorTrainerJob | None
    elapsed: float
    polls: int
    lag_estimate: float = 0.0


for _record in (TrainStepResult, DeletedJob, StepProgress, CompletedStep):
    _record.__module__ = "fireworks_rft"
