"""fireworks-rft benchmarks: `make bench`. Writes docs/benchmarks.md, .json and .png.

Each module measures one thing and runs alone (see its docstring); this script runs them all
in one process's turn and writes the report (report.py):

- bench_import.py: import time, and import time at a synthetic 150-operation spec;
- bench_calls.py: CPU per call against the fastest raw httpx call and the official SDK;
- bench_concurrency.py: 1 to 500 calls in flight over loopback, and 100 threads;
- bench_wait.py: CPU of wait_for_step against its reads made by hand;
- bench_memory.py: RSS and retained Python memory over many calls;
- bench_polling.py: how soon waits notice a READY model, and their reads (virtual clock);
- bench_ledger.py: time in ledger calls per step, against the step's own API calls;
- bench_scale.py: the ledger at a million rows, a live view of it, its report, and 64
  drivers on one PostgreSQL.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
from pathlib import Path
from typing import Any

import bench_calls
import bench_concurrency
import bench_import
import bench_ledger
import bench_memory
import bench_polling
import bench_scale
import bench_wait
import report
from harness import ROOT, machine


def main() -> int:
    parser = argparse.ArgumentParser(description="Run the fireworks-rft benchmarks.")
    parser.add_argument("--calls", type=int, default=3000, help="calls per round (in-process)")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--import-rounds", type=int, default=21)
    parser.add_argument("--operations", type=int, default=150, help="synthetic spec size")
    parser.add_argument("--latency-ms", type=float, default=10.0)
    parser.add_argument("--waits", type=int, default=200)
    parser.add_argument("--memory-calls", type=int, default=10_000)
    parser.add_argument("--memory-rounds", type=int, default=3)
    parser.add_argument("--polling-steps", type=int, default=20, help="steps per simulated job")
    parser.add_argument("--polling-jobs", type=int, default=25, help="simulated jobs per length")
    parser.add_argument("--ledger-steps", type=int, default=20, help="steps per ledger round")
    parser.add_argument("--api-ms", type=float, default=20.0, help="latency of a mocked API call")
    parser.add_argument("--scale-loops", type=int, default=1000, help="loops in the big ledger")
    parser.add_argument("--scale-steps", type=int, default=1000, help="steps per loop there")
    parser.add_argument("--drivers", type=int, default=64, help="drivers on one PostgreSQL")
    parser.add_argument("--generator-python", default=str(ROOT / ".venv" / "bin" / "python"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()

    results: dict[str, Any] = {"machine": machine()}
    steps = [
        ("imports", lambda: bench_import.run(args.import_rounds)),
        (
            "spec_size",
            lambda: bench_import.run_spec_size(
                args.import_rounds, args.operations, str(Path(args.generator_python).absolute())
            ),
        ),
        ("calls", lambda: bench_calls.run(args.calls, args.rounds)),
        ("concurrency", lambda: bench_concurrency.run(args.latency_ms)),
        ("wait", lambda: bench_wait.run(args.waits, args.rounds)),
        ("memory", lambda: bench_memory.run(args.memory_calls, args.memory_rounds)),
        ("polling", lambda: bench_polling.run(args.polling_steps, args.polling_jobs)),
        ("ledger", lambda: bench_ledger.run(args.ledger_steps, args.rounds, args.api_ms)),
        (
            "scale",
            lambda: bench_scale.run(args.scale_loops, args.scale_steps, 5, args.drivers, 100.0),
        ),
    ]
    for name, step in steps:
        print(f"{name} ...", flush=True)
        gc.collect()
        results[name] = step()

    args.out.mkdir(parents=True, exist_ok=True)
    report.chart(results, args.out / "benchmarks.png")
    text = report.render(results, vars(args))
    (args.out / "benchmarks.md").write_text(text, encoding="utf-8")
    (args.out / "benchmarks.json").write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(text)
    print(f"wrote {args.out / 'benchmarks.md'} and {args.out / 'benchmarks.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
