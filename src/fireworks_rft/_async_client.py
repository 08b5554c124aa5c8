"""The public client, every method written once: ``_async_client.py`` is the source.

tools/unasync.py writes ``_client.py``, its synchronous twin, from ``_async_client.py``
(``make generate``; ``make check-generated`` keeps the two equal).
A method checks its arguments (bad input raises before anything is sent), imports the
generated operation it calls inside itself (or the private helper that builds the call),
sends it through the gateway client (whose sender applies the policy), and turns the typed
answer into its result. Waits poll through one loop (:meth:`AsyncClient._poll_until`) whose
every decision is the wait object's (:mod:`._waits`); with a ledger, each step is recorded
through :mod:`._ledger_runs`; every non-idempotent creation goes through :meth:`_create_once`.
"""

from __future__ import annotations

import functools
import hashlib
import inspect  # async-only
import os
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

import httpx

from ._async_sender import AsyncSender
from ._attempts import CALL_SCOPE, CallScope
from ._base_client import BaseClient
from ._calls import (
    OPERATION,
    RETIRED,
    RETIRED_RETRY_SAFE,
    RETRY_SAFE,
    Call,
    Page,
    generated,
    given,
    next_token,
    on,
    optional_page_size,
    optional_str,
    parsed,
    present,
)
from ._checks import check_bool, check_positive_int, check_seconds, check_str
from ._constants import (
    DEFAULT_JOB_WAIT_TIMEOUT,
    DEFAULT_LORA_WAIT_TIMEOUT,
    DEFAULT_POLL_INTERVAL,
    DEFAULT_RECONCILE_GRACE,
    DEFAULT_WAIT_TIMEOUT,
    REQUEST_ID_HEADER,
)
from ._exceptions import (
    APIError,
    APIResponseValidationError,
    APIStatusError,
    ConfigurationError,
    ConflictError,
    NotFoundError,
    OutputModelGoneError,
    StepAlreadySentError,
    StepFailedError,
    WaitFailedError,
)
from ._failures import may_have_run
from ._logging import logger
from ._names import (
    DATASETS,
    DEPLOYED_MODELS,
    DEPLOYMENTS,
    JOBS,
    MODELS,
    TRAINING_SHAPES,
    ResourceRef,
    account_ref,
    resolve,
    resolve_job,
    resolve_training_shape,
)
from ._step import Step
from ._waits import (
    CANCELLED_JOB_STATES,
    DATASET_READY,
    JOB_RUNS,
    LORA_SERVES,
    MODEL_READY,
    RUNNING_JOB_STATES,
    TOMBSTONED_JOB_STATES,
    Goal,
    Reconcile,
    ResourceWait,
    StepWait,
    state_of,
)

if TYPE_CHECKING:
    from fireworks_gateway.models import (
        GatewayBaseTrainingConfig,
        GatewayDataset,
        GatewayDeployedModel,
        GatewayExecuteRlorTrainStepResponse200,
        GatewayListRlorTrainerJobCheckpointsResponse,
        GatewayModel,
        GatewayPromoteCheckpointResponse,
        GatewayRlorTrainerJob,
        GatewayRlorTrainerJobCheckpoint,
        GatewayTrainingShape,
        GatewayTrainingShapeVersion,
    )
    from fireworks_gateway.types import Response, Unset

    from ._calls import AccountList, AsyncCall
    from ._gateway import GatewayClient
    from ._ledger import StepRecord
    from ._ledger_runs import StepRun
    from ._results import CompletedStep, Deleted, TrainStepResult
    from ._waits import ProgressCallback, Wait

__all__ = ["AsyncClient"]

T = TypeVar("T")
M = TypeVar("M")
I = TypeVar("I")  # noqa: E741 - an item of a list
P = TypeVar("P", bound=Page)


class AsyncClient(BaseClient[httpx.AsyncClient]):
    """Asynchronous client of the Fireworks keep-alive RFT API.

    Takes the options of :class:`~fireworks_rft.ClientOptions`, all keyword-only and
    optional: ``api_key`` (default ``FIREWORKS_API_KEY``), ``account_id``
    (``FIREWORKS_ACCOUNT_ID``), ``base_url`` (``FIREWORKS_BASE_URL``, else
    ``https://api.fireworks.ai``), ``timeout`` (60 s per phase, 5 s to connect),
    ``max_retries`` (2), ``default_headers``, ``http_client`` (your ``httpx.AsyncClient``; you
    close it), ``allow_insecure_http``, ``retry_ambiguous_failures`` (may train twice; off),
    ``deadline``, ``max_response_bytes`` (16 MiB), ``max_in_flight`` (20),
    ``max_reads_per_second`` (10) and ``ledger``.

    Use it as a context manager (``async with``), or call :meth:`aclose`. One client per
    process: after ``os.fork()`` the child gets a fresh pool of its own.
    """

    _http_client_class = httpx.AsyncClient
    _sender_class = AsyncSender

    # -- training steps ------------------------------------------------------------------------

    async def execute_train_step(
        self,
        job: str,
        *,
        dataset: str,
        output_model: str,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int | None = None,
        deadline: float | None = None,
        force: bool = False,
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
            force: With a ledger, send even a step the ledger holds as sent (never one
                another live process is sending right now).

        Raises:
            TypeError, ValueError: Bad arguments; nothing was sent.
            ConfigurationError: A bare job ID and no account.
            OperationUnavailableError: This build's spec has no executeTrainStep.
            APIStatusError: The server answered an error status (see its subclasses).
            APIConnectionError: No usable answer arrived. When ``may_have_been_processed`` is
                True, the step may or may not have run: check before sending it again.
            StepAlreadySentError: With a ledger: the step is recorded as sent, or another
                process is sending it; nothing was sent.
        """
        step = Step.checked(job, dataset, output_model, self.account_id)
        check_bool(force, name="force")
        gateway = self._gateway_for(timeout, max_retries, deadline)
        if self._ledger is None:
            return await self._send_step(step, gateway, None)
        run = self._step_run(step)
        try:  # a cancelled lease_to_send still leaves the lease to the finally
            await _off_loop(run.lease_to_send, force=force)
            return await self._send_step(step, gateway, run)
        finally:
            await _off_loop(run.release)

    async def ensure_step_sent(
        self,
        job: str,
        *,
        dataset: str,
        output_model: str,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        reconcile_grace: float = DEFAULT_RECONCILE_GRACE,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> StepRecord:
        """Send a training step unless the ledger says it was sent; never send it twice.

        Needs a client with a ledger. A step recorded as accepted (or READY, or failed) is
        not sent. One whose sender died mid-send, or whose answer was lost, is reconciled
        first: its output model is read until it exists (the step ran) or until it has been
        absent for ``reconcile_grace`` seconds while the job ran (it did not: it is sent).
        While another live process holds the step's lease, this waits for that process.

        Args:
            job: A bare job ID or a full job name, as for :meth:`execute_train_step`.
            dataset: The step's dataset, as for :meth:`execute_train_step`.
            output_model: The step's output model: it names the step in the ledger.
            timeout: Seconds this may take in all (lease waits, reconciling, the send).
            reconcile_grace: Seconds a lost step's output model must stay absent, while
                the job runs, before the step is taken as never run and sent.
            poll_interval: Seconds between the first polls while reconciling.

        Returns:
            The step's :class:`StepRecord` (state ``accepted``, ``ready`` or ``failed``).

        Raises:
            ConfigurationError: The client has no ledger.
            StepAlreadySentError: The ledger holds this output model with another dataset.
            StepFailedError: The job reached a terminal state while reconciling.
            StepTimeoutError: ``timeout`` passed (nothing more was sent).
            APIError: The send failed in a way that says the step did not run (400, 401,
                ...; the ledger records it as ``not_sent``).
        """
        run, started, timeout, grace = self._run_args(
            job, dataset, output_model, timeout, reconcile_grace
        )
        return await self._ensure(run, started, timeout, grace, poll_interval)

    async def run_step(
        self,
        job: str,
        *,
        dataset: str,
        output_model: str,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        reconcile_grace: float = DEFAULT_RECONCILE_GRACE,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        on_progress: ProgressCallback | None = None,
        stall_timeout: float | None = None,
    ) -> CompletedStep:
        """Send a training step at most once and wait until its output model is READY.

        Needs a client with a ledger. :meth:`ensure_step_sent`, then
        :meth:`wait_for_step`; the ledger records READY or failed. Call it again after a
        crash, with the same arguments, to resume: an accepted step is only waited for, a
        READY one returns at once, a lost one is reconciled before anything is re-sent.
        Several processes may run the same step on one ledger: it is sent once, and each
        gets the result.

        Args:
            job: A bare job ID or a full job name, as for :meth:`execute_train_step`.
            dataset: The step's dataset, as for :meth:`execute_train_step`.
            output_model: The step's output model: it names the step in the ledger.
            timeout: Seconds this may take in all, waiting included (default two hours).
            reconcile_grace: As for :meth:`ensure_step_sent` (default 120 s).
            poll_interval: Seconds between the first polls (default 1).
            on_progress: As for :meth:`wait_for_step`.
            stall_timeout: As for :meth:`wait_for_step` (default: off).

        Returns:
            A :class:`CompletedStep` with the READY model.

        Raises:
            The errors of :meth:`ensure_step_sent` and of :meth:`wait_for_step`.
        """
        run, started, timeout, grace = self._run_args(
            job, dataset, output_model, timeout, reconcile_grace
        )
        record = await self._ensure(run, started, timeout, grace, poll_interval)
        from ._ledger import StepState  # with a ledger only, as every ledger module

        if record.state is StepState.READY:  # done: one read, whether or not the model is there
            return await self._ready(record)
        return await self.wait_for_step(  # it records READY or failed in the ledger
            record.job,
            output_model=record.output_model,
            timeout=await _off_loop(run.time_left, started, timeout),
            poll_interval=poll_interval,
            on_progress=on_progress,
            stall_timeout=stall_timeout,
        )

    async def wait_for_step(
        self,
        step: TrainStepResult | str,
        *,
        output_model: str | None = None,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
        on_progress: ProgressCallback | None = None,
        stall_timeout: float | None = None,
    ) -> CompletedStep:
        """Wait until a training step's output model is READY; never send the step again.

        Polls the output model (a 404 means "not created yet") and the trainer job, both on
        every poll, from ``poll_interval`` seconds backing off to 30 s with jitter, honouring
        ``Retry-After``; once earlier steps of the job finished, it polls densely around the
        finish they predict. No read and no sleep runs past ``timeout``. A state this
        package does not know counts as still running. Ctrl-C or task cancellation stops the
        wait and leaves the step alone.

        Args:
            step: The :class:`TrainStepResult` of :meth:`execute_train_step`, or a job
                (bare ID or full name) with ``output_model``.
            output_model: The output model, when ``step`` is a job.
            timeout: Seconds to wait in all (default two hours).
            poll_interval: Seconds between the first polls (default 1).
            on_progress: Called with a :class:`StepProgress` on each observed state change
                (with asyncio, a coroutine function is awaited); default: an INFO log line
                under the ``fireworks_rft`` logger.
            stall_timeout: Seconds the job may read RUNNING with no sign of progress (no
                change in ``jobProgress``, no new checkpoint, the output model still absent)
                before the wait raises :class:`StepStalledError`; default: off. The job's
                checkpoints are read on the first poll and when a stall is due.

        Returns:
            A :class:`CompletedStep` with the READY model and the job, as last read.

        With a ledger that holds the step, the wait records what it saw: READY (with the
        finish time, when it saw the change), or failed.

        Raises:
            StepFailedError: The job reached a terminal state (its state and status message).
            JobStoppedError: The job stopped (``JOB_STATE_PAUSED``): resume it, wait again.
            StepTimeoutError: ``timeout`` passed (the last states seen).
            StepStalledError: ``stall_timeout`` passed without progress (never re-send it).
            APIStatusError: A poll failed in a way another poll cannot mend (401, 403, ...).
        """
        wait = await self._step_wait(
            step, output_model, timeout, poll_interval, on_progress, stall_timeout
        )
        try:
            done: CompletedStep = await self._poll_until(wait)
        except StepFailedError as exc:
            await _off_loop(self._record_outcome, wait, exc)
            raise
        await _off_loop(self._record_outcome, wait, done)
        return done

    # -- models ----------------------------------------------------------------------------

    async def get_model(self, model: str | GatewayModel) -> GatewayModel:
        """Read a model (idempotent: retried on 5xx, timeouts and dropped connections).

        Args:
            model: A bare model ID, ``accounts/{account}/models/{model}``, or a model.

        Returns:
            The generated ``fireworks_gateway.models.GatewayModel``.
        """
        return await self._answer(self._model_call(self._ref(model, MODELS, "model")))

    def list_models(
        self,
        *,
        page_size: int | None = None,
        filter: str | None = None,
        order_by: str | None = None,
    ) -> AsyncIterator[GatewayModel]:
        """Every model of the client's account, page after page, read as you iterate.

        A loop's output models are among them; ``filter`` and ``order_by`` as the API takes
        them.
        """
        with generated():
            import fireworks_gateway.api.gateway.gateway_list_models as models
        found = self._list(MODELS, models.asyncio_detailed, page_size, filter, order_by)
        return self._items(found, lambda page: page.models)

    async def delete_model(self, model: str | GatewayModel) -> Deleted:
        """Delete a model (an earlier step's output model the loop no longer needs).

        Idempotent, so retried like reads: a retry that finds it gone reports
        ``already_gone``. A model a deployment serves is unloaded first (:meth:`unload_lora`).
        """
        with generated():
            import fireworks_gateway.api.gateway.gateway_delete_model as delete_model
        ref = self._ref(model, MODELS, "model")
        return await self._deleted(on(ref, delete_model.asyncio_detailed))

    async def wait_for_model(
        self,
        model: str | GatewayModel,
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> GatewayModel:
        """Wait until a model (a promoted checkpoint, say) is READY.

        Args:
            model: A bare model ID, ``accounts/{a}/models/{m}``, or a generated model.
            timeout: Seconds to wait in all (default two hours).
            poll_interval: Seconds between the first polls (default 1).

        Raises:
            WaitFailedError: The model is gone.
            WaitTimeoutError: ``timeout`` passed.
        """
        call = self._model_call(self._ref(model, MODELS, "model"))
        return await self._wait_until(call, MODEL_READY, timeout, poll_interval, recorded=True)

    # -- trainer jobs ----------------------------------------------------------------------

    async def create_job(
        self,
        job_id: str,
        *,
        base_model: str,
        keep_alive: bool = True,
        training_config: Mapping[str, object] | GatewayBaseTrainingConfig | None = None,
        hot_load_deployment: str | None = None,
        display_name: str | None = None,
        training_shape: str | GatewayTrainingShape | GatewayTrainingShapeVersion | None = None,
        service_mode: bool = False,
        inactivity_timeout: str | None = None,
        disable_inactivity_cleanup: bool | None = None,
        exist_ok: bool = False,
        **fields: object,
    ) -> GatewayRlorTrainerJob:
        """Create a trainer job with the ID you choose (keep-alive by default).

        Creating is not idempotent, so it is never retried after an ambiguous failure;
        the job is read back instead, and created again only if it does not exist. An ID
        that belongs to a deleted (or archived) job stays taken for good: with
        ``exist_ok=True`` such a job raises at once.

        Args:
            job_id: The job's ID (bare, in the client's account) or full name.
            base_model: The model to train: a bare ID or ``accounts/{a}/models/{m}``.
            keep_alive: Keep the trainer up between steps (``executeTrainStep``).
            training_config: More of the job's ``trainingConfig`` (snake_case or camelCase
                keys, or a generated ``GatewayBaseTrainingConfig``).
            hot_load_deployment: The deployment whose hot-load bucket gets the checkpoints
                (a bare ID or ``accounts/{a}/deployments/{d}``).
            display_name: A name for people.
            training_shape: A validated training shape to launch on (the ``trainingShape``
                query): a shape, a version (``.../versions/{v}``, as
                :meth:`resolve_training_shape` returns), or ``.../versions/latest``; a bare
                shape ID is in the job's account.
            service_mode: Create a service-mode trainer (``serviceMode: true``,
                ``keepAlive: false``), as Fireworks' Training SDK does: its endpoint is the
                job's ``directRouteHandle`` (see :meth:`wait_for_job`).
            inactivity_timeout: How long the job may stay without activity before Fireworks
                stops it, as a duration such as ``"1800s"`` (its default: 10 or 60 minutes,
                the sources disagree; values above 3 h are rejected, says Fireworks'
                cookbook). A field newer than the bundled spec: sent as is.
            disable_inactivity_cleanup: Never stop the job for inactivity; Fireworks
                honours it only for some (Fireworks-owned) accounts. Sent as is.
            exist_ok: Return the existing job when ``job_id`` is taken, instead of raising.
            **fields: Any other field of the job (snake_case or camelCase).

        Returns:
            The job, as the server answered (``JOB_STATE_CREATING`` at first).

        Raises:
            ConflictError: ``job_id`` is taken and ``exist_ok`` is False, or it belongs to a
                deleted or archived job (choose a new ID).
            TypeError, ValueError: Bad arguments; nothing was sent.
        """
        with generated():
            import fireworks_gateway.api.gateway.gateway_create_rlor_trainer_job as create
            from fireworks_gateway.models import GatewayRlorTrainerJob
        ref = self._ref(job_id, JOBS, "job_id")
        check_bool(keep_alive, name="keep_alive")
        check_bool(service_mode, name="service_mode")
        model = self._ref(base_model, MODELS, "base_model", ref.account_id)
        config = {**_api_json(training_config, "training_config"), "baseModel": model.name}
        payload: dict[str, object] = {"keepAlive": keep_alive, "trainingConfig": config}
        if service_mode:
            payload.update(serviceMode=True, keepAlive=False)
        if inactivity_timeout is not None:
            payload["inactivityTimeout"] = check_str(inactivity_timeout, name="inactivity_timeout")
        if disable_inactivity_cleanup is not None:
            check_bool(disable_inactivity_cleanup, name="disable_inactivity_cleanup")
            payload["disableInactivityCleanup"] = disable_inactivity_cleanup
        shape = given(
            None
            if training_shape is None
            else resolve_training_shape(training_shape, account_id=ref.account_id).name
        )
        if display_name is not None:
            payload["displayName"] = check_str(display_name, name="display_name")
        if hot_load_deployment is not None:
            deployment = self._ref(
                hot_load_deployment, DEPLOYMENTS, "hot_load_deployment", ref.account_id
            )
            payload["hotLoadDeploymentId"] = deployment.id
        payload.update(_api_json(fields, "fields"))
        body = GatewayRlorTrainerJob.from_dict(payload)
        call = Call(
            ref,
            lambda gateway: create.asyncio_detailed(
                ref.account_id,
                client=gateway,
                body=body,
                rlor_trainer_job_id=ref.id,
                training_shape=shape,
            ),
        )
        try:
            created = await self._create_once(
                ref, lambda: self._answer(call), lambda: self._live_job(ref)
            )
        except ConflictError as exc:
            if exist_ok:
                return _not_tombstoned(await self.get_job(ref.name), exc)
            exc.add_note(
                f"{ref.name} exists already: pass exist_ok=True to get the existing job instead."
            )
            raise
        self._accepted(JOB_RUNS.kind, ref.name)
        return created

    async def wait_for_job(
        self,
        job: str,
        *,
        timeout: float = DEFAULT_JOB_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> GatewayRlorTrainerJob:
        """Wait until a job runs (``JOB_STATE_RUNNING`` or ``JOB_STATE_IDLE``).

        A service-mode job is waited for until it also has its ``directRouteHandle`` (the
        trainer endpoint a Tinker-style client connects to; the training protocol behind it
        is not part of the Gateway API); a timeout says when it ran without one.

        Raises:
            WaitFailedError: The job reached a terminal state, or is gone.
            JobStoppedError: The job stopped (``JOB_STATE_PAUSED``): resume it.
            WaitTimeoutError: ``timeout`` passed.
        """
        call = self._job_call(resolve_job(job, account_id=self.account_id))
        return await self._wait_until(call, JOB_RUNS, timeout, poll_interval)

    async def get_job(self, job: str) -> GatewayRlorTrainerJob:
        """Read a trainer job (idempotent: retried on 5xx, timeouts and dropped connections).

        Args:
            job: A bare job ID or ``accounts/{account}/rlorTrainerJobs/{job}``.

        Returns:
            The generated ``fireworks_gateway.models.GatewayRlorTrainerJob``; a state this
            package does not know parses as a member-like ``GatewayJobState``.
        """
        return await self._answer(self._job_call(resolve_job(job, account_id=self.account_id)))

    async def delete_job(self, job: str) -> Deleted:
        """Delete a trainer job (a keep-alive job stops; idempotent, so retried like reads).

        When a retry finds the job gone (an earlier attempt deleted it and its answer was
        lost), the delete succeeded: the result says so (``already_gone``).

        Args:
            job: A bare job ID or ``accounts/{account}/rlorTrainerJobs/{job}``.
        """
        with generated():
            import fireworks_gateway.api.gateway.gateway_delete_rlor_trainer_job as delete_job
        ref = resolve_job(job, account_id=self.account_id)
        return await self._deleted(on(ref, delete_job.asyncio_detailed))

    def list_jobs(
        self,
        *,
        page_size: int | None = None,
        filter: str | None = None,
        order_by: str | None = None,
    ) -> AsyncIterator[GatewayRlorTrainerJob]:
        """Every trainer job of the client's account, page after page, read as you iterate."""
        with generated():
            import fireworks_gateway.api.gateway.gateway_list_rlor_trainer_jobs as jobs
        found = self._list(JOBS, jobs.asyncio_detailed, page_size, filter, order_by)
        return self._items(found, lambda page: page.rlor_trainer_jobs)

    async def cancel_job(self, job: str) -> None:
        """Cancel a trainer job (a keep-alive job stops for good; it can be deleted after).

        Retried like a read after an ambiguous failure (assumed idempotent: cancelling a
        cancelled job leaves it cancelled); a retry answered "already cancelled" succeeds.
        """
        with generated():
            import fireworks_gateway.api.gateway.gateway_cancel_rlor_trainer_job as cancel
            from fireworks_gateway.models import GatewayCancelRlorTrainerJobBody
        ref = resolve_job(job, account_id=self.account_id)
        body = GatewayCancelRlorTrainerJobBody()
        call = Call(
            ref,
            lambda gateway: cancel.asyncio_detailed(*_path(ref), client=gateway, body=body),
            RETRY_SAFE,
        )
        await self._job_change(call, CANCELLED_JOB_STATES)

    async def resume_job(self, job: str) -> GatewayRlorTrainerJob:
        """Resume a stopped trainer job (e.g. one stopped for inactivity); the job.

        Retried like a read after an ambiguous failure (assumed idempotent: resuming a
        running job leaves it running); a retry answered "already running" succeeds.
        """
        with generated():
            import fireworks_gateway.api.gateway.gateway_resume_rlor_trainer_job as resume
            from fireworks_gateway.models import GatewayResumeRlorTrainerJobBody
        ref = resolve_job(job, account_id=self.account_id)
        body = GatewayResumeRlorTrainerJobBody()
        call = Call(
            ref,
            lambda gateway: resume.asyncio_detailed(*_path(ref), client=gateway, body=body),
            RETRY_SAFE,
        )
        return await self._job_change(call, RUNNING_JOB_STATES)

    def list_checkpoints(
        self, job: str, *, page_size: int | None = None, promotable: bool | None = None
    ) -> AsyncIterator[GatewayRlorTrainerJobCheckpoint]:
        """The job's checkpoints (``GatewayRlorTrainerJobCheckpoint``), read as you iterate.

        ``promotable=True`` keeps those :meth:`promote_checkpoint` takes (``False``: the
        others); the filter is the client's, page after page.
        """
        ref = resolve_job(job, account_id=self.account_id)
        size = optional_page_size(page_size)
        if promotable is not None:
            check_bool(promotable, name="promotable")
        return self._items(
            self._pages(ref, self._checkpoints_page(ref, size)),
            lambda page: page.checkpoints,
            keep=None if promotable is None else lambda c: (c.promotable is True) is promotable,
        )

    async def promote_checkpoint(
        self,
        checkpoint: str | GatewayRlorTrainerJobCheckpoint,
        *,
        output_model: str,
        base_model: str | None = None,
    ) -> GatewayModel:
        """Promote a checkpoint of a trainer job to a model you can deploy.

        Not idempotent: never retried after an ambiguous failure. A lost answer is
        reconciled by reading the output model (it exists: it was promoted) before anything
        is sent again, as :meth:`create_job` does. With a ledger, a promotion is recorded
        like a step (the checkpoint in place of the dataset): sent at most once, across
        restarts; a recorded one returns its model. The model may not be READY yet: wait
        for it with :meth:`wait_for_model`.

        Args:
            checkpoint: What :meth:`list_checkpoints` returned, or its name
                ``accounts/{a}/rlorTrainerJobs/{j}/checkpoints/{c}`` (the job comes from it).
            output_model: The model to make: a bare ID (in the job's account) or full name.
            base_model: The base model whose metadata the model inherits (the spec requires
                it); default: the job's ``trainingConfig.baseModel``, read from the job.

        Returns:
            The promoted model, as the server answered.

        Raises:
            StepAlreadySentError: With a ledger: the output model names another step or
                promotion, or another process is promoting it now; nothing was sent.
            BadRequestError: The checkpoint cannot be promoted (``promotable`` false).
        """
        promotion = Step.promotion(checkpoint, output_model, base_model)
        if base_model is None:  # the arguments are checked: read the job's base model
            job = await self.get_job(promotion.job.name)
            config = present(job.training_config)
            base = None if config is None else present(config.base_model)
            if not isinstance(base, str) or not base:
                raise ValueError(
                    f"{promotion.job.name} names no trainingConfig.baseModel: pass base_model="
                )
            promotion = Step.promotion(checkpoint, output_model, base)
        call = self._promotion_call(promotion)
        model = self._model_call(promotion.output_model)
        return await self._made_once(
            promotion,
            lambda run: self._promote(promotion, call, run),
            functools.partial(self._found, model),
            recorded=functools.partial(self._answer, model),
        )

    async def get_job_logs_url(self, job: str) -> str:
        """The signed URL of a trainer job's public log (valid 24 h; on another host).

        Read the log with :meth:`read_job_logs`, which never sends the API key there.
        """
        with generated():
            import fireworks_gateway.api.gateway.gateway_get_rlor_trainer_job_public_logs as logs
        ref = resolve_job(job, account_id=self.account_id)
        found = await self._answer(on(ref, logs.asyncio_detailed))
        if not isinstance(found.signed_url, str) or not found.signed_url:
            raise _missing(f"The server answered no signedUrl for the logs of {ref.name}.")
        return found.signed_url

    async def read_job_logs(self, job: str, *, tail: int | None = None) -> str:
        """A trainer job's public log, as text (its last ``tail`` lines, if given).

        It fetches :meth:`get_job_logs_url`'s signed URL with a GET of its own: the API key is
        never sent to that host, nothing but a GET follows the URL, and at most
        ``max_response_bytes`` are read.
        """
        if tail is not None:
            check_positive_int(tail, name="tail")
        text = (await self._fetch_signed("GET", await self.get_job_logs_url(job))).decode(
            "utf-8", errors="replace"
        )
        return text if tail is None else "\n".join(text.splitlines()[-tail:])

    # -- training shapes ---------------------------------------------------------------------

    def list_training_shapes(
        self, *, page_size: int | None = None, filter: str | None = None
    ) -> AsyncIterator[GatewayTrainingShape]:
        """The training shapes of the client's account (``GatewayTrainingShape``), page by page."""
        with generated():
            import fireworks_gateway.api.gateway.gateway_list_training_shapes as shapes
        found = self._list(TRAINING_SHAPES, shapes.asyncio_detailed, page_size, filter)
        return self._items(found, lambda page: page.training_shapes)

    async def get_training_shape(self, shape: str | GatewayTrainingShape) -> GatewayTrainingShape:
        """Read a training shape: a bare ID (the client's account), its full name, or itself."""
        with generated():
            import fireworks_gateway.api.gateway.gateway_get_training_shape as get_shape
        ref = resolve_training_shape(shape, account_id=self.account_id)
        if "/versions/" in ref.id:
            raise ValueError(f"shape must be a training shape, not a version: {ref.name!r}")
        return await self._answer(on(ref, get_shape.asyncio_detailed))

    async def resolve_training_shape(
        self, shape: str | GatewayTrainingShape | GatewayTrainingShapeVersion
    ) -> GatewayTrainingShapeVersion:
        """The latest validated version of a training shape (``GatewayTrainingShapeVersion``).

        Pass its ``name`` as ``create_job(..., training_shape=...)``, as Fireworks' Training
        SDK does before a launch. A version given by name (``.../versions/{v}``) is read
        and returned as it is.

        Raises:
            LookupError: The shape has no validated version.
        """
        with generated():
            import fireworks_gateway.api.gateway.gateway_get_training_shape_version as get_version
            import fireworks_gateway.api.gateway.gateway_list_training_shape_versions as versions
        ref = resolve_training_shape(shape, account_id=self.account_id)
        shape_id, _, version = ref.id.partition("/versions/")
        if version and version != "latest":
            return await self._answer(
                Call(
                    ref,
                    lambda gateway: get_version.asyncio_detailed(
                        ref.account_id, shape_id, version, client=gateway
                    ),
                )
            )
        parent = ResourceRef(TRAINING_SHAPES, ref.account_id, shape_id)
        found = self._items(
            self._pages(
                parent,
                lambda gateway, token: versions.asyncio_detailed(
                    *_path(parent), client=gateway, page_token=token
                ),
            ),
            lambda page: page.training_shape_versions,
        )
        validated = [v async for v in found if v.validated is True]
        latest = [v for v in validated if v.latest_validated is True]
        if latest or validated:
            return (latest or sorted(validated, key=lambda v: str(v.create_time)))[-1]
        raise LookupError(f"the training shape {parent.name} has no validated version")

    # -- hot-loaded LoRAs ------------------------------------------------------------------

    async def load_lora(
        self,
        model: str | GatewayModel,
        *,
        deployment: str,
        replace_merged_addon: bool = False,
        display_name: str | None = None,
    ) -> GatewayDeployedModel:
        """Load a trained LoRA (a step's output model) onto a deployment ("Load LoRA").

        Loading is not idempotent: it is never retried after an ambiguous failure. With a
        ledger, a load is recorded like a step, one per LoRA and deployment, so a restarted
        loop does not load its earlier LoRAs again: a recorded load returns the deployed
        model it made (found by listing the deployed models); one whose answer was lost, or
        whose sender died, is looked for the same way before it is sent again; one unloaded
        since is loaded again.

        Args:
            model: A bare model ID or ``accounts/{a}/models/{m}`` (e.g. ``done.model``).
            deployment: A bare deployment ID or ``accounts/{a}/deployments/{d}``.
            replace_merged_addon: Swap out the adapter the deployment serves now.
            display_name: A name for people.

        Returns:
            The deployed model (``DEPLOYING`` at first): wait for it with
            :meth:`wait_for_deployed_model`.

        Raises:
            StepAlreadySentError: With a ledger: another live process is loading this LoRA
                onto this deployment right now; nothing was sent.
        """
        with generated():
            import fireworks_gateway.api.gateway.gateway_create_deployed_model as load
            from fireworks_gateway.models import GatewayDeployedModel
        lora = self._ref(model, MODELS, "model")
        target = self._ref(deployment, DEPLOYMENTS, "deployment", lora.account_id)
        check_bool(replace_merged_addon, name="replace_merged_addon")
        body = GatewayDeployedModel(model=lora.name, deployment=target.name)
        if display_name is not None:
            body.display_name = check_str(display_name, name="display_name")
        parent = ResourceRef(DEPLOYED_MODELS, lora.account_id, "-")
        replace = given(True if replace_merged_addon else None)
        call = Call(
            parent,
            lambda gateway: load.asyncio_detailed(
                lora.account_id, client=gateway, body=body, replace_merged_addon=replace
            ),
        )
        step = Step.lora_load(lora, target)
        loaded = await self._made_once(
            step,
            lambda run: self._recorded_create(step, call, run),
            functools.partial(self._loaded, lora, target),
        )
        if not isinstance(loaded.name, str) or not loaded.name:
            raise _missing(
                f"The server accepted the load of {lora.name} onto {target.name} but answered no "
                "deployed model name: it may be loading. Check list_deployed_models() (with a "
                "ledger, load_lora again finds it) before loading it again."
            )
        self._accepted(LORA_SERVES.kind, loaded.name)
        return loaded

    async def get_deployed_model(
        self, deployed_model: str | GatewayDeployedModel
    ) -> GatewayDeployedModel:
        """Read a deployed model: what ``load_lora`` returned, a bare ID or a full name."""
        ref = self._ref(deployed_model, DEPLOYED_MODELS, "deployed_model")
        return await self._answer(self._deployed_model_call(ref))

    async def wait_for_deployed_model(
        self,
        deployed_model: str | GatewayDeployedModel,
        *,
        timeout: float = DEFAULT_LORA_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> GatewayDeployedModel:
        """Wait until a loaded LoRA serves (``DEPLOYED``).

        Raises:
            WaitFailedError: It is being undeployed, or is gone.
            WaitTimeoutError: ``timeout`` passed.
        """
        ref = self._ref(deployed_model, DEPLOYED_MODELS, "deployed_model")
        return await self._wait_until(
            self._deployed_model_call(ref), LORA_SERVES, timeout, poll_interval, recorded=True
        )

    def list_deployed_models(
        self, *, page_size: int | None = None
    ) -> AsyncIterator[GatewayDeployedModel]:
        """The deployed models (hot-loaded LoRAs) of the client's account, page by page."""
        return self._deployed_models(self.account_id, page_size)

    async def unload_lora(
        self, model: str | GatewayModel | GatewayDeployedModel, *, deployment: str | None = None
    ) -> Deleted:
        """Unload a LoRA: what ``load_lora`` returned (or its name), or model and deployment.

        Given the model and the deployment, the deployed model is found by listing.

        Returns:
            ``Deleted``; ``already_gone`` when there was nothing to unload.
        """
        with generated():
            import fireworks_gateway.api.gateway.gateway_delete_deployed_model as unload
        if deployment is None:
            ref = self._ref(model, DEPLOYED_MODELS, "deployed_model")
        else:
            lora = self._ref(model, MODELS, "model")
            target = self._ref(deployment, DEPLOYMENTS, "deployment", lora.account_id)
            found = await self._loaded(lora, target)
            if found is None:
                from ._results import Deleted  # with the first result: see _results

                return Deleted(name=f"{lora.name} on {target.name}", already_gone=True)
            ref = self._ref(found, DEPLOYED_MODELS, "deployed_model")
        return await self._deleted(on(ref, unload.asyncio_detailed))

    # -- datasets --------------------------------------------------------------------------

    async def get_dataset(self, dataset: str | GatewayDataset) -> GatewayDataset:
        """Read a dataset: a bare ID, ``accounts/{a}/datasets/{d}``, or a dataset."""
        return await self._answer(self._dataset_call(self._ref(dataset, DATASETS, "dataset")))

    def list_datasets(
        self, *, page_size: int | None = None, filter: str | None = None
    ) -> AsyncIterator[GatewayDataset]:
        """Every dataset of the client's account, page after page, read as you iterate."""
        with generated():
            import fireworks_gateway.api.gateway.gateway_list_datasets as datasets
        found = self._list(DATASETS, datasets.asyncio_detailed, page_size, filter)
        return self._items(found, lambda page: page.datasets)

    async def delete_dataset(self, dataset: str | GatewayDataset) -> Deleted:
        """Delete a dataset (e.g. a step's rollouts, once the step is READY)."""
        with generated():
            import fireworks_gateway.api.gateway.gateway_delete_dataset as delete_dataset
        ref = self._ref(dataset, DATASETS, "dataset")
        return await self._deleted(on(ref, delete_dataset.asyncio_detailed))

    async def upload_dataset(
        self,
        dataset: str,
        rows_or_path: Iterable[Mapping[str, object]] | str | os.PathLike[str],
        *,
        timeout: float = DEFAULT_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> GatewayDataset:
        """Upload a step's rollouts as a dataset and wait until it is READY.

        As the spec describes it: create the dataset (``Gateway_CreateDataset``), get a
        signed upload URL (``Gateway_GetDatasetUploadEndpoint``), PUT the JSONL there (on
        another host: without the API key), validate the upload
        (``Gateway_ValidateDatasetUpload``), and wait for ``READY``. A dataset that exists
        already is uploaded to; one READY already is returned as it is. Since 2026-11-15
        Fireworks' live platform answers these operations 501: that raises
        :class:`DatasetOperationRetiredError`, which says what to use instead.

        The API keeps no hash of a dataset's rows, so with a ledger each upload records
        one (SHA-256 of the JSONL): the same rows again (a resumed loop) return the dataset,
        other rows raise ValueError before anything is sent. A READY dataset whose rows
        could not be compared (no ledger, or one that never recorded it) is returned with a
        ``UserWarning`` saying so.

        Args:
            dataset: The dataset's ID (in the client's account) or full name.
            rows_or_path: The rollouts: JSON-able rows (one JSONL line each), or the path
                of a JSONL file.
            timeout: Seconds to wait for READY after the upload.
            poll_interval: Seconds between the first polls.

        Returns:
            The READY dataset (``GatewayDataset``).

        Raises:
            ValueError: With a ledger: the dataset was uploaded with other rows.
        """
        with generated():
            import fireworks_gateway.api.gateway.gateway_create_dataset as create
            import fireworks_gateway.api.gateway.gateway_get_dataset_upload_endpoint as endpoint
            import fireworks_gateway.api.gateway.gateway_validate_dataset_upload as validate
            from fireworks_gateway.models import (
                GatewayCreateDatasetBody,
                GatewayGetDatasetUploadEndpointBody,
                GatewayValidateDatasetUploadBody,
            )
        ref = self._ref(dataset, DATASETS, "dataset")
        content, filename = _jsonl(rows_or_path, ref.id)
        compared = await self._same_rows(ref, content)
        payload = {"datasetId": ref.id, "dataset": {"displayName": ref.id, "userUploaded": {}}}
        body = GatewayCreateDatasetBody.from_dict(payload)
        creation = Call(
            ref,
            lambda gateway: create.asyncio_detailed(ref.account_id, client=gateway, body=body),
            RETIRED,
        )
        try:
            await self._create_once(
                ref, lambda: self._answer(creation), lambda: self._found(self._dataset_call(ref))
            )
        except ConflictError:
            existing = await self.get_dataset(ref.name)
            if str(existing.state) == "READY":
                if not compared:
                    _rows_not_compared(ref)
                return existing
        sizes = GatewayGetDatasetUploadEndpointBody.from_dict(
            {"filenameToSize": {filename: str(len(content))}}
        )
        urls = await self._answer(
            Call(
                ref,
                lambda gateway: endpoint.asyncio_detailed(*_path(ref), client=gateway, body=sizes),
                RETIRED_RETRY_SAFE,
            )
        )
        signed = present(urls.filename_to_signed_urls)
        url = None if signed is None else signed.additional_properties.get(filename)
        if not isinstance(url, str) or not url:
            raise _missing(
                f"The server answered no signed upload URL for {filename} of {ref.name}."
            )
        await self._fetch_signed("PUT", url, content)
        check = GatewayValidateDatasetUploadBody()
        await self._answer(
            Call(
                ref,
                lambda gateway: validate.asyncio_detailed(*_path(ref), client=gateway, body=check),
                RETIRED_RETRY_SAFE,
            )
        )
        return await self._wait_until(
            self._dataset_call(ref), DATASET_READY, timeout, poll_interval
        )

    # -- closing -----------------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the connection pool and the ledger, unless the user gave them."""
        if self._owns_pool:
            await self._pool.aclose()
        self._close_ledger()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    # -- inside: the calls several methods make ----------------------------------------------

    def _model_call(self, ref: ResourceRef) -> AsyncCall[GatewayModel]:
        with generated():
            import fireworks_gateway.api.gateway.gateway_get_model as get_model
        return on(ref, get_model.asyncio_detailed)

    def _job_call(self, ref: ResourceRef) -> AsyncCall[GatewayRlorTrainerJob]:
        with generated():
            import fireworks_gateway.api.gateway.gateway_get_rlor_trainer_job as get_job
        return on(ref, get_job.asyncio_detailed)

    def _dataset_call(self, ref: ResourceRef) -> AsyncCall[GatewayDataset]:
        with generated():
            import fireworks_gateway.api.gateway.gateway_get_dataset as get_dataset
        return on(ref, get_dataset.asyncio_detailed)

    def _deployed_model_call(self, ref: ResourceRef) -> AsyncCall[GatewayDeployedModel]:
        with generated():
            import fireworks_gateway.api.gateway.gateway_get_deployed_model as get_deployed
        return on(ref, get_deployed.asyncio_detailed)

    def _checkpoints_page(
        self, job: ResourceRef, size: int | Unset
    ) -> Callable[
        [GatewayClient, str | Unset],
        Awaitable[Response[GatewayListRlorTrainerJobCheckpointsResponse]],
    ]:
        """One page of a job's checkpoints, as :meth:`_pages` reads it."""
        with generated():
            import fireworks_gateway.api.gateway.gateway_list_rlor_trainer_job_checkpoints as page
        return lambda gateway, token: page.asyncio_detailed(
            *_path(job), client=gateway, page_size=size, page_token=token
        )

    def _deployed_models(
        self, account_id: str | None, page_size: object
    ) -> AsyncIterator[GatewayDeployedModel]:
        with generated():
            import fireworks_gateway.api.gateway.gateway_list_deployed_models as deployed
        found = self._list(
            DEPLOYED_MODELS, deployed.asyncio_detailed, page_size, None, None, account_id
        )
        return self._items(found, lambda page: page.deployed_models)

    def _step_call(self, step: Step) -> AsyncCall[GatewayExecuteRlorTrainStepResponse200]:
        with generated():
            import fireworks_gateway.api.gateway.gateway_execute_rlor_train_step as execute
            from fireworks_gateway.models.gateway_execute_rlor_train_step_body import (
                GatewayExecuteRlorTrainStepBody,  # from its module: every step imports it
            )
        body = GatewayExecuteRlorTrainStepBody(
            dataset=step.dataset.name, output_model=step.output_model.name
        )
        job = step.job
        return Call(
            job, lambda gateway: execute.asyncio_detailed(*_path(job), client=gateway, body=body)
        )

    def _promotion_call(self, promotion: Step) -> AsyncCall[GatewayPromoteCheckpointResponse]:
        with generated():
            import fireworks_gateway.api.gateway.gateway_promote_checkpoint as promote
            from fireworks_gateway.models import GatewayPromoteCheckpointBody
        assert promotion.base_model is not None  # read from the job when not given
        body = GatewayPromoteCheckpointBody(
            output_model=promotion.output_model.name,
            trainer_job_id=promotion.job.name,
            base_model=promotion.base_model.name,
        )
        point = promotion.dataset
        return Call(
            point,
            lambda gateway: promote.asyncio_detailed(*_path(point), client=gateway, body=body),
        )

    # -- inside: sending and answering ---------------------------------------------------------

    async def _send(self, call: AsyncCall[M], gateway: GatewayClient | None = None) -> Response[M]:
        """Send a checked call with its generated function; its ``Response``.

        The operation's facts (:class:`~._calls.Facts`) reach the sender for the call.
        """
        bound = OPERATION.set(call.facts)
        try:
            return await call.send(gateway or self._gateway)
        finally:
            OPERATION.reset(bound)

    async def _answer(self, call: AsyncCall[M], gateway: GatewayClient | None = None) -> M:
        """Send a checked call; the generated model of its 2xx answer."""
        return parsed(call.ref, await self._send(call, gateway))

    async def _deleted(self, call: AsyncCall[Any]) -> Deleted:
        """Send a delete: confirmed, or found gone on a retry (an earlier attempt's)."""
        from ._results import Deleted  # with the first result: see _results

        response = await self._send(call)
        gone = int(response.status_code) == 404
        if not gone:
            parsed(call.ref, response)
        return Deleted(name=call.ref.name, already_gone=gone)

    async def _found(self, call: AsyncCall[M]) -> M | None:
        """What ``call`` reads; None when it is not there (404)."""
        try:
            return await self._answer(call)
        except NotFoundError:
            return None

    async def _live_job(self, ref: ResourceRef) -> GatewayRlorTrainerJob | None:
        """The job, unless it is absent or deleted (a deleted job's ID stays taken)."""
        job = await self._found(self._job_call(ref))
        return None if job is None or str(job.state) in TOMBSTONED_JOB_STATES else job

    async def _create_once(
        self,
        ref: ResourceRef,
        send: Callable[[], Awaitable[M]],
        find: Callable[[], Awaitable[M | None]],
    ) -> M:
        """Send a creation that is not idempotent at most once: the one home of that rule.

        After an ambiguous failure (``may_have_been_processed``) it reads back what the
        creation makes (``find``): there, it is returned; certainly absent, it is sent
        again; unreadable, the first failure is raised with a note saying so.
        """
        try:
            return await send()
        except APIError as lost:
            if not lost.may_have_been_processed:
                raise
            logger.warning("%s may have been created: reading it back", ref.name)
            try:
                found = await find()
            except APIError as unread:
                lost.add_note(
                    f"{ref.name} may have been created: reading it back failed too "
                    f"({unread}). Check that before sending it again."
                )
                raise lost from unread
            if found is not None:
                return found
            return await send()  # certainly absent: it never ran, so send it again

    async def _job_change(
        self, call: AsyncCall[M], reached: frozenset[str]
    ) -> M | GatewayRlorTrainerJob:
        """Cancel or resume: the answer, or the job when a retry found it done already.

        When a retry (an earlier attempt may have acted) is refused with 400 or 409 and
        the job is in a state of ``reached``, the earlier attempt did it: the change
        succeeded, and the job as read now is returned.
        """
        try:
            return await self._answer(call)
        except APIStatusError as exc:
            retried = exc.attempts > 1 and exc.may_have_been_processed
            if not retried or exc.status_code not in (400, 409):
                raise
            job = await self._answer(self._job_call(call.ref))
            if str(job.state) not in reached:
                raise
            logger.warning("%s: an earlier attempt did it (%s)", call.ref.name, job.state)
            return job

    async def _read(self, call: AsyncCall[Any], deadline: float) -> object:
        """One read of a wait, bounded by ``deadline``: the model, or the APIError."""
        bound = CALL_SCOPE.set(CallScope(within=deadline))
        try:
            answer: object = await self._answer(call)
            return answer
        except APIError as exc:
            return exc
        finally:
            CALL_SCOPE.reset(bound)

    async def _wait_until(
        self,
        call: AsyncCall[M],
        goal: Goal,
        timeout: float,
        poll_interval: float,
        *,
        recorded: bool = False,
    ) -> M:
        """Poll ``call``'s resource until it reaches ``goal`` (a :class:`ResourceWait`).

        ``recorded``: the resource is a promotion's model or a LoRA load's deployed model,
        whose finish (ready, or failed) the ledger records when there is one.
        """
        wait = ResourceWait(
            name=call.ref.name,
            goal=goal,
            call=call,
            timeout=timeout,
            poll_interval=poll_interval,
            timing=self._settings.timing,
            history=self._history,
            budget=self._reads,
        )
        try:
            reached: M = await self._poll_until(wait)
        except WaitFailedError as exc:
            if recorded:
                await self._record_waited(wait, str(exc))
            raise
        if recorded:
            await self._record_waited(wait, None)
        return reached

    async def _record_waited(self, wait: ResourceWait, error: str | None) -> None:
        """With a ledger, record the finish a promotion's or a load's wait saw."""
        if self._ledger is not None:
            from ._ledger_runs import record_waited

            await _off_loop(
                record_waited,
                self._ledger,
                wait.goal.kind,
                wait.name,
                wait.resource,
                now=self._settings.timing.wall_clock(),
                polls=wait.polls,
                lag_estimate=wait.lag_estimate(),
                error=error,
            )

    async def _poll_until(self, wait: Wait | Reconcile) -> Any:
        """Poll until ``wait`` decides; it makes every decision, this only reads and sleeps."""
        sleep = self._settings.timing.async_sleep
        first = wait.first_delay()
        if first > 0:
            await sleep(first)
        while True:
            delay = wait.read_delay()
            if delay > 0:
                await sleep(delay)
            wait.record(*[await self._read(call, wait.read_deadline()) for call in wait.calls])
            await _awaited(wait.report())
            done = wait.decide()
            if done is not None:
                return done
            await sleep(wait.next_delay())

    def _list(
        self,
        collection: str,
        function: AccountList[Awaitable[Response[P]]],
        page_size: object,
        filter_: object = None,
        order_by: object = None,
        account_id: str | None = None,
    ) -> AsyncIterator[P]:
        """The pages of an account's list (the client's account unless ``account_id``)."""
        parent = account_ref(collection, account_id or self.account_id)
        size, where = optional_page_size(page_size), optional_str(filter_, name="filter")
        order = optional_str(order_by, name="order_by")
        return self._pages(
            parent,
            lambda gateway, token: function(
                parent.account_id,
                client=gateway,
                page_size=size,
                page_token=token,
                filter_=where,
                order_by=order,
            ),
        )

    async def _pages(
        self,
        parent: ResourceRef,
        page: Callable[[GatewayClient, str | Unset], Awaitable[Response[P]]],
    ) -> AsyncIterator[P]:
        """Every page of a list, each read when needed.

        A page token the server already gave in this listing raises
        ``APIResponseValidationError`` naming it, instead of reading the same pages forever.
        """
        token: str | Unset = given(None)
        seen: set[str] = set()
        while True:
            answer = await self._answer(
                Call(parent, lambda gateway: page(gateway, token))  # noqa: B023 - sent at once
            )
            yield answer
            following = next_token(answer)
            if following is None:
                return
            if following in seen:
                raise _missing(
                    f"The server gave the page token {following!r} twice while listing "
                    f"{parent.name.removesuffix('/-')}; stopped instead of reading the same "
                    "pages forever."
                )
            seen.add(following)
            token = following

    async def _items(
        self,
        pages: AsyncIterator[P],
        items: Callable[[P], list[I] | Unset],
        keep: Callable[[I], bool] | None = None,
    ) -> AsyncIterator[I]:
        """The items of each page (those ``keep`` keeps), page after page."""
        async for page in pages:
            found = items(page)
            for item in found if isinstance(found, list) else []:
                if keep is None or keep(item):
                    yield item

    # -- inside: steps ---------------------------------------------------------------------

    async def _send_recorded(
        self,
        step: Step,
        call: AsyncCall[M],
        gateway: GatewayClient,
        run: StepRun | None,
        within: float | None = None,
    ) -> Response[M]:
        """Send a step, a promotion or a load; the Response.

        With a ledger it is recorded before anything leaves the machine, and its failure is
        recorded as ``_failures.may_have_run`` says.
        """
        if run is not None:
            await _off_loop(run.begin_send)
        scope = CallScope(within=within)
        bound = CALL_SCOPE.set(scope)
        try:
            return await self._send(call, gateway)
        except BaseException as exc:
            ran = may_have_run(exc, under_way=scope.under_way)
            if ran:
                step.explain(exc)
            if run is not None:
                await _off_loop(run.failed, exc, may_have_run=ran)
            raise
        finally:
            CALL_SCOPE.reset(bound)

    async def _send_step(
        self, step: Step, gateway: GatewayClient, run: StepRun | None, within: float | None = None
    ) -> TrainStepResult:
        """Send a training step; its result, noted in the history (and the ledger)."""
        from ._results import TrainStepResult  # with the first result: see _results

        response = await self._send_recorded(step, self._step_call(step), gateway, run, within)
        result = TrainStepResult(
            job=step.job.name,
            account_id=step.job.account_id,
            job_id=step.job.id,
            dataset=step.dataset.name,
            output_model=step.output_model.name,
            request_id=response.headers.get(REQUEST_ID_HEADER),
            status_code=int(response.status_code),
        )
        self._accepted(result.job, result.output_model)
        if run is not None:
            await _off_loop(run.accepted, result)
        return result

    async def _recorded_create(self, step: Step, call: AsyncCall[M], run: StepRun | None) -> M:
        """Send a promotion or a load once; what it made (recorded as accepted, with a ledger)."""
        made = parsed(call.ref, await self._send_recorded(step, call, self._gateway, run))
        if run is not None:
            await _off_loop(run.accepted, None)
        return made

    async def _promote(
        self,
        promotion: Step,
        call: AsyncCall[GatewayPromoteCheckpointResponse],
        run: StepRun | None,
    ) -> GatewayModel:
        """Send a promotion once; the promoted model (an answer without it raises)."""
        model = present((await self._recorded_create(promotion, call, run)).model)
        if model is None:
            raise _missing(f"The server promoted {promotion.dataset.name} but answered no model.")
        return model

    async def _ready(self, record: StepRecord) -> CompletedStep:
        """A step the ledger holds READY: one poll, its model then its job (model gone: raise)."""
        ref = resolve(record.output_model, collection=MODELS, account_id=None, name="output_model")
        model = await self._found(self._model_call(ref))
        if model is None:
            raise OutputModelGoneError(
                f"The training step on {record.job} finished (the ledger holds it READY), but "
                f"its output model {record.output_model} was deleted since. Nothing was sent; "
                "a loop that deletes old output models can go on to its next step.",
                resource=record.output_model,
                record=record,
            )
        job = await self._found(self._job_call(resolve_job(record.job, account_id=None)))
        from ._results import CompletedStep  # with the first result: see _results

        return CompletedStep(model=model, job=job, elapsed=0.0, polls=1)

    async def _made_once(
        self,
        step: Step,
        send: Callable[[StepRun | None], Awaitable[M]],
        find: Callable[[], Awaitable[M | None]],
        recorded: Callable[[], Awaitable[M | None]] | None = None,
    ) -> M:
        """Make a promotion or a LoRA load at most once; what it made.

        Sent through :meth:`_create_once` (``find`` reads it back after an ambiguous
        failure); with a ledger, recorded like a step under its lease: a recorded one
        returns what it made (``recorded``, default ``find``), one that may have been sent is
        looked for first (:meth:`_made_before`). A promotion's output model that exists
        before anything was sent is not this promotion's: refused (it names one promotion).
        """
        run = None if self._ledger is None else self._step_run(step)
        try:
            if run is not None:
                made = await self._made_before(run, recorded or find, find)
                if made is not None:
                    return made
            if step.kind == "promotion" and await find() is not None:
                raise _model_exists(step)  # it is not this promotion's: it was not sent yet
            return await self._create_once(
                step.output_model, lambda: send(run), lambda: self._reconciled(run, find())
            )
        finally:
            if run is not None:
                await _off_loop(run.release)

    async def _made_before(
        self,
        run: StepRun,
        recorded: Callable[[], Awaitable[M | None]],
        find: Callable[[], Awaitable[M | None]],
    ) -> M | None:
        """With a ledger: what a recorded promotion or load made, or None to send it now.

        A recorded one returns ``recorded()``; one that may have been sent is looked for
        (``find``) and the finding recorded; one recorded but gone since (a LoRA unloaded)
        is sent again, decided under the step's lease: it is looked for once more after
        the lease is taken, so two callers re-loading it load it once. Another live process
        sending it raises StepAlreadySentError.
        """
        from ._ledger_runs import Next

        action = await _off_loop(run.next)
        if action is Next.WAIT_FOR_LEASE:
            raise run.busy()
        if action is Next.SEND:
            return None
        if action is Next.RECONCILE:
            return await self._reconciled(run, find())
        found = await recorded()
        if found is None:  # recorded, but gone since: decide under the lease
            await _off_loop(run.lease_to_send, force=True)
            found = await recorded()  # another caller may have made it again meanwhile
        return found

    async def _same_rows(self, ref: ResourceRef, content: bytes) -> bool:
        """Whether ``content`` is what ``ref`` was uploaded with, as the ledger recorded.

        False when that cannot be told (no ledger, or a first upload); other rows raise
        ValueError, before anything is sent.
        """
        if self._ledger is None:
            return False
        digest = hashlib.sha256(content).hexdigest()
        now = self._settings.timing.wall_clock()
        earlier = await _off_loop(self._ledger.record_upload, ref.name, digest, now=now)
        if earlier is not None and earlier != digest:
            raise ValueError(
                f"rows_or_path: dataset {ref.name} was uploaded with other rows (sha256 "
                f"{earlier[:12]}..., these are {digest[:12]}...), as the ledger recorded; a "
                "dataset's rows never change: upload these as a new dataset. Nothing was sent."
            )
        return earlier is not None

    async def _reconciled(self, run: StepRun | None, finding: Awaitable[M | None]) -> M | None:
        """What a read-back found, recorded in the ledger (ran or not) when there is one."""
        found = await finding
        if run is not None:
            await _off_loop(run.reconciled, found is not None)
        return found

    async def _ensure(
        self, run: StepRun, started: float, timeout: float, grace: float, poll_interval: float
    ) -> StepRecord:
        """Send a recorded step unless it was sent; reconcile a lost one first."""
        from ._ledger_runs import Next

        while True:
            try:
                action = await _off_loop(run.next)  # it may take the lease: inside the try
                if action is Next.WAIT:
                    return run.record()  # as ``next`` read it
                if action is Next.WAIT_FOR_LEASE:
                    delay = await _off_loop(run.lease_delay, started, timeout)
                    await self._settings.timing.async_sleep(delay)
                    continue
                left = await _off_loop(run.time_left, started, timeout)
                if action is Next.RECONCILE:
                    wait = await self._step_wait(
                        run.job, run.output_model, left, poll_interval, run.log_reconcile
                    )
                    since = run.record().created_at  # an older model: no proof
                    ran = await self._poll_until(Reconcile(wait, grace, not_before=since))
                    await _off_loop(run.reconciled, ran)
                    if ran:
                        continue
                    left = await _off_loop(run.time_left, started, timeout)
                await self._send_step(run.step, self._gateway, run, within=left)  # fits in it
                return run.record()  # accepted, as this run recorded it
            except APIError as exc:
                if not exc.may_have_been_processed:
                    raise
                run.lost_answer(exc)  # recorded as unknown: reconcile next
            finally:
                await _off_loop(run.release)

    async def _loaded(self, lora: ResourceRef, target: ResourceRef) -> GatewayDeployedModel | None:
        """The deployed model of ``lora`` on ``target``, found by listing; None if none.

        One being undeployed does not count: it is going away.
        """
        async for deployed in self._deployed_models(lora.account_id, None):
            loaded_on = str(deployed.deployment).rstrip("/")
            serves = state_of(deployed) not in LORA_SERVES.failed
            if deployed.model == lora.name and loaded_on == target.name and serves:
                return deployed
        return None

    async def _fetch_signed(self, method: str, url: str, content: bytes = b"") -> bytes:
        """A GET or PUT to a signed URL on another host; the answer's body.

        It goes through the client's sender, so the policy is the API's (retries of what is
        safe, bounds, typed errors); the key goes only to the API's own origins, so never
        there, and no redirect is followed.
        """
        target = httpx.URL(url)
        if target.scheme not in ("https", "http") or not target.host:
            raise _missing(
                f"The server gave a signed URL that is not http(s): {target.scheme}://..."
            )
        sender = self._gateway.get_async_httpx_client()
        response = await sender.request(method, target, content=content or None)
        return response.content

    def _run_args(
        self, job: object, dataset: object, output_model: object, timeout: object, grace: object
    ) -> tuple[StepRun, float, float, float]:
        """Check ``run_step``'s arguments: the step's run, its start, timeout and grace."""
        step = Step.checked(job, dataset, output_model, self.account_id)
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

    async def _step_wait(
        self,
        step: TrainStepResult | str,
        output_model: str | None,
        timeout: float,
        poll_interval: float,
        on_progress: ProgressCallback | None,
        stall_timeout: float | None = None,
    ) -> StepWait:
        """A checked wait for a step; nothing is sent.

        Earlier durations of the job's steps predict this one: the ledger's when it has
        some (read at this client's first wait for the job, then kept), else what this
        client saw.
        """
        from ._results import TrainStepResult  # with the first result: see _results

        if isinstance(step, TrainStepResult):
            if output_model is not None:
                raise TypeError("output_model is given by the TrainStepResult; do not pass it too")
            job_name: object = step.job
            output_model = step.output_model
        elif output_model is None:
            raise TypeError("output_model is required when the step is given as a job")
        else:
            job_name = step
        job = resolve_job(job_name, account_id=self.account_id)
        model = self._ref(output_model, MODELS, "output_model", job.account_id)
        durations, since = await _off_loop(self._recorded_history, job.name, model.name)
        checkpoints = None
        if stall_timeout is not None:
            first_page = self._checkpoints_page(job, optional_page_size(None))
            checkpoints = Call(job, lambda gateway: first_page(gateway, given(None)))
        return StepWait(
            job=job,
            output_model=model,
            calls=(self._model_call(model), self._job_call(job)),
            timeout=timeout,
            poll_interval=poll_interval,
            on_progress=on_progress,
            timing=self._settings.timing,
            history=self._history,
            durations=durations,
            since_accepted=since,
            is_async=True,  # async-only
            stall_timeout=stall_timeout,
            checkpoints=checkpoints,
            budget=self._reads,
        )

    def _record_outcome(self, wait: StepWait, outcome: CompletedStep | StepFailedError) -> None:
        """With a ledger, record what a step's wait saw (READY or failed), and keep its duration."""
        if self._ledger is not None and self._durations is not None:
            from ._ledger_runs import record_outcome

            now = self._settings.timing.wall_clock()
            job, model = wait.job.name, wait.output_model.name
            self._durations.finished(record_outcome(self._ledger, job, model, outcome, now=now))


def _rows_not_compared(ref: ResourceRef) -> None:
    """Warn that a READY dataset was returned without comparing its rows."""
    warnings.warn(
        f"Dataset {ref.name} is READY already and is returned as it is: its rows were not "
        "compared with the rows given (the API keeps no hash of them; a client with a "
        "ledger records one for each upload).",
        UserWarning,
        stacklevel=3,
    )


async def _off_loop(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Ledger I/O, off the event loop: in a worker thread with asyncio, inline without."""
    call = functools.partial(function, *args, **kwargs)
    from ._ledger import in_worker_thread  # async-only

    return await in_worker_thread(call)  # sync: return call()


async def _awaited(value: object) -> None:
    """Await what an ``on_progress`` coroutine function returned (a sync client has none)."""
    if inspect.isawaitable(value):  # async-only
        await value  # async-only


def _path(ref: ResourceRef) -> tuple[str, str]:
    """The path arguments of a call on one named resource: its account and ID."""
    return ref.account_id, ref.id


def _not_tombstoned(job: GatewayRlorTrainerJob, conflict: APIError) -> GatewayRlorTrainerJob:
    """``job``, unless it is deleted or archived: its ID is taken for good (raise ``conflict``)."""
    state = str(job.state)
    if state in TOMBSTONED_JOB_STATES:
        conflict.add_note(
            f"{job.name} belongs to a deleted job ({state}): its ID stays taken. Choose a new one."
        )
        raise conflict
    return job


def _model_exists(promotion: Step) -> StepAlreadySentError:
    """The refusal of a promotion whose output model exists already: nothing was sent."""
    name = promotion.output_model.name
    return StepAlreadySentError(
        f"Not sent: model {name} exists already, so promoting {promotion.dataset.name} to it "
        "would prove nothing about this promotion (an output model names one promotion). "
        "Choose a new output_model.",
        job=promotion.job.name,
        output_model=name,
        state="exists",
    )


def _missing(message: str) -> APIResponseValidationError:
    """A 2xx answer that lacks what the call needs from it."""
    return APIResponseValidationError(message, response=httpx.Response(200, content=b"{}"))


def _jsonl(rows_or_path: object, dataset_id: str) -> tuple[bytes, str]:
    """The upload's bytes and file name: a JSONL file as it is, or rows as JSONL lines."""
    if isinstance(rows_or_path, str | os.PathLike):
        path = os.fspath(rows_or_path)
        with open(path, "rb") as file:
            return file.read(), os.path.basename(path)
    if isinstance(rows_or_path, bytes | Mapping) or not hasattr(rows_or_path, "__iter__"):
        raise TypeError(
            "rows_or_path must be rows (an iterable of JSON-able mappings) or a path, got "
            f"{type(rows_or_path).__name__}"
        )
    import json

    lines = []
    for row in rows_or_path:
        if not isinstance(row, Mapping):
            raise TypeError(f"each row must be a mapping, got {type(row).__name__}")
        lines.append(json.dumps(row, ensure_ascii=False, allow_nan=False, separators=(",", ":")))
    return ("\n".join(lines) + "\n").encode(), f"{dataset_id}.jsonl"


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _api_json(value: object, name: str) -> dict[str, Any]:
    """A mapping (snake_case or camelCase keys) or a generated model, as API JSON."""
    if value is None:
        return {}
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        found = to_dict()
        if isinstance(found, dict):
            return found
    if not isinstance(value, Mapping):
        raise TypeError(
            f"{name} must be a mapping or a generated model, got {type(value).__name__}"
        )
    return {_camel(str(key)): item for key, item in value.items()}


AsyncClient.__module__ = "fireworks_rft"
