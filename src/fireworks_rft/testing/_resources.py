"""The emulator's simulated trainer jobs, the output models their steps create, checkpoints.

Only what the published spec and Fireworks' keep-alive example show: a keep-alive job reports
``JOB_STATE_RUNNING`` with ``keepAlive: true``; after a step, its output model does not exist
for a while (404), then is ``UPLOADING``, then ``READY``, and the job has one more
checkpoint. A job created through the API is ``JOB_STATE_CREATING`` for ``job_start_seconds``,
then RUNNING. Tests can move a job to any state (``JOB_STATE_FAILED`` with a status message,
or a state no spec knows yet); a job in a terminal state stops the models of its steps where
they are.

Modelled assumptions (no source states them; each is a setting): every request that names
a job counts as its activity, and a RUNNING keep-alive job with no activity for
``inactivity_seconds`` stops, in ``inactivity_state`` (Fireworks documents the 10-minute
cleanup, not the state a stopped job shows).

The emulator is an independent oracle: its ID rule and job states are its own readings of the
spec and of ``shared/reference/fireworks-api-facts.md``, written here, never imported from the
client, so a mistake in the client's lists cannot hide behind the emulator agreeing with it.
"""

from __future__ import annotations

import math
import re
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import attrs

#: A Fireworks resource ID: 1-63 of a-z, 0-9 and "-", not starting or ending with "-"
#: (Fireworks docs, "Concepts").
ID_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
#: The spec's job states after which a job runs no more steps (its JobState enum: failed,
#: cancelled, completed, expired, early-stopped, being deleted, deleted, archived).
TERMINAL_JOB_STATES = frozenset(
    {
        "JOB_STATE_FAILED",
        "JOB_STATE_CANCELLED",
        "JOB_STATE_CANCELLING",
        "JOB_STATE_COMPLETED",
        "JOB_STATE_EXPIRED",
        "JOB_STATE_EARLY_STOPPED",
        "JOB_STATE_DELETING",
        "JOB_STATE_DELETING_CLEANING_UP",
        "JOB_STATE_DELETED",
        "JOB_STATE_ARCHIVED",
    }
)
RUNNING = "JOB_STATE_RUNNING"
CREATING = "JOB_STATE_CREATING"
CANCELLED = "JOB_STATE_CANCELLED"
#: The state a deleted job reads (an assumption: Fireworks keeps a deleted trainer archived
#: for 30 days, its ID taken, its checkpoints listable and promotable).
DELETED = "JOB_STATE_DELETED"
#: A deleted or archived job: its ID stays taken, and (an assumption) it cannot be resumed.
TOMBSTONED = frozenset({DELETED, "JOB_STATE_ARCHIVED"})
#: The emulator's assumption of the state a job stopped for inactivity shows.
DEFAULT_INACTIVITY_STATE = "JOB_STATE_PAUSED"


def _timestamp(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat().replace("+00:00", "Z")


def check_step_seconds(value: object) -> float:
    """Return ``value`` if it is a non-negative, finite number of seconds."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"step_seconds must be a number of seconds, got {type(value).__name__}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"step_seconds must be >= 0 and finite, got {value!r}")
    return float(value)


@attrs.define
class _Job:
    name: str
    created: float
    state: str = RUNNING
    status_code: str | None = None
    status_message: str | None = None
    stopped: float | None = None  # when it reached a terminal state
    running_at: float | None = None  # a created job: when CREATING ends
    last_activity: float = 0.0
    fields: dict[str, Any] = attrs.field(factory=dict)  # what its creation set
    checkpoints: list[tuple[str, float, bool]] = attrs.field(factory=list)  # name, at, promotable
    stalled: bool = False  # reads RUNNING, but its steps make no progress


@attrs.frozen
class JobSettings:
    """How the emulator's jobs behave over time (see the module's assumptions)."""

    start_seconds: float = 1.0
    inactivity_seconds: float | None = None
    inactivity_state: str = DEFAULT_INACTIVITY_STATE


@attrs.define
class _Model:
    name: str
    job: str
    step_time: float
    seconds: float | None = None  # to READY; None: the step's (a promoted model: its own)


def split_name(name: str, collection: str) -> tuple[str, str] | None:
    """``(account, id)`` of a full resource name of ``collection``, if it is one."""
    parts = name.split("/")
    if len(parts) != 4 or parts[0] != "accounts" or parts[2] != collection:
        return None
    if not all(ID_PATTERN.fullmatch(part) for part in (parts[1], parts[3])):
        return None
    return parts[1], parts[3]


def step_name_problem(job_account: str, dataset: str, output_model: str) -> str | None:
    """Why a step's dataset or output model name would be rejected; None when valid."""
    if split_name(dataset, "datasets") is None:
        return (
            f"dataset must be a full name 'accounts/{{account}}/datasets/{{id}}', got {dataset!r}"
        )
    model = split_name(output_model, "models")
    if model is None:
        return (
            "outputModel must be a full name 'accounts/{account}/models/{id}', got "
            f"{output_model!r}"
        )
    if model[0] != job_account:
        return f"outputModel must be in the job's account {job_account!r}, got {output_model!r}"
    return None


class Resources:
    """Jobs and models of one emulator, safe to use from its request threads."""

    def __init__(
        self,
        *,
        step_seconds: float,
        clock: Callable[[], float] = time.time,
        jobs: JobSettings | None = None,
    ) -> None:
        self.step_seconds = check_step_seconds(step_seconds)
        self.settings = jobs or JobSettings()
        self._clock = clock
        self._lock = threading.Lock()
        self._jobs: dict[str, _Job] = {}
        self._deleted: set[str] = set()
        self._models: dict[str, _Model] = {}
        self.direct_route = "emulator.trainer"  # the host of service-mode trainer endpoints

    def has_job(self, name: str) -> bool:
        """Whether a job (full name) was named by a request or added (deleted ones too)."""
        with self._lock:
            return name in self._jobs

    def add_job(self, name: str) -> None:
        """Make a job (full name) exist, RUNNING."""
        with self._lock:
            self._deleted.discard(name)
            self._job(name)

    def create_job(self, name: str, fields: dict[str, Any]) -> dict[str, Any] | None:
        """Create a job through the API (CREATING, then RUNNING); None if its ID is taken.

        A deleted job keeps its ID (it is tombstoned): it is taken for good.
        """
        with self._lock:
            if name in self._jobs:
                return None
            now = self._clock()
            self._jobs[name] = _Job(
                name=name,
                created=now,
                state=CREATING,
                running_at=now + self.settings.start_seconds,
                last_activity=now,
                fields=fields,
            )
        return self.job_json(name)

    def job_state(self, name: str) -> str | None:
        """A job's state; None if it was never named."""
        with self._lock:
            job = self._jobs.get(name)
            return None if job is None else self._state(job)

    def touch(self, name: str) -> None:
        """Count a request about ``name`` as the job's activity (an assumption)."""
        with self._lock:
            job = self._jobs.get(name)
            if job is not None:
                self._state(job)  # a job that stopped before this request stays stopped
                job.last_activity = self._clock()

    def is_deleted(self, job: str) -> bool:
        """Whether ``job`` (a full name) was deleted."""
        with self._lock:
            return job in self._deleted

    def _job(self, name: str) -> _Job:
        job = self._jobs.get(name)
        if job is None:
            now = self._clock()
            job = self._jobs[name] = _Job(name=name, created=now, last_activity=now)
        return job

    def _state(self, job: _Job) -> str:
        """The job's state now: CREATING ends, an idle keep-alive job stops."""
        now = self._clock()
        if job.state == CREATING and job.running_at is not None and now >= job.running_at:
            job.state = RUNNING
            job.last_activity = max(job.last_activity, job.running_at)
        idle = self.settings.inactivity_seconds
        if job.state == RUNNING and idle is not None and now - job.last_activity >= idle:
            job.state = self.settings.inactivity_state
            job.status_message = f"stopped after {idle:g}s without activity"
        return job.state

    def job_json(self, name: str) -> dict[str, Any]:
        """The job as the Get operation answers it."""
        with self._lock:
            job = self._job(name)
            state = self._state(job)
            body: dict[str, Any] = {
                **job.fields,
                "name": name,
                "createTime": _timestamp(job.created),
                "state": state,
                "keepAlive": job.fields.get("keepAlive", True),
            }
            if job.fields.get("serviceMode") is True and state == RUNNING:
                body["directRouteHandle"] = f"{name.rsplit('/', 1)[1]}.{self.direct_route}:443"
            if job.status_code is not None or job.status_message is not None:
                body["status"] = {
                    k: v
                    for k, v in (("code", job.status_code), ("message", job.status_message))
                    if v is not None
                }
            return body

    def jobs_of(self, account: str) -> list[str]:
        """The names of ``account``'s jobs, oldest first."""
        prefix = f"accounts/{account}/rlorTrainerJobs/"
        with self._lock:
            jobs = [j for j in self._jobs.values() if j.name.startswith(prefix)]
            return [j.name for j in sorted(jobs, key=lambda j: (j.created, j.name))]

    def set_job_state(
        self, name: str, state: str, *, code: str | None = None, message: str | None = None
    ) -> None:
        """Move a job to ``state`` (any string, known to the spec or not)."""
        with self._lock:
            job = self._job(name)
            job.state = state
            job.status_code = code
            job.status_message = message
            job.stopped = self._clock() if state in TERMINAL_JOB_STATES else None
            job.last_activity = self._clock()

    def delete_job(self, name: str) -> None:
        """Delete a job: it reads JOB_STATE_DELETED from now on, its ID taken for good."""
        with self._lock:
            job = self._job(name)
            job.state, job.stopped = DELETED, self._clock()
            self._deleted.add(name)

    def stall_job(self, name: str, stalled: bool) -> None:
        """Make a job read RUNNING while its steps make no progress (or end that)."""
        with self._lock:
            self._job(name).stalled = stalled

    def step_executed(self, job: str, output_model: str) -> None:
        """Start the lifecycle of a step's output model; the job gains a checkpoint.

        The checkpoint is a promotable LoRA; a stalled job's step starts nothing.
        """
        with self._lock:
            now = self._clock()
            owner = self._job(job)
            owner.last_activity = now
            if owner.stalled:
                return
            self._models[output_model] = _Model(output_model, job, now)
            self._add_checkpoint(owner, now, promotable=True)

    def add_checkpoint(self, job: str, *, promotable: bool) -> str:
        """Give a job one more checkpoint; its full name."""
        with self._lock:
            return self._add_checkpoint(self._job(job), self._clock(), promotable=promotable)

    def _add_checkpoint(self, owner: _Job, now: float, *, promotable: bool) -> str:
        name = f"{owner.name}/checkpoints/{len(owner.checkpoints) + 1}"
        owner.checkpoints.append((name, now, promotable))
        return name

    def checkpoint(self, job: str, checkpoint_id: str) -> bool | None:
        """Whether the job's checkpoint ``checkpoint_id`` is promotable; None: no such one."""
        with self._lock:
            owner = self._jobs.get(job)
            wanted = f"{job}/checkpoints/{checkpoint_id}"
            found = [p for n, _, p in owner.checkpoints if n == wanted] if owner else []
            return found[0] if found else None

    def promote(self, job: str, output_model: str, seconds: float) -> dict[str, Any] | None:
        """Make ``output_model`` from a checkpoint (READY after ``seconds``); None if taken."""
        with self._lock:
            if output_model in self._models:
                return None
            self._models[output_model] = _Model(output_model, job, self._clock(), seconds)
        return self.model_json(output_model) or {"name": output_model, "state": "UPLOADING"}

    def models_of(self, account: str) -> list[str]:
        """The names of ``account``'s models that exist now, oldest first."""
        prefix = f"accounts/{account}/models/"
        with self._lock:
            names = sorted(self._models, key=lambda n: (self._models[n].step_time, n))
        return [n for n in names if n.startswith(prefix) and self.model_json(n) is not None]

    def delete_model(self, name: str) -> bool:
        """Delete a model; False if it did not exist."""
        with self._lock:
            return self._models.pop(name, None) is not None

    def log_text(self, job: str) -> str:
        """The trainer's public log: one line per change people would look for."""
        with self._lock:
            owner = self._job(job)
            lines = [f"{_timestamp(owner.created)} trainer {job} created"]
            lines += [
                f"{_timestamp(at)} checkpoint {name} saved" for name, at, _ in owner.checkpoints
            ]
            lines.append(f"{_timestamp(self._clock())} trainer state {self._state(owner)}")
            return "\n".join(lines) + "\n"

    def checkpoints_json(self, job: str) -> list[dict[str, Any]]:
        """The job's checkpoints, one per executed step, oldest first."""
        with self._lock:
            owner = self._job(job)
            return [
                {
                    "name": name,
                    "createTime": _timestamp(at),
                    "updateTime": _timestamp(at),
                    "checkpointType": "CHECKPOINT_TYPE_INFERENCE_LORA"
                    if promotable
                    else "CHECKPOINT_TYPE_TRAINING_LORA",
                    "promotable": promotable,
                }
                for name, at, promotable in owner.checkpoints
            ]

    def model_json(self, name: str) -> dict[str, Any] | None:
        """The model as the Get operation answers it; None while it does not exist."""
        with self._lock:
            model = self._models.get(name)
            if model is None:
                return None
            job = self._jobs.get(model.job)
            now = self._clock()
            if job is not None and job.stopped is not None:
                now = min(now, job.stopped)
            age = now - model.step_time
            seconds = self.step_seconds if model.seconds is None else model.seconds
            if age < seconds / 2 and model.seconds is None:  # a step's model: absent at first
                return None
            ready = age >= seconds
            # Assumption (no source states it): updateTime is when the model last changed
            # state, so a READY model's createTime..updateTime spans its step.
            changed = model.step_time + (seconds if ready else seconds / 2)
            return {
                "name": name,
                "state": "READY" if ready else "UPLOADING",
                "createTime": _timestamp(model.step_time),
                "updateTime": _timestamp(changed),
            }
