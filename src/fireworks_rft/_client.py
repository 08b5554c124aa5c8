"""``Client`` and ``AsyncClient``: the facade over the generated ``fireworks_gateway``.

Both twins share one constructor and all their policy (configuration, validation, auth,
retries, timeouts, errors) through :class:`_BaseClient` and the policy clients; they differ
only in how they perform I/O.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any, Generic, Self, TypeVar

import attrs
import httpx
from fireworks_gateway.api.gateway import gateway_execute_rlor_train_step as _train_step
from fireworks_gateway.models import GatewayExecuteRlorTrainStepBody

from ._config import (
    DEFAULT_LIMITS,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    ClientConfig,
    check_headers,
    check_max_retries,
    resolve_config,
    to_timeout,
)
from ._exceptions import REQUEST_ID_HEADER, APIError
from ._gateway import GatewayClient
from ._http import (
    RETRY_COUNT_HEADER,
    AsyncPolicyClient,
    Credentials,
    PolicyClient,
    RequestDefaults,
    Timing,
    TransportSettings,
)
from ._logging import configure_from_env
from ._retry import RetryPolicy
from ._types import TrainStepResult
from ._validation import JobRef, require_str, resolve_job

__all__ = ["AsyncClient", "Client"]

#: operationIds of the spec that the facade wraps by name; a contract test keeps each of them
#: in openapi.yaml, so a spec that drops one fails loudly.
WRAPPED_OPERATIONS = frozenset({"Gateway_ExecuteRlorTrainStep"})


_HttpT = TypeVar("_HttpT", httpx.Client, httpx.AsyncClient)


class _BaseClient(Generic[_HttpT]):
    """Configuration, lifecycle and request preparation shared by the two clients."""

    #: The httpx client class this client sends with, and the name of the twin that takes
    #: the other one.
    _http_client_class: type[_HttpT]
    _twin: str

    _config: ClientConfig
    _settings: TransportSettings
    _http_client: _HttpT
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
        http_client: _HttpT | None,
        allow_insecure_http: bool,
        retry_ambiguous_failures: bool,
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
        )
        credentials = Credentials.for_base_url(self._config.api_key, self._config.base_url)
        self._settings = TransportSettings(
            credentials=credentials, policy=self._config.policy, timing=timing or Timing()
        )
        self._owns_http_client = http_client is None
        if http_client is None:
            http_client = expected(
                timeout=self._config.timeout, limits=DEFAULT_LIMITS, follow_redirects=False
            )
        self._http_client = http_client
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
            config = attrs.evolve(config, timeout=to_timeout(timeout))
        if max_retries is not None:
            config = attrs.evolve(config, policy=_with_max_retries(config.policy, max_retries))
        if default_headers is not None:
            headers = {**config.headers, **check_headers(default_headers, name="default_headers")}
            config = attrs.evolve(config, headers=headers)
        clone = copy.copy(self)
        clone._config = config
        clone._settings = attrs.evolve(self._settings, policy=config.policy)
        clone._owns_http_client = False
        return clone

    def _prepare_step(
        self,
        job: object,
        dataset: object,
        output_model: object,
        timeout: float | httpx.Timeout | None,
        max_retries: int | None,
    ) -> tuple[JobRef, GatewayExecuteRlorTrainStepBody, GatewayClient, dict[str, Any]]:
        """Check a step's arguments; return its job, body, gateway client and request.

        The generated module builds the request (method, path, quoting, body) from the spec.
        Its sync_detailed() would also wrap and re-parse the answer, which the policy client
        has already checked and the result does not use (about 5% of a call:
        docs/benchmarks.md). tests/test_operations.py calls _get_kwargs too, so a generator
        that renamed it would fail loudly.
        """
        ref = resolve_job(job, account_id=self._config.account_id)
        body = GatewayExecuteRlorTrainStepBody(
            dataset=require_str(dataset, name="dataset"),
            output_model=require_str(output_model, name="output_model"),
        )
        gateway = self._gateway_for(timeout, max_retries)
        return ref, body, gateway, _train_step._get_kwargs(ref.account_id, ref.job_id, body=body)

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
        """A gateway client over a new policy client; ``extra_headers`` come from with_headers."""
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
        self, timeout: float | httpx.Timeout | None, max_retries: int | None
    ) -> GatewayClient:
        """The gateway client for one call, with its overrides (None: the client's)."""
        if timeout is None and max_retries is None:
            return self._gateway
        settings = self._settings
        if max_retries is not None:
            settings = attrs.evolve(
                settings, policy=_with_max_retries(settings.policy, max_retries)
            )
        call_timeout = self._config.timeout if timeout is None else to_timeout(timeout)
        return self._new_gateway(settings, call_timeout, {}, {})


def _with_max_retries(policy: RetryPolicy, max_retries: int) -> RetryPolicy:
    return attrs.evolve(policy, max_retries=check_max_retries(max_retries))


def _step_result(
    ref: JobRef, body: GatewayExecuteRlorTrainStepBody, response: httpx.Response
) -> TrainStepResult:
    return TrainStepResult(
        job=ref.name,
        account_id=ref.account_id,
        job_id=ref.job_id,
        dataset=body.dataset,
        output_model=body.output_model,
        request_id=response.headers.get(REQUEST_ID_HEADER),
        status_code=int(response.status_code),
    )


def _explain_step_failure(
    exc: APIError, ref: JobRef, body: GatewayExecuteRlorTrainStepBody
) -> None:
    """Tell the user how to find out whether an ambiguous step ran."""
    if exc.may_have_been_processed:
        exc.add_note(
            f"The training step on {ref.name} may or may not have run. Before sending it again, "
            f"check the job's state and whether output model {body.output_model!r} is being "
            "created; sending it twice trains twice on the same data."
        )


class Client(_BaseClient[httpx.Client]):
    """Synchronous client of the Fireworks keep-alive RFT API.

    Args:
        api_key: Your Fireworks API key; defaults to ``FIREWORKS_API_KEY``.
        account_id: Default account for bare job IDs; defaults to ``FIREWORKS_ACCOUNT_ID``.
        base_url: Defaults to ``FIREWORKS_BASE_URL``, else ``https://api.fireworks.ai``.
        timeout: Seconds, or an ``httpx.Timeout``; default 60 s per phase, 5 s to connect.
        max_retries: Retries of failures the server cannot have acted on (default 2).
        default_headers: Extra headers sent with every request.
        http_client: Your own ``httpx.Client`` (proxies, TLS, limits); you close it.
        allow_insecure_http: Allow ``http://`` to a non-loopback host (the key travels in clear).
        retry_ambiguous_failures: Also retry failures after which the step may have run
            (read timeouts, dropped connections, 500/502/504). May train twice. Default off.

    Use it as a context manager, or call :meth:`close`.
    """

    _http_client_class = httpx.Client
    _twin = "AsyncClient"

    def __init__(
        self,
        *,
        api_key: str | None = None,
        account_id: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
        allow_insecure_http: bool = False,
        retry_ambiguous_failures: bool = False,
        _timing: Timing | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            account_id=account_id,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            http_client=http_client,
            allow_insecure_http=allow_insecure_http,
            retry_ambiguous_failures=retry_ambiguous_failures,
            timing=_timing,
        )

    def _front(
        self,
        settings: TransportSettings,
        timeout: httpx.Timeout,
        headers: httpx.Headers,
        cookies: Mapping[str, str],
    ) -> PolicyClient:
        return PolicyClient(
            inner=self._http_client,
            settings=settings,
            defaults=RequestDefaults(self._config.base_url, headers, cookies, timeout),
        )

    def execute_train_step(
        self,
        job: str,
        *,
        dataset: str,
        output_model: str,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> TrainStepResult:
        """Execute one training step of a keep-alive RFT trainer job.

        Args:
            job: A bare job ID (the account comes from the client) or a full name
                ``accounts/{account}/rlorTrainerJobs/{job}`` (whose account wins).
            dataset: The dataset of rollouts to train on, e.g. ``accounts/a/datasets/d``.
            output_model: The model to materialize, e.g. ``accounts/a/models/m``.
            timeout: This call's timeout; default: the client's.
            max_retries: This call's retries of safely retryable failures; default: the client's.

        Raises:
            TypeError, ValueError: Bad arguments; nothing was sent.
            ConfigurationError: A bare job ID and no account.
            APIStatusError: The server answered an error status (see its subclasses).
            APIConnectionError: No usable answer arrived. When ``may_have_been_processed`` is
                True, the step may or may not have run: check before sending it again.
        """
        ref, body, gateway, request = self._prepare_step(
            job, dataset, output_model, timeout, max_retries
        )
        try:
            response = gateway.get_httpx_client().request(**request)
        except APIError as exc:
            _explain_step_failure(exc, ref, body)
            raise
        return _step_result(ref, body, response)

    def close(self) -> None:
        """Close the connection pool, unless it is the user's ``http_client``."""
        if self._owns_http_client:
            self._http_client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncClient(_BaseClient[httpx.AsyncClient]):
    """Asynchronous twin of :class:`Client`: the same constructor, awaitable methods.

    ``http_client`` is an ``httpx.AsyncClient``. Use it as an async context manager, or call
    :meth:`aclose`.
    """

    _http_client_class = httpx.AsyncClient
    _twin = "Client"

    def __init__(
        self,
        *,
        api_key: str | None = None,
        account_id: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        allow_insecure_http: bool = False,
        retry_ambiguous_failures: bool = False,
        _timing: Timing | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            account_id=account_id,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            http_client=http_client,
            allow_insecure_http=allow_insecure_http,
            retry_ambiguous_failures=retry_ambiguous_failures,
            timing=_timing,
        )

    def _front(
        self,
        settings: TransportSettings,
        timeout: httpx.Timeout,
        headers: httpx.Headers,
        cookies: Mapping[str, str],
    ) -> AsyncPolicyClient:
        return AsyncPolicyClient(
            inner=self._http_client,
            settings=settings,
            defaults=RequestDefaults(self._config.base_url, headers, cookies, timeout),
        )

    async def execute_train_step(
        self,
        job: str,
        *,
        dataset: str,
        output_model: str,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
    ) -> TrainStepResult:
        """Execute one training step of a keep-alive RFT trainer job.

        The arguments, result and errors are those of :meth:`Client.execute_train_step`.
        """
        ref, body, gateway, request = self._prepare_step(
            job, dataset, output_model, timeout, max_retries
        )
        try:
            response = await gateway.get_async_httpx_client().request(**request)
        except APIError as exc:
            _explain_step_failure(exc, ref, body)
            raise
        return _step_result(ref, body, response)

    async def aclose(self) -> None:
        """Close the connection pool, unless it is the user's ``http_client``."""
        if self._owns_http_client:
            await self._http_client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()
