"""What each facade method sends, and what it makes of the answer.

The generated operation modules build every request (method, path, quoting, body) from the
spec; this module checks the user's arguments into resource names first, and turns answers
into the facade's results and errors. It performs no I/O, so the sync and async clients
share all of it.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, NamedTuple

import httpx

from . import _operations
from ._exceptions import REQUEST_ID_HEADER, APIError, APIResponseValidationError
from ._validation import MODELS, ResourceRef, resolve, resolve_job, resolve_step_names

if TYPE_CHECKING:
    from types import ModuleType

    from ._types import TrainStepResult

EXECUTE_TRAIN_STEP = "Gateway_ExecuteRlorTrainStep"
GET_JOB = "Gateway_GetRlorTrainerJob"
GET_MODEL = "Gateway_GetModel"
DELETE_JOB = "Gateway_DeleteRlorTrainerJob"


class StepCall(NamedTuple):
    """A checked training step: its job, dataset and output model, and the request."""

    job: ResourceRef
    dataset: ResourceRef
    output_model: ResourceRef
    request: dict[str, Any]


def step_call(
    job: object, dataset: object, output_model: object, account_id: str | None
) -> StepCall:
    """Check a step's arguments and build its request; nothing is sent.

    The generated module's ``_get_kwargs`` builds the request; its ``sync_detailed()`` would
    also wrap and re-parse the ``{}`` answer, which the policy client has already checked
    and the result does not use (about 5% of a call: docs/benchmarks.md).
    """
    module = _operations.load(EXECUTE_TRAIN_STEP)
    ref = resolve_job(job, account_id=account_id)
    data, model = resolve_step_names(ref, dataset, output_model)
    body = _operations.body_type(module)(dataset=data.name, output_model=model.name)
    return StepCall(ref, data, model, module._get_kwargs(ref.account_id, ref.id, body=body))


@functools.cache
def _result_type() -> type[TrainStepResult]:
    from ._types import TrainStepResult  # a dataclass: created on first use, not at import

    return TrainStepResult


def step_result(call: StepCall, response: httpx.Response) -> TrainStepResult:
    """The result of a step the server accepted."""
    return _result_type()(
        job=call.job.name,
        account_id=call.job.account_id,
        job_id=call.job.id,
        dataset=call.dataset.name,
        output_model=call.output_model.name,
        request_id=response.headers.get(REQUEST_ID_HEADER),
        status_code=response.status_code,
    )


def explain_step_failure(exc: BaseException, call: StepCall) -> None:
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
        f"The training step on {call.job.name} may or may not have run. Before sending it "
        f"again, check the job's state and whether output model {call.output_model.name!r} "
        "is being created; sending it twice trains twice on the same data."
    )


class ReadCall(NamedTuple):
    """A checked read (or delete) of one resource: its operation, name and request."""

    operation: ModuleType
    ref: ResourceRef
    request: dict[str, Any]

    def result(self, gateway: object, response: httpx.Response) -> Any:
        """The generated model of a 2xx answer, parsed by the operation's own module.

        A body that does not match the spec raises APIResponseValidationError (through the
        gateway client); so does a 2xx status the spec does not describe.
        """
        result = self.operation._build_response(client=gateway, response=response).parsed
        if result is None:
            raise APIResponseValidationError(
                f"The server answered {response.status_code} for {self.ref.name}, a status the "
                "spec does not describe for this operation.",
                response=response,
            )
        return result


def _is_interruption(exc: BaseException) -> bool:
    import asyncio  # already imported wherever a task can be cancelled

    return isinstance(exc, KeyboardInterrupt | asyncio.CancelledError)


def job_call(operation_id: str, job: object, account_id: str | None) -> ReadCall:
    """Check a job argument and build the request of a job operation (get or delete)."""
    module = _operations.load(operation_id)
    ref = resolve_job(job, account_id=account_id)
    return ReadCall(module, ref, module._get_kwargs(ref.account_id, ref.id))


def model_call(model: object, account_id: str | None) -> ReadCall:
    """Check a model argument and build the request that reads it."""
    module = _operations.load(GET_MODEL)
    ref = resolve(model, collection=MODELS, account_id=account_id, name="model")
    return ReadCall(module, ref, module._get_kwargs(ref.account_id, ref.id))
