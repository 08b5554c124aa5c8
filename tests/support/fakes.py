"""Shared test helpers: paths, the test key, a recording MockTransport, fake timings."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import httpx

from fireworks_rft._timing import Timing
from fireworks_rft.testing import ManualClock

ROOT = Path(__file__).resolve().parents[2]
SPEC_PATH = ROOT / "openapi.yaml"
API_KEY = "fw-test-key-0123456789"
STEP_PATH = "/v1/accounts/acct-1/rlorTrainerJobs/job-1:executeTrainStep"
#: The wall clock that fake timings report (for HTTP-date Retry-After).
NOW = 1_800_000_000.0


def ok_json(
    body: Any = None, status: int = 200, headers: dict[str, str] | None = None
) -> httpx.Response:
    return httpx.Response(status, json={} if body is None else body, headers=headers)


Handler = Callable[[httpx.Request], httpx.Response]


@attrs.define
class Recorder:
    """A MockTransport handler that records requests and answers from a script."""

    responses: list[httpx.Response | Exception | Handler] = attrs.field(factory=list)
    requests: list[httpx.Request] = attrs.field(factory=list)
    default: httpx.Response | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        request.read()
        # A snapshot: the transport sends one request object, updating it between attempts.
        self.requests.append(
            httpx.Request(
                request.method,
                request.url,
                headers=request.headers.copy(),
                content=request.content,
                extensions=dict(request.extensions),
            )
        )
        if self.responses:
            item = self.responses.pop(0)
        elif self.default is not None:
            item = self.default
        else:
            item = httpx.Response(200, json={}, headers={"x-request-id": "req-default"})
        if isinstance(item, Exception):
            raise item
        if callable(item) and not isinstance(item, httpx.Response):
            return item(request)
        return httpx.Response(
            item.status_code, headers=item.headers, content=item.content, request=request
        )

    def bodies(self) -> list[Any]:
        return [json.loads(r.content) for r in self.requests]


def no_sleep(
    sleeps: list[float] | None = None, *, wall_clock: Callable[[], float] | None = None
) -> Timing:
    """Retry timing whose sleeps are recorded, not slept, with jitter pinned to 0."""
    record = sleeps if sleeps is not None else []

    async def async_sleep(seconds: float) -> None:
        record.append(seconds)

    return Timing(
        sleep=record.append,
        async_sleep=async_sleep,
        jitter=lambda: 0.0,
        wall_clock=wall_clock or (lambda: NOW),
    )


def virtual_time(sleeps: list[float] | None = None) -> tuple[ManualClock, Timing]:
    """One virtual clock for an emulator and a client: every client sleep advances it.

    ``FakeGateway(clock=clock)`` and ``Client(_timing=timing)`` then share time: a wait's
    polls see each lifecycle state in turn, its timeout passes exactly, and nothing sleeps.
    """
    clock = ManualClock()
    record = sleeps if sleeps is not None else []

    def sleep(seconds: float) -> None:
        record.append(seconds)
        clock.advance(seconds)

    async def async_sleep(seconds: float) -> None:
        sleep(seconds)

    return clock, Timing(
        sleep=sleep, async_sleep=async_sleep, clock=clock, wall_clock=clock, jitter=lambda: 0.0
    )
