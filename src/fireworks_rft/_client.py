"""``Client``: the synchronous public surface of fireworks-rft.

Each method checks its arguments into a call (:mod:`._calls`), sends it with the generated
operation's public ``sync_detailed`` through the policy transport (:mod:`._transport`),
waits through :mod:`._wait`, and, with a ledger, records each step through :mod:`._runs`.
:class:`~._async_client.AsyncClient` is its twin; both take
:class:`~._base_client.BaseClient`'s constructor (one options record).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx

from . import _calls
from ._config import check_bool
from ._constants import DEFAULT_POLL_INTERVAL, DEFAULT_RECONCILE_GRACE, DEFAULT_WAIT_TIMEOUT
from ._datasets import DatasetMethods
from ._exceptions import APIError
from ._jobs import JobMethods
from ._loras import LoraMethods
from ._wait_errors import StepFailedError

if TYPE_CHECKING:
    from fireworks_gateway.models import GatewayModel

    from ._gateway import GatewayClient
    from ._ledger import StepRecord
    from ._runs import StepRun
    from ._types import CompletedStep, TrainStepResult
    from ._wait import ProgressCallback

__all__ = ["Client"]


class Client(JobMethods, LoraMethods, DatasetMethods):
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
        step = _calls.step_call(job, dataset, output_model, self.account_id)
        check_bool(force, name="force")
        gateway = self._gateway_for(timeout, max_retries, deadline)
        if self._ledger is None:
            return self._send_step(step, gateway)
        run = self._step_run(step)
        run.lease_to_send(force=force)
        try:
            return self._send_recorded(run, gateway)
        finally:
            run.release()

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

        Returns:
            A :class:`CompletedStep` with the READY model.

        Raises:
            The errors of :meth:`ensure_step_sent` and of :meth:`wait_for_step`.
        """
        run, started, timeout, grace = self._run_args(
            job, dataset, output_model, timeout, reconcile_grace
        )
        record = self._ensure(run, started, timeout, grace, poll_interval)
        try:
            done = self.wait_for_step(
                record.job,
                output_model=record.output_model,
                timeout=run.time_left(started, timeout),
                poll_interval=poll_interval,
                on_progress=on_progress,
            )
        except StepFailedError as exc:
            run.wait_failed(exc)
            raise
        run.ready(earlier_by=done.lag_estimate)
        return done

    def _ensure(
        self, run: StepRun, started: float, timeout: float, grace: float, poll_interval: float
    ) -> StepRecord:
        from ._runs import Next

        sleep = self._settings.timing.sleep
        while True:
            action = run.next()
            try:
                if action is Next.WAIT:
                    return run.record()
                if action is Next.WAIT_FOR_LEASE:
                    sleep(run.lease_delay(started, timeout))
                    continue
                if action is Next.RECONCILE:
                    left = run.time_left(started, timeout)
                    ran = self._reconcile(run, left, grace, poll_interval)
                    run.reconciled(ran)
                    if ran:
                        continue
                self._send_recorded(run, self._gateway)
            except APIError as exc:
                if not exc.may_have_been_processed:
                    raise
                run.lost_answer(exc)  # recorded as unknown: reconcile next
            finally:
                run.release()

    def _reconcile(self, run: StepRun, timeout: float, grace: float, poll_interval: float) -> bool:
        check, model_call, job_call = self._reconcile_check(run, timeout, grace, poll_interval)
        while True:
            delay = self._read_delay(check.wait)
            if delay > 0:
                self._settings.timing.sleep(delay)
            model = self._poll(model_call, check.wait.read_deadline(), missing_ok=True)
            job = self._poll(job_call, check.wait.read_deadline())
            check.record(job, model)
            ran = check.decide()
            if ran is not None:
                return ran
            self._settings.timing.sleep(check.next_delay())

    def _send_step(self, step: _calls.StepCall, gateway: GatewayClient) -> TrainStepResult:
        try:
            response = self._send(step.call, gateway)
        except BaseException as exc:
            _calls.explain_step_failure(exc, step)
            raise
        result = _calls.step_result(step, response)
        self._step_accepted(result)
        return result

    def _send_recorded(self, run: StepRun, gateway: GatewayClient) -> TrainStepResult:
        run.begin_send()  # durable before the request leaves the machine
        try:
            result = self._send_step(run.step, gateway)
        except BaseException as exc:
            run.failed(exc)
            raise
        run.accepted(result)
        return result

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
        wait, model_call, job_call = self._new_wait(
            step, output_model, timeout, poll_interval, on_progress
        )
        first = wait.first_delay()
        if first > 0:
            self._settings.timing.sleep(first)
        while True:
            delay = self._read_delay(wait)
            if delay > 0:
                self._settings.timing.sleep(delay)
            model = self._poll(model_call, wait.read_deadline(), missing_ok=True)
            job = self._poll(job_call, wait.read_deadline())
            wait.record(job, model)
            wait.report()
            done = wait.decide()
            if done is not None:
                self._step_ready(wait, done)
                return done
            self._settings.timing.sleep(wait.next_delay())


Client.__module__ = "fireworks_rft"
