"""``Client`` and ``AsyncClient``: the public surface of fireworks-rft.

Each method checks its arguments and builds its request through :mod:`._calls`, sends it
through the policy client (auth, retries, timeouts, typed errors: :mod:`._http`), and waits
through :mod:`._wait`. The twins share everything but their I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self

import httpx

from . import _calls
from ._base_client import BaseClient
from ._config import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_POLL_INTERVAL,
    DEFAULT_TIMEOUT,
    DEFAULT_WAIT_TIMEOUT,
)
from ._exceptions import APIError, NotFoundError
from ._http import AsyncPolicyClient, PolicyClient, RequestDefaults, Timing, TransportSettings

if TYPE_CHECKING:
    from fireworks_gateway.models import GatewayModel, GatewayRlorTrainerJob

    from ._types import TrainStepResult
    from ._validation import ResourceRef
    from ._wait import CompletedStep, ProgressCallback

__all__ = ["AsyncClient", "Client"]


class Client(BaseClient[httpx.Client]):
    """Synchronous client of the Fireworks keep-alive RFT API.

    Args:
        api_key: Your Fireworks API key; defaults to ``FIREWORKS_API_KEY``.
        account_id: Default account for bare IDs; defaults to ``FIREWORKS_ACCOUNT_ID``.
        base_url: Defaults to ``FIREWORKS_BASE_URL``, else ``https://api.fireworks.ai``.
        timeout: Seconds, or an ``httpx.Timeout``; default 60 s per phase, 5 s to connect.
        max_retries: Retries of failures the server cannot have acted on (default 2).
        default_headers: Extra headers sent with every request.
        http_client: Your own ``httpx.Client`` (proxies, TLS, limits); you close it.
        allow_insecure_http: Allow ``http://`` to a non-loopback host (the key travels in clear).
        retry_ambiguous_failures: Also retry failures after which the step may have run
            (read timeouts, dropped connections, 500/502/504). May train twice. Default off.
        deadline: Seconds one call may take in all, across attempts, waits and reads
            (default: none beyond the timeouts).
        max_response_bytes: The largest answer read, decoded (default 16 MiB); a larger one
            raises ResponseTooLargeError.

    Use it as a context manager, or call :meth:`close`. Requests in flight at once are
    bounded by the connection pool's keep-alive size (20), so a burst never churns
    connections; more wait their turn.
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
        deadline: float | None = None,
        max_response_bytes: int | None = None,
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
            deadline=deadline,
            max_response_bytes=max_response_bytes,
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
            defaults=RequestDefaults(self._config.base_url, headers, cookies, timeout, self._urls),
        )

    def execute_train_step(
        self,
        job: str,
        *,
        dataset: str,
        output_model: str,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
    ) -> TrainStepResult:
        """Execute one training step of a keep-alive RFT trainer job.

        The server answers at once; training then runs on the server. Wait for it with
        :meth:`wait_for_step`.

        Args:
            job: A bare job ID (the account comes from the client) or a full name
                ``accounts/{account}/rlorTrainerJobs/{job}`` (whose account wins).
            dataset: The dataset of rollouts: a bare dataset ID (in the job's account) or
                ``accounts/{account}/datasets/{id}``.
            output_model: The model to materialize: a bare model ID or
                ``accounts/{account}/models/{id}``, in the job's account.
            timeout: This call's timeout; default: the client's.
            max_retries: This call's retries of safely retryable failures; default: the client's.
            deadline: Seconds this call may take in all (attempts, waits, reads); default:
                the client's (none).

        Raises:
            TypeError, ValueError: Bad arguments; nothing was sent.
            ConfigurationError: A bare job ID and no account.
            OperationUnavailableError: This build's spec has no executeTrainStep.
            APIStatusError: The server answered an error status (see its subclasses).
            APIConnectionError: No usable answer arrived. When ``may_have_been_processed`` is
                True, the step may or may not have run: check before sending it again.
        """
        call = _calls.step_call(job, dataset, output_model, self._config.account_id)
        gateway = self._gateway_for(timeout, max_retries, deadline)
        try:
            response = gateway.get_httpx_client().request(**call.request)
        except BaseException as exc:
            _calls.explain_step_failure(exc, call)
            raise
        return _calls.step_result(call, response)

    def get_job(self, job: str) -> GatewayRlorTrainerJob:
        """Read a trainer job (idempotent: retried on 5xx, timeouts and dropped connections).

        Args:
            job: A bare job ID or ``accounts/{account}/rlorTrainerJobs/{job}``.

        Returns:
            The generated ``fireworks_gateway.models.GatewayRlorTrainerJob``; a state this
            package does not know parses as a member-like ``GatewayJobState``.
        """
        found: GatewayRlorTrainerJob = self._read(
            _calls.job_call(_calls.GET_JOB, job, self._config.account_id)
        )
        return found

    def get_model(self, model: str) -> GatewayModel:
        """Read a model (idempotent, like :meth:`get_job`).

        Args:
            model: A bare model ID or ``accounts/{account}/models/{model}``.

        Returns:
            The generated ``fireworks_gateway.models.GatewayModel``.
        """
        found: GatewayModel = self._read(_calls.model_call(model, self._config.account_id))
        return found

    def delete_job(self, job: str) -> None:
        """Delete a trainer job (a keep-alive job stops; idempotent, so retried like reads).

        Args:
            job: A bare job ID or ``accounts/{account}/rlorTrainerJobs/{job}``.
        """
        self._read(_calls.job_call(_calls.DELETE_JOB, job, self._config.account_id))

    def _read(self, call: _calls.ReadCall) -> Any:
        """Send a read (or delete) through the policy client; its parsed answer."""
        return call.result(self._gateway, self._gateway.get_httpx_client().request(**call.request))

    def wait_for_step(
        self,
        step: TrainStepResult | str,
        *,
        output_model: str | None = None,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        on_progress: ProgressCallback | None = None,
    ) -> CompletedStep:
        """Wait until a training step's output model is READY; never send the step again.

        Polls the output model (a 404 means "not created yet") and the trainer job, from
        ``poll_interval`` seconds backing off to 30 s with jitter, honouring ``Retry-After``,
        and never sleeping past ``timeout``. A state this package does not know counts as
        still running. Ctrl-C or task cancellation stops the wait and leaves the step alone.

        Args:
            step: The :class:`TrainStepResult` of :meth:`execute_train_step`, or a job
                (bare ID or full name) with ``output_model``.
            output_model: The output model, when ``step`` is a job.
            timeout: Seconds to wait in all (default two hours).
            poll_interval: Seconds between the first polls (default 1).
            on_progress: Called with a :class:`StepProgress` on each observed state change;
                default: an INFO log line under the ``fireworks_rft`` logger.

        Returns:
            A :class:`CompletedStep` with the READY model and the job.

        Raises:
            StepFailedError: The job reached a terminal state (its state and status message).
            StepTimeoutError: ``timeout`` passed (the last states seen).
            APIStatusError: A poll failed in a way another poll cannot mend (401, 403, ...).
        """
        from ._wait import StepWait, step_names  # loaded by the first wait, not at import

        job_ref, model_ref = step_names(step, output_model, self._config.account_id)
        wait = StepWait(
            job=job_ref,
            output_model=model_ref,
            timeout=timeout,
            poll_interval=poll_interval,
            on_progress=on_progress,
            timing=self._settings.timing,
        )
        while True:
            try:
                model = self._model_or_none(model_ref)
                done = wait.observe(self.get_job(job_ref.name), model)
                if done is not None:
                    return done
            except APIError as exc:
                wait.poll_failed(exc)
            self._settings.timing.sleep(wait.next_delay())

    def _model_or_none(self, ref: ResourceRef) -> GatewayModel | None:
        try:
            return self.get_model(ref.name)
        except NotFoundError:
            return None

    def close(self) -> None:
        """Close the connection pool, unless it is the user's ``http_client``."""
        if self._owns_http_client:
            self._http_client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncClient(BaseClient[httpx.AsyncClient]):
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
        deadline: float | None = None,
        max_response_bytes: int | None = None,
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
            deadline=deadline,
            max_response_bytes=max_response_bytes,
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
            defaults=RequestDefaults(self._config.base_url, headers, cookies, timeout, self._urls),
        )

    async def execute_train_step(
        self,
        job: str,
        *,
        dataset: str,
        output_model: str,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
    ) -> TrainStepResult:
        """Execute one training step; see :meth:`Client.execute_train_step`."""
        call = _calls.step_call(job, dataset, output_model, self._config.account_id)
        gateway = self._gateway_for(timeout, max_retries, deadline)
        try:
            response = await gateway.get_async_httpx_client().request(**call.request)
        except BaseException as exc:
            _calls.explain_step_failure(exc, call)
            raise
        return _calls.step_result(call, response)

    async def get_job(self, job: str) -> GatewayRlorTrainerJob:
        """Read a trainer job; see :meth:`Client.get_job`."""
        found: GatewayRlorTrainerJob = await self._read(
            _calls.job_call(_calls.GET_JOB, job, self._config.account_id)
        )
        return found

    async def get_model(self, model: str) -> GatewayModel:
        """Read a model; see :meth:`Client.get_model`."""
        found: GatewayModel = await self._read(_calls.model_call(model, self._config.account_id))
        return found

    async def delete_job(self, job: str) -> None:
        """Delete a trainer job; see :meth:`Client.delete_job`."""
        await self._read(_calls.job_call(_calls.DELETE_JOB, job, self._config.account_id))

    async def _read(self, call: _calls.ReadCall) -> Any:
        """Send a read (or delete) through the policy client; its parsed answer."""
        response = await self._gateway.get_async_httpx_client().request(**call.request)
        return call.result(self._gateway, response)

    async def wait_for_step(
        self,
        step: TrainStepResult | str,
        *,
        output_model: str | None = None,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        on_progress: ProgressCallback | None = None,
    ) -> CompletedStep:
        """Wait until a step's output model is READY; see :meth:`Client.wait_for_step`."""
        from ._wait import StepWait, step_names  # loaded by the first wait, not at import

        job_ref, model_ref = step_names(step, output_model, self._config.account_id)
        wait = StepWait(
            job=job_ref,
            output_model=model_ref,
            timeout=timeout,
            poll_interval=poll_interval,
            on_progress=on_progress,
            timing=self._settings.timing,
        )
        while True:
            try:
                model = await self._model_or_none(model_ref)
                done = wait.observe(await self.get_job(job_ref.name), model)
                if done is not None:
                    return done
            except APIError as exc:
                wait.poll_failed(exc)
            await self._settings.timing.async_sleep(wait.next_delay())

    async def _model_or_none(self, ref: ResourceRef) -> GatewayModel | None:
        try:
            return await self.get_model(ref.name)
        except NotFoundError:
            return None

    async def aclose(self) -> None:
        """Close the connection pool, unless it is the user's ``http_client``."""
        if self._owns_http_client:
            await self._http_client.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


Client.__module__ = AsyncClient.__module__ = "fireworks_rft"
