"""The policy clients: auth, retries, logging and typed errors for every request.

The generated code calls ``client.get_httpx_client().request(...)``. What it gets is a
:class:`PolicyClient` (or :class:`AsyncPolicyClient`): an ``httpx.Client`` that builds
requests from the SDK's base URL, headers and timeout as usual, but whose ``send()`` runs the
retry and error policy and sends each attempt with an inner ``httpx.Client`` (the user's
own, or one the SDK owns), so proxies, TLS settings and the connection pool are the inner
client's. Sync and async share the I/O-free policy functions (:func:`prepare`, :func:`judge`,
:func:`next_attempt`) that decide what to send, when to wait and what to raise; the two
``send()`` loops only perform the sends and the sleeps.
Overriding ``send()`` rather than wrapping a transport keeps one httpx layer per request, not
two (see docs/benchmarks.md). The facade's internal records are ``typing.NamedTuple``s, not
dataclasses or attrs classes: creating one costs a sixth of a dataclass at import time, which
keeps ``from fireworks_rft import Client`` within 1.2x ``import httpx``.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
import weakref
from collections.abc import Awaitable, Callable, Mapping
from typing import Any, NamedTuple

import httpx

from ._exceptions import (
    REQUEST_ID_HEADER,
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    ResponseTooLargeError,
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
#: Statuses whose success carries no body.
_NO_BODY_STATUSES = frozenset({204, 205})
#: The largest response body read, decoded: far above any Gateway answer (a few KB).
DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024


class Credentials(NamedTuple):
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

    def authorization(self) -> str:
        """The Authorization header value; only the policy clients call this."""
        return "Bearer " + self.api_key.get_secret_value()

    def redact(self, text: str) -> str:
        """``text`` with the API key masked (a server may echo it back)."""
        return self.api_key.redact(text)

    def __repr__(self) -> str:
        return f"Credentials(api_key={self.api_key!r})"


def _origin(url: httpx.URL) -> tuple[bytes, str, int | None]:
    return (url.raw_scheme, url.host, url.port)


async def _asyncio_sleep(seconds: float) -> None:
    import asyncio  # imported when first needed: it costs ~7 ms at import time

    await asyncio.sleep(seconds)


def _random_jitter() -> float:
    import random  # imported when first needed, like asyncio

    return random.random()  # noqa: S311 - backoff jitter, not cryptography


class Timing(NamedTuple):
    """The clocks and sleeps of the retry loop; tests inject fakes to check delays quickly."""

    sleep: Callable[[float], None] = time.sleep
    async_sleep: Callable[[float], Awaitable[None]] = _asyncio_sleep
    clock: Callable[[], float] = time.monotonic
    wall_clock: Callable[[], float] = time.time
    jitter: Callable[[], float] = _random_jitter


_NO_LIMIT: contextlib.nullcontext[None] = contextlib.nullcontext()


class InFlightLimit:
    """At most ``size`` requests in flight on one connection pool, across threads or tasks.

    With more requests queued than ``max_keepalive_connections``, httpcore 1.0 closes
    connections while requests still wait, so a burst opens one connection per request (or
    raises PoolTimeout). Waiting here instead keeps every connection alive and reused.
    """

    def __init__(self, size: int | None) -> None:
        self.size = size
        self._threads = threading.BoundedSemaphore(size) if size else None
        self._tasks: Any = None  # an asyncio.Semaphore, made on first async use

    @classmethod
    def of(cls, client: httpx.Client | httpx.AsyncClient) -> InFlightLimit:
        """The limit for a user's client: its keep-alive pool size, where httpx shows it."""
        pool = getattr(getattr(client, "_transport", None), "_pool", None)
        size = getattr(pool, "_max_keepalive_connections", None)
        return cls(size if isinstance(size, int) and size > 0 else None)

    def thread_slot(self) -> threading.BoundedSemaphore | contextlib.nullcontext[None]:
        """A context manager that holds one slot for a sync request."""
        return self._threads if self._threads is not None else _NO_LIMIT

    def task_slot(self) -> Any:
        """An async context manager that holds one slot for an async request."""
        if self.size is None:
            return _NO_LIMIT
        if self._tasks is None:
            import asyncio

            self._tasks = asyncio.Semaphore(self.size)
        return self._tasks


class TransportSettings(NamedTuple):
    """Everything the policy clients need besides the inner client."""

    credentials: Credentials
    policy: RetryPolicy = RetryPolicy()
    timing: Timing = Timing()
    max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES
    in_flight: InFlightLimit = InFlightLimit(None)  # no limit: it holds no state


class CallState:
    """One call's state across its attempts (mutable: the send loop updates it).

    Attributes:
        deadline: The clock time after which no attempt, sleep or read goes on; None: none.
        retries: Retries made so far.
        maybe_processed: Sticky: an earlier attempt of this call may have been acted on.
    """

    __slots__ = ("deadline", "maybe_processed", "retries")

    def __init__(self, deadline: float | None) -> None:
        self.deadline = deadline
        self.retries = 0
        self.maybe_processed = False

    @classmethod
    def start(cls, settings: TransportSettings) -> CallState:
        """The state of a call that starts now."""
        seconds = settings.policy.deadline
        return cls(None if seconds is None else settings.timing.clock() + seconds)


def prepare(request: httpx.Request, settings: TransportSettings) -> None:
    """Make ``request`` ready for its first attempt.

    The key and the attempt number are default headers of the policy client, so the common
    path changes nothing; the key never goes to another origin, whatever the URL.
    """
    credentials = settings.credentials
    if not credentials.applies_to(request.url):
        headers = request.headers
        if headers.get("authorization") == credentials.authorization():
            del headers["authorization"]


def judge(
    request: httpx.Request,
    outcome: httpx.Response | httpx.RequestError,
    state: CallState,
    elapsed: float,
    settings: TransportSettings,
) -> httpx.Response | float:
    """Decide what follows one attempt: the response to return, or seconds to wait.

    ``outcome`` is the attempt's response (its body read) or the ``httpx.RequestError`` it
    raised; ``state`` is the call's state so far. Failures that are not retried are raised as
    the SDK's typed errors, saying the server may have acted if this attempt or an earlier
    one may have reached it. Before a retry, the caller sleeps the returned delay and calls
    :func:`next_attempt`.
    """
    try:
        verdict, ambiguous = _judge(request, outcome, state, elapsed, settings)
    except APIError as exc:
        if state.maybe_processed and not exc.may_have_been_processed:
            exc.may_have_been_processed = True
            exc.add_note(
                "An earlier attempt of this call may have reached the server, so it may have "
                "acted on the request."
            )
        raise
    state.maybe_processed = state.maybe_processed or ambiguous
    if isinstance(verdict, float) and _past_deadline(state, settings, verdict):
        raise _deadline_error(request, state, settings, "before the next retry")
    return verdict


def _past_deadline(state: CallState, settings: TransportSettings, wait: float = 0.0) -> bool:
    return state.deadline is not None and settings.timing.clock() + wait > state.deadline


def _judge(
    request: httpx.Request,
    outcome: httpx.Response | httpx.RequestError,
    state: CallState,
    elapsed: float,
    settings: TransportSettings,
) -> tuple[httpx.Response | float, bool]:
    """The verdict on one attempt, and whether the server may have acted on it."""
    policy = settings.policy
    method = request.method
    retries = state.retries
    if isinstance(outcome, httpx.RequestError):
        failure = classify_exception(outcome)
        _log_attempt(request, retries, elapsed, type(outcome).__name__, None)
        if policy.should_retry(failure, method, retries):
            delay = policy.backoff(retries, settings.timing.jitter())
            _log_retry(request, retries, delay, type(outcome).__name__)
            return delay, failure is Failure.AMBIGUOUS
        raise _connection_error(outcome, request, failure, retries + 1) from outcome

    status = outcome.status_code
    _log_attempt(request, retries, elapsed, status, outcome)
    if 200 <= status < 300:
        _check_success_body(outcome, method, retries + 1)
        return outcome, True

    failure = classify_status(status)
    retry_after = parse_retry_after(outcome.headers, settings.timing.wall_clock)
    credentials = settings.credentials
    if policy.should_retry(failure, method, retries):
        if retry_after is not None and retry_after > policy.max_retry_after:
            raise _status_error(
                outcome,
                retries + 1,
                retry_after,
                credentials,
                note=(
                    f"The server asked to wait {retry_after:.0f}s before retrying, longer than "
                    f"the {policy.max_retry_after:.0f}s this client waits; not retried."
                ),
            )
        if retry_after is None:
            retry_after = policy.backoff(retries, settings.timing.jitter())
        _log_retry(request, retries, retry_after, str(status))
        return retry_after, status_may_have_been_processed(status)
    raise _status_error(outcome, retries + 1, retry_after, credentials)


def next_attempt(request: httpx.Request, state: CallState, settings: TransportSettings) -> None:
    """Number the next attempt of ``request`` and bound its timeout by the deadline."""
    state.retries += 1
    request.headers[RETRY_COUNT_HEADER] = str(state.retries)
    bound_by_deadline(request, state, settings)


def bound_by_deadline(
    request: httpx.Request, state: CallState, settings: TransportSettings
) -> None:
    """Shorten the request's timeouts so that no phase runs past the call's deadline."""
    if state.deadline is None:
        return
    remaining = state.deadline - settings.timing.clock()
    if remaining <= 0:
        raise _deadline_error(request, state, settings, "before the next attempt")
    timeouts = request.extensions.get("timeout") or {}
    request.extensions["timeout"] = {
        phase: remaining if seconds is None else min(seconds, remaining)
        for phase, seconds in {
            "connect": None,
            "read": None,
            "write": None,
            "pool": None,
            **timeouts,
        }.items()
    }


def read_bounded_chunk(
    chunks: list[bytes],
    chunk: bytes,
    size: int,
    response: httpx.Response,
    state: CallState,
    settings: TransportSettings,
) -> int:
    """Take one decoded chunk of a body; raise past the size limit or the deadline."""
    size += len(chunk)
    if size > settings.max_response_bytes:
        raise _too_large_error(response, state, settings)
    if _past_deadline(state, settings):
        raise _deadline_error(response.request, state, settings, "while reading the answer")
    chunks.append(chunk)
    return size


def finish_read(response: httpx.Response, chunks: list[bytes]) -> httpx.Response:
    """Store a body read chunk by chunk as the response's content."""
    # What httpx's own Response.read() does once it has iterated the decoded body.
    response._content = b"".join(chunks)
    return response


def _too_large_error(
    response: httpx.Response, state: CallState, settings: TransportSettings
) -> ResponseTooLargeError:
    request = response.request
    processed = (
        state.maybe_processed
        or response.is_success
        or (status_may_have_been_processed(response.status_code))
    )
    return ResponseTooLargeError(
        f"The answer {response.status_code} to {request.method} {request.url} is larger than "
        f"the {settings.max_response_bytes} bytes this client reads (max_response_bytes); "
        "it was not read." + (" The server may have acted on the request." if processed else ""),
        request=request,
        status_code=response.status_code,
        limit=settings.max_response_bytes,
        request_id=response.headers.get(REQUEST_ID_HEADER),
        attempts=state.retries + 1,
        may_have_been_processed=processed,
    )


def _deadline_error(
    request: httpx.Request, state: CallState, settings: TransportSettings, when: str
) -> APITimeoutError:
    seconds = settings.policy.deadline
    processed = state.maybe_processed or when == "while reading the answer"
    return APITimeoutError(
        f"{request.method} {request.url}: the call's deadline of {seconds:g}s passed {when}, "
        f"after {state.retries + 1} attempt(s)."
        + (
            " The server may have acted on the request."
            if processed
            else " The server did not act on the request."
        ),
        request=request,
        attempts=state.retries + 1,
        may_have_been_processed=processed,
    )


#: The event loop each inner AsyncClient was first used in.
_LOOPS: weakref.WeakKeyDictionary[httpx.AsyncClient, Any] = weakref.WeakKeyDictionary()


def check_event_loop(inner: httpx.AsyncClient) -> None:
    """Refuse, before sending, an AsyncClient moved to another event loop.

    Its pooled connections belong to the loop that opened them; a request on one from a new
    loop is written, then fails (``Event loop is closed``) after the server acted.
    """
    import asyncio

    loop = asyncio.get_running_loop()
    first = _LOOPS.setdefault(inner, loop)
    if first is not loop:
        raise RuntimeError(
            "This fireworks_rft.AsyncClient (or its http_client) was first used in another "
            "event loop, whose connections cannot be used here; nothing was sent. Create the "
            "client inside the asyncio.run() that uses it."
        )


def _check_success_body(response: httpx.Response, method: str, attempts: int) -> None:
    """Raise unless a 2xx body is a JSON object.

    Every operation of the Gateway API (a grpc-gateway service) answers a JSON object;
    ``{}`` for an empty message. A 204/205 or a HEAD has no body to check.
    """
    if response.status_code in _NO_BODY_STATUSES or method == "HEAD":
        return
    content = response.content
    if content == b"{}":  # the answer of executeTrainStep and of every empty message
        return
    problem: str | None = None
    if not content or content.isspace():
        problem = "an empty body"
    else:
        try:
            parsed = json.loads(content)
        except (ValueError, UnicodeDecodeError, RecursionError):
            problem = "a body that is not valid JSON (or nested too deeply to parse)"
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


def _status_error(
    response: httpx.Response,
    attempts: int,
    retry_after: float | None,
    credentials: Credentials,
    note: str | None = None,
) -> Exception:
    status = response.status_code
    body, message, code = parse_error_body(response)
    if message:
        message = credentials.redact(message)
    body = _redacted(body, credentials)
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


def _redacted(value: object, credentials: Credentials) -> Any:
    """A parsed error body with the API key masked wherever the server echoed it."""
    if isinstance(value, str):
        return credentials.redact(value)
    if isinstance(value, dict):
        return {key: _redacted(item, credentials) for key, item in value.items()}
    if isinstance(value, list):
        return [_redacted(item, credentials) for item in value]
    return value


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


_JSON_CONTENT_TYPE = {"Content-Type": "application/json"}


def _without_redundant_json_header(kwargs: dict[str, Any]) -> dict[str, Any]:
    if kwargs.get("headers") == _JSON_CONTENT_TYPE and kwargs.get("json") is not None:
        kwargs["headers"] = None
    return kwargs


class _NoTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The policy clients' own transport slot: never used, since ``send()`` is overridden."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        raise RuntimeError("fireworks-rft policy clients send through their inner client")

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        raise RuntimeError("fireworks-rft policy clients send through their inner client")


_NO_TRANSPORT = _NoTransport()


class AbsoluteURLs:
    """The absolute URL of each path under a base URL, parsed once per path.

    httpx merges a relative URL into ``base_url`` by re-validating every component in Python
    on every request (about 14 µs of an 85 µs call). The policy clients hand httpx the
    absolute URL instead: the same URL, the same bytes on the wire.
    """

    #: Paths remembered at most (they hold job and model IDs); past that the cache restarts.
    MAX_PATHS = 1024

    def __init__(self, base_url: httpx.URL) -> None:
        # httpx joins "/v1/x" under "https://h/prefix" as "https://h/prefix/v1/x".
        self._prefix = str(base_url).rstrip("/")
        self._cache: dict[str, httpx.URL] = {}

    def __call__(self, url: httpx.URL | str) -> httpx.URL | str:
        """The absolute URL for a path such as ``/v1/...``; anything else unchanged."""
        if not isinstance(url, str) or not url.startswith("/"):
            return url
        found = self._cache.get(url)
        if found is None:
            if len(self._cache) >= self.MAX_PATHS:
                self._cache.clear()
            found = self._cache[url] = httpx.URL(self._prefix + url)
        return found


class RequestDefaults(NamedTuple):
    """What a policy client puts into every request it builds."""

    base_url: httpx.URL
    headers: httpx.Headers
    cookies: Mapping[str, str]
    timeout: httpx.Timeout
    urls: AbsoluteURLs

    def client_options(self) -> dict[str, Any]:
        """Keyword arguments for the httpx client: never follows redirects, reads no env."""
        return {
            "base_url": self.base_url,
            "headers": self.headers,
            "cookies": dict(self.cookies),
            "timeout": self.timeout,
            "transport": _NO_TRANSPORT,
            "follow_redirects": False,
            "trust_env": False,
        }


class PolicyClient(httpx.Client):
    """The ``httpx.Client`` the generated code calls: ``send()`` applies the policy.

    Closing it leaves the inner client open; whoever created the inner client closes it.
    """

    def __init__(
        self, *, inner: httpx.Client, settings: TransportSettings, defaults: RequestDefaults
    ) -> None:
        super().__init__(**defaults.client_options())
        self.inner = inner
        self.settings = settings
        self._urls = defaults.urls

    def build_request(self, method: str, url: httpx.URL | str, **kwargs: Any) -> httpx.Request:
        """Build a request as httpx does, with the absolute URL and one Content-Type header.

        The URL comes from :class:`AbsoluteURLs`. The generated functions pass
        ``headers={"Content-Type": "application/json"}`` along with ``json=``, for which
        httpx sets that very header itself; merging the per-request headers costs about 3% of
        a call (docs/benchmarks.md), so it is skipped. The request on the wire is the same.
        """
        return super().build_request(
            method, self._urls(url), **_without_redundant_json_header(kwargs)
        )

    def send(
        self,
        request: httpx.Request,
        *,
        stream: bool = False,
        auth: Any = None,
        follow_redirects: Any = None,
    ) -> httpx.Response:
        """Send ``request`` under the policy; redirects are never followed, bodies always read.

        ``auth`` and ``follow_redirects`` are accepted for httpx compatibility and ignored.
        """
        if self.is_closed or self.inner.is_closed:
            raise RuntimeError("Cannot send a request, as the client has been closed.")
        settings = self.settings
        clock = settings.timing.clock
        prepare(request, settings)
        state = CallState.start(settings)
        bound_by_deadline(request, state, settings)
        while True:
            started = clock()
            outcome: httpx.Response | httpx.RequestError
            try:
                outcome = self._attempt(request, state)
            except httpx.RequestError as exc:
                outcome = exc
            verdict = judge(request, outcome, state, clock() - started, settings)
            if isinstance(verdict, httpx.Response):
                return verdict
            settings.timing.sleep(verdict)
            next_attempt(request, state, settings)

    def _attempt(self, request: httpx.Request, state: CallState) -> httpx.Response:
        """Send one attempt and read its body within the size limit and the deadline."""
        with self.settings.in_flight.thread_slot():
            response = self.inner.send(request, stream=True, follow_redirects=False)
            try:
                chunks: list[bytes] = []
                size = 0
                for chunk in response.iter_bytes():
                    size = read_bounded_chunk(chunks, chunk, size, response, state, self.settings)
            finally:
                response.close()
        return finish_read(response, chunks)


class AsyncPolicyClient(httpx.AsyncClient):
    """The ``httpx.AsyncClient`` the generated code calls: ``send()`` applies the policy."""

    def __init__(
        self, *, inner: httpx.AsyncClient, settings: TransportSettings, defaults: RequestDefaults
    ) -> None:
        super().__init__(**defaults.client_options())
        self.inner = inner
        self.settings = settings
        self._urls = defaults.urls

    def build_request(self, method: str, url: httpx.URL | str, **kwargs: Any) -> httpx.Request:
        """Build a request as httpx does; see :meth:`PolicyClient.build_request`."""
        return super().build_request(
            method, self._urls(url), **_without_redundant_json_header(kwargs)
        )

    async def send(
        self,
        request: httpx.Request,
        *,
        stream: bool = False,
        auth: Any = None,
        follow_redirects: Any = None,
    ) -> httpx.Response:
        """Send ``request`` under the policy; see :meth:`PolicyClient.send`."""
        if self.is_closed or self.inner.is_closed:
            raise RuntimeError("Cannot send a request, as the client has been closed.")
        check_event_loop(self.inner)
        settings = self.settings
        clock = settings.timing.clock
        prepare(request, settings)
        state = CallState.start(settings)
        bound_by_deadline(request, state, settings)
        while True:
            started = clock()
            outcome: httpx.Response | httpx.RequestError
            try:
                outcome = await self._attempt(request, state)
            except httpx.RequestError as exc:
                outcome = exc
            verdict = judge(request, outcome, state, clock() - started, settings)
            if isinstance(verdict, httpx.Response):
                return verdict
            await settings.timing.async_sleep(verdict)
            next_attempt(request, state, settings)

    async def _attempt(self, request: httpx.Request, state: CallState) -> httpx.Response:
        """Send one attempt and read its body within the size limit and the deadline."""
        async with self.settings.in_flight.task_slot():
            response = await self.inner.send(request, stream=True, follow_redirects=False)
            try:
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size = read_bounded_chunk(chunks, chunk, size, response, state, self.settings)
            finally:
                await response.aclose()
        return finish_read(response, chunks)
