"""Throughput, errors and connections opened at 1, 10, 100 and 500 calls in flight.

Over a real loopback socket against ``latency_server.py`` (its own process, a fixed latency
per answer): fireworks_rft's AsyncClient, raw ``httpx.AsyncClient`` and the official SDK,
each with default settings and no retries. Then fireworks_rft's sync Client from 100 threads.

    python benchmarks/bench_concurrency.py [--latency-ms 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from harness import (
    ACCOUNT,
    API_KEY,
    BODY,
    DATASET,
    JOB,
    OUTPUT_MODEL,
    SAME_HEADERS,
    STEP_PATH,
    child_env,
    median,
)

LEVELS = (1, 10, 100, 500)


@contextmanager
def latency_server(latency_ms: float) -> Iterator[str]:
    """Start latency_server.py; yield its URL."""
    process = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("latency_server.py")),
            "--latency-ms",
            str(latency_ms),
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=child_env(),
    )
    try:
        assert process.stdout is not None
        yield process.stdout.readline().strip()
    finally:
        process.terminate()
        process.wait(timeout=10)


def stats(url: str, action: str = "_stats") -> dict[str, int]:
    """The server's counts since the last reset, less the connection that asks for them."""
    import httpx

    method = "GET" if action == "_stats" else "POST"
    counts = dict(httpx.request(method, f"{url}/{action}").json())
    counts["connections"] = max(0, counts.get("connections", 0) - 1)
    counts["max_open"] = max(0, counts.get("max_open", 0) - 1)
    return counts


def total_calls(level: int) -> int:
    return max(200, 4 * level)


async def drive(call: Callable[[], Awaitable[Any]], level: int) -> dict[str, Any]:
    """``total_calls(level)`` calls with ``level`` in flight; throughput, errors, latencies."""
    total = total_calls(level)
    started_calls = 0
    errors: dict[str, int] = {}
    latencies: list[float] = []

    async def worker() -> None:
        nonlocal started_calls
        while started_calls < total:
            started_calls += 1
            t0 = time.perf_counter()
            try:
                await call()
            except Exception as exc:  # counted, not raised: errors are a result here
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
            latencies.append(time.perf_counter() - t0)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(level)))
    elapsed = time.perf_counter() - started
    return {
        "calls": total,
        "calls_per_s": total / elapsed,
        "errors": errors,
        "p50_ms": median(latencies) * 1000.0,
    }


def async_clients(url: str) -> dict[str, Callable[[], Any]]:
    """Factories of (call, close) pairs, one fresh client per level."""
    import fireworks
    import httpx

    import fireworks_rft

    def ours() -> tuple[Callable[[], Awaitable[Any]], Callable[[], Awaitable[None]]]:
        client = fireworks_rft.AsyncClient(
            api_key=API_KEY, account_id=ACCOUNT, base_url=url, max_retries=0
        )
        return (
            lambda: client.execute_train_step(JOB, dataset=DATASET, output_model=OUTPUT_MODEL),
            client.aclose,
        )

    def raw() -> tuple[Callable[[], Awaitable[Any]], Callable[[], Awaitable[None]]]:
        client = httpx.AsyncClient(base_url=url, headers=SAME_HEADERS)

        async def call() -> object:
            response = await client.post(STEP_PATH, json=BODY)
            response.raise_for_status()
            return response.json()

        return call, client.aclose

    def official() -> tuple[Callable[[], Awaitable[Any]], Callable[[], Awaitable[None]]]:
        client = fireworks.AsyncFireworks(api_key=API_KEY, base_url=url, max_retries=0)
        return (
            lambda: client.reinforcement_fine_tuning_steps.execute(
                JOB, account_id=ACCOUNT, dataset=DATASET, output_model=OUTPUT_MODEL
            ),
            client.close,
        )

    return {"fireworks_rft": ours, "raw httpx": raw, "fireworks (official)": official}


#: fireworks_rft's levels run this many times (a fresh client each), its target figure the
#: median run; the baselines run once (raw httpx at 500 takes a minute of timeouts).
OURS_RUNS = 3


def run_async(url: str) -> dict[str, dict[int, dict[str, Any]]]:
    results: dict[str, dict[int, dict[str, Any]]] = {}

    async def once(factory: Callable[[], Any], level: int) -> dict[str, Any]:
        call, close = factory()
        stats(url, "_reset")
        outcome = await drive(call, level)
        counts = stats(url)  # before closing: the client's connections are still open
        await close()
        outcome["connections_opened"] = counts["connections"]
        outcome["max_open"] = counts["max_open"]
        return outcome

    async def main() -> None:
        for name, factory in async_clients(url).items():
            results[name] = {}
            for level in LEVELS:
                runs = [await once(factory, level) for _ in range(_runs(name))]
                results[name][level] = _median_run(runs)

    asyncio.run(main())
    return results


def _runs(name: str) -> int:
    return OURS_RUNS if name == "fireworks_rft" else 1


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run of median throughput; errors summed and connections the most of any run."""
    ordered = sorted(runs, key=lambda run: run["calls_per_s"])
    chosen = dict(ordered[len(ordered) // 2])
    errors: dict[str, int] = {}
    for run in runs:
        for kind, count in run["errors"].items():
            errors[kind] = errors.get(kind, 0) + count
    chosen["errors"] = errors
    chosen["connections_opened"] = max(run["connections_opened"] for run in runs)
    chosen["max_open"] = max(run["max_open"] for run in runs)
    chosen["runs"] = len(runs)
    return chosen


def run_threads(url: str, threads: int = 100, calls_each: int = 20) -> dict[str, Any]:
    """fireworks_rft's sync Client shared by ``threads`` threads."""
    import fireworks_rft

    errors: list[str] = []
    stats(url, "_reset")
    with fireworks_rft.Client(
        api_key=API_KEY, account_id=ACCOUNT, base_url=url, max_retries=0
    ) as client:

        def work() -> None:
            for _ in range(calls_each):
                try:
                    client.execute_train_step(JOB, dataset=DATASET, output_model=OUTPUT_MODEL)
                except Exception as exc:  # counted: errors are a result here
                    errors.append(type(exc).__name__)

        started = time.perf_counter()
        pool = [threading.Thread(target=work) for _ in range(threads)]
        for thread in pool:
            thread.start()
        for thread in pool:
            thread.join()
        elapsed = time.perf_counter() - started
        counts = stats(url)
    return {
        "threads": threads,
        "calls": threads * calls_each,
        "calls_per_s": threads * calls_each / elapsed,
        "errors": len(errors),
        "connections_opened": counts["connections"],
        "max_open": counts["max_open"],
    }


def run(latency_ms: float) -> dict[str, Any]:
    with latency_server(latency_ms) as url:
        return {"latency_ms": latency_ms, "async": run_async(url), "threads": run_threads(url)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=10.0)
    args = parser.parse_args()
    print(json.dumps(run(args.latency_ms), indent=2))


if __name__ == "__main__":
    main()
