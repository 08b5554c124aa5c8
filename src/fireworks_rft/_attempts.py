"""What happens around each attempt of a call, without I/O.

It builds the request with the pool's own client (``build_request``), cuts its timeouts to
the call's deadline, reads a body within the size limit, masks the API key in every answer,
and turns each attempt's outcome into what follows (:func:`settle`, asking
:class:`~._retry.CallState`). The send loops of :mod:`._async_sender` (and the
:mod:`._sender` written from it) share all of it.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Mapping
from typing import Any, NamedTuple

import httpx

from ._auth import Credentials
from ._calls import OPERATION
from ._config import check_deadline, check_max_retries, to_timeout
from ._constants import REQUEST_ID_HEADER, RETRY_COUNT_HEADER
from ._error_builders import (
    connection_error,
    deadline_error,
    response_validation_error,
    slot_timeout_error,
    status_error,
    success_body_problem,
    too_large_error,
)
from ._failures import Outcome, classify_exception, classify_status
from ._logging import logger
from ._retry import Action, CallState, RetryPolicy, parse_retry_after
from ._routing import AbsoluteURLs
from ._timing import Timing

_JSON_CONTENT_TYPE = {"Content-Type": "application/json"}
_TIMEOUT_PHASES = ("connect", "read", "write", "pool")
_UNREAD_HEADERS = frozenset({b"content-encoding", b"content-length", b"transfer-encoding"})


class CallScope:
    """What the client tells the sender about the calls made in one context (thread or task).

    Attributes:
        within: Seconds each call may take in all, when shorter than the policy's deadline:
            a wait bounds its reads by the time it has left, ``run_step`` its send.
        under_way: Set by the sender once an attempt is handed to httpx to send: from then
            on the server may have acted, whatever is raised (see ``_failures.may_have_run``).
    """

    __slots__ = ("under_way", "within")

    def __init__(self, within: float | None = None) -> None:
        self.within = within
        self.under_way = False


#: The scope of the calls in this context; None: no bound, and nobody asks.
CALL_SCOPE: contextvars.ContextVar[CallScope | None] = contextvars.ContextVar(
    "fireworks_rft_call_scope", default=None
)


class SendSettings(NamedTuple):
    """The policy one sender applies: key, retries, clocks, body limit, headers, timeout.

    ``headers`` and ``timeout`` are None when the pool's client already carries them (the
    SDK's own pool), so the common request merges nothing.
    """

    credentials: Credentials
    policy: RetryPolicy
    timing: Timing
    max_response_bytes: int
    urls: AbsoluteURLs
    headers: httpx.Headers | None = None
    timeout: httpx.Timeout | None = None

    def derived(
        self,
        pool_headers: httpx.Headers,
        *,
        timeout: object = None,
        max_retries: object = None,
        deadline: object = None,
        headers: Mapping[str, str] | None = None,
    ) -> SendSettings:
        """These settings with the given ones changed (None: unchanged), checked first.

        ``headers`` are merged over the SDK's (or, with the SDK's own pool, its client's).
        """
        policy = self.policy
        if max_retries is not None:
            policy = policy._replace(max_retries=check_max_retries(max_retries))
        if deadline is not None:
            policy = policy._replace(deadline=check_deadline(deadline))
        merged = self.headers
        if headers:
            merged = httpx.Headers(self.headers or pool_headers)
            merged.update(headers)
        return self._replace(
            policy=policy,
            headers=merged,
            timeout=self.timeout if timeout is None else to_timeout(timeout),
        )


def build(
    client: httpx.Client | httpx.AsyncClient,
    settings: SendSettings,
    method: str,
    url: httpx.URL | str,
    kwargs: dict[str, Any],
) -> tuple[httpx.Request, CallState]:
    """Build a request with the pool's client, and the state of the call that sends it.

    The key is never sent to another origin than the base URL's, whatever the URL; every
    timeout is cut to the call's deadline.
    """
    for name in ("auth", "follow_redirects"):
        if kwargs.pop(name, None) not in (None, httpx.USE_CLIENT_DEFAULT, False):
            raise TypeError(f"fireworks-rft senders take no {name}=: the client sets it")
    if "params" in kwargs and not kwargs["params"]:
        del kwargs["params"]  # the generated reads pass {} when no query parameter is set
    headers = kwargs.pop("headers", None)
    if headers == _JSON_CONTENT_TYPE and kwargs.get("json") is not None:
        headers = None  # httpx sets this very header for json=
    if settings.headers is not None:  # a user's client: the SDK's headers go with each
        headers = _with_sdk_headers(settings.headers, headers)
    if settings.timeout is not None:
        kwargs.setdefault("timeout", settings.timeout)
    request = client.build_request(method, settings.urls(method, url), headers=headers, **kwargs)
    credentials = settings.credentials
    if "authorization" in request.headers and not credentials.applies_to(request.url):
        del request.headers["authorization"]
    scope = CALL_SCOPE.get()
    within = None if scope is None else scope.within
    state = CallState(method, settings.policy, settings.timing.clock, within, OPERATION.get())
    bound_by_deadline(request, state)
    return request, state


def under_way() -> None:
    """Note, in this context's scope, that an attempt is being handed to httpx."""
    scope = CALL_SCOPE.get()
    if scope is not None:
        scope.under_way = True


def _with_sdk_headers(sdk: httpx.Headers, headers: Any) -> httpx.Headers:
    if not headers:
        return sdk  # build_request copies what it merges
    merged = sdk.copy()
    merged.update(headers)
    return merged


def bound_by_deadline(request: httpx.Request, state: CallState) -> None:
    """Cut every timeout of ``request`` so that no phase runs past the call's deadline."""
    remaining = state.remaining()
    if remaining is None:
        return
    if remaining <= 0:
        raise deadline_error(
            request,
            seconds=state.seconds,
            when="before the next attempt",
            processed=state.maybe_processed,  # nothing of this attempt was sent
            attempts=state.retries,
        )
    timeouts = request.extensions.get("timeout") or {}
    for phase in _TIMEOUT_PHASES:
        limit = timeouts.get(phase)
        if limit is None or limit > remaining:
            break
    else:
        return  # every phase already ends before the deadline (a long wait's reads)
    request.extensions["timeout"] = {
        phase: remaining if timeouts.get(phase) is None else min(timeouts[phase], remaining)
        for phase in _TIMEOUT_PHASES
    }


def slot_wait(request: httpx.Request) -> float | None:
    """How long an attempt may wait for an in-flight slot: the pool timeout (deadline-cut)."""
    pool = (request.extensions.get("timeout") or {}).get("pool")
    return None if pool is None else float(pool)


def no_slot(request: httpx.Request, state: CallState, waited: float | None) -> Exception:
    """The error of an attempt that got no slot in time; nothing of it was sent."""
    return slot_timeout_error(  # never retried: the wait is spent
        request,
        waited=waited or 0.0,
        processed=state.maybe_processed,  # nothing of this attempt was sent
        attempts=state.retries,
    )


def _check_deadline(response: httpx.Response, state: CallState) -> None:
    if state.past_deadline():
        verdict = state.judge(classify_status(response.status_code))
        raise deadline_error(
            response.request,
            seconds=state.seconds,
            when="while reading the answer",
            processed=verdict.may_have_been_processed,
            attempts=state.attempts,
        )


def take_chunk(
    chunks: list[bytes],
    chunk: bytes,
    size: int,
    response: httpx.Response,
    state: CallState,
    settings: SendSettings,
) -> int:
    """Keep one decoded chunk of a body; raise past the size limit or the deadline."""
    size += len(chunk)
    if size > settings.max_response_bytes:
        verdict = state.judge(classify_status(response.status_code))
        raise too_large_error(
            response,
            limit=settings.max_response_bytes,
            processed=verdict.may_have_been_processed,
            attempts=state.attempts,
        )
    _check_deadline(response, state)
    chunks.append(chunk)
    return size


def finished(response: httpx.Response, body: bytes, settings: SendSettings) -> httpx.Response:
    """The response as the caller sees it: its body (read chunk by chunk), the key masked.

    A server that echoes the key back never gets it into a parsed model, an error, a log
    line or a pickle: it is masked here, before anything reads the answer.
    """
    secret = settings.credentials.api_key
    raw_headers = response.headers.raw
    masked = secret.redact_bytes(body)
    headers = [
        (name, secret.redact_bytes(value))
        for name, value in raw_headers
        if name.lower() not in _UNREAD_HEADERS  # the content below is decoded
    ]
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=masked,
        request=response.request,
        extensions=response.extensions,
    )


def settle(
    request: httpx.Request,
    outcome: httpx.Response | httpx.RequestError,
    state: CallState,
    settings: SendSettings,
    elapsed: float,
) -> httpx.Response | float:
    """What follows one attempt: the response to return, or seconds to wait and retry.

    Failures that are not retried are raised as the SDK's typed errors.
    """
    jitter = settings.timing.jitter
    if isinstance(outcome, httpx.RequestError):
        _log_attempt(request, state, elapsed, type(outcome).__name__, None)
        verdict = state.judge(classify_exception(outcome), jitter=jitter())
        if verdict.action is Action.RETRY:
            _log_retry(request, state, verdict.delay, type(outcome).__name__)
            return verdict.delay
        if verdict.deadline_passed:
            raise _deadline(request, state, verdict.may_have_been_processed) from outcome
        raise connection_error(
            outcome,
            request,
            processed=verdict.may_have_been_processed,
            attempts=state.attempts,
            by_earlier_attempt=verdict.by_earlier_attempt,
        ) from outcome

    status = outcome.status_code
    _log_attempt(request, state, elapsed, status, outcome)
    if 200 <= status < 300:
        state.judge(Outcome.ACCEPTED)
        api = settings.credentials.applies_to(request.url)  # not a signed URL's host
        problem = success_body_problem(outcome) if api else None
        if problem is not None:
            raise response_validation_error(
                outcome, problem + "; the spec describes a JSON object", attempts=state.attempts
            )
        return outcome
    if state.is_gone_after_retry(status):
        logger.warning(
            "%s %s: 404 on attempt %d; an earlier attempt already deleted it (its answer was lost)",
            request.method,
            request.url,
            state.attempts,
        )
        return outcome
    retry_after = parse_retry_after(outcome.headers, settings.timing.wall_clock)
    verdict = state.judge(classify_status(status), retry_after, jitter=jitter())
    if verdict.action is Action.RETRY:
        _log_retry(request, state, verdict.delay, str(status))
        return verdict.delay
    if verdict.deadline_passed:
        raise _deadline(request, state, verdict.may_have_been_processed)
    raise status_error(
        outcome,
        processed=verdict.may_have_been_processed,
        attempts=state.attempts,
        retry_after=retry_after,
        secret=settings.credentials.api_key,
        note=verdict.reason,
        by_earlier_attempt=verdict.by_earlier_attempt,
        retired=state.retired,
    )


def _deadline(request: httpx.Request, state: CallState, processed: bool) -> Exception:
    return deadline_error(
        request,
        seconds=state.seconds,
        when="before the next retry",
        processed=processed,
        attempts=state.attempts,
    )


def next_attempt(request: httpx.Request, state: CallState) -> None:
    """Number the next attempt of ``request`` and cut its timeouts to the deadline."""
    state.retries += 1
    request.headers[RETRY_COUNT_HEADER] = str(state.retries)
    bound_by_deadline(request, state)


def _log_attempt(
    request: httpx.Request,
    state: CallState,
    elapsed: float,
    outcome: int | str,
    response: httpx.Response | None,
) -> None:
    if logger.isEnabledFor(logging.INFO):
        request_id = response.headers.get(REQUEST_ID_HEADER) if response is not None else None
        logger.info(
            "%s %s -> %s attempt=%d request_id=%s elapsed_ms=%.1f",
            request.method,
            request.url,
            outcome,
            state.attempts,
            request_id or "-",
            elapsed * 1000.0,
        )


def _log_retry(request: httpx.Request, state: CallState, delay: float, reason: str) -> None:
    logger.warning(
        "%s %s: %s on attempt %d; retrying in %.2fs",
        request.method,
        request.url,
        reason,
        state.attempts,
        delay,
    )
