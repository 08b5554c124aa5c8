"""Shared fixtures: a clean environment and clients over an in-process MockTransport."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

import fireworks_rft
from fireworks_rft._clock import Timing

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi.yaml"
API_KEY = "fw-test-key-0123456789"
STEP_PATH = "/v1/accounts/acct-1/rlorTrainerJobs/job-1:executeTrainStep"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test sees the developer's own Fireworks settings."""
    for name in (
        "FIREWORKS_API_KEY",
        "FIREWORKS_ACCOUNT_ID",
        "FIREWORKS_BASE_URL",
        "FIREWORKS_LOG",
    ):
        monkeypatch.delenv(name, raising=False)


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
        # A snapshot: the policy client sends one request object, updating it between attempts.
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

    if wall_clock is None:
        return Timing(sleep=record.append, async_sleep=async_sleep, jitter=lambda: 0.0)
    return Timing(
        sleep=record.append, async_sleep=async_sleep, jitter=lambda: 0.0, wall_clock=wall_clock
    )


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def make_client(recorder: Recorder) -> Iterator[Callable[..., fireworks_rft.Client]]:
    made: list[fireworks_rft.Client] = []

    def make(**kwargs: Any) -> fireworks_rft.Client:
        kwargs.setdefault("api_key", API_KEY)
        kwargs.setdefault("account_id", "acct-1")
        kwargs.setdefault("_timing", no_sleep())
        kwargs.setdefault("http_client", httpx.Client(transport=httpx.MockTransport(recorder)))
        client = fireworks_rft.Client(**kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def make_async_client(recorder: Recorder) -> Callable[..., fireworks_rft.AsyncClient]:
    def make(**kwargs: Any) -> fireworks_rft.AsyncClient:
        kwargs.setdefault("api_key", API_KEY)
        kwargs.setdefault("account_id", "acct-1")
        kwargs.setdefault("_timing", no_sleep())
        kwargs.setdefault("http_client", httpx.AsyncClient(transport=httpx.MockTransport(recorder)))
        return fireworks_rft.AsyncClient(**kwargs)

    return make


@pytest.fixture(scope="session")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-c",
            f"from hatchling.build import build_wheel; build_wheel({str(out)!r})",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("fireworks_rft-*.whl")
    return built
