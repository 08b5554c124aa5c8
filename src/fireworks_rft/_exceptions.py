"""The one error hierarchy of fireworks-rft.

``FireworksError`` is the base of everything the SDK raises on purpose::

    FireworksError
    ├── ConfigurationError (also a ValueError)
    ├── OperationUnavailableError (the spec this build implements lacks the operation)
    ├── WaitFailedError (waiting: the resource failed, or was stopped or removed)
    │   ├── StepFailedError (the trainer job failed while a step ran)
    │   ├── JobStoppedError (the job stopped, e.g. for inactivity: resume_job it)
    │   └── OutputModelGoneError (a step the ledger holds READY: its model was deleted since)
    ├── WaitTimeoutError (waiting: not there in time)
    │   └── StepTimeoutError (the step did not finish in time)
    │       └── StepStalledError (RUNNING, but no sign of progress for stall_timeout)
    ├── StepAlreadySentError (the ledger holds the step as sent; nothing was sent)
    ├── LeaseLostError (another process took over a step's lease; this one stops)
    ├── LedgerUnavailableError (the ledger's database dropped or refused the connection)
    └── APIError
        ├── APIStatusError
        │   ├── BadRequestError (400)          ├── ConflictError (409)
        │   ├── AuthenticationError (401)      ├── UnprocessableEntityError (422)
        │   ├── PermissionDeniedError (403)    ├── RateLimitError (429)
        │   ├── NotFoundError (404)            └── InternalServerError (>= 500)
        │   └── DatasetOperationRetiredError (501 on a dataset creation, since 2026-11-15)
        ├── APIResponseValidationError (a 2xx whose body is not the JSON the spec describes)
        ├── ResponseTooLargeError (an answer larger than max_response_bytes)
        └── APIConnectionError
            └── APITimeoutError

Every ``APIError`` says whether the server may have acted on the request
(``may_have_been_processed``) and how many attempts were made (``attempts``).

Waits and the ledger raise theirs (``WaitFailedError`` down to ``StepAlreadySentError``) when
nothing was sent: a wait only reads, and the ledger refuses before anything leaves the machine.

Every error pickles (RL loops run in worker pools) without the API key: the request and
response it carries are copies without the Authorization header, and its fields survive.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

import httpx

from ._constants import MAX_DISPLAY_CHARS, REQUEST_ID_HEADER


class FireworksError(Exception):
    """Base class of every error fireworks-rft raises on purpose."""

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle the fields, with the request and response copied without credentials."""
        state = {key: picklable(value) for key, value in self.__dict__.items()}
        return (rebuild, (type(self), self.args, state))


class ConfigurationError(FireworksError, ValueError):
    """The client is missing a setting (API key, account) or a setting is invalid.

    Attributes:
        setting: The setting at fault (``"api_key"``, ``"account_id"``, ...), if one is.
        problem: What is wrong, without the advice on how to set it.
    """

    def __init__(self, message: str, *, setting: str | None = None, problem: str | None = None):
        super().__init__(message)
        self.setting: str | None = setting
        self.problem: str = problem if problem is not None else message


class OperationUnavailableError(FireworksError):
    """The spec this build of fireworks-rft implements has no such operation; nothing was sent.

    Attributes:
        operation_id: The missing generated operation, by its module's name (the operationId
            in snake case, e.g. ``gateway_execute_rlor_train_step``), or the missing model.
    """

    def __init__(self, message: str, *, operation_id: str) -> None:
        super().__init__(message)
        self.operation_id: str = operation_id


class APIError(FireworksError):
    """A request to the API failed.

    Attributes:
        message: What went wrong, in one sentence or more.
        method: The HTTP method of the request.
        url: The URL of the request.
        request_id: The server's request id (``x-request-id``), when it sent one.
        body: The parsed error body: a dict for JSON, else the (truncated) text.
        attempts: How many attempts were sent before giving up.
        may_have_been_processed: True when the server may have acted on the request, so its
            outcome is unknown (for a training step: it may or may not have run).
    """

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request | None = None,
        body: object | None = None,
        request_id: str | None = None,
        attempts: int = 1,
        may_have_been_processed: bool = False,
    ) -> None:
        super().__init__(message)
        self.message: str = message
        self.request: httpx.Request | None = request
        self.method: str | None = request.method if request is not None else None
        self.url: str | None = str(request.url) if request is not None else None
        self.body: object | None = body
        self.request_id: str | None = request_id
        self.attempts: int = attempts
        self.may_have_been_processed: bool = may_have_been_processed

    def __str__(self) -> str:
        return self.message


class APIStatusError(APIError):
    """The server answered with a non-2xx status.

    Attributes:
        status_code: The HTTP status code.
        response: The ``httpx.Response`` (its body already read).
        code: The ``code`` field of a google.rpc.Status body, when present.
        retry_after: The delay in seconds the server asked for (``Retry-After``), if any.
    """

    def __init__(
        self,
        message: str,
        *,
        response: httpx.Response,
        body: object | None,
        code: int | str | None = None,
        attempts: int = 1,
        may_have_been_processed: bool = False,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(
            message,
            request=response.request,
            body=body,
            request_id=response.headers.get(REQUEST_ID_HEADER),
            attempts=attempts,
            may_have_been_processed=may_have_been_processed,
        )
        self.response: httpx.Response = response
        self.status_code: int = response.status_code
        self.code: int | str | None = code
        self.retry_after: float | None = retry_after


class BadRequestError(APIStatusError):
    """400: the request was invalid."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing, wrong, or lacks the needed scope."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not act on this resource."""


class NotFoundError(APIStatusError):
    """404: the account, job or another resource does not exist."""


class ConflictError(APIStatusError):
    """409: the resource already exists or is in a transitional state."""


class UnprocessableEntityError(APIStatusError):
    """422: the request was well-formed but could not be processed."""


class RateLimitError(APIStatusError):
    """429: too many requests or quota exhausted."""


class InternalServerError(APIStatusError):
    """A 5xx status."""


class DatasetOperationRetiredError(APIStatusError):
    """501 from a dataset operation Fireworks retired on 2026-11-15.

    Dataset creation, update, upload, validation, preview, split and download answer
    ``501 Not Implemented`` since then; list, get and delete remain. Fireworks points
    training users to its Training API, which reads local or cloud-bucket files. See
    https://docs.fireworks.ai (changelog, 2026-11-15).
    """


class APIResponseValidationError(APIError):
    """The server answered 2xx, but its body is not the JSON the spec describes.

    Attributes:
        status_code: The HTTP status code.
        response: The ``httpx.Response``.
        raw_body: The body as received (the API key masked, were the server to echo it).
    """

    def __init__(self, message: str, *, response: httpx.Response, attempts: int = 1) -> None:
        try:
            request: httpx.Request | None = response.request
        except RuntimeError:  # a response the generated code re-wrapped, without its request
            request = None
        super().__init__(
            message,
            request=request,
            body=display_text(response.content),
            request_id=response.headers.get(REQUEST_ID_HEADER),
            attempts=attempts,
            # A 2xx means the server accepted the request: it most likely acted on it.
            may_have_been_processed=True,
        )
        self.response: httpx.Response = response
        self.status_code: int = response.status_code
        self.raw_body: bytes = response.content


class ResponseTooLargeError(APIError):
    """The answer's body was larger than the client's ``max_response_bytes``; not read.

    Attributes:
        status_code: The HTTP status code of the answer.
        limit: The limit, in bytes, of the decoded body.
    """

    def __init__(
        self,
        message: str,
        *,
        request: httpx.Request,
        status_code: int,
        limit: int,
        request_id: str | None = None,
        attempts: int = 1,
        may_have_been_processed: bool = False,
    ) -> None:
        super().__init__(
            message,
            request=request,
            request_id=request_id,
            attempts=attempts,
            may_have_been_processed=may_have_been_processed,
        )
        self.status_code: int = status_code
        self.limit: int = limit


class APIConnectionError(APIError):
    """The request failed in transport: no usable HTTP response arrived."""


class APITimeoutError(APIConnectionError):
    """A timeout (connect, write, read or pool) expired."""


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

    Fireworks stops a keep-alive job after a period without activity (10 or 60 minutes by
    default: its sources disagree), unless it was created with a longer
    ``inactivityTimeout``; the state a stopped job shows is not documented, and this SDK
    reads ``JOB_STATE_PAUSED`` as stopped and resumable.
    """


class OutputModelGoneError(WaitFailedError):
    """The ledger holds the step READY, but its output model was deleted since.

    The step ran and finished; nothing was sent, and ``run_step`` answers at once (one
    read) instead of waiting for a model that will not come back. A loop that deletes old
    output models and resumes from the start catches it and goes on.

    Attributes:
        record: The ledger's :class:`~fireworks_rft.StepRecord` of the step.
    """

    def __init__(self, message: str, *, resource: str, record: Any) -> None:
        super().__init__(message, resource=resource, state="absent")
        self.record: Any = record


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


class StepStalledError(StepTimeoutError):
    """The step's job reads RUNNING but showed no sign of progress for ``stall_timeout`` s.

    No change in ``jobProgress``, no new checkpoint, the output model still absent: the
    trainer may have stopped silently. The step was accepted: never send it again; read the
    trainer's log (``fireworks-rft job logs JOB``, ``client.read_job_logs(job)``), and wait
    again or cancel the job.

    Attributes:
        stall_timeout: The seconds without progress that were allowed.
    """

    def __init__(self, message: str, *, stall_timeout: float, **fields: Any) -> None:
        super().__init__(message, **fields)
        self.stall_timeout: float = stall_timeout


class LeaseLostError(FireworksError):
    """This process lost a step's lease: another process (on any host) took it over.

    Its connection to the ledger dropped, or it was too slow, and another holder has the
    step now; nothing more was sent or recorded by this process. Run the loop again:
    ``run_step`` resumes from what the ledger holds.

    Attributes:
        job: Full name of the trainer job.
        output_model: Full name of the step's output model.
    """

    def __init__(self, message: str, *, job: str, output_model: str) -> None:
        super().__init__(message)
        self.job: str = job
        self.output_model: str = output_model


class LedgerUnavailableError(FireworksError):
    """The ledger's database could not be reached, or dropped the connection mid-write.

    The client stops rather than act without a record: nothing more is sent by this call.
    A write that was cut off may or may not have been recorded, and a step that was sent
    before it stays as the ledger last recorded it. Run the loop again once the database is
    back: ``run_step`` resumes from the ledger and reconciles what it cannot be sure of.
    """


class StepAlreadySentError(FireworksError):
    """The ledger says this step was sent already (or is being sent); nothing was sent now.

    Raised by ``execute_train_step`` on a client with a ledger. ``run_step`` resumes such a
    step instead: it waits for an accepted step and reconciles one whose answer was lost.

    Attributes:
        job: Full name of the trainer job.
        output_model: Full name of the step's output model.
        state: The recorded state (a :class:`~fireworks_rft.StepState` value, e.g.
            ``"accepted"``), ``"sending"`` while another live process sends it, or
            ``"exists"`` for a promotion whose output model exists already.
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


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


# Tracebacks and reprs name the public path, fireworks_rft.X, not this private module.
for _error in [v for v in globals().values() if isinstance(v, type)]:
    if issubclass(_error, FireworksError):
        _error.__module__ = "fireworks_rft"


def status_error_class(status_code: int) -> type[APIStatusError]:
    """Return the ``APIStatusError`` subclass for a status code."""
    if status_code >= 500:
        return InternalServerError
    return _STATUS_CLASSES.get(status_code, APIStatusError)


_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def display_text(content: bytes | str) -> str:
    """Return a body as one short line: tags stripped, whitespace folded, truncated."""
    text = content.decode("utf-8", errors="replace") if isinstance(content, bytes) else content
    if "<" in text and ">" in text:
        text = _TAG.sub(" ", text)
    text = _SPACE.sub(" ", text).strip()
    if len(text) > MAX_DISPLAY_CHARS:
        text = text[: MAX_DISPLAY_CHARS - 1] + "…"
    return text


def rebuild(cls: type[Exception], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    """Rebuild a pickled error from its class, args and fields."""
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


def picklable(value: object) -> object:
    """``value``, or a copy without credentials when it is a request or a response."""
    if isinstance(value, httpx.Request):
        return safe_request(value)
    if isinstance(value, httpx.Response):
        copy = httpx.Response(
            value.status_code,
            headers=value.headers,
            content=value.content if is_read(value) else b"",
        )
        with contextlib.suppress(RuntimeError):  # a response built without a request
            copy.request = safe_request(value.request)
        return copy
    return value


def is_read(response: httpx.Response) -> bool:
    """Whether the response's body was read."""
    try:
        response.content  # noqa: B018 - raises until the body was read
    except httpx.ResponseNotRead:
        return False
    return True


def safe_request(request: httpx.Request) -> httpx.Request:
    """A copy of ``request`` without its Authorization header."""
    headers = httpx.Headers(
        [(k, v) for k, v in request.headers.multi_items() if k.lower() != "authorization"]
    )
    try:
        content = request.content
    except httpx.RequestNotRead:
        content = b""
    return httpx.Request(request.method, request.url, headers=headers, content=content)
