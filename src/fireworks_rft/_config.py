"""Client configuration: arguments, environment variables and defaults, checked once."""

from __future__ import annotations

import math
import os
import re
import sys
from collections.abc import Mapping
from typing import Any, NamedTuple

import httpx

from ._exceptions import ConfigurationError
from ._retry import RetryPolicy
from ._secrets import Secret
from ._validation import check_id
from ._version import __spec_version__, __version__

API_KEY_ENV = "FIREWORKS_API_KEY"
ACCOUNT_ID_ENV = "FIREWORKS_ACCOUNT_ID"
BASE_URL_ENV = "FIREWORKS_BASE_URL"

DEFAULT_BASE_URL = "https://api.fireworks.ai"
#: 60 s for each phase of a request (write, read, pool) and 5 s to connect.
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=5.0)
DEFAULT_MAX_RETRIES = 2
#: wait_for_step: Fireworks' keep-alive example gave up after two hours, polling every second.
DEFAULT_WAIT_TIMEOUT = 7200.0
DEFAULT_POLL_INTERVAL = 1.0
#: The SDK-owned pool: 20 connections, all kept alive (requests beyond 20 wait in the
#: client, not in httpcore: see InFlightLimit).
DEFAULT_LIMITS = httpx.Limits(max_connections=20, max_keepalive_connections=20)
#: The longest timeout or deadline accepted: longer ones overflow socket timeouts.
MAX_SECONDS = 1_000_000.0
_USERINFO = re.compile(r"(?<=//)[^/?#@]*@")

USER_AGENT = (
    f"fireworks-rft/{__version__} (spec {__spec_version__}; "
    f"python {sys.version_info.major}.{sys.version_info.minor})"
)


class ClientConfig(NamedTuple):
    """The resolved settings of a client. Its repr never shows the API key."""

    api_key: Secret
    account_id: str | None
    base_url: httpx.URL
    timeout: httpx.Timeout
    policy: RetryPolicy
    headers: Mapping[str, str]
    max_response_bytes: int


def resolve_config(
    *,
    api_key: str | None,
    account_id: str | None,
    base_url: str | httpx.URL | None,
    timeout: float | httpx.Timeout,
    max_retries: int,
    default_headers: Mapping[str, str] | None,
    allow_insecure_http: bool,
    retry_ambiguous_failures: bool,
    deadline: float | None = None,
    max_response_bytes: int | None = None,
    environ: Mapping[str, str] | None = None,
) -> ClientConfig:
    """Resolve and check a client's settings; raise before anything is sent."""
    env = os.environ if environ is None else environ
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

    if account_id is None:
        account_id = env.get(ACCOUNT_ID_ENV) or None
    if account_id is not None:
        account_id = check_id(account_id, name="account_id")

    url = _check_base_url(base_url if base_url is not None else env.get(BASE_URL_ENV) or None)
    if url.scheme == "http" and not allow_insecure_http and not is_loopback(url.host):
        problem = f"Refusing to send the API key over plain http:// to {url.host!r}"
        raise ConfigurationError(
            f"{problem}. Use https://, or pass allow_insecure_http=True if you really mean it.",
            setting="allow_insecure_http",
            problem=problem,
        )

    headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    headers.update(check_headers(default_headers, name="default_headers"))
    return ClientConfig(
        api_key=Secret(api_key),
        account_id=account_id,
        base_url=url,
        timeout=to_timeout(timeout),
        policy=RetryPolicy(
            max_retries=check_max_retries(max_retries),
            retry_ambiguous_failures=_check_bool(
                retry_ambiguous_failures, name="retry_ambiguous_failures"
            ),
            deadline=check_deadline(deadline),
        ),
        headers=headers,
        max_response_bytes=check_max_response_bytes(max_response_bytes),
    )


def check_deadline(value: object) -> float | None:
    """Return ``value`` (seconds for one call in all) if it is None or positive and finite."""
    if value is None:
        return None
    return check_seconds(value, name="deadline")


def check_max_response_bytes(value: object) -> int:
    """Return ``value`` if it is None (the default) or a positive int."""
    from ._http import DEFAULT_MAX_RESPONSE_BYTES

    if value is None:
        return DEFAULT_MAX_RESPONSE_BYTES
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"max_response_bytes must be an int, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"max_response_bytes must be >= 1, got {value}")
    return value


def uses_env_proxies(base_url: httpx.URL) -> bool:
    """Whether the SDK-owned pool may read proxy settings (HTTP(S)_PROXY) from the environment.

    Only for an https:// base URL off this machine: there a proxy sees a CONNECT tunnel, and
    the key travels inside TLS. A loopback base URL never goes through a proxy, and an
    http:// one never does either, so the key never travels in clear to a proxy.
    """
    return base_url.scheme == "https" and not is_loopback(base_url.host)


def sends_through_proxy(client: httpx.Client | httpx.AsyncClient, url: httpx.URL) -> bool:
    """Whether ``client`` would send a request for ``url`` through a proxy."""
    try:
        transport: Any = client._transport_for_url(url)
    except Exception:  # httpx internals: never fail a client over the check itself
        return False
    pool = getattr(transport, "_pool", None)
    return "Proxy" in type(pool).__name__


def masked_url(value: object) -> str:
    """A URL for a message, with any ``user:password@`` masked."""
    return _USERINFO.sub("***@", str(value))


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


def is_loopback(host: str) -> bool:
    """Whether ``host`` is localhost or a loopback address (127.0.0.0/8, ::1)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    import ipaddress  # imported when first needed (~1 ms)

    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


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


def check_seconds(value: object, *, name: str) -> float:
    """Return ``value`` as seconds: a positive number no larger than MAX_SECONDS."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number of seconds, got {type(value).__name__}")
    try:
        seconds = float(value)
    except OverflowError:
        seconds = math.inf
    if not (math.isfinite(seconds) and 0 < seconds <= MAX_SECONDS):
        shown = f"{value!r}" if len(repr(value)) < 40 else f"{seconds:g}"
        raise ValueError(
            f"{name} must be a positive number of seconds up to {MAX_SECONDS:g}, got {shown}"
        )
    return seconds


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


def _check_bool(value: object, *, name: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, got {type(value).__name__}")
    return value
