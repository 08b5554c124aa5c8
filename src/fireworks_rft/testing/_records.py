"""What the emulator records and takes, and the manual clock that drives it in tests.

It records executed steps and received requests, and takes scripted answers.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

import attrs


@attrs.frozen
class ExecutedStep:
    """A training step the emulator executed."""

    job: str
    account_id: str
    job_id: str
    dataset: str
    output_model: str
    time: float
    request_id: str


@attrs.frozen
class ReceivedRequest:
    """A request the emulator received; its headers are kept, but for Authorization."""

    method: str
    path: str
    operation_id: str
    status: int | None
    request_id: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (any case), or None."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


@attrs.frozen
class ScriptedResponse:
    """How the emulator answers the next valid request, instead of its normal answer.

    Args:
        status: The HTTP status.
        body: A JSON-able value, ``str`` or ``bytes``. None: ``{}`` for a 2xx, else a
            grpc-gateway error body ``{"code", "message", "details"}``.
        headers: Extra response headers.
        delay: Seconds to wait before answering (e.g. longer than the client's timeout).
        drop: Close the connection without answering.
        executes: Whether the request takes effect before this answer (a step runs, a
            delete deletes). None: when the status is 2xx and the answer is not dropped.
            ``ScriptedResponse(drop=True, executes=True)`` is the lost-answer case.
        operation_id: Answer only a request of this operation (e.g.
            ``"Gateway_ExecuteRlorTrainStep"``); other requests pass it by. None: any.
    """

    status: int = 200
    body: Any = None
    headers: Mapping[str, str] = attrs.field(factory=dict)
    delay: float = 0.0
    drop: bool = False
    executes: bool | None = None
    operation_id: str | None = None

    def applies_to(self, operation_id: str) -> bool:
        """Whether this answer is for a request of ``operation_id``."""
        return self.operation_id is None or self.operation_id == operation_id

    def takes_effect(self) -> bool:
        """Whether the request takes effect when this answer is used."""
        if self.executes is not None:
            return self.executes
        return 200 <= self.status < 300 and not self.drop

    def runs_step(self) -> bool:
        """Whether a step counts as executed when this answer is used (:meth:`takes_effect`)."""
        return self.takes_effect()


class ManualClock:
    """A clock that moves only when told: ``FakeGateway(clock=ManualClock())``.

    Step and job lifecycles then change by :meth:`advance`, never by wall-clock time, so a
    test sees every state (404, UPLOADING, READY) however slow the machine is.
    """

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self._now = start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        """Move the clock ``seconds`` forward."""
        if seconds < 0:
            raise ValueError(f"a clock does not go back: advance({seconds!r})")
        with self._lock:
            self._now += seconds
