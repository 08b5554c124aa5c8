"""Error builders: turn a failed attempt into the SDK's typed exception, with a message.

Each builder is told whether the server may have acted (the :class:`~._retry.Verdict`'s
answer, never its own guess) and words the message to match. Server-supplied text reaches
them already redacted (the transport masks the key in every answer it reads); error bodies
are masked again after parsing, before anything is cut for display.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from ._auth import Secret, redact
from ._constants import REQUEST_ID_HEADER
from ._exceptions import (
    APIConnectionError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    DatasetOperationRetiredError,
    ResponseTooLargeError,
    display_text,
    status_error_class,
)

_MAY_HAVE_ACTED = (
    " The server may have processed the request: its outcome is unknown, so it was not"
    " retried automatically."
)
_EARLIER_ATTEMPT = (
    " An earlier attempt of this call may have reached the server, so it may have acted on"
    " the request."
)


def _acted(processed: bool, by_earlier_attempt: bool) -> str:
    """The sentence on whether the server may have acted, as the verdict decided."""
    if not processed:
        return ""
    return _EARLIER_ATTEMPT if by_earlier_attempt else _MAY_HAVE_ACTED


#: Statuses whose success carries no body.
_NO_BODY_STATUSES = frozenset({204, 205})


def _where(request: httpx.Request) -> str:
    return f"{request.method} {request.url}"


def status_error(
    response: httpx.Response,
    *,
    processed: bool,
    attempts: int,
    retry_after: float | None,
    secret: Secret | None,
    note: str | None = None,
    by_earlier_attempt: bool = False,
    retired: bool = False,
) -> APIStatusError:
    """The typed error of a non-2xx answer that is not retried."""
    status = response.status_code
    body, message, code = parse_error_body(response)
    body = redact(body, secret)
    text = f"HTTP {status} {response.reason_phrase} from {_where(response.request)}"
    if message:
        text += f": {display_text(redact(message, secret))}"
    request_id = response.headers.get(REQUEST_ID_HEADER)
    if request_id:
        text += f" (request id {request_id})"
    if attempts > 1:
        text += f" after {attempts} attempts"
    text += "." + _acted(processed, by_earlier_attempt)
    if note:
        text += " " + note
    kind = status_error_class(status)
    if status == 501 and retired:  # the operation's declared fact, never its URL
        kind = DatasetOperationRetiredError
        text += (
            " Fireworks retired dataset creation, update, upload, validation and download on "
            "2026-11-15 (list, get and delete remain); see the Fireworks changelog and its "
            "Training API, which reads local or cloud-bucket files."
        )
    return kind(
        text,
        response=response,
        body=body,
        code=code,
        attempts=attempts,
        may_have_been_processed=processed,
        retry_after=retry_after,
    )


def connection_error(
    exc: httpx.RequestError,
    request: httpx.Request,
    *,
    processed: bool,
    attempts: int,
    by_earlier_attempt: bool = False,
) -> APIConnectionError:
    """The typed error of an attempt that raised in transport and is not retried."""
    kind = "timed out" if isinstance(exc, httpx.TimeoutException) else "failed"
    text = f"{_where(request)} {kind}: {type(exc).__name__}"
    detail = str(exc)
    if detail:
        text += f" ({detail})"
    if attempts > 1:
        text += f" after {attempts} attempts"
    text += "."
    if by_earlier_attempt:
        text += _EARLIER_ATTEMPT
    elif processed:
        text += (
            " The request may have reached the server: its outcome is unknown, so it was not"
            " retried automatically."
        )
    else:
        text += " The server did not receive the request."
    error_class = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    return error_class(text, request=request, attempts=attempts, may_have_been_processed=processed)


def too_large_error(
    response: httpx.Response, *, limit: int, processed: bool, attempts: int
) -> ResponseTooLargeError:
    """The error of an answer larger than ``max_response_bytes`` (left unread)."""
    return ResponseTooLargeError(
        f"The answer {response.status_code} to {_where(response.request)} is larger than "
        f"the {limit} bytes this client reads (max_response_bytes); it was not read."
        + (" The server may have acted on the request." if processed else ""),
        request=response.request,
        status_code=response.status_code,
        limit=limit,
        request_id=response.headers.get(REQUEST_ID_HEADER),
        attempts=attempts,
        may_have_been_processed=processed,
    )


def deadline_error(
    request: httpx.Request, *, seconds: float | None, when: str, processed: bool, attempts: int
) -> APITimeoutError:
    """The error of a call whose deadline passed ``when`` (e.g. "before the next retry")."""
    return APITimeoutError(
        f"{_where(request)}: the call's deadline of {seconds or 0:g}s passed {when}, "
        f"after {attempts} attempt(s)."
        + (
            " The server may have acted on the request."
            if processed
            else " The server did not act on the request."
        ),
        request=request,
        attempts=attempts,
        may_have_been_processed=processed,
    )


def slot_timeout_error(
    request: httpx.Request, *, waited: float, processed: bool, attempts: int
) -> APITimeoutError:
    """The error of a call that found no free in-flight slot in time: nothing was sent."""
    return APITimeoutError(
        f"{_where(request)}: no connection became free within {waited:.3g}s (the pool "
        "timeout or the call's deadline); this attempt was not sent."
        + (
            " An earlier attempt may have reached the server, so it may have acted."
            if processed
            else " The server did not receive the request."
        ),
        request=request,
        attempts=attempts,
        may_have_been_processed=processed,
    )


def success_body_problem(response: httpx.Response) -> str | None:
    """Why a 2xx body is not the JSON object the spec describes; None when it is.

    Every operation of the Gateway API (a grpc-gateway service) answers a JSON object;
    ``{}`` for an empty message. A 204/205 or a HEAD has no body to check.
    """
    if response.status_code in _NO_BODY_STATUSES or response.request.method == "HEAD":
        return None
    content = response.content
    if content == b"{}":  # the answer of executeTrainStep and of every empty message
        return None
    if not content or content.isspace():
        return "an empty body"
    try:
        parsed = json.loads(content)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return "a body that is not valid JSON (or nested too deeply to parse)"
    if not isinstance(parsed, dict):
        return f"a JSON {type(parsed).__name__}, not an object"
    return None


def response_validation_error(
    response: httpx.Response, problem: str, *, attempts: int = 1
) -> APIResponseValidationError:
    """The error of a 2xx whose body does not match the spec (the server most likely acted)."""
    return APIResponseValidationError(
        f"The server answered {response.status_code} for {_where(response.request)} with "
        f"{problem}. The request was most likely processed.",
        response=response,
        attempts=attempts,
    )


def parse_error_body(response: httpx.Response) -> tuple[object | None, str | None, Any]:
    """Return ``(body, message, code)`` from an error response.

    Accepts a google.rpc.Status body ``{"code", "message", "details"}``, an
    ``{"error": {...}}`` or ``{"error": "..."}`` body, and plain text or HTML.
    """
    content = response.content
    if not content.strip():
        return None, None, None
    try:
        parsed = json.loads(content)
    except (ValueError, UnicodeDecodeError, RecursionError):
        text = display_text(content)
        return text, text, None
    if not isinstance(parsed, dict):
        return parsed, display_text(content), None
    inner = parsed.get("error", parsed)
    if isinstance(inner, str):
        return parsed, inner, parsed.get("code")
    if not isinstance(inner, dict):
        inner = parsed
    message = inner.get("message")
    code = inner.get("code", inner.get("status"))
    return parsed, message if isinstance(message, str) else None, code
