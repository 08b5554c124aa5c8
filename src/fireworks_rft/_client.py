# Generated from _async_client.py by tools/unasync.py (make generate). DO NOT EDIT.
"""The public client, every method written once: ``_async_client.py`` is the source.

tools/unasync.py writes ``_client.py``, its synchronous twin, from ``_async_client.py``
(``make generate``; ``make check-generated`` keeps the two equal).
Each operation the client calls is declared once, below, as an :class:`~._operations.Operation`
naming the methods that use it. A method checks its arguments (bad input raises before
anything is sent), sends with the generated operation through the gateway client (whose
sender applies the policy), and turns the answer into its result. Waits poll through one
loop (:meth:`Client._poll_until`) whose every decision is the wait object's
(:mod:`._waits`); with a ledger, each step is recorded through :mod:`._runs`.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

import httpx

from ._attempts import CALL_SCOPE, CallScope
from ._base_client import BaseClient
from ._config import check_bool, check_seconds
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
    ConfigurationError,
    ConflictError,
    NotFoundError,
    StepFailedError,
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
    check_id,
    name_of,
    require_str,
    resolve,
    resolve_job,
)
from ._operations import Call, Operation, page_of, parsed
from ._results import Deleted, TrainStepResult
from ._runs import Next, Step, record_outcome
from ._sender import Sender
from ._waits import (
    DATASET_READY,
    JOB_RUNS,
    LORA_SERVES,
    MODEL_READY,
    TOMBSTONED_JOB_STATES,
    Reconcile,
    ResourceWait,
    StepWait,
    state_of,
)

if TYPE_CHECKING:
    from fireworks_gateway.models import (
        GatewayDataset,
        GatewayDeployedModel,
        GatewayModel,
        GatewayRlorTrainerJob,
    )

    from ._gateway import GatewayClient
    from ._ledger import StepRecord
    from ._results import CompletedStep
    from ._runs import StepRun
    from ._waits import ProgressCallback, Wait

__all__ = ["Client"]

T = TypeVar("T")

EXECUTE_TRAIN_STEP = Operation(
    "Gateway_ExecuteRlorTrainStep", "execute_train_step", "ensure_step_sent", "run_step"
)
GET_JOB = Operation(
    "Gateway_GetRlorTrainerJob", "get_job", "wait_for_job", "wait_for_step", "run_step"
)
GET_MODEL = Operation(
    "Gateway_GetModel",
    "get_model",
    "wait_for_model",
    "wait_for_step",
    "run_step",
    "promote_checkpoint",
)
CREATE_JOB = Operation("Gateway_CreateRlorTrainerJob", "create_job")
LIST_JOBS = Operation("Gateway_ListRlorTrainerJobs", "list_jobs")
CANCEL_JOB = Operation("Gateway_CancelRlorTrainerJob", "cancel_job")
RESUME_JOB = Operation("Gateway_ResumeRlorTrainerJob", "resume_job")
DELETE_JOB = Operation("Gateway_DeleteRlorTrainerJob", "delete_job")
LIST_CHECKPOINTS = Operation(
    "Gateway_ListRlorTrainerJobCheckpoints", "list_checkpoints", "wait_for_step", "run_step"
)
LOAD_LORA = Operation("Gateway_CreateDeployedModel", "load_lora")
GET_DEPLOYED_MODEL = Operation(
    "Gateway_GetDeployedModel", "get_deployed_model", "wait_for_deployed_model"
)
LIST_DEPLOYED_MODELS = Operation(
    "Gateway_ListDeployedModels", "list_deployed_models", "unload_lora"
)
LIST_MODELS = Operation("Gateway_ListModels", "list_models")
DELETE_MODEL = Operation("Gateway_DeleteModel", "delete_model")
UNLOAD_LORA = Operation("Gateway_DeleteDeployedModel", "unload_lora")
GET_DATASET = Operation("Gateway_GetDataset", "get_dataset", "upload_dataset")
LIST_DATASETS = Operation("Gateway_ListDatasets", "list_datasets")
DELETE_DATASET = Operation("Gateway_DeleteDataset", "delete_dataset")
CREATE_DATASET = Operation("Gateway_CreateDataset", "upload_dataset")
GET_UPLOAD_ENDPOINT = Operation("Gateway_GetDatasetUploadEndpoint", "upload_dataset")
VALIDATE_UPLOAD = Operation("Gateway_ValidateDatasetUpload", "upload_dataset")
PROMOTE_CHECKPOINT = Operation("Gateway_PromoteCheckpoint", "promote_checkpoint")
LIST_TRAINING_SHAPES = Operation("Gateway_ListTrainingShapes", "list_training_shapes")
GET_TRAINING_SHAPE = Operation("Gateway_GetTrainingShape", "get_training_shape")
LIST_SHAPE_VERSIONS = Operation("Gateway_ListTrainingShapeVersions", "resolve_training_shape")
GET_SHAPE_VERSION = Operation("Gateway_GetTrainingShapeVersion", "resolve_training_shape")
GET_JOB_LOGS = Operation("Gateway_GetRlorTrainerJobPublicLogs", "get_job_logs", "read_job_logs")


class Client(BaseClient[httpx.Client]):
    """Synchronous client of the Fireworks keep-alive RFT API.

    Takes the options of :class:`~fireworks_rft.ClientOptions`, all keyword-only and
    optional: ``api_key`` (default ``FIREWORKS_API_KEY``), ``account_id``
    (``FIREWORKS_ACCOUNT_ID``), ``base_url`` (``FIREWORKS_BASE_URL``, else
    ``https://api.fireworks.ai``), ``timeout`` (60 s per phase, 5 s to connect),
    ``max_retries`` (2), ``default_headers``, ``http_client`` (your ``httpx.Client``; you
    close it), ``allow_insecure_http``, ``retry_ambiguous_failures`` (may train twice; off),
    ``deadline``, ``max_response_bytes`` (16 MiB), ``max_in_flight`` (20),
    ``max_reads_per_second`` (10) and ``ledger``.

    Use it as a context manager (``with``), or call :meth:`close`. One client per
    process: after ``os.fork()`` the child gets a fresh pool of its own.
    """

    _http_client_class = httpx.Client
    _sender_class = Sender

    # -- training steps ------------------------------------------------------------------------

    def execute_train_step(
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
        step = Step.checked(EXECUTE_TRAIN_STEP, job, dataset, output_model, self.account_id)
        check_bool(force, name="force")
        gateway = self._gateway_for(timeout, max_retries, deadline)
        if self._ledger is None:
            return self._send_step(step, gateway, None)
        run = self._step_run(step)
        _off_loop(run.lease_to_send, force=force)
        try:
            return self._send_step(step, gateway, run)
        finally:
            _off_loop(run.release)

    def ensure_step_sent(
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
        return self._ensure(run, started, timeout, grace, poll_interval)

    def run_step(
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
        record = self._ensure(run, started, timeout, grace, poll_interval)
        return self.wait_for_step(  # it records READY or failed in the ledger
            record.job,
            output_model=record.output_model,
            timeout=_off_loop(run.time_left, started, timeout),
            poll_interval=poll_interval,
            on_progress=on_progress,
            stall_timeout=stall_timeout,
        )

    def wait_for_step(
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
        wait = self._step_wait(
            step, output_model, timeout, poll_interval, on_progress, stall_timeout
        )
        try:
            done: CompletedStep = self._poll_until(wait)
        except StepFailedError as exc:
            _off_loop(self._record_outcome, wait, exc)
            raise
        _off_loop(self._record_outcome, wait, done)
        return done

    def get_model(self, model: str) -> GatewayModel:
        """Read a model (idempotent: retried on 5xx, timeouts and dropped connections).

        Args:
            model: A bare model ID or ``accounts/{account}/models/{model}``.

        Returns:
            The generated ``fireworks_gateway.models.GatewayModel``.
        """
        found: GatewayModel = self._answer(GET_MODEL.on(self._ref(model, MODELS, "model")))
        return found

    def list_models(
        self,
        *,
        page_size: int | None = None,
        filter: str | None = None,
        order_by: str | None = None,
    ) -> Iterator[GatewayModel]:
        """Every model of the client's account, page after page, read as you iterate.

        A loop's output models are among them; ``filter`` and ``order_by`` as the API takes
        them.
        """
        parent = account_ref(MODELS, self.account_id, "model")
        query = _list_query(page_size, filter_=filter, order_by=order_by)
        return self._pages(
            lambda token: LIST_MODELS.call(parent, parent.account_id, **query, **token), "models"
        )

    def delete_model(self, model: Any) -> Deleted:
        """Delete a model (an earlier step's output model the loop no longer needs).

        Idempotent, so retried like reads: a retry that finds it gone reports
        ``already_gone``. A model a deployment serves is unloaded first (:meth:`unload_lora`).
        """
        return self._deleted(DELETE_MODEL.on(self._ref(model, MODELS, "model")))

    def wait_for_model(
        self,
        model: Any,
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
        call = GET_MODEL.on(self._ref(model, MODELS, "model"))
        found: GatewayModel = self._poll_until(
            self._resource_wait(call, MODEL_READY, timeout, poll_interval)
        )
        return found

    # -- trainer jobs ----------------------------------------------------------------------

    def create_job(
        self,
        job_id: str,
        *,
        base_model: str,
        keep_alive: bool = True,
        training_config: Mapping[str, Any] | None = None,
        hot_load_deployment: str | None = None,
        display_name: str | None = None,
        training_shape: Any = None,
        service_mode: bool = False,
        inactivity_timeout: str | None = None,
        disable_inactivity_cleanup: bool | None = None,
        exist_ok: bool = False,
        **fields: Any,
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
        ref = resolve(job_id, collection=JOBS, account_id=self.account_id, name="job_id")
        check_bool(keep_alive, name="keep_alive")
        check_bool(service_mode, name="service_mode")
        model = resolve(base_model, collection=MODELS, account_id=ref.account_id, name="base_model")
        config = {**_api_json(training_config, "training_config"), "baseModel": model.name}
        payload: dict[str, Any] = {"keepAlive": keep_alive, "trainingConfig": config}
        if service_mode:
            payload.update(serviceMode=True, keepAlive=False)
        if inactivity_timeout is not None:
            payload["inactivityTimeout"] = _text(inactivity_timeout, "inactivity_timeout")
        if disable_inactivity_cleanup is not None:
            check_bool(disable_inactivity_cleanup, name="disable_inactivity_cleanup")
            payload["disableInactivityCleanup"] = disable_inactivity_cleanup
        query = {}
        if training_shape is not None:
            query["training_shape"] = self._shape_ref(training_shape, ref.account_id).name
        if display_name is not None:
            payload["displayName"] = _text(display_name, "display_name")
        if hot_load_deployment is not None:
            deployment = resolve(
                hot_load_deployment,
                collection=DEPLOYMENTS,
                account_id=ref.account_id,
                name="hot_load_deployment",
            )
            payload["hotLoadDeploymentId"] = deployment.id
        payload.update(_api_json(fields, "fields"))
        body = CREATE_JOB.body(payload)
        call = CREATE_JOB.call(ref, ref.account_id, body=body, rlor_trainer_job_id=ref.id, **query)
        try:
            created: GatewayRlorTrainerJob = self._answer(call)
        except ConflictError as exc:
            if exist_ok:
                return _not_tombstoned(self.get_job(ref.name), exc)
            exc.add_note(
                f"{ref.name} exists already: pass exist_ok=True to get the existing job instead."
            )
            raise
        except APIError as exc:
            if not exc.may_have_been_processed:
                raise
            found = self._read_back(GET_JOB.on(ref), exc)
            if found is not None:
                return _not_tombstoned(found, exc)
            try:
                created = self._answer(call)  # it never ran: send again
            except ConflictError as conflict:  # the first creation landed after all
                if not exist_ok:
                    raise
                return _not_tombstoned(self.get_job(ref.name), conflict)
        self._accepted(JOB_RUNS.kind, ref.name)
        return created

    def wait_for_job(
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
        call = GET_JOB.on(resolve_job(job, account_id=self.account_id))
        found: GatewayRlorTrainerJob = self._poll_until(
            self._resource_wait(call, JOB_RUNS, timeout, poll_interval)
        )
        return found

    def get_job(self, job: str) -> GatewayRlorTrainerJob:
        """Read a trainer job (idempotent: retried on 5xx, timeouts and dropped connections).

        Args:
            job: A bare job ID or ``accounts/{account}/rlorTrainerJobs/{job}``.

        Returns:
            The generated ``fireworks_gateway.models.GatewayRlorTrainerJob``; a state this
            package does not know parses as a member-like ``GatewayJobState``.
        """
        found: GatewayRlorTrainerJob = self._answer(
            GET_JOB.on(resolve_job(job, account_id=self.account_id))
        )
        return found

    def delete_job(self, job: str) -> Deleted:
        """Delete a trainer job (a keep-alive job stops; idempotent, so retried like reads).

        When a retry finds the job gone (an earlier attempt deleted it and its answer was
        lost), the delete succeeded: the result says so (``already_gone``).

        Args:
            job: A bare job ID or ``accounts/{account}/rlorTrainerJobs/{job}``.
        """
        return self._deleted(DELETE_JOB.on(resolve_job(job, account_id=self.account_id)))

    def list_jobs(
        self,
        *,
        page_size: int | None = None,
        filter: str | None = None,
        order_by: str | None = None,
    ) -> Iterator[GatewayRlorTrainerJob]:
        """Every trainer job of the client's account, page after page, read as you iterate."""
        parent = account_ref(JOBS, self.account_id, "job")
        query = _list_query(page_size, filter_=filter, order_by=order_by)
        return self._pages(
            lambda token: LIST_JOBS.call(parent, parent.account_id, **query, **token),
            "rlor_trainer_jobs",
        )

    def cancel_job(self, job: str) -> None:
        """Cancel a trainer job (a keep-alive job stops for good; it can be deleted after)."""
        ref = resolve_job(job, account_id=self.account_id)
        self._answer(CANCEL_JOB.on(ref, body=CANCEL_JOB.body({})))

    def resume_job(self, job: str) -> GatewayRlorTrainerJob:
        """Resume a stopped trainer job (e.g. one stopped for inactivity); the job."""
        ref = resolve_job(job, account_id=self.account_id)
        resumed: GatewayRlorTrainerJob = self._answer(RESUME_JOB.on(ref, body=RESUME_JOB.body({})))
        return resumed

    def list_checkpoints(
        self, job: str, *, page_size: int | None = None, promotable: bool | None = None
    ) -> Iterator[Any]:
        """The job's checkpoints (``GatewayRlorTrainerJobCheckpoint``), read as you iterate.

        ``promotable=True`` keeps those :meth:`promote_checkpoint` takes (``False``: the
        others); the filter is the client's, page after page.
        """
        ref = resolve_job(job, account_id=self.account_id)
        query = _list_query(page_size)
        if promotable is not None:
            check_bool(promotable, name="promotable")
        return self._pages(
            lambda token: LIST_CHECKPOINTS.on(ref, **query, **token),
            "checkpoints",
            keep=None if promotable is None else lambda c: _promotable(c) is promotable,
        )

    def promote_checkpoint(
        self, checkpoint: Any, *, output_model: str, base_model: str | None = None
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
        promotion = Step.promotion(PROMOTE_CHECKPOINT, checkpoint, output_model, base_model)
        if base_model is None:  # the arguments are checked: read the job's base model
            job = self.get_job(promotion.job.name)
            base = getattr(getattr(job, "training_config", None), "base_model", None)
            if not isinstance(base, str) or not base:
                raise ValueError(
                    f"{promotion.job.name} names no trainingConfig.baseModel: pass base_model="
                )
            promotion = Step.promotion(PROMOTE_CHECKPOINT, checkpoint, output_model, base)
        run = None if self._ledger is None else self._step_run(promotion)
        try:
            if run is not None:
                action = _off_loop(run.next)
                if action is Next.WAIT_FOR_LEASE:
                    raise run.busy()
                if action is Next.WAIT:  # promoted already: its model
                    return self.get_model(promotion.output_model.name)
                if action is Next.RECONCILE:
                    found = self._promoted(promotion, run, None)
                    if found is not None:
                        return found
            try:
                return self._promote(promotion, run)
            except APIError as exc:
                if not exc.may_have_been_processed:
                    raise
                found = self._promoted(promotion, run, exc)
                if found is not None:
                    return found
                return self._promote(promotion, run)  # it never ran: send it again
        finally:
            if run is not None:
                _off_loop(run.release)

    def get_job_logs(self, job: str) -> str:
        """The signed URL of a trainer job's public log (valid 24 h; on another host).

        Read it with :meth:`read_job_logs`, which never sends the API key there.
        """
        ref = resolve_job(job, account_id=self.account_id)
        found = self._answer(GET_JOB_LOGS.on(ref))
        url = getattr(found, "signed_url", None)
        if not isinstance(url, str) or not url:
            raise APIResponseValidationError(
                f"The server answered no signedUrl for the logs of {ref.name}.",
                response=httpx.Response(200, content=b"{}"),
            )
        return url

    def read_job_logs(self, job: str, *, tail: int | None = None) -> str:
        """A trainer job's public log, as text (its last ``tail`` lines, if given).

        It fetches :meth:`get_job_logs`'s signed URL with a GET of its own: the API key is
        never sent to that host, nothing but a GET follows the URL, and at most
        ``max_response_bytes`` are read.
        """
        if tail is not None and (isinstance(tail, bool) or not isinstance(tail, int) or tail < 1):
            raise ValueError(f"tail must be a positive int, got {tail!r}")
        text = (self._fetch_signed("GET", self.get_job_logs(job))).decode("utf-8", errors="replace")
        return text if tail is None else "\n".join(text.splitlines()[-tail:])

    # -- training shapes ---------------------------------------------------------------------

    def list_training_shapes(
        self, *, page_size: int | None = None, filter: str | None = None
    ) -> Iterator[Any]:
        """The training shapes of the client's account (``GatewayTrainingShape``), page by page."""
        parent = account_ref(TRAINING_SHAPES, self.account_id, "training shape")
        query = _list_query(page_size, filter_=filter)
        return self._pages(
            lambda token: LIST_TRAINING_SHAPES.call(parent, parent.account_id, **query, **token),
            "training_shapes",
        )

    def get_training_shape(self, shape: Any) -> Any:
        """Read a training shape: a bare ID (the client's account) or its full name."""
        ref = self._shape_ref(shape, self.account_id)
        if "/versions/" in ref.id:
            raise ValueError(f"shape must be a training shape, not a version: {ref.name!r}")
        return self._answer(GET_TRAINING_SHAPE.on(ref))

    def resolve_training_shape(self, shape: Any) -> Any:
        """The latest validated version of a training shape (``GatewayTrainingShapeVersion``).

        Pass its ``name`` as ``create_job(..., training_shape=...)``, as Fireworks' Training
        SDK does before a launch. A version given by name (``.../versions/{v}``) is read
        and returned as it is.

        Raises:
            LookupError: The shape has no validated version.
        """
        ref = self._shape_ref(shape, self.account_id)
        shape_id, _, version = ref.id.partition("/versions/")
        if version and version != "latest":
            return self._answer(GET_SHAPE_VERSION.call(ref, ref.account_id, shape_id, version))
        parent = ResourceRef(TRAINING_SHAPES, ref.account_id, shape_id)
        found = self._pages(
            lambda token: LIST_SHAPE_VERSIONS.on(parent, **token), "training_shape_versions"
        )
        validated = [v for v in found if getattr(v, "validated", None) is True]
        latest = [v for v in validated if getattr(v, "latest_validated", None) is True]
        if latest or validated:
            return (latest or sorted(validated, key=lambda v: str(v.create_time)))[-1]
        raise LookupError(f"the training shape {parent.name} has no validated version")

    # -- hot-loaded LoRAs ------------------------------------------------------------------

    def load_lora(
        self,
        model: str,
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
        lora = self._ref(model, MODELS, "model")
        target = resolve(
            name_of(deployment),
            collection=DEPLOYMENTS,
            account_id=lora.account_id,
            name="deployment",
        )
        check_bool(replace_merged_addon, name="replace_merged_addon")
        payload: dict[str, Any] = {"model": lora.name, "deployment": target.name}
        if display_name is not None:
            payload["displayName"] = _text(display_name, "display_name")
        options = {"replace_merged_addon": True} if replace_merged_addon else {}
        load = Step.lora_load(LOAD_LORA, lora, target, payload, **options)
        run = None if self._ledger is None else self._step_run(load)
        try:
            if run is not None:
                action = _off_loop(run.next)
                if action is Next.WAIT_FOR_LEASE:
                    raise run.busy()
                if action is not Next.SEND:  # loaded before, or it may have been
                    found: GatewayDeployedModel | None = self._loaded(lora, target)
                    if action is Next.RECONCILE:
                        _off_loop(run.reconciled, found is not None)
                    if found is not None:
                        return found
                    if action is Next.WAIT:  # unloaded since: load it again
                        _off_loop(run.lease_to_send, force=True)
            loaded: GatewayDeployedModel = parsed(
                load.call, self._send_recorded(load, self._gateway, run)
            )
            if run is not None:
                _off_loop(run.accepted, None)
        finally:
            if run is not None:
                _off_loop(run.release)
        name = getattr(loaded, "name", None)
        if isinstance(name, str) and name:  # without a name its wait polls as before
            self._accepted(LORA_SERVES.kind, name)
        return loaded

    def get_deployed_model(self, deployed_model: Any) -> GatewayDeployedModel:
        """Read a deployed model: what ``load_lora`` returned, a bare ID or a full name."""
        ref = self._ref(deployed_model, DEPLOYED_MODELS, "deployed_model")
        found: GatewayDeployedModel = self._answer(GET_DEPLOYED_MODEL.on(ref))
        return found

    def wait_for_deployed_model(
        self,
        deployed_model: Any,
        *,
        timeout: float = DEFAULT_LORA_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> GatewayDeployedModel:
        """Wait until a loaded LoRA serves (``DEPLOYED``).

        Raises:
            WaitFailedError: It is being undeployed, or is gone.
            WaitTimeoutError: ``timeout`` passed.
        """
        call = GET_DEPLOYED_MODEL.on(self._ref(deployed_model, DEPLOYED_MODELS, "deployed_model"))
        found: GatewayDeployedModel = self._poll_until(
            self._resource_wait(call, LORA_SERVES, timeout, poll_interval)
        )
        return found

    def list_deployed_models(self, *, page_size: int | None = None) -> Iterator[Any]:
        """The deployed models (hot-loaded LoRAs) of the client's account, page by page."""
        parent = account_ref(DEPLOYED_MODELS, self.account_id, "deployed model")
        query = _list_query(page_size)
        return self._pages(
            lambda token: LIST_DEPLOYED_MODELS.call(parent, parent.account_id, **query, **token),
            "deployed_models",
        )

    def unload_lora(self, model: Any, *, deployment: str | None = None) -> Deleted:
        """Unload a LoRA: what ``load_lora`` returned (or its name), or model and deployment.

        Given the model and the deployment, the deployed model is found by listing.

        Returns:
            ``Deleted``; ``already_gone`` when there was nothing to unload.
        """
        if deployment is None:
            ref = self._ref(model, DEPLOYED_MODELS, "deployed_model")
        else:
            lora = self._ref(model, MODELS, "model")
            target = resolve(
                name_of(deployment),
                collection=DEPLOYMENTS,
                account_id=lora.account_id,
                name="deployment",
            )
            found = self._loaded(lora, target)
            if found is None:
                return Deleted(name=f"{lora.name} on {target.name}", already_gone=True)
            ref = self._ref(found, DEPLOYED_MODELS, "deployed_model")
        return self._deleted(UNLOAD_LORA.on(ref))

    # -- datasets --------------------------------------------------------------------------

    def get_dataset(self, dataset: str) -> GatewayDataset:
        """Read a dataset: a bare ID or ``accounts/{a}/datasets/{d}``."""
        found: GatewayDataset = self._answer(
            GET_DATASET.on(self._ref(dataset, DATASETS, "dataset"))
        )
        return found

    def list_datasets(
        self, *, page_size: int | None = None, filter: str | None = None
    ) -> Iterator[GatewayDataset]:
        """Every dataset of the client's account, page after page, read as you iterate."""
        parent = account_ref(DATASETS, self.account_id, "dataset")
        query = _list_query(page_size, filter_=filter)
        return self._pages(
            lambda token: LIST_DATASETS.call(parent, parent.account_id, **query, **token),
            "datasets",
        )

    def delete_dataset(self, dataset: str) -> Deleted:
        """Delete a dataset (e.g. a step's rollouts, once the step is READY)."""
        return self._deleted(DELETE_DATASET.on(self._ref(dataset, DATASETS, "dataset")))

    def upload_dataset(
        self,
        dataset: str,
        rows_or_path: Iterable[Mapping[str, Any]] | str | os.PathLike[str],
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

        Args:
            dataset: The dataset's ID (in the client's account) or full name.
            rows_or_path: The rollouts: JSON-able rows (one JSONL line each), or the path
                of a JSONL file.
            timeout: Seconds to wait for READY after the upload.
            poll_interval: Seconds between the first polls.

        Returns:
            The READY dataset (``GatewayDataset``).
        """
        ref = self._ref(dataset, DATASETS, "dataset")
        content, filename = _jsonl(rows_or_path, ref.id)
        payload = {"datasetId": ref.id, "dataset": {"displayName": ref.id, "userUploaded": {}}}
        create = CREATE_DATASET.call(ref, ref.account_id, body=CREATE_DATASET.body(payload))
        try:
            self._answer(create)
        except ConflictError:
            existing = self.get_dataset(ref.name)
            if str(getattr(existing, "state", "")) == "READY":
                return existing
        sizes = {"filenameToSize": {filename: str(len(content))}}
        endpoint = self._answer(GET_UPLOAD_ENDPOINT.on(ref, body=GET_UPLOAD_ENDPOINT.body(sizes)))
        urls = getattr(endpoint, "filename_to_signed_urls", None)
        url = getattr(urls, "additional_properties", urls or {}).get(filename)
        if not isinstance(url, str) or not url:
            raise APIResponseValidationError(
                f"The server answered no signed upload URL for {filename} of {ref.name}.",
                response=httpx.Response(200, content=b"{}"),
            )
        self._fetch_signed("PUT", url, content)
        self._answer(VALIDATE_UPLOAD.on(ref, body=VALIDATE_UPLOAD.body({})))
        ready: GatewayDataset = self._poll_until(
            self._resource_wait(GET_DATASET.on(ref), DATASET_READY, timeout, poll_interval)
        )
        return ready

    # -- closing -----------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection pool and the ledger, unless the user gave them."""
        if self._owns_pool:
            self._pool.close()
        self._close_ledger()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- inside: sending, reading, polling -------------------------------------------------

    def _send(self, call: Call, gateway: GatewayClient | None = None) -> Any:
        """Send a checked call with the generated function; its ``Response``."""
        return call.operation.sync_detailed(
            *call.args, client=gateway or self._gateway, **call.kwargs
        )

    def _answer(self, call: Call, gateway: GatewayClient | None = None) -> Any:
        """Send a checked call; the generated model of its 2xx answer."""
        return parsed(call, self._send(call, gateway))

    def _deleted(self, call: Call) -> Deleted:
        """Send a delete: confirmed, or found gone on a retry (an earlier attempt's)."""
        response = self._send(call)
        gone = int(response.status_code) == 404
        if not gone:
            parsed(call, response)
        return Deleted(name=call.ref.name, already_gone=gone)

    def _read(self, call: Call, deadline: float) -> Any:
        """One read of a wait, bounded by ``deadline``: the model, or the APIError."""
        bound = CALL_SCOPE.set(CallScope(within=deadline))
        try:
            return self._answer(call)
        except APIError as exc:
            return exc
        finally:
            CALL_SCOPE.reset(bound)

    def _poll_until(self, wait: Wait | Reconcile) -> Any:
        """Poll until ``wait`` decides; it makes every decision, this only reads and sleeps."""
        sleep = self._settings.timing.sleep
        first = wait.first_delay()
        if first > 0:
            sleep(first)
        while True:
            delay = self._read_delay(wait)
            if delay > 0:
                sleep(delay)
            wait.record(*[self._read(call, wait.read_deadline()) for call in wait.calls])
            _awaited(wait.report())
            done = wait.decide()
            if done is not None:
                return done
            sleep(wait.next_delay())

    def _pages(
        self,
        page: Callable[[dict[str, str]], Call],
        items: str,
        keep: Callable[[Any], bool] | None = None,
    ) -> Iterator[Any]:
        """Every item of a list, page after page (each page read when needed).

        A page token the server already gave in this listing raises ``RuntimeError`` naming
        it, instead of reading the same pages forever.
        """
        token: str | None = None
        seen: set[str] = set()
        while True:
            found, token = page_of(
                self._answer(page({"page_token": token} if token else {})), items
            )
            for item in found:
                if keep is None or keep(item):
                    yield item
            if token is None:
                return
            if token in seen:
                raise RuntimeError(
                    f"The server gave the page token {token!r} twice while listing {items}; "
                    "stopped instead of reading the same pages forever."
                )
            seen.add(token)

    # -- inside: steps ---------------------------------------------------------------------

    def _send_recorded(
        self, step: Step, gateway: GatewayClient, run: StepRun | None, within: float | None = None
    ) -> Any:
        """Send a step or a promotion; the Response.

        With a ledger it is recorded before anything leaves the machine, and its failure is
        recorded as ``_failures.may_have_run`` says.
        """
        if run is not None:
            _off_loop(run.begin_send)
        scope = CallScope(within=within)
        bound = CALL_SCOPE.set(scope)
        try:
            return self._send(step.call, gateway)
        except BaseException as exc:
            ran = may_have_run(exc, under_way=scope.under_way)
            if ran:
                step.explain(exc)
            if run is not None:
                _off_loop(run.failed, exc, may_have_run=ran)
            raise
        finally:
            CALL_SCOPE.reset(bound)

    def _send_step(
        self, step: Step, gateway: GatewayClient, run: StepRun | None, within: float | None = None
    ) -> TrainStepResult:
        """Send a training step; its result, noted in the history (and the ledger)."""
        response = self._send_recorded(step, gateway, run, within)
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
            _off_loop(run.accepted, result)
        return result

    def _ensure(
        self, run: StepRun, started: float, timeout: float, grace: float, poll_interval: float
    ) -> StepRecord:
        """Send a recorded step unless it was sent; reconcile a lost one first."""
        while True:
            action = _off_loop(run.next)
            try:
                if action is Next.WAIT:
                    record: StepRecord = _off_loop(run.record)
                    return record
                if action is Next.WAIT_FOR_LEASE:
                    delay = _off_loop(run.lease_delay, started, timeout)
                    self._settings.timing.sleep(delay)
                    continue
                left = _off_loop(run.time_left, started, timeout)
                if action is Next.RECONCILE:
                    wait = self._step_wait(
                        run.job, run.output_model, left, poll_interval, run.log_reconcile
                    )
                    since = (_off_loop(run.record)).created_at  # an older model: no proof
                    ran = self._poll_until(Reconcile(wait, grace, not_before=since))
                    _off_loop(run.reconciled, ran)
                    if ran:
                        continue
                    left = _off_loop(run.time_left, started, timeout)
                self._send_step(run.step, self._gateway, run, within=left)  # fits in it
            except APIError as exc:
                if not exc.may_have_been_processed:
                    raise
                run.lost_answer(exc)  # recorded as unknown: reconcile next
            finally:
                _off_loop(run.release)

    def _promote(self, promotion: Step, run: StepRun | None) -> GatewayModel:
        """Send a promotion once; the promoted model (recorded as accepted, with a ledger)."""
        response = self._send_recorded(promotion, self._gateway, run)
        promoted: GatewayModel = parsed(promotion.call, response).model
        if run is not None:
            _off_loop(run.accepted, None)
        return promoted

    def _promoted(
        self, promotion: Step, run: StepRun | None, lost: APIError | None
    ) -> GatewayModel | None:
        """After a lost answer: the output model if it exists (promoted), else None."""
        found: GatewayModel | None = self._read_back(GET_MODEL.on(promotion.output_model), lost)
        if run is not None:
            _off_loop(run.reconciled, found is not None)
        return found

    def _loaded(self, lora: ResourceRef, target: ResourceRef) -> Any:
        """The deployed model of ``lora`` on ``target``, found by listing; None if none.

        One being undeployed does not count: it is going away.
        """
        parent = ResourceRef(DEPLOYED_MODELS, lora.account_id, "-")
        found = self._pages(
            lambda token: LIST_DEPLOYED_MODELS.call(parent, lora.account_id, **token),
            "deployed_models",
        )
        for deployed in found:
            loaded_on = str(getattr(deployed, "deployment", "")).rstrip("/")
            serves = state_of(deployed) not in LORA_SERVES.failed
            if (
                getattr(deployed, "model", None) == lora.name
                and loaded_on == target.name
                and serves
            ):
                return deployed
        return None

    def _read_back(self, call: Call, lost: APIError | None) -> Any:
        """What ``call`` reads, after a creation whose answer was lost; None if it is not there.

        A read that fails too raises ``lost``, with a note that it may have been created.
        """
        logger.warning("%s may have been created: reading it back", call.ref.name)
        try:
            return self._answer(call)
        except NotFoundError:
            return None  # not there (or not visible yet): never created
        except APIError as unread:
            if lost is None:
                raise
            lost.add_note(
                f"{call.ref.name} may have been created: reading it back failed too "
                f"({unread}). Check that before sending it again."
            )
            raise lost from unread

    def _fetch_signed(self, method: str, url: str, content: bytes = b"") -> bytes:
        """A GET or PUT to a signed URL on another host; the answer's body.

        It goes through the client's sender, so the policy is the API's (retries of what is
        safe, bounds, typed errors); the key goes only to the API's own origins, so never
        there, and no redirect is followed.
        """
        target = httpx.URL(url)
        if target.scheme not in ("https", "http") or not target.host:
            raise APIResponseValidationError(
                f"The server gave a signed URL that is not http(s): {target.scheme}://...",
                response=httpx.Response(200, content=b"{}"),
            )
        sender = self._gateway.get_httpx_client()
        response = sender.request(method, target, content=content or None)
        return response.content

    def _shape_ref(self, shape: Any, account_id: str | None) -> ResourceRef:
        """A training shape or one of its versions: a bare shape ID or a full name."""
        name = "training_shape"
        text = require_str(name_of(shape), name=name)
        if "/" not in text:
            return resolve(text, collection=TRAINING_SHAPES, account_id=account_id, name=name)
        parts = text.split("/")
        shape = len(parts) == 4 or (len(parts) == 6 and parts[4] == "versions")
        if shape and parts[0] == "accounts" and parts[2] == TRAINING_SHAPES:
            account = check_id(parts[1], name=name)
            return ResourceRef(TRAINING_SHAPES, account, "/".join(parts[3:]))
        raise ValueError(
            "training_shape must be a shape ID, accounts/{a}/trainingShapes/{s}, or a version "
            f"accounts/{{a}}/trainingShapes/{{s}}/versions/{{v}}; got {text!r}"
        )

    def _run_args(
        self, job: object, dataset: object, output_model: object, timeout: object, grace: object
    ) -> tuple[StepRun, float, float, float]:
        """Check ``run_step``'s arguments: the step's run, its start, timeout and grace."""
        step = Step.checked(EXECUTE_TRAIN_STEP, job, dataset, output_model, self.account_id)
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

    def _step_wait(
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
        some, else what this client saw.
        """
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
        model = resolve(
            output_model, collection=MODELS, account_id=job.account_id, name="output_model"
        )
        durations, since = _off_loop(self._recorded_history, job.name, model.name)
        return StepWait(
            job=job,
            output_model=model,
            calls=(GET_MODEL.on(model), GET_JOB.on(job)),
            timeout=timeout,
            poll_interval=poll_interval,
            on_progress=on_progress,
            timing=self._settings.timing,
            history=self._history,
            durations=durations,
            since_accepted=since,
            stall_timeout=stall_timeout,
            checkpoints=None if stall_timeout is None else LIST_CHECKPOINTS.on(job),
        )

    def _record_outcome(self, wait: StepWait, outcome: CompletedStep | StepFailedError) -> None:
        """With a ledger, record what a step's wait saw (READY or failed)."""
        if self._ledger is not None:
            now = self._settings.timing.wall_clock()
            record_outcome(self._ledger, wait.job.name, wait.output_model.name, outcome, now=now)

    def _resource_wait(
        self, call: Call, goal: Any, timeout: float, poll_interval: float
    ) -> ResourceWait:
        """A checked wait for ``call``'s resource to reach ``goal``; nothing is sent."""
        return ResourceWait(
            name=call.ref.name,
            goal=goal,
            call=call,
            timeout=timeout,
            poll_interval=poll_interval,
            timing=self._settings.timing,
            history=self._history,
        )


def _off_loop(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Ledger I/O, in a worker thread so that it never blocks the event loop.

    A sync client runs it inline.
    """
    call = functools.partial(function, *args, **kwargs)
    return call()


def _awaited(value: object) -> None:
    """Await what an ``on_progress`` coroutine function returned (a sync client has none)."""


def _not_tombstoned(job: GatewayRlorTrainerJob, conflict: APIError) -> GatewayRlorTrainerJob:
    """``job``, unless it is deleted or archived: its ID is taken for good (raise ``conflict``)."""
    state = str(getattr(job, "state", ""))
    if state in TOMBSTONED_JOB_STATES:
        conflict.add_note(
            f"{job.name} belongs to a deleted job ({state}): its ID stays taken. Choose a new one."
        )
        raise conflict
    return job


def _promotable(checkpoint: Any) -> bool:
    return getattr(checkpoint, "promotable", None) is True


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


def _text(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    return value


def _list_query(page_size: object, **options: object) -> dict[str, Any]:
    """The query of a list's pages: the options given, checked."""
    if page_size is not None and (
        isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1
    ):
        raise ValueError(f"page_size must be a positive int, got {page_size!r}")
    query: dict[str, Any] = {}
    for key, value in options.items():
        if value is not None:
            query[key] = _text(value, key.rstrip("_"))
    if page_size is not None:
        query["page_size"] = page_size
    return query


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


Client.__module__ = "fireworks_rft"
