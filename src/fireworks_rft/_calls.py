"""What each facade method sends, and what it makes of the answer.

The generated operation modules build every request (method, path, quoting, body) from the
spec and parse every answer; this module checks the user's arguments into resource names
first, and turns answers into the facade's results and errors. It performs no I/O, so the
sync and async clients share all of it.
"""

from __future__ import annotations

import functools
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

from . import _operations
from ._constants import REQUEST_ID_HEADER
from ._exceptions import APIError, APIResponseValidationError
from ._names import MODELS, ResourceRef, resolve, resolve_job, resolve_step_names

if TYPE_CHECKING:
    from fireworks_gateway.types import Response

    from ._types import Deleted, TrainStepResult

EXECUTE_TRAIN_STEP = "Gateway_ExecuteRlorTrainStep"
GET_JOB = "Gateway_GetRlorTrainerJob"
GET_MODEL = "Gateway_GetModel"
DELETE_JOB = "Gateway_DeleteRlorTrainerJob"


class Call(NamedTuple):
    """A checked call: the generated operation, its positional path arguments, its keywords.

    Send it with ``call.operation.sync_detailed(*call.args, client=gateway, **call.kwargs)``
    (or ``asyncio_detailed``).
    """

    operation: ModuleType
    ref: ResourceRef
    args: tuple[str, ...]
    kwargs: dict[str, Any]


class StepCall(NamedTuple):
    """A checked training step: its job, dataset and output model, and the call."""

    job: ResourceRef
    dataset: ResourceRef
    output_model: ResourceRef
    call: Call


def step_call(
    job: object, dataset: object, output_model: object, account_id: str | None
) -> StepCall:
    """Check a step's arguments and build its call; nothing is sent."""
    module = _operations.load(EXECUTE_TRAIN_STEP)
    ref = resolve_job(job, account_id=account_id)
    data, model = resolve_step_names(ref, dataset, output_model)
    body = _operations.body_type(module)(dataset=data.name, output_model=model.name)
    return StepCall(ref, data, model, Call(module, ref, (ref.account_id, ref.id), {"body": body}))


def ref_call(operation_id: str, ref: ResourceRef) -> Call:
    """The call of an operation on one resource (get or delete), its name already checked."""
    return Call(_operations.load(operation_id), ref, (ref.account_id, ref.id), {})


def job_ref(job: object, account_id: str | None) -> ResourceRef:
    """Check a job argument: a bare job ID or a full job name."""
    return resolve_job(job, account_id=account_id)


def model_ref(model: object, account_id: str | None) -> ResourceRef:
    """Check a model argument: a bare model ID or a full model name."""
    return resolve(model, collection=MODELS, account_id=account_id, name="model")


@functools.cache
def _records() -> tuple[type[TrainStepResult], type[Deleted]]:
    from ._types import Deleted, TrainStepResult  # created on first use, not at import

    return TrainStepResult, Deleted


def step_result(step: StepCall, response: Response[Any]) -> TrainStepResult:
    """The result of a step the server accepted."""
    return _records()[0](
        job=step.job.name,
        account_id=step.job.account_id,
        job_id=step.job.id,
        dataset=step.dataset.name,
        output_model=step.output_model.name,
        request_id=response.headers.get(REQUEST_ID_HEADER),
        status_code=int(response.status_code),
    )


def parsed(call: Call, response: Response[Any]) -> Any:
    """The generated model of a 2xx answer, as the operation's own module parsed it.

    A 2xx status the spec does not describe for the operation raises
    APIResponseValidationError (a body that does not match raised already, while parsing).
    """
    if response.parsed is None:
        import httpx

        raise APIResponseValidationError(
            f"The server answered {int(response.status_code)} for {call.ref.name}, a status "
            "the spec does not describe for this operation. The request was most likely "
            "processed.",
            response=httpx.Response(
                int(response.status_code), headers=response.headers, content=response.content
            ),
        )
    return response.parsed


def deleted(call: Call, response: Response[Any]) -> Deleted:
    """The result of a delete: confirmed, or found gone on a retry (an earlier attempt's)."""
    gone = int(response.status_code) == 404
    if not gone:
        parsed(call, response)
    return _records()[1](name=call.ref.name, already_gone=gone)


def explain_step_failure(exc: BaseException, step: StepCall) -> None:
    """Tell the user how to find out whether a step that failed ambiguously ran.

    For an APIError that says the server may have acted, and for an interrupt or a task
    cancellation (KeyboardInterrupt, asyncio.CancelledError) once the request was under way.
    """
    if isinstance(exc, APIError):
        if not exc.may_have_been_processed:
            return
    elif not _is_interruption(exc):
        return
    exc.add_note(
        f"The training step on {step.job.name} may or may not have run. Before sending it "
        f"again, check the job's state and whether output model {step.output_model.name!r} "
        "is being created; sending it twice trains twice on the same data."
    )


def _is_interruption(exc: BaseException) -> bool:
    import asyncio  # already imported wherever a task can be cancelled

    return isinstance(exc, KeyboardInterrupt | asyncio.CancelledError)
