"""The trainer-job methods of both clients: create, wait, read, list, cancel, resume, delete.

A job's checkpoints are listed here too. Creating is not idempotent: never retried after
an ambiguous failure; the job (its ID chosen by the caller) is read back before anything
is sent again. Waits use
:class:`~._resource_wait.ResourceWait`; the calls come from :mod:`._loop_calls`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from . import _calls, _loop_calls
from ._async_base import AsyncBase
from ._constants import DEFAULT_JOB_WAIT_TIMEOUT, DEFAULT_POLL_INTERVAL
from ._exceptions import APIError, ConflictError, NotFoundError
from ._logging import logger
from ._names import JOBS
from ._sync_base import SyncBase

if TYPE_CHECKING:
    from fireworks_gateway.models import GatewayRlorTrainerJob

    from ._types import Deleted


def _conflict_note(exc: ConflictError, name: str) -> None:
    exc.add_note(f"{name} exists already: pass exist_ok=True to get the existing job instead.")


def _lost_create(exc: APIError, name: str) -> None:
    logger.warning(
        "creating %s failed and may have worked (%s): reading it back before sending again",
        name,
        type(exc).__name__,
    )


def _job_pages(
    account_id: str | None, page_size: int | None, filter_: str | None, order_by: str | None
) -> Callable[[str | None], _calls.Call]:
    """The call of each page of ``list_jobs``, by page token; the options checked first."""
    parent = _loop_calls.account_ref(JOBS, account_id, "job")
    return lambda token: _loop_calls.list_call(
        _loop_calls.LIST_JOBS,
        (parent.account_id,),
        parent,
        token,
        page_size,
        filter_=filter_,
        order_by=order_by,
    )


def _checkpoint_pages(
    job: str, account_id: str | None, page_size: int | None
) -> Callable[[str | None], _calls.Call]:
    """The call of each page of ``list_checkpoints``, by page token."""
    ref = _calls.job_ref(job, account_id)
    return lambda token: _loop_calls.list_call(
        _loop_calls.LIST_CHECKPOINTS, (ref.account_id, ref.id), ref, token, page_size
    )


class JobMethods(SyncBase):
    """Trainer jobs, synchronously."""

    def create_job(
        self,
        job_id: str,
        *,
        base_model: str,
        keep_alive: bool = True,
        training_config: Mapping[str, Any] | None = None,
        hot_load_deployment: str | None = None,
        display_name: str | None = None,
        exist_ok: bool = False,
        **fields: Any,
    ) -> GatewayRlorTrainerJob:
        """Create a trainer job with the ID you choose (keep-alive by default).

        Creating is not idempotent, so it is never retried after an ambiguous failure;
        the job is read back instead, and created again only if it does not exist.

        Args:
            job_id: The job's ID (bare, in the client's account) or full name.
            base_model: The model to train: a bare ID or ``accounts/{a}/models/{m}``.
            keep_alive: Keep the trainer up between steps (``executeTrainStep``).
            training_config: More of the job's ``trainingConfig`` (snake_case or camelCase
                keys, or a generated ``GatewayBaseTrainingConfig``).
            hot_load_deployment: The deployment whose hot-load bucket gets the checkpoints
                (a bare ID or ``accounts/{a}/deployments/{d}``).
            display_name: A name for people.
            exist_ok: Return the existing job when ``job_id`` is taken, instead of raising.
            **fields: Any other field of the job (snake_case or camelCase), e.g.
                ``inactivity_timeout="1800s"`` where the API takes it.

        Returns:
            The job, as the server answered (``JOB_STATE_CREATING`` at first).

        Raises:
            ConflictError: ``job_id`` is taken and ``exist_ok`` is False.
            TypeError, ValueError: Bad arguments; nothing was sent.
        """
        call = _loop_calls.create_job_call(
            job_id,
            self.account_id,
            base_model=base_model,
            keep_alive=keep_alive,
            training_config=training_config,
            hot_load_deployment=hot_load_deployment,
            display_name=display_name,
            fields=fields,
        )
        name = call.ref.name
        try:
            created: GatewayRlorTrainerJob = _calls.parsed(call, self._send(call))
        except ConflictError as exc:
            if exist_ok:
                return self.get_job(name)
            _conflict_note(exc, name)
            raise
        except APIError as exc:
            if not exc.may_have_been_processed:
                raise
            _lost_create(exc, name)
            try:
                return self.get_job(name)
            except NotFoundError:
                created = _calls.parsed(call, self._send(call))  # it never ran: send again
        self._job_created(name)
        return created

    def wait_for_job(
        self,
        job: str,
        *,
        timeout: float = DEFAULT_JOB_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> GatewayRlorTrainerJob:
        """Wait until a job runs (``JOB_STATE_RUNNING`` or ``JOB_STATE_IDLE``).

        Raises:
            WaitFailedError: The job reached a terminal state, or is gone.
            JobStoppedError: The job stopped (``JOB_STATE_PAUSED``): resume it.
            WaitTimeoutError: ``timeout`` passed.
        """
        ref = _calls.job_ref(job, self.account_id)
        from ._resource_wait import JOB_RUNS

        wait = self._resource_wait(ref.name, JOB_RUNS, timeout, poll_interval)
        found: GatewayRlorTrainerJob = self._wait_for(wait, _calls.ref_call(_calls.GET_JOB, ref))
        return found

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

    def delete_job(self, job: str) -> Deleted:
        """Delete a trainer job (a keep-alive job stops; idempotent, so retried like reads).

        When a retry finds the job gone (an earlier attempt deleted it and its answer was
        lost), the delete succeeded: the result says so (``already_gone``).

        Args:
            job: A bare job ID or ``accounts/{account}/rlorTrainerJobs/{job}``.
        """
        call = _calls.ref_call(_calls.DELETE_JOB, _calls.job_ref(job, self.account_id))
        return _calls.deleted(call, self._send(call))

    def list_jobs(
        self,
        *,
        page_size: int | None = None,
        filter: str | None = None,
        order_by: str | None = None,
    ) -> Iterator[GatewayRlorTrainerJob]:
        """Every trainer job of the client's account, page after page, read as you iterate."""
        pages = _job_pages(self.account_id, page_size, filter, order_by)
        return self._pages(pages, "rlor_trainer_jobs")

    def cancel_job(self, job: str) -> None:
        """Cancel a trainer job (a keep-alive job stops for good; it can be deleted after)."""
        ref = _calls.job_ref(job, self.account_id)
        call = _loop_calls.job_action_call(_loop_calls.CANCEL_JOB, ref)
        _calls.parsed(call, self._send(call))

    def resume_job(self, job: str) -> GatewayRlorTrainerJob:
        """Resume a stopped trainer job (e.g. one stopped for inactivity); the job."""
        ref = _calls.job_ref(job, self.account_id)
        call = _loop_calls.job_action_call(_loop_calls.RESUME_JOB, ref)
        resumed: GatewayRlorTrainerJob = _calls.parsed(call, self._send(call))
        return resumed

    def list_checkpoints(self, job: str, *, page_size: int | None = None) -> Iterator[Any]:
        """The job's checkpoints (``GatewayRlorTrainerJobCheckpoint``), read as you iterate."""
        return self._pages(_checkpoint_pages(job, self.account_id, page_size), "checkpoints")


class AsyncJobMethods(AsyncBase):
    """Trainer jobs, with asyncio; each method as in :class:`JobMethods`."""

    async def create_job(
        self,
        job_id: str,
        *,
        base_model: str,
        keep_alive: bool = True,
        training_config: Mapping[str, Any] | None = None,
        hot_load_deployment: str | None = None,
        display_name: str | None = None,
        exist_ok: bool = False,
        **fields: Any,
    ) -> GatewayRlorTrainerJob:
        """Create a trainer job with the ID you choose; see :meth:`Client.create_job`."""
        call = _loop_calls.create_job_call(
            job_id,
            self.account_id,
            base_model=base_model,
            keep_alive=keep_alive,
            training_config=training_config,
            hot_load_deployment=hot_load_deployment,
            display_name=display_name,
            fields=fields,
        )
        name = call.ref.name
        try:
            created: GatewayRlorTrainerJob = _calls.parsed(call, await self._send(call))
        except ConflictError as exc:
            if exist_ok:
                return await self.get_job(name)
            _conflict_note(exc, name)
            raise
        except APIError as exc:
            if not exc.may_have_been_processed:
                raise
            _lost_create(exc, name)
            try:
                return await self.get_job(name)
            except NotFoundError:
                created = _calls.parsed(call, await self._send(call))
        self._job_created(name)
        return created

    async def wait_for_job(
        self,
        job: str,
        *,
        timeout: float = DEFAULT_JOB_WAIT_TIMEOUT,
        poll_interval: float = DEFAULT_POLL_INTERVAL,
    ) -> GatewayRlorTrainerJob:
        """Wait until a job runs; see :meth:`Client.wait_for_job`."""
        ref = _calls.job_ref(job, self.account_id)
        from ._resource_wait import JOB_RUNS

        wait = self._resource_wait(ref.name, JOB_RUNS, timeout, poll_interval)
        call = _calls.ref_call(_calls.GET_JOB, ref)
        found: GatewayRlorTrainerJob = await self._wait_for(wait, call)
        return found

    async def get_job(self, job: str) -> GatewayRlorTrainerJob:
        """Read a trainer job; see :meth:`Client.get_job`."""
        call = _calls.ref_call(_calls.GET_JOB, _calls.job_ref(job, self.account_id))
        found: GatewayRlorTrainerJob = _calls.parsed(call, await self._send(call))
        return found

    async def delete_job(self, job: str) -> Deleted:
        """Delete a trainer job; see :meth:`Client.delete_job`."""
        call = _calls.ref_call(_calls.DELETE_JOB, _calls.job_ref(job, self.account_id))
        return _calls.deleted(call, await self._send(call))

    def list_jobs(
        self,
        *,
        page_size: int | None = None,
        filter: str | None = None,
        order_by: str | None = None,
    ) -> AsyncIterator[GatewayRlorTrainerJob]:
        """Every trainer job of the account, with ``async for``; see :meth:`Client.list_jobs`."""
        pages = _job_pages(self.account_id, page_size, filter, order_by)
        return self._pages(pages, "rlor_trainer_jobs")

    async def cancel_job(self, job: str) -> None:
        """Cancel a trainer job; see :meth:`Client.cancel_job`."""
        ref = _calls.job_ref(job, self.account_id)
        call = _loop_calls.job_action_call(_loop_calls.CANCEL_JOB, ref)
        _calls.parsed(call, await self._send(call))

    async def resume_job(self, job: str) -> GatewayRlorTrainerJob:
        """Resume a stopped trainer job; see :meth:`Client.resume_job`."""
        ref = _calls.job_ref(job, self.account_id)
        call = _loop_calls.job_action_call(_loop_calls.RESUME_JOB, ref)
        resumed: GatewayRlorTrainerJob = _calls.parsed(call, await self._send(call))
        return resumed

    def list_checkpoints(self, job: str, *, page_size: int | None = None) -> AsyncIterator[Any]:
        """The job's checkpoints, with ``async for``; see :meth:`Client.list_checkpoints`."""
        return self._pages(_checkpoint_pages(job, self.account_id, page_size), "checkpoints")
