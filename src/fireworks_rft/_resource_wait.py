"""Waits for a resource to get somewhere: a job to run, a loaded LoRA to serve.

One read per poll (the resource itself), the same schedule as a step's first wait (from
``poll_interval``, x1.5 up to 30 s, with jitter; :mod:`._schedule`) and the client-wide read
budget. :class:`ResourceWait` decides; the clients' loops read and sleep. A state the SDK
does not know counts as "not there yet". Nothing is ever sent by a wait.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ._config import check_seconds
from ._exceptions import APIError
from ._logging import logger
from ._schedule import PollSchedule, WaitClock
from ._wait import (
    STOPPED_JOB_STATES,
    TERMINAL_JOB_STATES,
    TRANSIENT_POLL_ERRORS,
    state_of,
    status_of,
)
from ._wait_errors import JobStoppedError, WaitFailedError, WaitTimeoutError

if TYPE_CHECKING:
    from ._clock import Timing


class Goal(NamedTuple):
    """What a wait waits for, and what ends it otherwise.

    Attributes:
        kind: What the resource is, for messages ("trainer job", "deployed model").
        ready: States that end the wait with the resource.
        failed: States it will not leave by itself (WaitFailedError).
        stopped: States a resume gets it out of (JobStoppedError, naming ``resume``).
        resume: How to resume a stopped resource, for the message.
    """

    kind: str
    ready: frozenset[str]
    failed: frozenset[str]
    stopped: frozenset[str] = frozenset()
    resume: str = ""


#: A keep-alive job takes steps once RUNNING (IDLE: running, between steps).
JOB_RUNS = Goal(
    kind="trainer job",
    ready=frozenset({"JOB_STATE_RUNNING", "JOB_STATE_IDLE"}),
    failed=TERMINAL_JOB_STATES,
    stopped=STOPPED_JOB_STATES,
    resume="client.resume_job({name!r})",
)
#: A loaded LoRA serves once DEPLOYED; one being undeployed will not get there.
LORA_SERVES = Goal(
    kind="deployed model",
    ready=frozenset({"DEPLOYED"}),
    failed=frozenset({"UNDEPLOYING"}),
)
_ABSENT = "absent"


class ResourceWait:
    """The state and decisions of one wait for one resource."""

    def __init__(
        self,
        *,
        name: str,
        goal: Goal,
        timeout: object,
        poll_interval: object,
        timing: Timing,
        durations: Sequence[float] = (),
        since_accepted: float = 0.0,
    ) -> None:
        self.name = name
        self.goal = goal
        self.timeout = check_seconds(timeout, name="timeout")
        interval = check_seconds(poll_interval, name="poll_interval")
        self._clock = WaitClock(
            timeout=self.timeout,
            timing=timing,
            schedule=PollSchedule(
                interval=interval, durations=durations, since_accepted=since_accepted
            ),
        )
        self._resource: Any = None
        self._state: str | None = None
        self._error: APIError | None = None

    def elapsed(self) -> float:
        """Seconds since the wait started."""
        return self._clock.elapsed()

    def read_deadline(self) -> float:
        """Seconds the next read may take: the time the wait has left."""
        return self._clock.remaining(self._timeout_error)

    def record(self, read: Any) -> None:
        """Take one read: the generated model, None for a 404, or an APIError."""
        self._clock.polled()
        self._error = read if isinstance(read, APIError) else None
        if self._error is None:
            self._resource = read
            self._state = _ABSENT if read is None else state_of(read) or "STATE_UNSPECIFIED"

    def decide(self) -> Any:
        """The resource once ready; None to poll again. Raises when it will not get there."""
        if self._error is not None:
            if not isinstance(self._error, TRANSIENT_POLL_ERRORS):
                self._error.add_note(f"While waiting for {self.goal.kind} {self.name}.")
                raise self._error
            logger.warning("waiting for %s: a poll failed (%s)", self.name, self._error)
            return None
        state = self._state
        if state in self.goal.ready:
            return self._resource
        if state == _ABSENT or state in self.goal.failed:
            raise self._failed_error(WaitFailedError, "")
        if state in self.goal.stopped:
            hint = self.goal.resume.format(name=self.name)
            raise self._failed_error(
                JobStoppedError,
                f" It stopped (Fireworks stops a keep-alive job after 10 minutes without "
                f"activity, unless created with a longer inactivityTimeout); resume it with "
                f"{hint}.",
            )
        return None

    def lag_estimate(self) -> float:
        """Seconds the resource had likely reached its goal when seen: half the last gap."""
        return self._clock.schedule.lag_estimate()

    def first_delay(self) -> float:
        """Seconds to sleep before the first poll (as :meth:`StepWait.first_delay`)."""
        return self._clock.first_delay()

    def next_delay(self) -> float:
        """Seconds to sleep before the next poll; WaitTimeoutError when time is up."""
        retry_after = getattr(self._error, "retry_after", None)
        return self._clock.next_delay(retry_after, self._timeout_error)

    def _failed_error(self, kind: type[WaitFailedError], advice: str) -> WaitFailedError:
        code, message = status_of(self._resource)
        detail = f": {code + ': ' if code else ''}{message}" if code or message else ""
        state = self._state or _ABSENT
        shown = "gone (404)" if state == _ABSENT else state
        return kind(
            f"The {self.goal.kind} {self.name} is {shown}{detail}; it will not get to "
            f"{' or '.join(sorted(self.goal.ready))} by itself.{advice}",
            resource=self.name,
            state=state,
            status_code=code,
            status_message=message,
        )

    def _timeout_error(self) -> WaitTimeoutError:
        state = self._state
        return WaitTimeoutError(
            f"Gave up after {self.elapsed():.1f}s (timeout {self.timeout:g}s) waiting for the "
            f"{self.goal.kind} {self.name} to be {' or '.join(sorted(self.goal.ready))}; it "
            f"{'could not be read' if state is None else 'is ' + state}. Nothing was sent.",
            resource=self.name,
            timeout=self.timeout,
            state=state,
        )
