"""One step under a ledger: what it does next, and what its waits record.

:class:`StepRun` (of a checked :class:`~._step.Step`: a training step, a promotion or a LoRA
load) reads the ledger and takes the step's lease; it tells the client's loop to
send, to reconcile (a step whose answer was lost, or whose sender died), to wait for the lease
(another live process is sending it), or to wait for the output model. It records every
outcome, and it is the one place that turns a failure into a ledger state: the error's own
``may_have_been_processed`` decides between "not sent" and "unknown". The sync and async
clients' loops (``execute_train_step``, ``ensure_step_sent``, ``run_step``) do the I/O.
"""

from __future__ import annotations

import enum
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ._calls import present
from ._constants import LEASE_POLL_INTERVAL
from ._exceptions import APIError, StepAlreadySentError, StepFailedError, StepTimeoutError
from ._ledger import (
    SENDABLE,
    TRANSITIONS,
    Finish,
    Lease,
    LedgerStore,
    StepRecord,
    StepState,
)
from ._ledger_rows import names_another_step, output_model_taken
from ._logging import logger
from ._step import Step
from ._waits import resume_hint

if TYPE_CHECKING:
    from ._results import CompletedStep, StepProgress, TrainStepResult
    from ._timing import Timing


class Next(enum.Enum):
    """What the loop does next."""

    SEND = "send"  # holding the lease: send the step
    RECONCILE = "reconcile"  # holding the lease: find out whether the step ran, then send it if not
    WAIT_FOR_LEASE = "wait_for_lease"  # another live process holds the lease: sleep, ask again
    WAIT = "wait"  # the step was accepted (or is READY/failed): wait for its output model


class StepRun:
    """One step under a ledger: its record, its lease, and what to do next."""

    def __init__(self, ledger: LedgerStore, step: Step, timing: Timing) -> None:
        self.ledger = ledger
        self.step = step
        self.timing = timing
        self.job = step.job.name
        self.output_model = step.output_model.name
        self.lease: Lease | None = None
        #: The step's record as this run last read or wrote it (None: not recorded): every
        #: write says its state, and the store writes only if the row still is so.
        self.last: StepRecord | None = None

    @property
    def seen(self) -> StepState | None:
        """The step's state as this run last read or wrote it (None: not recorded)."""
        return None if self.last is None else self.last.state

    # -- execute_train_step: one send, or a refusal ------------------------------------------

    def lease_to_send(self, *, force: bool) -> Lease:
        """Take the lease for one send; raise StepAlreadySentError when the ledger forbids it.

        ``force`` sends a step the ledger holds as sent (never one a live process is sending).
        """
        self._checked_read()
        lease = self.ledger.try_lease(self.job, self.output_model)
        if lease is None:
            raise self._refusal(None, "another live process is sending it right now")
        try:
            record = self._read()
            if record is not None and record.state not in SENDABLE and not force:
                raise self._refusal(record, _why(record))
        except BaseException:
            lease.release()
            raise
        self.lease = lease
        return lease

    # -- run_step: send at most once, resume after a crash -----------------------------------

    def next(self) -> Next:
        """Read the ledger (taking the lease when the step may need sending) and decide."""
        self.release()
        record = self._checked_read()
        if record is not None and record.state in (
            StepState.ACCEPTED,
            StepState.READY,
            StepState.FAILED,
        ):
            self._check_dataset(record)
            return Next.WAIT
        lease = self.ledger.try_lease(self.job, self.output_model)
        if lease is None:
            return Next.WAIT_FOR_LEASE
        self.lease = lease
        record = self._read()  # again, now that it is ours
        if record is None:
            return Next.SEND
        self._check_dataset(record)
        if record.state in SENDABLE:
            return Next.SEND
        if record.state in (StepState.SENDING, StepState.UNKNOWN):
            if record.state is StepState.SENDING:
                # Its lease was free, so the process that was sending it is gone.
                self._update(StepState.UNKNOWN, error=f"its sender ({record.owner}) died")
            logger.warning(
                "step %s -> %s may have run (%s): reading its output model before anything is sent",
                self.job,
                self.output_model,
                record.state.value,
            )
            return Next.RECONCILE
        self.release()
        return Next.WAIT  # it moved on while the lease was taken

    def lease_delay(self, started: float, timeout: float) -> float:
        """Seconds to sleep before asking for the lease again; StepTimeoutError when time is up."""
        waiting = "while another live process held its lease (sending or checking it)"
        return min(LEASE_POLL_INTERVAL, self.time_left(started, timeout, waiting))

    def time_left(self, started: float, timeout: float, waiting: str = "") -> float:
        """Seconds left of ``timeout`` since ``started``; StepTimeoutError when none are."""
        remaining = timeout - (self.timing.clock() - started)
        if remaining <= 0:
            record = self.ledger.get(self.job, self.output_model)
            state = "not recorded" if record is None else record.state.value
            hint = resume_hint(self.job, self.output_model)
            raise StepTimeoutError(
                f"Gave up after {timeout:g}s on the training step on {self.job} (output model "
                f"{self.output_model}){' ' + waiting if waiting else ''}; the ledger holds it "
                f"as {state}. Nothing more was sent by this process. Call run_step again to "
                f"resume. {hint}.",
                job=self.job,
                output_model=self.output_model,
                timeout=timeout,
                model_state=None,
                job_state=None,
            )
        return remaining

    def record(self) -> StepRecord:
        """The step's record as this run last read or wrote it (no I/O)."""
        if self.last is None:  # pragma: no cover - called only once the step is recorded
            raise RuntimeError(f"step {self.job} -> {self.output_model} is not recorded")
        return self.last

    def reconciled(self, ran: bool) -> None:
        """Record what reconciling found: the output model exists (it ran), or it never did.

        For a LoRA load: the deployed model was found (it was loaded), or it never was.
        """
        if self.step.kind == "lora_load":
            if ran:
                self._update(StepState.ACCEPTED, error=None)
            else:
                self._update(StepState.NOT_SENT, error="reconciled: no deployed model found")
            logger.warning(
                "%s: %s", self.step.describe(), "found loaded" if ran else "not loaded; sending it"
            )
            return
        if ran:
            self._update(StepState.ACCEPTED, error=None)
            logger.warning("step %s -> %s: its output model exists, so it ran", *self._names())
        else:
            self._update(StepState.NOT_SENT, error="reconciled: its output model never appeared")
            logger.warning(
                "step %s -> %s: no output model within the grace period while the job ran; "
                "sending it",
                *self._names(),
            )

    # -- the send, whoever calls it ------------------------------------------------------------

    def begin_send(self) -> None:
        """Record the send, durably, before the request leaves the machine."""
        if self.lease is None:
            raise RuntimeError("a step is sent only under its lease")
        self.last = self.ledger.begin_send(
            self.job,
            self.output_model,
            self.step.dataset.name,
            expected=self.seen,
            now=self.timing.wall_clock(),
            lease=self.lease,
        )

    def accepted(self, result: TrainStepResult | None) -> None:
        """Record the server's acceptance (with the step's request id, where there is one)."""
        self._update(StepState.ACCEPTED, request_id=None if result is None else result.request_id)

    def busy(self) -> StepAlreadySentError:
        """The refusal while another live process sends (or checks) this step."""
        return self._refusal(None, "another live process is sending it right now")

    def failed(self, error: BaseException, *, may_have_run: bool) -> None:
        """Record a failed send: ``unknown`` if it may have run, else ``not_sent``."""
        state = StepState.UNKNOWN if may_have_run else StepState.NOT_SENT
        self._update(state, error=f"{type(error).__name__}: {error}"[:500])

    def lost_answer(self, error: APIError) -> None:
        """Log a send whose answer was lost (recorded as unknown); a reconcile follows."""
        logger.warning(
            "step %s -> %s: the send failed and may have run (%s); checking its output model",
            self.job,
            self.output_model,
            type(error).__name__,
        )

    def log_reconcile(self, progress: StepProgress) -> None:
        """The progress line of a reconcile (INFO, under the ``fireworks_rft`` logger)."""
        logger.info(
            "checking whether step %s -> %s ran: job %s, output model %s (%.1fs)",
            self.job,
            self.output_model,
            progress.job_state or "-",
            progress.model_state or "absent",
            progress.elapsed,
        )

    def release(self) -> None:
        """Give the lease back, if held."""
        lease, self.lease = self.lease, None
        if lease is not None:
            lease.release()

    # -- inside --------------------------------------------------------------------------------

    def _names(self) -> tuple[str, str]:
        return self.job, self.output_model

    def _update(self, state: StepState, **fields: Any) -> StepRecord:
        """One compare-and-set from the state this run saw (the store checks the move)."""
        if self.seen is None:
            raise RuntimeError(f"step {self.job} -> {self.output_model} is not recorded")
        record = self.ledger.update(
            self.job,
            self.output_model,
            state,
            expected=self.seen,
            now=self.timing.wall_clock(),
            lease=self.lease,
            **fields,
        )
        self.last = record
        return record

    def _read(self) -> StepRecord | None:
        """The step's record as the ledger holds it now (None: not recorded)."""
        self.last = self.ledger.get(self.job, self.output_model)
        return self.last

    def _checked_read(self) -> StepRecord | None:
        """The step's record, read with its output model's rows: refused if one names another step.

        Before anything is sent. The same rule the store applies again in the send's own transaction
        (:func:`~._ledger_rows.names_another_step`): read here first, so that a refusal
        takes no lease. One query: the step's own row is among them.
        """
        self.last = None
        for record in self.ledger.records(output_model=self.output_model):
            if names_another_step(record, self.job, self.step.dataset.name):
                raise output_model_taken(self.job, self.output_model, record)
            if record.job == self.job:
                self.last = record
        return self.last

    def _check_dataset(self, record: StepRecord) -> None:
        if record.dataset != self.step.dataset.name and record.state not in SENDABLE:
            self.release()
            raise self._refusal(
                record,
                f"it was sent with dataset {record.dataset}, not {self.step.dataset.name}; an "
                "output model names one step: choose a new output model for a new step",
            )

    def _refusal(self, record: StepRecord | None, why: str) -> StepAlreadySentError:
        state = record.state.value if record is not None else StepState.SENDING.value
        if record is None and self.step.kind != "step":
            advice = "Wait for that process, then call it again: it returns what was done."
        elif record is None:  # a live process holds the lease: force never overrides that
            advice = "Wait for that process, or use client.run_step(...), which waits for it."
        else:
            advice = (
                "Use client.run_step(...) to resume it (it waits for an accepted step and "
                "checks a lost one before sending)."
            )
            if record.state in (StepState.UNKNOWN, StepState.SENDING):
                advice += " force=True sends it anyway, and trains twice if the first send ran."
            else:
                advice += " force=True sends it again: the job trains on it a second time."
        return StepAlreadySentError(
            f"Not sent: {self.step.describe()} is in the ledger as {state!r}: {why}. {advice}",
            job=self.job,
            output_model=self.output_model,
            state=state,
            record=record,
        )


def _why(record: StepRecord) -> str:
    if record.state is StepState.UNKNOWN:
        return "its answer was lost or its sender died, so it may have run"
    if record.state is StepState.SENDING:
        return "its sender died while sending it, so it may have run"
    if record.state is StepState.READY:
        return "its output model is READY"
    if record.state is StepState.FAILED:
        return "its job failed while it ran"
    return "the server accepted it"


def record_outcome(
    ledger: LedgerStore,
    job: str,
    output_model: str,
    outcome: CompletedStep | StepFailedError,
    *,
    now: float,
) -> StepRecord | None:
    """Record what a wait saw of a step the ledger holds: READY, or its job failed.

    Every wait records it, whether ``run_step`` started it or not (see
    :func:`record_finish`); the row as the store answered (None: not the ledger's).
    """
    if isinstance(outcome, StepFailedError):
        error = str(outcome)
        return record_finish(ledger, job, output_model, StepState.FAILED, now=now, error=error)
    finish = finish_of(outcome.model, outcome.polls, outcome.lag_estimate)
    return record_finish(ledger, job, output_model, StepState.READY, now=now, finish=finish)


def record_waited(
    ledger: LedgerStore,
    kind: str,
    name: str,
    resource: Any,
    *,
    now: float,
    polls: int,
    lag_estimate: float,
    error: str | None,
) -> None:
    """Record what a wait for a promoted model or a loaded LoRA saw (``error``: it failed).

    A model's rows are the promotions that made it; a deployed model's, the load of its
    LoRA onto its deployment (a deployed model already gone names neither).
    """
    if kind == "model":
        keys = [(r.job, name) for r in ledger.records(output_model=name) if r.kind == "promotion"]
    else:
        deployment, lora = present(resource.deployment), present(resource.model)
        keys = [(str(deployment).rstrip("/"), lora)] if resource and deployment and lora else []
    state = StepState.READY if error is None else StepState.FAILED
    finish = None if error is not None else finish_of(resource, polls, lag_estimate)
    for job, output_model in keys:
        record_finish(ledger, job, output_model, state, now=now, error=error, finish=finish)


def record_finish(
    ledger: LedgerStore,
    job: str,
    output_model: str,
    state: StepState,
    *,
    now: float,
    error: str | None = None,
    finish: Finish | None = None,
) -> StepRecord | None:
    """Record a finish (READY or FAILED) a wait saw, if the ledger holds the row unfinished.

    A row already READY or failed is left as it is: a finish is recorded once, with what
    the wait knows of when it happened (:func:`finish_of`). Written without a lease, as a
    compare-and-set from ``accepted`` (what a wait mostly finds: no read first), then from
    the state the store answered; a row another writer moved on meanwhile is left as it is.
    The row as the store last answered (None: the ledger does not hold it).
    """
    expected = StepState.ACCEPTED
    record = None
    for _ in range(2):
        try:
            record = ledger.update(
                job,
                output_model,
                state,
                expected=expected,
                now=now,
                error=None if error is None else error[:500],
                finish=finish,
            )
        except KeyError:
            return None  # not the ledger's
        if record.state is state or state not in TRANSITIONS[record.state]:
            break  # recorded (by this write or another), or certainly never sent
        expected = record.state
    return record


class RecordedDurations:
    """The trusted durations of each job's newest steps, as the ledger holds them.

    A client reads them from the ledger at its first wait for a job, and at each wait for a
    step it did not see accepted (a restarted driver: the ledger then says how long ago the
    step was accepted, too); from then on it keeps them up to date with the finishes it
    records, so a loop's later waits read nothing for their prediction. Only the job's
    newest ``limit`` rows are read, so a long loop's first wait reads as little as a short
    one's. A step another process finishes on the same job is seen at the next read.
    Bounded: ``limit`` durations per job, the ``MAX_JOBS`` jobs used last.
    """

    MAX_JOBS = 1024

    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._lock = threading.Lock()
        self._jobs: dict[str, dict[str, float]] = {}  # job: output model: duration, oldest first

    def read(
        self,
        ledger: LedgerStore,
        job: str,
        output_model: str,
        *,
        seen: bool,
        wall_clock: Callable[[], float],
    ) -> tuple[list[float] | None, float | None]:
        """The durations to predict ``output_model``'s step from, and seconds since its accept.

        None for either where the ledger does not say (the seconds also when the client has
        ``seen`` the accept itself: it predicts from its own clock then).
        """
        if seen:
            with self._lock:
                kept = self._jobs.pop(job, None)
                if kept is not None:
                    self._jobs[job] = kept  # used last
                    return list(kept.values()) or None, None
        records = ledger.records(job, newest=self._limit)
        # Only durations that can predict: a finish seen only after a driver was down is not.
        steps = {
            r.output_model: r.trusted_duration
            for r in records
            if r.kind == "step" and r.trusted_duration is not None
        }
        with self._lock:
            self._jobs.pop(job, None)
            self._jobs[job] = steps
            if len(self._jobs) > self.MAX_JOBS:
                del self._jobs[next(iter(self._jobs))]
        durations = list(steps.values()) or None
        if seen:
            return durations, None
        this = next((r for r in records if r.output_model == output_model), None)
        if this is None and len(records) == self._limit:  # an older step's wait
            this = ledger.get(job, output_model)
        if this is None or this.accepted_at is None:
            return durations, None
        # On the clock the ledger recorded with: the database's, where it has one.
        store_now = getattr(ledger, "now", None)
        now = store_now() if callable(store_now) else wall_clock()
        return durations, max(0.0, now - this.accepted_at)

    def finished(self, record: StepRecord | None) -> None:
        """Keep the duration of a step's finish the client recorded, for a job it keeps."""
        if record is None or record.kind != "step" or record.trusted_duration is None:
            return
        with self._lock:
            kept = self._jobs.get(record.job)
            if kept is None:
                return
            kept.pop(record.output_model, None)  # a finish recorded once more stays one
            kept[record.output_model] = record.trusted_duration
            while len(kept) > self._limit:
                del kept[next(iter(kept))]


def finish_of(resource: Any, polls: int, lag_estimate: float) -> Finish:
    """What a wait that saw a resource (a model, a deployed model) ready knows of when.

    The poll before the last saw it unfinished (``lag_estimate`` is half the time since);
    its ``createTime`` and ``updateTime`` are its start and finish on the server's clock,
    where it gave both.
    """
    started, finished = present(resource.create_time), present(resource.update_time)
    ago = 2 * lag_estimate if polls > 1 else None
    if not isinstance(started, datetime) or not isinstance(finished, datetime):
        return Finish(unfinished_ago=ago)
    return Finish(ago, started.timestamp(), finished.timestamp())
