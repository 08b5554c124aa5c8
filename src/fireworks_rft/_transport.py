"""The policy transport: auth, retries, logging and typed errors for every request.

Every request the SDK sends, the facade's own and any generated operation's, passes through
a ``SyncPolicyTransport`` or ``AsyncPolicyTransport``. Both drive one shared, I/O-free
generator, :func:`exchange`, that decides what to send, when to wait and what to raise; the
transports only perform the sends and the sleeps. Requests are then sent with an inner
``httpx.Client``/``httpx.AsyncClient`` (the user's own, or one the SDK owns), so proxies,
TLS settings and the connection pool are the inner client's.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable, Generator

import attrs
import httpx

from ._exceptions import (
    REQUEST_ID_HEADER,
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    parse_error_body,
    status_error_class,
)
from ._logging import logger
from ._retry import (
    Failure,
    RetryPolicy,
    classify_exception,
    classify_status,
    parse_retry_after,
    status_may_have_been_processed,
)
from ._secrets import Secret

#: Header that numbers the attempts of one call: 0 for the first, 1 for the first retry, ...
RETRY_COUNT_HEADER = "x-fireworks-rft-retry-count"
#: Response extension holding the number of attempts a call took.
ATTEMPTS_EXTENSION = "fireworks_rft.attempts"
#: Statuses whose success carries no body.
_NO_BODY_STATUSES = frozenset({204, 205})
#: Response headers that no longer describe a body once httpx has decoded it.
_BODY_FRAMING_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


@attrs.frozen
class Send:
    """Action: send this request once."""

    request: httpx.Request


@attrs.frozen
class Sleep:
    """Action: wait this many seconds before the next attempt."""

    seconds: float


Outcome = httpx.Response | httpx.RequestError | None


@attrs.frozen(repr=False)
class Credentials:
    """The API key and the one origin it may be sent to."""

    api_key: Secret
    origin: tuple[bytes, str, int | None]

    @classmethod
    def for_base_url(cls, api_key: Secret, base_url: httpx.URL) -> Credentials:
        """Credentials that are sent only to ``base_url``'s scheme, host and port."""
        return cls(api_key, _origin(base_url))

    def applies_to(self, url: httpx.URL) -> bool:
        """Whether the key may be sent with a request to ``url``."""
        return _origin(url) == self.origin

    def __repr__(self) -> str:
        return f"Credentials(api_key={self.api_key!r})"


def _origin(url: httpx.URL) -> tuple[bytes, str, int | None]:
    return (url.raw_scheme, url.host, url.port)


@attrs.frozen
class Timing:
    """The clocks and sleeps of the retry loop; tests inject fakes to check delays quickly."""

    sleep: Callable[[float], None] = time.sleep
    async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    clock: Callable[[], float] = time.monotonic
    wall_clock: Callable[[], float] = time.time
    jitter: Callable[[], float] = random.random


@attrs.frozen
class TransportSettings:
    """Everything the policy transport needs besides the inner client."""

    credentials: Credentials
    policy: RetryPolicy = attrs.field(factory=RetryPolicy)
    timing: Timing = attrs.field(factory=Timing)


def exchange(
    request: httpx.Request, settings: TransportSettings
) -> Generator[Send | Sleep, Outcome, httpx.Response]:
    """Run the retry policy for one request; yield actions, return the final response.

    The driver sends each ``Send`` and passes back the response (its body read) or the
    ``httpx.RequestError`` it raised; it performs each ``Sleep`` and passes back None.
    Failures are raised as the SDK's typed errors.
    """
    policy = settings.policy
    method = request.method
    retries = 0
    while True:
        attempt = _attempt_request(request, settings.credentials, retries)
        started = settings.timing.clock()
        outcome = yield Send(attempt)
        elapsed = settings.timing.clock() - started

        if isinstance(outcome, httpx.RequestError):
            failure = classify_exception(outcome)
            _log_attempt(attempt, retries, elapsed, outcome=type(outcome).__name__)
            if policy.should_retry(failure, method, retries):
                delay = policy.backoff(retries, settings.timing.jitter())
                _log_retry(attempt, retries, delay, type(outcome).__name__)
                yield Sleep(delay)
                retries += 1
                continue
            raise _connection_error(outcome, request, failure, retries + 1) from outcome

        if outcome is None:  # pragma: no cover - a driver bug, not a network condition
            raise RuntimeError("policy transport driver sent no outcome")
        # From here on the response refers to the caller's request, which carries no API key.
        response = _detached(outcome, request, retries + 1)
        status = response.status_code
        _log_attempt(
            attempt,
            retries,
            elapsed,
            outcome=str(status),
            request_id=response.headers.get(REQUEST_ID_HEADER),
        )
        if 200 <= status < 300:
            _check_success_body(response, method, retries + 1)
            return response

        failure = classify_status(status)
        retry_after = parse_retry_after(response.headers, settings.timing.wall_clock)
        if policy.should_retry(failure, method, retries):
            if retry_after is not None and retry_after > policy.max_retry_after:
                raise _status_error(
                    response,
                    retries + 1,
                    retry_after,
                    note=(
                        f"The server asked to wait {retry_after:.0f}s before retrying, longer than "
                        f"the {policy.max_retry_after:.0f}s this client waits; not retried."
                    ),
                )
            delay = (
                retry_after
                if retry_after is not None
                else policy.backoff(retries, settings.timing.jitter())
            )
            _log_retry(attempt, retries, delay, str(status))
            yield Sleep(delay)
            retries += 1
            continue
        raise _status_error(response, retries + 1, retry_after)


def _attempt_request(
    request: httpx.Request, credentials: Credentials, retries: int
) -> httpx.Request:
    """Copy ``request`` for one attempt, with the retry count and (same origin only) auth."""
    headers = request.headers.copy()
    headers.pop("authorization", None)
    if credentials.applies_to(request.url):
        headers["Authorization"] = "Bearer " + credentials.api_key.get_secret_value()
    headers[RETRY_COUNT_HEADER] = str(retries)
    return httpx.Request(
        request.method,
        request.url,
        headers=headers,
        stream=request.stream,
        extensions=request.extensions,
    )


def _check_success_body(response: httpx.Response, method: str, attempts: int) -> None:
    """Raise unless a 2xx body is a JSON object.

    Every operation of the Gateway API (a grpc-gateway service) answers a JSON object;
    ``{}`` for an empty message. A 204/205 or a HEAD has no body to check.
    """
    if response.status_code in _NO_BODY_STATUSES or method == "HEAD":
        return
    problem: str | None = None
    if not response.content.strip():
        problem = "an empty body"
    else:
        try:
            parsed = json.loads(response.content)
        except (ValueError, UnicodeDecodeError):
            problem = "a body that is not valid JSON"
        else:
            if not isinstance(parsed, dict):
                problem = f"a JSON {type(parsed).__name__}, not an object"
    if problem is not None:
        raise APIResponseValidationError(
            f"The server answered {response.status_code} for {method} {response.request.url} "
            f"with {problem}; the spec describes a JSON object. The request was most likely "
            "processed.",
            response=response,
            attempts=attempts,
        )


def _detached(response: httpx.Response, request: httpx.Request, attempts: int) -> httpx.Response:
    """Return a copy of a fully read response, tied to the caller's ``request``.

    The copy holds the decoded body (so its framing headers go), the number of attempts, and
    the caller's request rather than the attempt's, which carried the API key.
    """
    headers = [
        (key, value)
        for key, value in response.headers.multi_items()
        if key.lower() not in _BODY_FRAMING_HEADERS
    ]
    extensions = dict(response.extensions)
    extensions[ATTEMPTS_EXTENSION] = attempts
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=response.content,
        request=request,
        extensions=extensions,
    )


def _status_error(
    response: httpx.Response,
    attempts: int,
    retry_after: float | None,
    note: str | None = None,
) -> Exception:
    status = response.status_code
    body, message, code = parse_error_body(response)
    processed = status_may_have_been_processed(status)
    request = response.request
    text = f"HTTP {status} {response.reason_phrase} from {request.method} {request.url}"
    if message:
        text += f": {message}"
    request_id = response.headers.get(REQUEST_ID_HEADER)
    if request_id:
        text += f" (request id {request_id})"
    if attempts > 1:
        text += f" after {attempts} attempts"
    text += "."
    if processed:
        text += (
            " The server may have processed the request: its outcome is unknown, so it was not"
            " retried automatically."
        )
    if note:
        text += " " + note
    return status_error_class(status)(
        text,
        response=response,
        body=body,
        code=code,
        attempts=attempts,
        may_have_been_processed=processed,
        retry_after=retry_after,
    )


def _connection_error(
    exc: httpx.RequestError, request: httpx.Request, failure: Failure, attempts: int
) -> APIConnectionError:
    processed = failure is not Failure.SAFE and failure is not Failure.FINAL
    kind = "timed out" if isinstance(exc, httpx.TimeoutException) else "failed"
    text = f"{request.method} {request.url} {kind}: {type(exc).__name__}"
    detail = str(exc)
    if detail:
        text += f" ({detail})"
    if attempts > 1:
        text += f" after {attempts} attempts"
    text += "."
    if processed:
        text += (
            " The request may have reached the server: its outcome is unknown, so it was not"
            " retried automatically."
        )
    else:
        text += " The server did not receive the request."
    error_class = APITimeoutError if isinstance(exc, httpx.TimeoutException) else APIConnectionError
    return error_class(text, request=request, attempts=attempts, may_have_been_processed=processed)


def _log_attempt(
    request: httpx.Request,
    retries: int,
    elapsed: float,
    *,
    outcome: str,
    request_id: str | None = None,
) -> None:
    if logger.isEnabledFor(logging.INFO):
        logger.info(
            "%s %s -> %s attempt=%d request_id=%s elapsed_ms=%.1f",
            request.method,
            request.url,
            outcome,
            retries + 1,
            request_id or "-",
            elapsed * 1000.0,
        )


def _log_retry(request: httpx.Request, retries: int, delay: float, reason: str) -> None:
    logger.warning(
        "%s %s: %s on attempt %d; retrying in %.2fs",
        request.method,
        request.url,
        reason,
        retries + 1,
        delay,
    )


class SyncPolicyTransport(httpx.BaseTransport):
    """Sends through an inner ``httpx.Client`` under the retry and error policy.

    ``close()`` does nothing: the owner of the inner client closes it.
    """

    def __init__(self, inner: httpx.Client, settings: TransportSettings) -> None:
        self.inner = inner
        self.settings = settings

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Run :func:`exchange` for ``request``, performing its sends and sleeps."""
        steps = exchange(request, self.settings)
        action = next(steps)
        while True:
            outcome: Outcome
            if isinstance(action, Sleep):
                self.settings.timing.sleep(action.seconds)
                outcome = None
            else:
                try:
                    outcome = self.inner.send(action.request, follow_redirects=False)
                except httpx.RequestError as exc:
                    outcome = exc
            try:
                action = steps.send(outcome)
            except StopIteration as done:
                final: httpx.Response = done.value
                return final

    def close(self) -> None:
        """Do nothing; the inner client belongs to whoever created it."""


class AsyncPolicyTransport(httpx.AsyncBaseTransport):
    """Sends through an inner ``httpx.AsyncClient`` under the retry and error policy."""

    def __init__(self, inner: httpx.AsyncClient, settings: TransportSettings) -> None:
        self.inner = inner
        self.settings = settings

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Run :func:`exchange` for ``request``, performing its sends and sleeps."""
        steps = exchange(request, self.settings)
        action = next(steps)
        while True:
            outcome: Outcome
            if isinstance(action, Sleep):
                await self.settings.timing.async_sleep(action.seconds)
                outcome = None
            else:
                try:
                    outcome = await self.inner.send(action.request, follow_redirects=False)
                except httpx.RequestError as exc:
                    outcome = exc
            try:
                action = steps.send(outcome)
            except StopIteration as done:
                final: httpx.Response = done.value
                return final

    async def aclose(self) -> None:
        """Do nothing; the inner client belongs to whoever created it."""
