"""Sync and async clients behave identically: same requests, results, errors and delays."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

import fireworks_rft

from ..support.fakes import API_KEY, Recorder, no_sleep


def _read_timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("read timed out", request=request)


def _connect_error(request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("refused", request=request)


SCENARIOS: dict[str, list[Any]] = {
    "ok": [httpx.Response(200, json={}, headers={"x-request-id": "r"})],
    "bad-request": [httpx.Response(400, json={"code": 3, "message": "bad"})],
    "rate-limited-then-ok": [
        httpx.Response(429, headers={"retry-after": "2"}),
        httpx.Response(200, json={}),
    ],
    "unavailable-thrice": [httpx.Response(503)] * 3,
    "server-error": [httpx.Response(500)],
    "gateway-timeout": [httpx.Response(504)],
    "invalid-json": [httpx.Response(200, content=b"<html>")],
    "connect-error-then-ok": [_connect_error, httpx.Response(200, json={})],
    "read-timeout": [_read_timeout],
    "conflict": [httpx.Response(409, json={"error": {"message": "exists"}})],
}


def _summary(outcome: object, recorder: Recorder, sleeps: list[float]) -> dict[str, Any]:
    if isinstance(outcome, fireworks_rft.APIError):
        detail: Any = (
            type(outcome).__name__,
            outcome.message,
            outcome.attempts,
            outcome.may_have_been_processed,
            getattr(outcome, "status_code", None),
            getattr(outcome, "__notes__", None),
        )
    else:
        detail = outcome
    return {
        "outcome": detail,
        "requests": [
            (r.method, str(r.url), r.headers.get("x-fireworks-rft-retry-count"), r.content)
            for r in recorder.requests
        ],
        "sleeps": sleeps,
    }


def _run_sync(script: list[Any]) -> dict[str, Any]:
    recorder, sleeps = Recorder(responses=list(script)), []
    http = httpx.Client(transport=httpx.MockTransport(recorder))
    with fireworks_rft.Client(
        api_key=API_KEY, account_id="a", http_client=http, _timing=no_sleep(sleeps)
    ) as client:
        try:
            outcome: object = client.execute_train_step("j", dataset="d", output_model="m")
        except fireworks_rft.APIError as exc:
            outcome = exc
    return _summary(outcome, recorder, sleeps)


def _run_async(script: list[Any]) -> dict[str, Any]:
    async def run() -> dict[str, Any]:
        recorder, sleeps = Recorder(responses=list(script)), []
        http = httpx.AsyncClient(transport=httpx.MockTransport(recorder))
        async with fireworks_rft.AsyncClient(
            api_key=API_KEY, account_id="a", http_client=http, _timing=no_sleep(sleeps)
        ) as client:
            try:
                outcome: object = await client.execute_train_step(
                    "j", dataset="d", output_model="m"
                )
            except fireworks_rft.APIError as exc:
                outcome = exc
        return _summary(outcome, recorder, sleeps)

    return asyncio.run(run())


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_sync_and_async_agree(name):
    sync = _run_sync(SCENARIOS[name])
    async_ = _run_async(SCENARIOS[name])
    assert sync == async_
    assert sync["requests"], "every scenario sends at least one request"


def test_parity_covers_success_and_failure():
    outcomes = [_run_sync(s)["outcome"] for s in SCENARIOS.values()]
    assert any(isinstance(o, fireworks_rft.TrainStepResult) for o in outcomes)
    assert any(isinstance(o, tuple) for o in outcomes)


# -- The two classes: one source, the same public surface -----------------------------------

#: The names that differ by design: closing and the context-manager protocol.
_TWINS = {"close": "aclose", "__enter__": "__aenter__", "__exit__": "__aexit__"}


def _public(cls: type) -> dict[str, Any]:
    return {name: getattr(cls, name) for name in dir(cls) if not name.startswith("_")}


def _unasync(text: str) -> str:
    from tools.unasync import transform

    return transform(text)


def test_client_and_async_client_have_the_same_public_names():
    sync, async_ = _public(fireworks_rft.Client), _public(fireworks_rft.AsyncClient)
    renamed = {_TWINS.get(name, name) for name in sync}
    assert renamed == set(async_)


@pytest.mark.parametrize("name", sorted(_public(fireworks_rft.Client)))
def test_each_method_matches_its_async_twin(name):
    """Same parameters, defaults and annotations (sync spelling), and the same docstring."""
    import inspect

    sync = getattr(fireworks_rft.Client, name)
    async_ = getattr(fireworks_rft.AsyncClient, _TWINS.get(name, name))
    if isinstance(sync, property):
        assert isinstance(async_, property)
        assert sync.__doc__ == async_.__doc__
        return
    sync_sig, async_sig = inspect.signature(sync), inspect.signature(async_)
    assert list(sync_sig.parameters) == list(async_sig.parameters)
    for param in sync_sig.parameters.values():
        twin = async_sig.parameters[param.name]
        assert (param.kind, param.default) == (twin.kind, twin.default), param.name
        assert str(param.annotation) == _unasync(str(twin.annotation)), param.name
    assert str(sync_sig.return_annotation) == _unasync(str(async_sig.return_annotation))
    assert sync.__doc__ and sync.__doc__ == _unasync(async_.__doc__ or ""), name
    assert inspect.iscoroutinefunction(async_) or not inspect.iscoroutinefunction(sync)


def test_the_sync_client_is_written_from_the_async_source():
    from tools.unasync import PACKAGE, PAIRS, written

    for source, target in PAIRS:
        assert (PACKAGE / target).read_text(encoding="utf-8") == written(source, target), (
            f"{target} differs from {source}: run make generate"
        )
        assert (PACKAGE / target).read_text().startswith(f"# Generated from {source}")
