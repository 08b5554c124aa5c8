"""READY-to-return lag and model reads per step: today's backoff against the adaptive schedule.

A virtual clock, no I/O: each simulated job runs ``--steps`` steps of one length, each
duration the length times a uniform factor in [0.9, 1.1] (seeded). For each step:

- "backoff (before)": the schedule of fireworks-rft 0.1 (1 s, x1.5 per poll, up to 30 s,
  jitter shaving up to a quarter off each delay), which ignores history;
- "adaptive": ``fireworks_rft._schedule.PollSchedule`` fed the durations the client
  measured of the job's earlier steps (as ``wait_for_step`` records them);
- "adaptive + jobProgress": the same, when the server fills ``jobProgress.percent`` in, here
  assumed to grow linearly with the step (an assumption: no source says how it grows).

Lag is the time from the model turning READY to the poll that sees it; reads are the model
reads of the step. The first step of each job has no history (identical for all three) and
is left out of the adaptive columns.

    python benchmarks/bench_polling.py [--steps 20] [--jobs 25]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
from typing import Any

from fireworks_rft._schedule import PollSchedule, backoff_delay

LENGTHS = (30.0, 60.0, 120.0, 300.0, 600.0, 1800.0)
NOISE = 0.10
INTERVAL = 1.0


def _backoff_step(duration: float, rng: random.Random) -> tuple[float, int]:
    """Today's schedule: (lag, reads) for one step."""
    now, polls = 0.0, 0
    while True:
        polls += 1
        if now >= duration:
            return now - duration, polls
        now += backoff_delay(INTERVAL, polls) * (1.0 - 0.25 * rng.random())


def _adaptive_step(
    duration: float, history: list[float], rng: random.Random, progress: bool
) -> tuple[float, int, float]:
    """The adaptive schedule: (lag, reads, the duration the client records)."""
    schedule = PollSchedule(interval=INTERVAL, durations=history, since_accepted=0.0)
    now, polls = schedule.first_delay(), 0
    while True:
        polls += 1
        schedule.polled(now)
        if now >= duration:  # recorded as the wait records it: less its lag_estimate
            return now - duration, polls, now - schedule.lag_estimate()
        if progress:  # whole percents, as a server would likely report them
            schedule.observe_progress(now, float(int(100.0 * now / duration)))
        now += schedule.next_delay(now, polls, rng.random())


def _summary(lags: list[float], reads: list[int]) -> dict[str, float]:
    ordered = sorted(lags)
    return {
        "median_lag": statistics.median(ordered),
        "p90_lag": ordered[int(0.9 * (len(ordered) - 1))],
        "reads": statistics.mean(reads),
    }


def run(steps: int, jobs: int, seed: int = 20261130) -> dict[str, Any]:
    """Per step length: lag (median, p90) and mean reads per step, for each schedule."""
    results: dict[str, Any] = {"noise": NOISE, "steps": steps, "jobs": jobs}
    for length in LENGTHS:
        rng = random.Random(f"{seed}-{length}")
        kinds: dict[str, tuple[list[float], list[int]]] = {
            "backoff (before)": ([], []),
            "adaptive": ([], []),
            "adaptive + jobProgress": ([], []),
        }
        for _ in range(jobs):
            durations = [length * rng.uniform(1 - NOISE, 1 + NOISE) for _ in range(steps)]
            seen: dict[str, list[float]] = {"adaptive": [], "adaptive + jobProgress": []}
            for index, duration in enumerate(durations):
                lag, reads = _backoff_step(duration, rng)
                if index:
                    kinds["backoff (before)"][0].append(lag)
                    kinds["backoff (before)"][1].append(reads)
                for name in seen:
                    lag, reads, measured = _adaptive_step(
                        duration, seen[name], rng, progress=name.endswith("jobProgress")
                    )
                    seen[name].append(measured)
                    if index:
                        kinds[name][0].append(lag)
                        kinds[name][1].append(reads)
        results[f"{length:g}"] = {name: _summary(*series) for name, series in kinds.items()}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=25)
    args = parser.parse_args()
    print(json.dumps(run(args.steps, args.jobs), indent=2))


if __name__ == "__main__":
    main()
