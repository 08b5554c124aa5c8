"""Client configuration: the options record, environment variables and defaults, checked once.

:class:`ClientOptions` lists every constructor argument of ``Client`` and ``AsyncClient``
once; :func:`resolve_config` checks them (and the environment) into a :class:`ClientConfig`
before anything is sent. Adding an option is one field here and one line in the resolver.
"""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypedDict, TypeVar

import httpx

from ._auth import Secret, is_loopback
from ._checks import check_bool, check_positive_int, check_seconds
from ._constants import (
    ACCOUNT_ID_ENV,
    API_KEY_ENV,
    BASE_URL_ENV,
    DEFAULT_BASE_URL,
    DEFAULT_MAX_IN_FLIGHT,
    DEFAULT_MAX_READS_PER_SECOND,
    DEFAULT_MAX_RESPONSE_BYTES,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
)
from ._exceptions import ConfigurationError
from ._names import check_id
from ._retry import RetryPolicy
from ._version import __spec_version__, __version__

if TYPE_CHECKING:
    from ._ledger import LedgerStore

HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)

#: A ``password=`` parameter of a URL's query or a libpq connection string.
_PASSWORD_PARAMETER = re.compile(r"(password=)([^&\s]*)", re.IGNORECASE)

USER_AGENT = (
    f"fireworks-rft/{__version__} (spec {__spec_version__}; "
    f"python {sys.version_info.major}.{sys.version_info.minor})"
)


class ClientOptions(TypedDict, Generic[HttpT], total=False):
    """Every argument of ``Client(...)`` and ``AsyncClient(...)``; all are optional.

    Attributes:
        api_key: Your Fireworks API key; defaults to ``FIREWORKS_API_KEY``.
        account_id: Default account for bare IDs; defaults to ``FIREWORKS_ACCOUNT_ID``.
        base_url: Defaults to ``FIREWORKS_BASE_URL``, else ``https://api.fireworks.ai``.
        timeout: Seconds, or an ``httpx.Timeout``; default 60 s per phase, 5 s to connect.
        max_retries: Retries of failures the server cannot have acted on (default 2).
        default_headers: Extra headers sent with every request.
        http_client: Your own ``httpx.Client`` (``httpx.AsyncClient`` for ``AsyncClient``)
            for proxies, TLS and limits; you close it. Its own timeout and headers are
            overridden by the client's.
        allow_insecure_http: Allow ``http://`` to a non-loopback host (the key travels in clear).
        retry_ambiguous_failures: Also retry failures after which the step may have run
            (read timeouts, dropped connections, 500/502/504). May train twice. Default off.
        deadline: Seconds one call may take in all, across attempts, waits and reads
            (default: none beyond the timeouts).
        max_response_bytes: The largest answer read, decoded (default 16 MiB); a larger one
            raises ResponseTooLargeError.
        max_in_flight: Requests in flight at once (default 20, the SDK pool's size); more
            wait for a slot, within the pool timeout and the call's deadline. None: no limit.
        max_reads_per_second: Reads a second that all waits on this client (and on the
            clients ``with_options()`` derives) make between them, at most (default 10);
            None: no ceiling.
        ledger: A step ledger: a path to a SQLite file (created if missing), a
            ``postgresql://`` URL (any libpq connection URL; the ``postgres`` extra: one
            ledger for drivers on many hosts), both closed by the client, or your own
            :class:`~fireworks_rft.LedgerStore`. With one,
            ``execute_train_step`` never sends a recorded step twice and ``run_step``
            resumes after a crash. Default: none.
    """

    api_key: str | None
    account_id: str | None
    base_url: str | httpx.URL | None
    timeout: float | httpx.Timeout
    max_retries: int
    default_headers: Mapping[str, str] | None
    http_client: HttpT | None
    allow_insecure_http: bool
    retry_ambiguous_failures: bool
    deadline: float | None
    max_response_bytes: int | None
    max_in_flight: int | None
    max_reads_per_second: float | None
    ledger: str | os.PathLike[str] | LedgerStore | None


class ClientConfig(NamedTuple):
    """The resolved settings of a client. Its repr never shows the API key."""

    api_key: Secret
    account_id: str | None
    base_url: httpx.URL
    timeout: httpx.Timeout
    policy: RetryPolicy
    headers: Mapping[str, str]
    max_response_bytes: int
    max_in_flight: int | None
    max_reads_per_second: float | None


def resolve_config(
    options: Mapping[str, Any], environ: Mapping[str, str] | None = None
) -> ClientConfig:
    """Resolve and check a client's options (see :class:`ClientOptions`); nothing is sent.

    Raises:
        TypeError: An unknown option, or one of the wrong type.
        ValueError, ConfigurationError: An option's value is not usable.
    """
    unknown = sorted(set(options) - set(ClientOptions.__annotations__))
    if unknown:
        raise TypeError(f"unexpected keyword argument {unknown[0]!r}")
    env = os.environ if environ is None else environ
    api_key = options.get("api_key")
    if api_key is None:
        api_key = env.get(API_KEY_ENV) or None
        if api_key is None:
            raise ConfigurationError(
                f"No API key: pass api_key= or set the {API_KEY_ENV} environment variable.",
                setting="api_key",
                problem="No API key",
            )
    elif not isinstance(api_key, str):
        raise TypeError(f"api_key must be a str, got {type(api_key).__name__}")
    if (
        not api_key.strip()
        or not api_key.isascii()
        or not api_key.isprintable()
        or any(c.isspace() for c in api_key)
    ):
        # Never echo the key, not even a bad one.
        raise ConfigurationError(
            "api_key is empty or contains whitespace, control or non-ASCII characters "
            f"(check api_key= or {API_KEY_ENV}).",
            setting="api_key",
            problem="The API key is empty or contains whitespace, control or non-ASCII characters",
        )

    account_id = options.get("account_id")
    if account_id is None:
        account_id = env.get(ACCOUNT_ID_ENV) or None
    if account_id is not None:
        account_id = check_id(account_id, name="account_id")

    base_url = options.get("base_url")
    url = _check_base_url(base_url if base_url is not None else env.get(BASE_URL_ENV) or None)
    allow_insecure = check_bool(
        options.get("allow_insecure_http", False), name="allow_insecure_http"
    )
    if url.scheme == "http" and not allow_insecure and not is_loopback(url.host):
        problem = f"Refusing to send the API key over plain http:// to {url.host!r}"
        raise ConfigurationError(
            f"{problem}. Use https://, or pass allow_insecure_http=True if you really mean it.",
            setting="allow_insecure_http",
            problem=problem,
        )

    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    headers.update(check_headers(options.get("default_headers"), name="default_headers"))
    return ClientConfig(
        api_key=Secret(api_key),
        account_id=account_id,
        base_url=url,
        timeout=to_timeout(options.get("timeout", DEFAULT_TIMEOUT)),
        policy=RetryPolicy(
            max_retries=check_max_retries(options.get("max_retries", DEFAULT_MAX_RETRIES)),
            retry_ambiguous_failures=check_bool(
                options.get("retry_ambiguous_failures", False), name="retry_ambiguous_failures"
            ),
            deadline=check_deadline(options.get("deadline")),
        ),
        headers=headers,
        max_response_bytes=check_max_response_bytes(options.get("max_response_bytes")),
        max_in_flight=check_max_in_flight(options.get("max_in_flight", DEFAULT_MAX_IN_FLIGHT)),
        max_reads_per_second=check_reads_per_second(
            options.get("max_reads_per_second", DEFAULT_MAX_READS_PER_SECOND)
        ),
    )


def check_reads_per_second(value: object) -> float | None:
    """Return ``value`` if it is None (no ceiling) or a positive finite number."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(
            f"max_reads_per_second must be a number or None, got {type(value).__name__}"
        )
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"max_reads_per_second must be positive and finite, got {value!r}")
    return float(value)


def check_max_in_flight(value: object) -> int | None:
    """Return ``value`` if it is None (no limit) or a positive int."""
    return None if value is None else check_positive_int(value, name="max_in_flight")


def check_deadline(value: object) -> float | None:
    """Return ``value`` (seconds for one call in all) if it is None or positive and finite."""
    if value is None:
        return None
    return check_seconds(value, name="deadline")


def check_max_response_bytes(value: object) -> int:
    """Return ``value`` if it is None (the default) or a positive int."""
    if value is None:
        return DEFAULT_MAX_RESPONSE_BYTES
    return check_positive_int(value, name="max_response_bytes")


def masked_url(value: object) -> str:
    """A URL (or libpq connection string) for a message, every password in it masked.

    Everything between ``://`` and the last ``@`` (the user and password, whatever raw
    characters the password holds: ``/ ? # @ %``) and every ``password=`` value.
    """
    text = _PASSWORD_PARAMETER.sub(r"\1***", str(value))  # first: its value may hold "@"
    scheme, separator, rest = text.partition("://")
    if separator and "@" in rest:
        text = f"{scheme}://***@{rest.rpartition('@')[2]}"
    return text


def masked_text(text: str, url: object) -> str:
    """``text`` (an error message, say) with the password of ``url`` masked wherever it is.

    The password as written, and percent-decoded; then the URL's own forms.
    """
    from urllib.parse import unquote

    secrets: set[str] = set()
    raw = str(url)
    _, separator, rest = raw.partition("://")
    if separator and "@" in rest:
        userinfo = rest.rpartition("@")[0]
        password = userinfo.partition(":")[2]
        secrets.update({password, unquote(password)})
    secrets.update(m.group(2) for m in _PASSWORD_PARAMETER.finditer(raw))
    secrets.update({unquote(s) for s in secrets})
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text.replace(raw, masked_url(raw))


def _check_base_url(value: str | httpx.URL | None) -> httpx.URL:
    if value is None:
        value = DEFAULT_BASE_URL
    if not isinstance(value, str | httpx.URL):
        raise TypeError(f"base_url must be a str or httpx.URL, got {type(value).__name__}")
    try:
        url = httpx.URL(value)
    except (httpx.InvalidURL, UnicodeError):
        raise ValueError(f"base_url is not a valid URL: {masked_url(value)!r}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError(
            f"base_url must be an absolute http(s) URL such as {DEFAULT_BASE_URL!r}, "
            f"got {masked_url(value)!r}"
        )
    if url.query or url.fragment or url.userinfo:
        raise ValueError("base_url must not carry a query, a fragment or credentials")
    return url


def to_timeout(value: object, *, name: str = "timeout") -> httpx.Timeout:
    """Return an ``httpx.Timeout`` whose every phase is positive and at most MAX_SECONDS."""
    if isinstance(value, httpx.Timeout):
        for phase, seconds in value.as_dict().items():
            if seconds is None:
                raise ValueError(
                    f"{name} must be finite: {phase} is None; "
                    "give every phase a positive number of seconds"
                )
            check_seconds(seconds, name=f"{name} ({phase})")
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(
            f"{name} must be a number of seconds or an httpx.Timeout, got {type(value).__name__}"
        )
    return httpx.Timeout(check_seconds(value, name=name))


def check_max_retries(value: object, *, name: str = "max_retries") -> int:
    """Return ``value`` if it is a non-negative int."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value}")
    return value


def check_headers(value: object, *, name: str) -> dict[str, str]:
    """Return ``value`` as a dict of str headers; Authorization is refused (it is ours)."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a mapping of str to str, got {type(value).__name__}")
    headers: dict[str, str] = {}
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str):
            raise TypeError(f"{name} must map str to str; {key!r} does not")
        if key.lower() == "authorization":
            raise ValueError(
                f"{name} must not set Authorization: the client sets it from the API key"
            )
        if not key.isascii() or not key.isprintable() or ":" in key or not key.strip():
            raise ValueError(f"{name}: {key!r} is not a valid header name")
        if not item.isascii() or not item.isprintable():
            raise ValueError(
                f"{name}: the value of {key!r} must be printable ASCII, got {item[:40]!r}"
            )
        headers[key] = item
    return headers
