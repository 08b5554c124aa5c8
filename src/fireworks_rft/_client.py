"""``Client`` and ``AsyncClient``: the public surface of fireworks-rft.

Each method checks its arguments into a call (:mod:`._calls`), sends it with the generated
operation's public ``sync_detailed``/``asyncio_detailed`` through the policy transport
(:mod:`._transport`), and waits through :mod:`._wait`. The twins share everything but their
I/O; their constructor is :class:`~._base_client.BaseClient`'s (one options record).
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any, Self

import httpx

from . import _calls
from ._base_client import BaseClient
from ._constants import DEFAULT_POLL_INTERVAL, DEFAULT_WAIT_TIMEOUT
from ._exceptions import APIError, NotFoundError
from ._policy import SendSettings
from ._pool import Pool
from ._transport import AsyncSender, Sender

if TYPE_CHECKING:
    from fireworks_gateway.models import GatewayModel, GatewayRlorTrainerJob

    from ._gateway import GatewayClient
    from ._types import CompletedStep, DeletedJob, TrainStepResult
    from ._wait import ProgressCallback, StepWait

__all__ = ["AsyncClient", "Client"]


def _step_wait(
    client: BaseClient[Any],
    step: TrainStepResult | str,
    output_model: str | None,
    timeout: float,
    poll_interval: float,
    on_progress: ProgressCallback | None,
) -> tuple[StepWait, _calls.Call, _calls.Call]:
    """A checked wait and the two reads of each poll (model, job); nothing is sent."""
    from ._wait import StepWait, step_names  # loaded by the first wait, not at import

    job_ref, model_ref = step_names(step, output_model, client.account_id)
    wait = StepWait(
        job=job_ref,
        output_model=model_ref,
        timeout=timeout,
        poll_interval=poll_interval,
        on_progress=on_progress,
        timing=client._settings.timing,
        is_async=isinstance(client, AsyncClient),
    )
    return (
        wait,
        _calls.ref_call(_calls.GET_MODEL, model_ref),
        _calls.ref_call(_calls.GET_JOB, job_ref),
    )


class Client(BaseClient[httpx.Client]):
    """Synchronous client of the Fireworks keep-alive RFT API.

    Takes the options of :class:`~fireworks_rft.ClientOptions`, all keyword-only and
    optional: ``api_key`` (default ``FIREWORKS_API_KEY``), ``account_id``
    (``FIREWORKS_ACCOUNT_ID``), ``base_url`` (``FIREWORKS_BASE_URL``, else
    ``https://api.fireworks.ai``), ``timeout`` (60 s per phase, 5 s to connect),
    ``max_retries`` (2), ``default_headers``, ``http_client`` (your ``httpx.Client``; you
    close it), ``allow_insecure_http``, ``retry_ambiguous_failures`` (may train twice; off),
    ``deadline``, ``max_response_bytes`` (16 MiB) and ``max_in_flight`` (20).

    Use it as a context manager, or call :meth:`close`. One client per process: after
    ``os.fork()`` the child gets a fresh pool of its own.
    """

    _http_client_class = httpx.Client
    _twin = "AsyncClient"

    def _sender(self, settings: SendSettings) -> Sender:
        pool: Pool[httpx.Client] = self._pool
        return Sender(pool, settings)

    def _send(self, call: _calls.Call, gateway: GatewayClient | None = None) -> Any:
        """Send a checked call; the generated ``Response``."""
        return call.operation.sync_detailed(
            *call.args, client=gateway or self._gateway, **call.kwargs
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
            deadline: Seconds this call may take in all (slot wait, attempts, waits, reads);
                default: the client's (none).

        Raises:
            TypeError, ValueError: Bad arguments; nothing was sent.
            ConfigurationError: A bare job ID and no account.
            OperationUnavailableError: This build's spec has no executeTrainStep.
            APIStatusError: The server answered an error status (see its subclasses).
            APIConnectionError: No usable answer arrived. When ``may_have_been_processed`` is
                True, the step may or may not have run: check before sending it again.
        """
        step = _calls.step_call(job, dataset, output_model, self.account_id)
        gateway = self._gateway_for(timeout, max_retries, deadline)
        try:
            response = self._send(step.call, gateway)
        except BaseException as exc:
            _calls.explain_step_failure(exc, step)
            raise
        return _calls.step_result(step, response)

    def get_job(self, job: str) -> GatewayRlorTrainerJob:
        """Read a trainer job (idempotent: retried on 5xx, timeouts and dropped connections).

        Args:
            job: A bare job ID or ``accounts/{account}/rlorTrainerJobs/{job}``.

        Returns:
            The generated ``fireworks_gateway.models.GatewayRlorTrainerJob``; a state this
            package does not know parses as a member-like ``GatewayJobState``.
        """
        call = _calls.ref_call(_calls.GET_JOB, _calls.job_ref(job, self.account_id))
        found: GatewayRlorTrainerJob = _calls.parsed(call, self._send(call))
        return found

    def get_model(self, model: str) -> GatewayModel:
        """Read a model (idempotent, like :meth:`get_job`).

        Args:
            model: A bare model ID or ``accounts/{account}/models/{model}``.

        Returns:
            The generated ``fireworks_gateway.models.GatewayModel``.
        """
        call = _calls.ref_call(_calls.GET_MODEL, _calls.model_ref(model, self.account_id))
        found: GatewayModel = _calls.parsed(call, self._send(call))
        return found

    def delete_job(self, job: str) -> DeletedJob:
        """Delete a trainer job (a keep-alive job stops; idempotent, so retried like reads).

        When a retry finds the job gone (an earlier attempt deleted it and its answer was
        lost), the delete succeeded: the result says so (``already_gone``).

        Args:
            job: A bare job ID or ``accounts/{account}/rlorTrainerJobs/{job}``.
        """
        call = _calls.ref_call(_calls.DELETE_JOB, _calls.job_ref(job, self.account_id))
        return _calls.deleted(call, self._send(call))

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

        Polls the output model (a 404 means "not created yet") and the trainer job, both on
        every poll, from ``poll_interval`` seconds backing off to 30 s with jitter, honouring
        ``Retry-After``. No read and no sleep runs past ``timeout``. A state this package does
        not know counts as still running. Ctrl-C or task cancellation stops the wait and
        leaves the step alone.

        Args:
            step: The :class:`TrainStepResult` of :meth:`execute_train_step`, or a job
                (bare ID or full name) with ``output_model``.
            output_model: The output model, when ``step`` is a job.
            timeout: Seconds to wait in all (default two hours).
            poll_interval: Seconds between the first polls (default 1).
            on_progress: Called with a :class:`StepProgress` on each observed state change;
                default: an INFO log line under the ``fireworks_rft`` logger.

        Returns:
            A :class:`CompletedStep` with the READY model and the job as last read.

        Raises:
            StepFailedError: The job reached a terminal state (its state and status message).
            StepTimeoutError: ``timeout`` passed (the last states seen).
            APIStatusError: A poll failed in a way another poll cannot mend (401, 403, ...).
        """
        wait, model_call, job_call = _step_wait(
            self, step, output_model, timeout, poll_interval, on_progress
        )
        while True:
            model = self._poll(model_call, wait.read_deadline(), missing_ok=True)
            job = self._poll(job_call, wait.read_deadline())
            wait.record(job, model)
            wait.report()
            done = wait.decide()
            if done is not None:
                return done
            self._settings.timing.sleep(wait.next_delay())

    def _poll(self, call: _calls.Call, deadline: float, missing_ok: bool = False) -> Any:
        """One read of a wait, bounded by ``deadline``: the model, None for a 404, or the error."""
        try:
            return _calls.parsed(call, self._send(call, self._gateway_for(None, None, deadline)))
        except NotFoundError as exc:
            return None if missing_ok else exc
        except APIError as exc:
            return exc

    def close(self) -> None:
        """Close the connection pool, unless it is the user's ``http_client``."""
        if self._owns_pool:
            self._pool.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncClient(BaseClient[httpx.AsyncClient]):
    """Asynchronous twin of :class:`Client`: the same options, awaitable methods.

    ``http_client`` is an ``httpx.AsyncClient``. Use it as an async context manager, or call
    :meth:`aclose`. Create it inside the event loop that uses it.
    """

    _http_client_class = httpx.AsyncClient
    _twin = "Client"

    def _sender(self, settings: SendSettings) -> AsyncSender:
        pool: Pool[httpx.AsyncClient] = self._pool
        return AsyncSender(pool, settings)

    async def _send(self, call: _calls.Call, gateway: GatewayClient | None = None) -> Any:
        """Send a checked call; the generated ``Response``."""
        return await call.operation.asyncio_detailed(
            *call.args, client=gateway or self._gateway, **call.kwargs
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
        step = _calls.step_call(job, dataset, output_model, self.account_id)
        gateway = self._gateway_for(timeout, max_retries, deadline)
        try:
            response = await self._send(step.call, gateway)
        except BaseException as exc:
            _calls.explain_step_failure(exc, step)
            raise
        return _calls.step_result(step, response)

    async def get_job(self, job: str) -> GatewayRlorTrainerJob:
        """Read a trainer job; see :meth:`Client.get_job`."""
        call = _calls.ref_call(_calls.GET_JOB, _calls.job_ref(job, self.account_id))
        found: GatewayRlorTrainerJob = _calls.parsed(call, await self._send(call))
        return found

    async def get_model(self, model: str) -> GatewayModel:
        """Read a model; see :meth:`Client.get_model`."""
        call = _calls.ref_call(_calls.GET_MODEL, _calls.model_ref(model, self.account_id))
        found: GatewayModel = _calls.parsed(call, await self._send(call))
        return found

    async def delete_job(self, job: str) -> DeletedJob:
        """Delete a trainer job; see :meth:`Client.delete_job`."""
        call = _calls.ref_call(_calls.DELETE_JOB, _calls.job_ref(job, self.account_id))
        return _calls.deleted(call, await self._send(call))

    async def wait_for_step(
        self,
        step: TrainStepResult | str,
        *,
        output_model: str | None = None,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        on_progress: ProgressCallback | None = None,
    ) -> CompletedStep:
        """Wait until a step's output model is READY; see :meth:`Client.wait_for_step`.

        ``on_progress`` may be an async function: it is awaited.
        """
        wait, model_call, job_call = _step_wait(
            self, step, output_model, timeout, poll_interval, on_progress
        )
        while True:
            model = await self._poll(model_call, wait.read_deadline(), missing_ok=True)
            job = await self._poll(job_call, wait.read_deadline())
            wait.record(job, model)
            reported = wait.report()
            if inspect.isawaitable(reported):
                await reported
            done = wait.decide()
            if done is not None:
                return done
            await self._settings.timing.async_sleep(wait.next_delay())

    async def _poll(self, call: _calls.Call, deadline: float, missing_ok: bool = False) -> Any:
        """One read of a wait; see :meth:`Client._poll`."""
        gateway = self._gateway_for(None, None, deadline)
        try:
            return _calls.parsed(call, await self._send(call, gateway))
        except NotFoundError as exc:
            return None if missing_ok else exc
        except APIError as exc:
            return exc

    async def aclose(self) -> None:
        """Close the connection pool, unless it is the user's ``http_client``."""
        if self._owns_pool:
            await self._pool.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()


Client.__module__ = AsyncClient.__module__ = "fireworks_rft"
