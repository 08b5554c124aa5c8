"""``_BaseClient``: what ``Client`` and ``AsyncClient`` share besides their I/O.

Configuration (checked once), the connection pool and its ownership, the gateway client the
generated code calls, ``with_options()`` and per-call overrides.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import TYPE_CHECKING, Generic, Self, TypeVar

import httpx

from ._config import (
    DEFAULT_LIMITS,
    ClientConfig,
    check_deadline,
    check_headers,
    check_max_retries,
    resolve_config,
    sends_through_proxy,
    to_timeout,
    uses_env_proxies,
)
from ._exceptions import ConfigurationError
from ._http import (
    RETRY_COUNT_HEADER,
    AbsoluteURLs,
    Credentials,
    InFlightLimit,
    Timing,
    TransportSettings,
)
from ._logging import configure_from_env
from ._retry import RetryPolicy

if TYPE_CHECKING:
    from ._gateway import GatewayClient

HttpT = TypeVar("HttpT", httpx.Client, httpx.AsyncClient)


class BaseClient(Generic[HttpT]):
    """Configuration, lifecycle and request preparation shared by the two clients."""

    #: The httpx client class this client sends with, and the name of the twin that takes
    #: the other one.
    _http_client_class: type[HttpT]
    _twin: str

    _config: ClientConfig
    _settings: TransportSettings
    _http_client: HttpT
    _owns_http_client: bool
    _gateway: GatewayClient

    def __init__(
        self,
        *,
        api_key: str | None,
        account_id: str | None,
        base_url: str | httpx.URL | None,
        timeout: float | httpx.Timeout,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        http_client: HttpT | None,
        allow_insecure_http: bool,
        retry_ambiguous_failures: bool,
        deadline: float | None,
        max_response_bytes: int | None,
        timing: Timing | None,
    ) -> None:
        expected = self._http_client_class
        if http_client is not None and not isinstance(http_client, expected):
            raise TypeError(
                f"http_client must be an httpx.{expected.__name__}, got "
                f"{type(http_client).__name__} (use fireworks_rft.{self._twin} for that one)"
            )
        configure_from_env()
        self._config = resolve_config(
            api_key=api_key,
            account_id=account_id,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            allow_insecure_http=allow_insecure_http,
            retry_ambiguous_failures=retry_ambiguous_failures,
            deadline=deadline,
            max_response_bytes=max_response_bytes,
        )
        base_url = self._config.base_url
        credentials = Credentials.for_base_url(self._config.api_key, base_url)
        self._settings = TransportSettings(
            credentials=credentials,
            policy=self._config.policy,
            timing=timing or Timing(),
            max_response_bytes=self._config.max_response_bytes,
            in_flight=InFlightLimit(DEFAULT_LIMITS.max_keepalive_connections)
            if http_client is None
            else InFlightLimit.of(http_client),
        )
        self._owns_http_client = http_client is None
        if http_client is None:
            http_client = _own_pool(expected, self._config)
        elif base_url.scheme == "http" and sends_through_proxy(http_client, base_url):
            raise ConfigurationError(
                f"http_client would send the http:// requests for {base_url.host!r} through a "
                "proxy, with the API key in clear. Use https://, or an http_client without a "
                "proxy (httpx.Client(trust_env=False) ignores HTTP_PROXY).",
                setting="http_client",
                problem="The http_client sends http:// requests through a proxy",
            )
        self._http_client = http_client
        self._urls = AbsoluteURLs(base_url)
        self._gateway = self._new_gateway(self._settings, self._config.timeout, {}, {})

    @property
    def account_id(self) -> str | None:
        """The default account for bare job IDs, if any."""
        return self._config.account_id

    @property
    def base_url(self) -> httpx.URL:
        """The API's base URL."""
        return self._config.base_url

    @property
    def timeout(self) -> httpx.Timeout:
        """The default timeout of every request."""
        return self._config.timeout

    @property
    def max_retries(self) -> int:
        """The default number of retries of safely retryable failures."""
        return self._config.policy.max_retries

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={str(self.base_url)!r}, "
            f"account_id={self.account_id!r}, max_retries={self.max_retries})"
        )

    def _copy_config(
        self,
        *,
        timeout: float | httpx.Timeout | None,
        max_retries: int | None,
        default_headers: Mapping[str, str] | None,
    ) -> Self:
        """A shallow copy with changed settings, sharing the connection pool (not owning it)."""
        config = self._config
        if timeout is not None:
            config = config._replace(timeout=to_timeout(timeout))
        if max_retries is not None:
            config = config._replace(policy=_with_max_retries(config.policy, max_retries))
        if default_headers is not None:
            headers = {**config.headers, **check_headers(default_headers, name="default_headers")}
            config = config._replace(headers=headers)
        clone = copy.copy(self)
        clone._config = config
        clone._settings = self._settings._replace(policy=config.policy)
        clone._owns_http_client = False
        return clone

    def _front(
        self,
        settings: TransportSettings,
        timeout: httpx.Timeout,
        headers: httpx.Headers,
        cookies: Mapping[str, str],
    ) -> httpx.Client | httpx.AsyncClient:
        """The httpx client the generated code calls: a policy client over the inner one."""
        raise NotImplementedError

    def _new_gateway(
        self,
        settings: TransportSettings,
        timeout: httpx.Timeout,
        extra_headers: Mapping[str, str],
        cookies: Mapping[str, str],
    ) -> GatewayClient:
        """A gateway client over a new policy client; ``extra_headers`` come from with_headers.

        The generated package (and attrs with it) loads here, on first construction, not when
        ``fireworks_rft.Client`` is imported.
        """
        from ._gateway import GatewayClient

        headers = httpx.Headers(self._config.headers)
        headers.update(extra_headers)
        headers["Authorization"] = settings.credentials.authorization()
        headers[RETRY_COUNT_HEADER] = "0"
        front = self._front(settings, timeout, headers, cookies)

        def derive(
            *,
            headers: dict[str, str] | None = None,
            cookies: dict[str, str] | None = None,
            timeout: httpx.Timeout | None = None,
        ) -> GatewayClient:
            return self._new_gateway(
                settings,
                timeout or front.timeout,
                {**extra_headers, **(headers or {})},
                {**dict(front.cookies), **(cookies or {})},
            )

        return GatewayClient(
            base_url=str(self._config.base_url),
            http=front if isinstance(front, httpx.Client) else None,
            async_http=front if isinstance(front, httpx.AsyncClient) else None,
            derive=derive,
        )

    @property
    def gateway(self) -> GatewayClient:
        """The generated ``fireworks_gateway`` client, with this client's policy applied.

        Pass it as ``client=`` to any generated operation: its ``sync``/``sync_detailed``
        functions with a ``Client``, its ``asyncio``/``asyncio_detailed`` with an
        ``AsyncClient``.
        """
        return self._gateway

    def with_options(
        self,
        *,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> Self:
        """Return a client with changed settings that shares this one's connection pool.

        Closing the returned client leaves the pool open; close the original.
        """
        clone = self._copy_config(
            timeout=timeout, max_retries=max_retries, default_headers=default_headers
        )
        clone._gateway = clone._new_gateway(clone._settings, clone._config.timeout, {}, {})
        return clone

    def _gateway_for(
        self,
        timeout: float | httpx.Timeout | None,
        max_retries: int | None,
        deadline: float | None = None,
    ) -> GatewayClient:
        """The gateway client for one call, with its overrides (None: the client's)."""
        if timeout is None and max_retries is None and deadline is None:
            return self._gateway
        settings = self._settings
        if max_retries is not None:
            settings = settings._replace(policy=_with_max_retries(settings.policy, max_retries))
        if deadline is not None:
            policy = settings.policy._replace(deadline=check_deadline(deadline))
            settings = settings._replace(policy=policy)
        call_timeout = self._config.timeout if timeout is None else to_timeout(timeout)
        return self._new_gateway(settings, call_timeout, {}, {})


def _with_max_retries(policy: RetryPolicy, max_retries: int) -> RetryPolicy:
    return policy._replace(max_retries=check_max_retries(max_retries))


def _own_pool(kind: type[HttpT], config: ClientConfig) -> HttpT:
    """The connection pool a client owns when the user gives none.

    It reads proxy settings from the environment only where that is safe (see
    ``uses_env_proxies``); a SOCKS proxy needs the ``socks`` extra.
    """
    try:
        return kind(
            timeout=config.timeout,
            limits=DEFAULT_LIMITS,
            follow_redirects=False,
            trust_env=uses_env_proxies(config.base_url),
        )
    except ImportError as exc:
        raise ConfigurationError(
            "A proxy from the environment (HTTPS_PROXY/ALL_PROXY) needs a package that is not "
            f"installed ({exc.name or exc}): for a SOCKS proxy, "
            "pip install 'fireworks-rft[socks]'.",
            setting="proxy",
            problem="The proxy in the environment needs the socks extra",
        ) from None
