"""``BaseClient``: how a client is built and configured, shared by ``Client`` and ``AsyncClient``.

Configuration (checked once from one options record), the connection pool and its
ownership, the ledger, the gateway client the generated code calls, ``with_options()`` and
per-call overrides, and the small helpers every method uses (names, history, read budget).
"""

from __future__ import annotations

import copy
import functools
import os
import ssl
from collections.abc import Mapping
from typing import TYPE_CHECKING, Generic, NoReturn, Self, Unpack

import httpx

from ._attempts import SendSettings
from ._auth import Credentials, env_proxies_plain_http, uses_env_proxies
from ._config import (
    ClientConfig,
    ClientOptions,
    HttpT,
    check_headers,
    resolve_config,
    to_timeout,
)
from ._constants import DEFAULT_LIMITS, RETRY_COUNT_HEADER
from ._exceptions import ConfigurationError
from ._logging import configure_from_env, progress
from ._names import ResourceRef, name_of, resolve, short_name
from ._pool import Pool
from ._routing import AbsoluteURLs
from ._timing import Timing

if TYPE_CHECKING:
    from ._async_sender import AsyncSender
    from ._budget import ReadBudget
    from ._gateway import GatewayClient
    from ._ledger import LedgerStore
    from ._ledger_runs import RecordedDurations, StepRun
    from ._schedule import StepHistory
    from ._sender import Sender
    from ._step import Step


class BaseClient(Generic[HttpT]):
    """Configuration, lifecycle and per-call settings shared by the two clients.

    Args:
        **options: See :class:`~fireworks_rft.ClientOptions`: ``api_key``, ``account_id``,
            ``base_url``, ``timeout``, ``max_retries``, ``default_headers``,
            ``http_client``, ``allow_insecure_http``, ``retry_ambiguous_failures``,
            ``deadline``, ``max_response_bytes``, ``max_in_flight``, ``ledger``.
    """

    #: The httpx client class this client sends with, and the name of the twin that takes
    #: the other one.
    _http_client_class: type[HttpT]
    _sender_class: type[Sender] | type[AsyncSender]

    _config: ClientConfig
    _settings: SendSettings
    _pool: Pool[HttpT]
    _owns_pool: bool
    _gateway: GatewayClient
    _ledger: LedgerStore | None
    _owns_ledger: bool
    _durations: RecordedDurations | None
    _history: StepHistory
    _reads: ReadBudget

    def __init__(self, *, _timing: Timing | None = None, **options: Unpack[ClientOptions[HttpT]]):
        expected = self._http_client_class
        http_client = options.get("http_client")
        if http_client is not None and not isinstance(http_client, expected):
            raise TypeError(
                f"http_client must be an httpx.{expected.__name__}, got "
                f"{type(http_client).__name__} (use fireworks_rft.{_twin(expected)} for that one)"
            )
        configure_from_env()
        config = self._config = resolve_config(options)
        base_url = config.base_url
        urls = AbsoluteURLs(base_url)  # and the operations with servers of their own
        credentials = Credentials.for_base_url(config.api_key, base_url, urls.routes.origins())
        headers = httpx.Headers(config.headers)
        headers["Authorization"] = credentials.authorization()
        headers[RETRY_COUNT_HEADER] = "0"
        owned = http_client is None
        if http_client is not None and env_proxies_plain_http(http_client, base_url):
            raise ConfigurationError(
                f"http_client would send the http:// requests for {base_url.host!r} through the "
                "proxy in HTTP_PROXY/ALL_PROXY, with the API key in clear. Use https://, or an "
                "http_client without a proxy (httpx.Client(trust_env=False) ignores HTTP_PROXY).",
                setting="http_client",
                problem="The http_client sends http:// requests through a proxy",
            )

        def own_pool() -> HttpT:
            return _own_pool(expected, config, headers)

        self._pool = Pool(
            http_client if http_client is not None else own_pool(),
            owned=owned,
            max_in_flight=config.max_in_flight,
            factory=own_pool,
        )
        self._owns_pool = True  # closing this client closes the pool, if the SDK made it
        self._settings = SendSettings(
            credentials=credentials,
            policy=config.policy,
            timing=_timing or Timing(),
            max_response_bytes=config.max_response_bytes,
            urls=urls,
            # The SDK's own pool carries the headers and timeout; a user's client gets them
            # with each request.
            headers=None if owned else headers,
            timeout=None if owned else config.timeout,
        )
        self._gateway = self._new_gateway(self._settings)
        from ._budget import ReadBudget  # loaded with the first client, not at import
        from ._schedule import StepHistory

        self._history = StepHistory()
        self._reads = ReadBudget(config.max_reads_per_second, self._settings.timing.clock)
        self._ledger, self._owns_ledger, self._durations = None, False, None
        ledger = options.get("ledger")
        if ledger is not None:
            from ._ledger_open import open_ledger  # sqlite3 loads only with a ledger
            from ._ledger_runs import RecordedDurations

            self._ledger, self._owns_ledger = open_ledger(ledger)
            self._durations = RecordedDurations(self._history.MAX_DURATIONS)

    @property
    def ledger(self) -> LedgerStore | None:
        """The step ledger this client records its steps in, if it has one."""
        return self._ledger

    def _ref(
        self, value: object, collection: str, name: str, account_id: str | None = None
    ) -> ResourceRef:
        """A resource argument: a bare ID, a full name, or a generated resource.

        A bare ID is in ``account_id``; default: the client's account.
        """
        account = account_id or self.account_id
        return resolve(name_of(value), collection=collection, account_id=account, name=name)

    def _recorded_history(
        self, job: str, output_model: str
    ) -> tuple[list[float] | None, float | None]:
        """What the ledger says of a job's steps (:class:`~._ledger_runs.RecordedDurations`).

        The accept's time is asked of the ledger only when this client did not see it: a
        wait predicts from its own clock where it can.
        """
        if self._durations is None:
            return None, None
        timing = self._settings.timing
        seen = self._history.since_accepted(job, output_model, timing.clock()) is not None
        assert self._ledger is not None  # it came with the ledger
        return self._durations.read(
            self._ledger, job, output_model, seen=seen, wall_clock=timing.wall_clock
        )

    def _accepted(self, kind: str, name: str) -> None:
        """Remember when the server accepted a step, a job creation or a LoRA load.

        ``kind`` is the job of a step (``name`` its output model), else what was made.
        """
        self._history.accepted(kind, name, self._settings.timing.clock())
        if "/" in kind:
            progress.info("step %s -> %s: accepted", short_name(kind), short_name(name))
        else:
            progress.info("%s %s: accepted", kind, name)

    def _step_run(self, step: Step) -> StepRun:
        """The ledger's handle on one checked step (the client has a ledger)."""
        from ._ledger_runs import StepRun

        assert self._ledger is not None
        return StepRun(self._ledger, step, self._settings.timing)

    def _close_ledger(self) -> None:
        if self._owns_ledger and self._ledger is not None:
            self._ledger.close()

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

    def __copy__(self) -> Self:
        clone = object.__new__(type(self))
        clone.__dict__.update(self.__dict__)
        return clone

    def __reduce__(self) -> NoReturn:
        raise TypeError(
            f"a fireworks_rft.{type(self).__name__} cannot be pickled: its connections belong "
            "to this process. Create a client in each process, and pass the settings "
            "(account, base URL; the key from FIREWORKS_API_KEY) instead."
        )

    def _new_gateway(self, settings: SendSettings) -> GatewayClient:
        """A gateway client whose requests go through a sender with ``settings``.

        The generated package (and attrs with it) loads here, on first construction, not when
        ``fireworks_rft.Client`` is imported.
        """
        from ._gateway import GatewayClient

        return GatewayClient(
            base_url=str(self._config.base_url),
            sender=self._sender_class(self._pool, settings),  # type: ignore[arg-type]
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
        extra = (
            {}
            if default_headers is None
            else check_headers(default_headers, name="default_headers")
        )
        settings = self._settings.derived(
            self._pool.client().headers, timeout=timeout, max_retries=max_retries, headers=extra
        )
        config = self._config._replace(
            timeout=self._config.timeout if timeout is None else to_timeout(timeout),
            policy=settings.policy,
            headers={**self._config.headers, **extra},
        )
        clone = copy.copy(self)
        clone._config = config
        clone._settings = settings
        clone._owns_pool = False  # the pool stays open until the original closes
        clone._owns_ledger = False  # so does the ledger
        clone._gateway = clone._new_gateway(settings)
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
        pool_headers = self._pool.client().headers
        return self._new_gateway(
            self._settings.derived(
                pool_headers, timeout=timeout, max_retries=max_retries, deadline=deadline
            )
        )


def _twin(kind: type[httpx.Client | httpx.AsyncClient]) -> str:
    return "AsyncClient" if kind is httpx.AsyncClient else "Client"


def _own_pool(kind: type[HttpT], config: ClientConfig, headers: httpx.Headers) -> HttpT:
    """The connection pool a client owns when the user gives none.

    It carries the client's headers and timeout, reads proxy settings from the environment
    only where that is safe (see ``uses_env_proxies``); a SOCKS proxy needs the ``socks``
    extra.
    """
    trust_env = uses_env_proxies(config.base_url)
    try:
        return kind(
            headers=headers,
            timeout=config.timeout,
            limits=DEFAULT_LIMITS,
            follow_redirects=False,
            trust_env=trust_env,
            verify=_ssl_context(
                trust_env, os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")
            ),
        )
    except ImportError as exc:
        raise ConfigurationError(
            "A proxy from the environment (HTTPS_PROXY/ALL_PROXY) needs a package that is not "
            f"installed ({exc.name or exc}): for a SOCKS proxy, "
            "pip install 'fireworks-rft[socks]'.",
            setting="proxy",
            problem="The proxy in the environment needs the socks extra",
        ) from None


@functools.lru_cache(maxsize=4)
def _ssl_context(trust_env: bool, cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    """The certificates a pool verifies with: httpx's default context, made once per setting.

    httpx reads the CA bundle for every client it builds (about 25 ms); clients made per
    task or thread share one context instead (contexts are safe to share between threads).
    ``cert_file`` and ``cert_dir`` are ``SSL_CERT_FILE``/``SSL_CERT_DIR``, which httpx reads
    when ``trust_env``: a change makes a new context.
    """
    return httpx.create_ssl_context(trust_env=trust_env)
