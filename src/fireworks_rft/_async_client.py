"""``AsyncClient``: the asyncio twin of :class:`~._client.Client`, method for method.

The same checks, policy, waits and ledger records as the sync client (the decisions live in
:mod:`._wait` and :mod:`._runs`); only the I/O differs: the generated ``asyncio_detailed``,
``await``-ed sleeps, and an ``on_progress`` that may be a coroutine function. Ledger writes
are local SQLite commits, made inline.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING

import httpx

from . import _calls
from ._config import check_bool
from ._constants import DEFAULT_POLL_INTERVAL, DEFAULT_RECONCILE_GRACE, DEFAULT_WAIT_TIMEOUT
from ._datasets import AsyncDatasetMethods
from ._exceptions import APIError
from ._jobs import AsyncJobMethods
from ._loras import AsyncLoraMethods
from ._wait_errors import StepFailedError

if TYPE_CHECKING:
    from fireworks_gateway.models import GatewayModel

    from ._gateway import GatewayClient
    from ._ledger import StepRecord
    from ._runs import StepRun
    from ._types import CompletedStep, TrainStepResult
    from ._wait import ProgressCallback

__all__ = ["AsyncClient"]


class AsyncClient(AsyncJobMethods, AsyncLoraMethods, AsyncDatasetMethods):
    """Asynchronous twin of :class:`Client`: the same options, awaitable methods.

    ``http_client`` is an ``httpx.AsyncClient``. Use it as an async context manager, or call
    :meth:`aclose`. Create it inside the event loop that uses it.
    """

    _http_client_class = httpx.AsyncClient
    _twin = "Client"

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
        """Execute one training step; see :meth:`Client.execute_train_step`."""
        step = _calls.step_call(job, dataset, output_model, self.account_id)
        check_bool(force, name="force")
        gateway = self._gateway_for(timeout, max_retries, deadline)
        if self._ledger is None:
            return await self._send_step(step, gateway)
        run = self._step_run(step)
        run.lease_to_send(force=force)
        try:
            return await self._send_recorded(run, gateway)
        finally:
            run.release()

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
        """Send a step unless the ledger says it was sent; see :meth:`Client.ensure_step_sent`."""
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
    ) -> CompletedStep:
        """Send a step at most once and wait until READY; see :meth:`Client.run_step`."""
        run, started, timeout, grace = self._run_args(
            job, dataset, output_model, timeout, reconcile_grace
        )
        record = await self._ensure(run, started, timeout, grace, poll_interval)
        try:
            done = await self.wait_for_step(
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

    async def _ensure(
        self, run: StepRun, started: float, timeout: float, grace: float, poll_interval: float
    ) -> StepRecord:
        from ._runs import Next

        sleep = self._settings.timing.async_sleep
        while True:
            action = run.next()
            try:
                if action is Next.WAIT:
                    return run.record()
                if action is Next.WAIT_FOR_LEASE:
                    await sleep(run.lease_delay(started, timeout))
                    continue
                if action is Next.RECONCILE:
                    left = run.time_left(started, timeout)
                    ran = await self._reconcile(run, left, grace, poll_interval)
                    run.reconciled(ran)
                    if ran:
                        continue
                await self._send_recorded(run, self._gateway)
            except APIError as exc:
                if not exc.may_have_been_processed:
                    raise
                run.lost_answer(exc)  # recorded as unknown: reconcile next
            finally:
                run.release()

    async def _reconcile(
        self, run: StepRun, timeout: float, grace: float, poll_interval: float
    ) -> bool:
        check, model_call, job_call = self._reconcile_check(run, timeout, grace, poll_interval)
        while True:
            delay = self._read_delay(check.wait)
            if delay > 0:
                await self._settings.timing.async_sleep(delay)
            model = await self._poll(model_call, check.wait.read_deadline(), missing_ok=True)
            job = await self._poll(job_call, check.wait.read_deadline())
            check.record(job, model)
            ran = check.decide()
            if ran is not None:
                return ran
            await self._settings.timing.async_sleep(check.next_delay())

    async def _send_step(self, step: _calls.StepCall, gateway: GatewayClient) -> TrainStepResult:
        try:
            response = await self._send(step.call, gateway)
        except BaseException as exc:
            _calls.explain_step_failure(exc, step)
            raise
        result = _calls.step_result(step, response)
        self._step_accepted(result)
        return result

    async def _send_recorded(self, run: StepRun, gateway: GatewayClient) -> TrainStepResult:
        run.begin_send()  # durable before the request leaves the machine
        try:
            result = await self._send_step(run.step, gateway)
        except BaseException as exc:
            run.failed(exc)
            raise
        run.accepted(result)
        return result

    async def get_model(self, model: str) -> GatewayModel:
        """Read a model; see :meth:`Client.get_model`."""
        call = _calls.ref_call(_calls.GET_MODEL, _calls.model_ref(model, self.account_id))
        found: GatewayModel = _calls.parsed(call, await self._send(call))
        return found

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
        wait, model_call, job_call = self._new_wait(
            step, output_model, timeout, poll_interval, on_progress
        )
        first = wait.first_delay()
        if first > 0:
            await self._settings.timing.async_sleep(first)
        while True:
            delay = self._read_delay(wait)
            if delay > 0:
                await self._settings.timing.async_sleep(delay)
            model = await self._poll(model_call, wait.read_deadline(), missing_ok=True)
            job = await self._poll(job_call, wait.read_deadline())
            wait.record(job, model)
            reported = wait.report()
            if inspect.isawaitable(reported):
                await reported
            done = wait.decide()
            if done is not None:
                self._step_ready(wait, done)
                return done
            await self._settings.timing.async_sleep(wait.next_delay())


AsyncClient.__module__ = "fireworks_rft"
