"""CPU per executeTrainStep call over an in-process MockTransport, sync and async.

Baselines, both raw httpx sending the same bytes (same headers, same JSON body), with
``raise_for_status()`` and ``.json()``:

- "raw httpx, absolute URL": ``client.post("https://.../v1/...:executeTrainStep", json=body)``
  on a client whose default headers are the SDK's: the fastest equivalent raw call;
- "raw httpx, base_url + path": ``httpx.Client(base_url=...)`` and a relative path, which
  costs httpx a URL merge on every call.

    python benchmarks/bench_calls.py [--calls 3000] [--rounds 9]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

from harness import (
    ACCOUNT,
    API_KEY,
    BASE_URL,
    BODY,
    DATASET,
    JOB,
    OUTPUT_MODEL,
    SAME_HEADERS,
    STEP_PATH,
    interleaved,
    summary,
)

FASTEST = "raw httpx, absolute URL"
MERGED = "raw httpx, base_url + path"


def _handler(request: Any) -> Any:
    import httpx

    return httpx.Response(
        200, content=b"{}", headers={"content-type": "application/json", "x-request-id": "bench"}
    )


def callers(asynchronous: bool) -> dict[str, Callable[[], Any]]:
    """One executeTrainStep call per client, all over a MockTransport (awaitable if async)."""
    import fireworks
    import httpx

    import fireworks_rft

    http_class = httpx.AsyncClient if asynchronous else httpx.Client
    ours_class = fireworks_rft.AsyncClient if asynchronous else fireworks_rft.Client
    official_class = fireworks.AsyncFireworks if asynchronous else fireworks.Fireworks

    def mocked(**kwargs: Any) -> Any:
        return http_class(transport=httpx.MockTransport(_handler), **kwargs)

    ours = ours_class(api_key=API_KEY, account_id=ACCOUNT, http_client=mocked())
    official = official_class(
        api_key=API_KEY, base_url=BASE_URL, max_retries=0, http_client=mocked()
    )
    absolute = mocked(headers=SAME_HEADERS)
    merged = mocked(base_url=BASE_URL, headers=SAME_HEADERS)
    url = BASE_URL + STEP_PATH

    def checked(response: Any) -> object:
        response.raise_for_status()
        return response.json()

    if asynchronous:

        async def absolute_call() -> object:
            return checked(await absolute.post(url, json=BODY))

        async def merged_call() -> object:
            return checked(await merged.post(STEP_PATH, json=BODY))

    else:

        def absolute_call() -> object:
            return checked(absolute.post(url, json=BODY))

        def merged_call() -> object:
            return checked(merged.post(STEP_PATH, json=BODY))

    return {
        FASTEST: absolute_call,
        MERGED: merged_call,
        "fireworks_rft": lambda: ours.execute_train_step(
            JOB, dataset=DATASET, output_model=OUTPUT_MODEL
        ),
        "fireworks (official)": lambda: official.reinforcement_fine_tuning_steps.execute(
            JOB, account_id=ACCOUNT, dataset=DATASET, output_model=OUTPUT_MODEL
        ),
    }


def run(calls: int, rounds: int) -> dict[str, dict[str, Any]]:
    """CPU microseconds per call (median and spread of rounds), sync and async."""
    sync = callers(asynchronous=False)
    for call in sync.values():
        for _ in range(300):
            call()

    def sync_round(call: Callable[[], object]) -> float:
        started = time.process_time()
        for _ in range(calls):
            call()
        return (time.process_time() - started) / calls * 1e6

    sync_runs = interleaved({n: (lambda c=c: sync_round(c)) for n, c in sync.items()}, rounds)

    async def async_runs() -> dict[str, list[float]]:
        async_calls = callers(asynchronous=True)
        for call in async_calls.values():
            for _ in range(300):
                await call()
        results: dict[str, list[float]] = {name: [] for name in async_calls}
        for _ in range(rounds):
            for name, call in async_calls.items():
                started = time.process_time()
                for _ in range(calls):
                    await call()
                results[name].append((time.process_time() - started) / calls * 1e6)
        return results

    return {
        "sync": {name: summary(v) for name, v in sync_runs.items()},
        "async": {name: summary(v) for name, v in asyncio.run(async_runs()).items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    print(json.dumps(run(args.calls, args.rounds), indent=2))


if __name__ == "__main__":
    main()
