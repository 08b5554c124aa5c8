"""What the step ledger adds to a step: time in ledger calls, as a ratio to the time in the
step's own API calls, on SQLite and on PostgreSQL.

A step is ``run_step``: ``execute_train_step`` and the wait that sees its output model READY
at the first read, over an in-process MockTransport that answers every API call after a
fixed latency (``--api-ms``, 20 ms by default: a fast API; the real one is slower, so the
ledger's true share is smaller). Both sides are timed inside the same steps: the API calls
(the baseline: the step's own calls, in the transport) and the ledger calls (every store
call and lease release: the lease, a ``sending`` row before the POST, ``accepted`` after,
``ready`` at the end, and the reads around them). SQLite is a file in a temporary folder;
PostgreSQL a throwaway local server with ``fsync`` on (durable, as in production), over TCP
on 127.0.0.1, each lease on a connection of its own.

    python benchmarks/bench_ledger.py [--steps 20] [--rounds 7] [--api-ms 20]
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import math
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from harness import ACCOUNT, API_KEY, JOB, ROOT, interleaved, summary

FULL_JOB = f"accounts/{ACCOUNT}/rlorTrainerJobs/{JOB}"


class Stopwatch:
    """Seconds spent in what it times, and how many calls."""

    def __init__(self) -> None:
        self.seconds, self.calls = 0.0, 0

    def time(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return call(*args, **kwargs)
        finally:
            self.seconds += time.perf_counter() - started
            self.calls += 1


class TimedLease:
    def __init__(self, lease: Any, watch: Stopwatch) -> None:
        self._lease, self._watch, self.token = lease, watch, lease.token

    def held(self) -> bool:
        return bool(self._watch.time(self._lease.held))

    def release(self) -> None:
        self._watch.time(self._lease.release)


class TimedStore:
    """A ledger store whose every call is timed."""

    def __init__(self, store: Any, watch: Stopwatch) -> None:
        self._store, self._watch = store, watch

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._watch.time(self._store.get, *args, **kwargs)

    def begin_send(self, *args: Any, lease: Any, **kwargs: Any) -> Any:
        return self._watch.time(self._store.begin_send, *args, lease=lease._lease, **kwargs)

    def update(self, *args: Any, lease: Any = None, **kwargs: Any) -> Any:
        inner = None if lease is None else lease._lease
        return self._watch.time(self._store.update, *args, lease=inner, **kwargs)

    def records(self, *args: Any, **kwargs: Any) -> Any:
        return self._watch.time(self._store.records, *args, **kwargs)

    def changed_jobs(self, *args: Any, **kwargs: Any) -> Any:
        return self._watch.time(self._store.changed_jobs, *args, **kwargs)

    def summaries(self, *args: Any, **kwargs: Any) -> Any:
        return self._watch.time(self._store.summaries, *args, **kwargs)

    def record_upload(self, *args: Any, **kwargs: Any) -> Any:
        return self._watch.time(self._store.record_upload, *args, **kwargs)

    def try_lease(self, *args: Any, **kwargs: Any) -> Any:
        lease = self._watch.time(self._store.try_lease, *args, **kwargs)
        return None if lease is None else TimedLease(lease, self._watch)

    def close(self) -> None:
        self._store.close()


def _handler(latency: float, watch: Stopwatch, step_seconds: float = 0.0) -> Any:
    """The mocked API: every call takes ``latency`` s; a step's model is READY at once, or
    ``step_seconds`` after its POST (absent, 404, until then)."""
    import httpx

    posted: dict[str, float] = {}

    def answer(request: httpx.Request) -> httpx.Response:
        time.sleep(latency)
        if request.method == "POST":
            posted[json.loads(request.content).get("outputModel", "")] = time.monotonic()
            return httpx.Response(200, json={})
        if "/models/" in request.url.path:
            name = request.url.path.split("/v1/", 1)[1]
            since = time.monotonic() - posted.get(name, -math.inf)
            if step_seconds and since < step_seconds:
                return httpx.Response(404, json={"code": 5, "message": f"{name} not found"})
            return httpx.Response(200, json={"name": name, "state": "READY"})
        return httpx.Response(
            200, json={"name": FULL_JOB, "state": "JOB_STATE_RUNNING", "keepAlive": True}
        )

    return lambda request: watch.time(answer, request)


@contextlib.contextmanager
def _postgres() -> Iterator[str]:
    sys.path.insert(0, str(ROOT))
    from tests.support.postgres import fresh_database, postgres_server

    with postgres_server(durable=True) as admin:
        yield fresh_database(admin, "bench_ledger")


def timed_clients(
    stores: dict[str, Any], api_ms: float
) -> tuple[dict[str, Any], dict[str, tuple[Stopwatch, Stopwatch]]]:
    """A client per store, each over a mocked API of ``api_ms``; its (API, ledger) watches."""
    import httpx

    import fireworks_rft

    watches = {name: (Stopwatch(), Stopwatch()) for name in stores}
    clients = {
        name: fireworks_rft.Client(
            api_key=API_KEY,
            account_id=ACCOUNT,
            ledger=TimedStore(store, watches[name][1]),
            http_client=httpx.Client(
                transport=httpx.MockTransport(_handler(api_ms / 1000.0, watches[name][0]))
            ),
        )
        for name, store in stores.items()
    }
    return clients, watches


def run(steps: int, rounds: int, api_ms: float) -> dict[str, Any]:

    import fireworks_rft

    names = itertools.count()
    with tempfile.TemporaryDirectory() as folder, _postgres() as postgres_url:
        stores = {
            "SQLite": fireworks_rft.SQLiteLedger(Path(folder) / "steps.db"),
            "PostgreSQL": fireworks_rft.PostgresLedger(postgres_url),
        }
        clients, watches = timed_clients(stores, api_ms)
        shares: dict[str, dict[str, list[float]]] = {
            name: {"api_ms": [], "ledger_ms": [], "ledger_calls": [], "api_calls": []}
            for name in stores
        }

        def round_of(name: str) -> Callable[[], float]:
            def measure() -> float:
                api, ledger = watches[name]
                api.seconds = ledger.seconds = 0.0
                api.calls = ledger.calls = 0
                for _ in range(steps):
                    clients[name].run_step(
                        JOB, dataset="rollouts", output_model=f"policy-{next(names)}",
                        poll_interval=0.001,
                    )  # fmt: skip
                share = shares[name]
                share["api_ms"].append(api.seconds / steps * 1000.0)
                share["ledger_ms"].append(ledger.seconds / steps * 1000.0)
                share["api_calls"].append(api.calls / steps)
                share["ledger_calls"].append(ledger.calls / steps)
                return ledger.seconds / api.seconds

            return measure

        for name in clients:  # warm up: connections, schema, imports
            round_of(name)()
        ratios = interleaved({name: round_of(name) for name in clients}, rounds)
        for client in clients.values():
            client.close()
        for store in stores.values():
            store.close()
    return {
        "api_ms": api_ms,
        "steps": steps,
        "stores": {
            name: {
                "ratio": summary(ratios[name]),
                **{key: summary(values[1:]) for key, values in shares[name].items()},
            }
            for name in stores
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--api-ms", type=float, default=20.0)
    args = parser.parse_args()
    print(json.dumps(run(args.steps, args.rounds, args.api_ms), indent=2))


if __name__ == "__main__":
    main()
