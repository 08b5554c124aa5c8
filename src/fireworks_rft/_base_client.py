"""``BaseClient``: what ``Client`` and ``AsyncClient`` share besides their I/O.

Configuration (checked once from one options record), the connection pool and its
ownership, the gateway client the generated code calls, ``with_options()`` and per-call
overrides.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import TYPE_CHECKING, Generic, NoReturn, Self, Unpack

import httpx

from ._auth import Credentials, env_proxies_plain_http, uses_env_proxies
from ._clock import Timing
from ._config import (
    ClientConfig,
    ClientOptions,
    HttpT,
    check_deadline,
    check_headers,
    check_max_retries,
    resolve_config,
    to_timeout,
)
from ._constants import DEFAULT_LIMITS, RETRY_COUNT_HEADER
from ._exceptions import ConfigurationError
from ._logging import configure_from_env
from ._policy import SendSettings
from ._pool import Pool
from ._routing import AbsoluteURLs
from ._transport import AsyncSender, Sender

if TYPE_CHECKING:
    from ._budget import ReadBudget
    from ._calls import Call, StepCall
    from ._gateway import GatewayClient
    from ._ledger import LedgerStore
    from ._resource_wait import Goal, ResourceWait
    from ._runs import StepRun
    from ._schedule import StepHistory
    from ._types import CompletedStep, TrainStepResult
    from ._wait import ProgressCallback, Reconcile, StepWait


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
    _twin: str

    _config: ClientConfig
    _settings: SendSettings
    _pool: Pool[HttpT]
    _owns_pool: bool
    _gateway: GatewayClient
    _ledger: LedgerStore | None
    _owns_ledger: bool
    _history: StepHistory
    _reads: ReadBudget

    def __init__(self, *, _timing: Timing | None = None, **options: Unpack[ClientOptions[HttpT]]):
        expected = self._http_client_class
        http_client = options.get("http_client")
        if http_client is not None and not isinstance(http_client, expected):
            raise TypeError(
                f"http_client must be an httpx.{expected.__name__}, got "
                f"{type(http_client).__name__} (use fireworks_rft.{self._twin} for that one)"
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
        self._ledger, self._owns_ledger = None, False
        ledger = options.get("ledger")
        if ledger is not None:
            from ._ledger import open_ledger  # sqlite3 loads only for a client with a ledger

            self._ledger, self._owns_ledger = open_ledger(ledger)

    @property
    def ledger(self) -> LedgerStore | None:
        """The step ledger this client records its steps in, if it has one."""
        return self._ledger

    def _new_wait(
        self,
        step: TrainStepResult | str,
        output_model: str | None,
        timeout: float,
        poll_interval: float,
        on_progress: ProgressCallback | None,
    ) -> tuple[StepWait, Call, Call]:
        """A checked wait and the two reads of each poll (model, job); nothing is sent."""
        from ._wait import new_wait  # loaded by the first wait, not at import

        return new_wait(
            step,
            output_model,
            account_id=self.account_id,
            timeout=timeout,
            poll_interval=poll_interval,
            on_progress=on_progress,
            timing=self._settings.timing,
            is_async=self._http_client_class is httpx.AsyncClient,
            history=self._step_history,
        )

    def _step_history(self, job: str, output_model: str) -> tuple[list[float], float | None]:
        """Earlier durations of ``job``'s steps, and seconds since this one was accepted.

        The ledger's durations win when it has some; else what this client saw.
        """
        timing = self._settings.timing
        since = self._history.since_accepted(job, output_model, timing.clock())
        durations = self._history.durations(job)
        if self._ledger is not None:
            records = self._ledger.records(job)
            recorded = [r.duration for r in records if r.duration is not None]
            if recorded:
                durations = recorded[-self._history.MAX_DURATIONS :]
            if since is None:
                this = next((r for r in records if r.output_model == output_model), None)
                if this is not None and this.accepted_at is not None:
                    since = max(0.0, timing.wall_clock() - this.accepted_at)
        return durations, since

    def _step_accepted(self, result: TrainStepResult) -> None:
        """Remember when a step was accepted (the poll schedule predicts from it)."""
        self._history.accepted(result.job, result.output_model, self._settings.timing.clock())

    def _step_ready(self, wait: StepWait, done: CompletedStep) -> None:
        """Remember how long a step took: seen READY now, likely READY since the poll before."""
        turned_ready = self._settings.timing.clock() - done.lag_estimate
        self._history.ready(wait.job.name, wait.output_model.name, turned_ready)

    def _read_delay(self, wait: StepWait | ResourceWait) -> float:
        """Seconds to sleep before a poll's two reads, under the client-wide read budget."""
        return min(self._reads.reserve(2), max(0.0, wait.timeout - wait.elapsed()))

    def _lora_loading(self, loaded: object) -> None:
        """Remember when a LoRA load was accepted (its wait predicts from earlier loads)."""
        from ._loop_calls import deployed_ref
        from ._resource_wait import LORA_SERVES

        try:
            name = deployed_ref(loaded, None).name
        except (TypeError, ValueError):
            return  # an answer without a full name: its wait polls as before
        self._history.accepted(LORA_SERVES.kind, name, self._settings.timing.clock())

    def _job_created(self, name: str) -> None:
        """Remember when a job's creation was accepted (its wait predicts from earlier ones).

        Only creations: a resumed job's start is not assumed to take as long as a new one's.
        """
        from ._resource_wait import JOB_RUNS

        self._history.accepted(JOB_RUNS.kind, name, self._settings.timing.clock())

    def _resource_wait(
        self, name: str, goal: Goal, timeout: float, poll_interval: float
    ) -> ResourceWait:
        """A checked wait for ``name`` to reach ``goal`` (wait_for_job, wait_for_deployed_model).

        Earlier waits of the same kind that this client saw start, from the accept to the
        goal, predict this one (as earlier steps predict a step).
        """
        from ._resource_wait import ResourceWait  # loaded by the first wait, not at import

        since = self._history.since_accepted(goal.kind, name, self._settings.timing.clock())
        return ResourceWait(
            name=name,
            goal=goal,
            timeout=timeout,
            poll_interval=poll_interval,
            timing=self._settings.timing,
            durations=self._history.durations(goal.kind) if since is not None else (),
            since_accepted=since or 0.0,
        )

    def _resource_ready(self, wait: ResourceWait) -> None:
        """Remember how long a resource took to reach its goal (likely since the poll before)."""
        turned_ready = self._settings.timing.clock() - wait.lag_estimate()
        self._history.ready(wait.goal.kind, wait.name, turned_ready)

    def _step_run(self, step: StepCall) -> StepRun:
        """The ledger's handle on one checked step (the client has a ledger)."""
        from ._runs import StepRun

        assert self._ledger is not None
        return StepRun(self._ledger, step, self._settings.timing)

    def _run_args(
        self, job: object, dataset: object, output_model: object, timeout: object, grace: object
    ) -> tuple[StepRun, float, float, float]:
        """Check ``run_step``'s arguments: the step's run, its start, timeout and grace."""
        from ._calls import step_call
        from ._config import check_seconds

        step = step_call(job, dataset, output_model, self.account_id)
        checked_timeout = check_seconds(timeout, name="timeout")
        checked_grace = check_seconds(grace, name="reconcile_grace")
        if self._ledger is None:
            raise ConfigurationError(
                "run_step and ensure_step_sent need a ledger to send a step at most once: "
                "create the client with ledger='steps.db' (a SQLite file).",
                setting="ledger",
                problem="No ledger",
            )
        return self._step_run(step), self._settings.timing.clock(), checked_timeout, checked_grace

    def _reconcile_check(
        self, run: StepRun, timeout: float, grace: float, poll_interval: float
    ) -> tuple[Reconcile, Call, Call]:
        """The check of a lost step and its two reads per poll (model, job)."""
        from ._wait import Reconcile

        wait, model_call, job_call = self._new_wait(
            run.job, run.output_model, timeout, poll_interval, run.log_reconcile
        )
        return Reconcile(wait, grace), model_call, job_call

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

    def _sender(self, settings: SendSettings) -> Sender | AsyncSender:
        raise NotImplementedError

    def _new_gateway(self, settings: SendSettings) -> GatewayClient:
        """A gateway client whose requests go through a sender with ``settings``.

        The generated package (and attrs with it) loads here, on first construction, not when
        ``fireworks_rft.Client`` is imported.
        """
        from ._gateway import GatewayClient

        return GatewayClient(base_url=str(self._config.base_url), sender=self._sender(settings))

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
        config = self._config
        settings = self._settings
        if timeout is not None:
            config = config._replace(timeout=to_timeout(timeout))
            settings = settings._replace(timeout=config.timeout)
        if max_retries is not None:
            policy = config.policy._replace(max_retries=check_max_retries(max_retries))
            config = config._replace(policy=policy)
            settings = settings._replace(policy=policy)
        if default_headers is not None:
            extra = check_headers(default_headers, name="default_headers")
            config = config._replace(headers={**config.headers, **extra})
            headers = httpx.Headers(settings.headers or self._pool.client().headers)
            headers.update(extra)
            settings = settings._replace(headers=headers)
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
        settings = self._settings
        policy = settings.policy
        if max_retries is not None:
            policy = policy._replace(max_retries=check_max_retries(max_retries))
        if deadline is not None:
            policy = policy._replace(deadline=check_deadline(deadline))
        settings = settings._replace(policy=policy)
        if timeout is not None:
            settings = settings._replace(timeout=to_timeout(timeout))
        return self._new_gateway(settings)


def _own_pool(kind: type[HttpT], config: ClientConfig, headers: httpx.Headers) -> HttpT:
    """The connection pool a client owns when the user gives none.

    It carries the client's headers and timeout, reads proxy settings from the environment
    only where that is safe (see ``uses_env_proxies``); a SOCKS proxy needs the ``socks``
    extra.
    """
    try:
        return kind(
            headers=headers,
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
