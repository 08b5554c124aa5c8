"""The ledger at scale: 1,000 loops x 1,000 steps (a million rows), on SQLite and PostgreSQL.

Each figure against a baseline measured in the same run:

- ``run_step``'s time in ledger calls per step on the full ledger, as a ratio to the same on
  an empty one (target: within 10%); the API is an in-process MockTransport (as in
  ``bench_ledger.py``), rounds interleaved;
- ``steps --watch`` on the full ledger: the first refresh (target: 2 s) and a steady refresh
  after one change (target: 200 ms), through ``SweepWatch`` as the command uses it;
- ``fireworks-rft report`` of the full ledger (target: 30 s);
- 64 concurrent drivers (processes, as a sweep's are, each a client with a store of its own)
  on one PostgreSQL,
  every API call mocked at 100 ms: ledger time per step as a share of the step's own API
  calls (target: at most 5%), and the most connections the database held at once (each
  driver holds one for its store and, while it sends or checks a step, one for its lease);
  in two cases: stress (each step's model READY at once, polled every millisecond: steps
  back to back, as many a second as the machine runs) and a sweep (each step takes
  ``SWEEP_STEP_SECONDS`` on the mocked server, polled as ``run_step`` polls by default).

The full ledgers are written in bulk by ``tools/synthetic_sweep.py`` (not timed).

    python benchmarks/bench_scale.py [--loops 1000] [--steps 1000] [--drivers 64]
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from operator import sub
from pathlib import Path
from typing import Any

from bench_ledger import Stopwatch, TimedStore, _handler, timed_clients
from harness import ACCOUNT, API_KEY, JOB, ROOT, interleaved, summary

sys.path.insert(0, str(ROOT))

#: How long each step of the sweep case takes on the mocked server (seconds).
SWEEP_STEP_SECONDS = 5.0
#: Runs of the stress case (each against its one-driver baseline).
STRESS_RUNS = 3


@contextlib.contextmanager
def _postgres(max_connections: int) -> Iterator[str]:
    from fireworks_rft.testing.local_postgres import postgres_server

    with postgres_server(durable=True, max_connections=max_connections) as admin:
        yield admin


def _database(admin: str, name: str) -> str:
    from tests.support.postgres import fresh_database

    return fresh_database(admin, name)


def _ledger_time_per_step(
    clients: dict[str, Any],
    watches: dict[str, tuple[Stopwatch, Stopwatch]],
    steps: int,
    rounds: int,
) -> dict[str, list[float]]:
    names = itertools.count()

    def round_of(name: str) -> Any:
        def measure() -> float:
            api, ledger = watches[name]
            ledger.seconds = api.seconds = 0.0
            for _ in range(steps):
                clients[name].run_step(
                    JOB, dataset="rollouts", output_model=f"scale-{next(names)}",
                    poll_interval=0.001,
                )  # fmt: skip
            return ledger.seconds / steps * 1000.0

        return measure

    for name in clients:
        round_of(name)()  # warm up
    return interleaved({name: round_of(name) for name in clients}, rounds)


def _watch_times(ledger: str, rounds: int) -> dict[str, Any]:
    """The first refresh of a new watch, then steady refreshes each after one change."""
    import fireworks_rft

    firsts, steadies = [], []
    writer = (
        fireworks_rft.PostgresLedger(ledger)
        if ledger.startswith("postgresql://")
        else fireworks_rft.SQLiteLedger(ledger)
    )
    job = "accounts/sweep/rlorTrainerJobs/loop-0000"
    for index in range(rounds):
        started = time.perf_counter()
        watch = fireworks_rft.SweepWatch(ledger)
        before = {j.job: j.recorded for j in watch.refresh().jobs}
        firsts.append(time.perf_counter() - started)
        lease = writer.try_lease(job, f"accounts/sweep/models/watched-{index}")
        writer.begin_send(job, f"accounts/sweep/models/watched-{index}", "d", expected=None,
                          now=time.time(), lease=lease)  # fmt: skip
        lease.release()
        started = time.perf_counter()
        summary_now = watch.refresh()
        steadies.append(time.perf_counter() - started)
        after = {j.job: j.recorded for j in summary_now.jobs}
        assert after[job] == before[job] + 1  # the change was seen
        watch.close()
    writer.close()
    return {"first_s": summary(firsts), "steady_ms": summary([s * 1000 for s in steadies])}


def _report_time(ledger: str, folder: str) -> float:
    import fireworks_rft

    started = time.perf_counter()
    fireworks_rft.write_report(ledger, Path(folder) / "report.html")
    return time.perf_counter() - started


def _drivers(
    url: str, drivers: int, steps: int, api_ms: float, step_seconds: float = 0.0
) -> dict[str, Any]:
    """``drivers`` loops at once on one PostgreSQL; ledger share of each step's API time.

    Each driver is a process of its own, as a sweep's are (Ray runs each loop in a worker
    process): threads of one process would measure the GIL, not the ledger. Every driver
    makes its client and store and runs a first step before the clock starts. A step's
    model is READY at once, polled every millisecond (the stress case: as many steps a
    second as the machine runs), or ``step_seconds`` after it was sent, polled as
    ``run_step`` polls by default (a sweep's steps, short ones).
    """
    import multiprocessing

    import psycopg

    context = multiprocessing.get_context("fork")
    start, results = context.Event(), context.Queue()
    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        with psycopg.connect(url, autocommit=True) as db:
            while not stop.wait(0.05):
                count = db.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                ).fetchone()[0]
                peak[0] = max(peak[0], int(count) - 1)  # not this sampler's own

    processes = [
        context.Process(target=_driver, args=(url, i, steps, api_ms, step_seconds, start, results))
        for i in range(drivers)
    ]
    for process in processes:
        process.start()
    ready = [results.get(timeout=600) for _ in processes]
    if any(isinstance(r, str) for r in ready):
        raise RuntimeError(next(r for r in ready if isinstance(r, str)))
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started, cpu = time.perf_counter(), _cpu_times()
    start.set()
    done = [results.get(timeout=600) for _ in processes]
    took, (busy, total) = time.perf_counter() - started, map(sub, _cpu_times(), cpu)
    for process in processes:
        process.join()
    stop.set()
    sampler.join()
    failed = [r for r in done if isinstance(r, str)]
    if failed:
        raise RuntimeError(failed[0])
    shares = [ledger / api for ledger, api in done]
    return {
        "drivers": drivers,
        "steps_per_driver": steps,
        "api_ms": api_ms,
        "step_seconds": step_seconds,
        "ledger_share": summary(shares),
        "ledger_ms_per_step": summary([ledger / steps * 1000 for ledger, _ in done]),
        "peak_connections": peak[0],
        "seconds": took,
        "steps_per_second": drivers * steps / took,
        "machine_busy": busy / total if total else None,
    }


def _cpu_times() -> tuple[int, int]:
    """The machine's busy and total CPU ticks so far (Linux ``/proc/stat``; zeros elsewhere)."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:9]]
    except OSError:
        return 0, 0
    return sum(fields) - fields[3] - fields[4], sum(fields)  # idle and iowait are not busy


def _driver(
    url: str, index: int, steps: int, api_ms: float, step_seconds: float, start: Any, results: Any
) -> None:
    """One driver process: a first step, then ``steps`` timed ones once ``start`` is set."""
    import httpx

    import fireworks_rft

    try:
        api, ledger = Stopwatch(), Stopwatch()
        store = fireworks_rft.PostgresLedger(url)
        with fireworks_rft.Client(
            api_key=API_KEY,
            account_id=ACCOUNT,
            ledger=TimedStore(store, ledger),
            http_client=httpx.Client(
                transport=httpx.MockTransport(_handler(api_ms / 1000.0, api, step_seconds))
            ),
        ) as client:
            polling = {} if step_seconds else {"poll_interval": 0.001}
            for step in range(-1, steps):
                if step == 0:
                    results.put(None)
                    start.wait()
                    api.seconds = ledger.seconds = 0.0
                client.run_step(
                    f"driver-{index}", dataset="rollouts",
                    output_model=f"driver-{index}-step-{step}", **polling,
                )  # fmt: skip
        store.close()
        results.put((ledger.seconds, api.seconds))
    except BaseException as exc:  # reported to the parent, which raises
        results.put(f"driver {index}: {type(exc).__name__}: {exc}")


def run(loops: int, steps: int, rounds: int, drivers: int, api_ms: float) -> dict[str, Any]:
    import fireworks_rft
    from tools.synthetic_sweep import fill

    results: dict[str, Any] = {"loops": loops, "steps": steps, "rows": loops * steps}
    with tempfile.TemporaryDirectory() as folder, _postgres(4 * drivers + 20) as admin:
        full = {
            "SQLite": str(Path(folder) / "full.db"),
            "PostgreSQL": _database(admin, "scale_full"),
        }
        empty = {
            "SQLite": str(Path(folder) / "empty.db"),
            "PostgreSQL": _database(admin, "scale_empty"),
        }
        for name, ledger in full.items():
            print(f"  writing {loops * steps} rows into the {name} ledger ...", flush=True)
            fill(ledger, loops, steps)
        stores = {
            f"{name} {size}": (
                fireworks_rft.PostgresLedger(ledger)
                if name == "PostgreSQL"
                else fireworks_rft.SQLiteLedger(ledger)
            )
            for size, ledgers in (("empty", empty), ("full", full))
            for name, ledger in ledgers.items()
        }
        clients, watches = timed_clients(stores, api_ms=1.0)
        per_step = _ledger_time_per_step(clients, watches, 20, rounds)
        for client in clients.values():
            client.close()
        for store in stores.values():
            store.close()
        results["run_step"] = {
            name: {
                "empty_ms": summary(per_step[f"{name} empty"]),
                "full_ms": summary(per_step[f"{name} full"]),
                "ratio": summary(
                    [
                        f / e
                        for f, e in zip(
                            per_step[f"{name} full"], per_step[f"{name} empty"], strict=True
                        )
                    ]
                ),
            }
            for name in full
        }
        results["watch"] = {name: _watch_times(ledger, 3) for name, ledger in full.items()}
        results["report_s"] = {name: _report_time(ledger, folder) for name, ledger in full.items()}
        # The baseline: one driver alone, then all of them at once, on the same server.
        # Runs of the stress case vary a lot from one to the next (the machine saturated):
        # STRESS_RUNS of each, interleaved, and the run with the median share is shown.
        runs = [
            (
                _drivers(_database(admin, f"scale_one_{run}"), 1, 20, api_ms),
                _drivers(_database(admin, f"scale_drivers_{run}"), drivers, 20, api_ms),
            )
            for run in range(STRESS_RUNS)
        ]
        for key, case in (("one_driver", 0), ("drivers", 1)):
            ranked = sorted((r[case] for r in runs), key=lambda d: d["ledger_share"]["median"])
            results[key] = {
                **ranked[len(ranked) // 2],
                "run_shares": [d["ledger_share"]["median"] for d in ranked],
            }
        results["sweep"] = _drivers(
            _database(admin, "scale_sweep"), drivers, 10, api_ms, step_seconds=SWEEP_STEP_SECONDS
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--loops", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--drivers", type=int, default=64)
    parser.add_argument("--api-ms", type=float, default=100.0)
    args = parser.parse_args()
    print(json.dumps(run(args.loops, args.steps, args.rounds, args.drivers, args.api_ms), indent=2))


if __name__ == "__main__":
    main()
