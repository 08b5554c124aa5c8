"""A sweep of keep-alive RFT loops as Ray tasks, sharing one step ledger in PostgreSQL.

    python examples/ray_sweep.py --ledger URL --jobs N --steps M [--address RAY_ADDRESS]
    python examples/ray_sweep.py --stop-emulator

Job ``j`` (``sweep-0`` .. ``sweep-{N-1}``) is one Ray task: it creates the trainer job (or
reuses it), waits until it runs, and ``run_step``-s its steps: output models
``sweep-{j}-step-{i}`` trained on datasets ``sweep-{j}-rollouts-{i}``. When a task's worker or
node dies, Ray runs the task again, anywhere in the cluster; ``run_step`` resumes from the
shared ledger, so no step is ever sent twice, whichever node ran it before. The driver shows
the sweep as the ledger holds it (``fireworks_rft.SweepWatch``: the live view of
``fireworks-rft steps --watch``, redrawn in place on a terminal, else one progress line per
change), one line per finished step with its duration from the ledger, and each failed
loop's error; it exits 0 when every step is READY. Run it again after the driver was killed:
it resumes to the end.

- ``--ledger``: ``postgresql://user@host:5432/db`` (needs ``fireworks-rft[postgres]``), shared
  by every node. A SQLite path works only while every task runs on this machine.
- ``--address``: a running Ray cluster (``ray start --head``; ``auto``); none: a local one,
  listening on 127.0.0.1 only.
- ``--cpus-per-loop``: the CPU each loop asks Ray for (default 0.25: a loop mostly waits, so
  eight run at once on two cores).
- With ``FIREWORKS_API_KEY`` it runs against the API (``FIREWORKS_BASE_URL``,
  ``FIREWORKS_ACCOUNT_ID`` as usual; the tasks get the base URL and account from here, and
  the key from their node's environment, never through Ray). The datasets must exist.
- Without it, it runs the built-in emulator on 127.0.0.1 (tasks on this machine only) as a
  process of its own, which outlives the driver: a re-run finds it again through
  ``--emulator-state`` (a JSON file: its pid, URL and key; default
  ``ray-sweep-emulator.json``), so a killed driver's sweep resumes on the same emulator. It
  is stopped when the sweep ends with every step READY; ``--stop-emulator`` stops one left
  behind (or ``kill`` the pid in that file). Its log is beside the file (``.log``).

Needs ``pip install 'fireworks-rft[ray,postgres]'``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ray

import fireworks_rft

#: What the tasks need to reach the API, forwarded from the driver (never the key).
FORWARDED = ("FIREWORKS_BASE_URL", "FIREWORKS_ACCOUNT_ID")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger", help="the shared step ledger (a URL)")
    parser.add_argument("--jobs", type=int, help="loops (trainer jobs) to run")
    parser.add_argument("--steps", type=int, help="steps per loop")
    parser.add_argument("--address", help="a Ray cluster to join (default: start a local one)")
    parser.add_argument(
        "--cpus-per-loop",
        type=float,
        default=0.25,
        help="CPUs each loop asks Ray for (default 0.25: a loop mostly waits)",
    )
    parser.add_argument(
        "--emulator-state",
        type=Path,
        default=Path("ray-sweep-emulator.json"),
        help="without FIREWORKS_API_KEY: where the emulator's pid, URL and key are kept",
    )
    parser.add_argument(
        "--stop-emulator", action="store_true", help="stop the emulator a sweep left running"
    )
    parser.add_argument(
        "--emulator-step-seconds",
        type=float,
        default=0.5,
        help="emulator only: seconds from a step to its READY model (default 0.5)",
    )
    parser.add_argument("--base-model", default="accounts/fireworks/models/qwen3-8b")
    parser.add_argument(
        "--step-timeout", type=float, default=7200.0, help="seconds per step (default 7200)"
    )
    args = parser.parse_args(argv)
    if args.stop_emulator:
        return args
    if args.ledger is None or args.jobs is None or args.steps is None:
        parser.error("--ledger, --jobs and --steps are required")
    if args.jobs < 1 or args.steps < 1:
        parser.error("--jobs and --steps must be at least 1")
    if args.cpus_per_loop <= 0:
        parser.error("--cpus-per-loop must be more than 0")
    return args


def job_id(j: int) -> str:
    return f"sweep-{j}"


def output_model(j: int, i: int) -> str:
    return f"sweep-{j}-step-{i}"


def dataset(j: int, i: int) -> str:
    return f"sweep-{j}-rollouts-{i}"


@ray.remote(
    max_retries=5,  # a worker or node that dies: run the loop again (the ledger resumes it)
    retry_exceptions=[fireworks_rft.LeaseLostError, fireworks_rft.LedgerUnavailableError],
)
def sweep_loop(j: int, steps: int, ledger: str, base_model: str, step_timeout: float) -> str:
    """One keep-alive loop: create (or reuse) job ``sweep-{j}``, wait, run its steps.

    Returns the ID of the Ray node it finished on.
    """
    with fireworks_rft.Client(ledger=ledger) as client:
        job = client.create_job(job_id(j), base_model=base_model, exist_ok=True)
        job = client.wait_for_job(job.name)
        for i in range(steps):
            client.run_step(
                job.name,
                dataset=dataset(j, i),
                output_model=output_model(j, i),
                timeout=step_timeout,
            )
    return str(ray.get_runtime_context().get_node_id())


@contextlib.contextmanager
def api_settings(args: argparse.Namespace, done: list[bool]) -> Iterator[dict[str, str]]:
    """The environment the tasks need: the API's, or the emulator's (stopped once ``done``)."""
    if os.environ.get("FIREWORKS_API_KEY"):
        yield {name: os.environ[name] for name in FORWARDED if os.environ.get(name)}
        return
    emulator = find_emulator(args.emulator_state) or start_emulator(
        args.emulator_state, args.emulator_step_seconds
    )
    try:
        yield {
            "FIREWORKS_BASE_URL": emulator["url"],
            "FIREWORKS_API_KEY": emulator["api_key"],  # the emulator's own: not a secret
            "FIREWORKS_ACCOUNT_ID": "sweep",
        }
    finally:
        if done and done[0]:
            stop_emulator(args.emulator_state)
        else:
            print(
                f"the emulator (pid {emulator['pid']}) keeps running for a re-run; stop it "
                "with --stop-emulator",
                file=sys.stderr,
            )


def find_emulator(state: Path) -> dict[str, Any] | None:
    """The emulator an earlier run left, if it still runs and answers."""
    try:
        found = json.loads(state.read_text())
        os.kill(int(found["pid"]), 0)  # alive?
        import httpx

        httpx.get(found["url"] + "/v1/accounts/sweep/models/none", timeout=2.0)  # answers?
    except Exception:  # no file, a dead pid, a port that does not answer: none to resume
        return None
    print(f"resuming on the emulator at {found['url']} (pid {found['pid']})", flush=True)
    return dict(found)


def start_emulator(state: Path, step_seconds: float) -> dict[str, Any]:
    """``fireworks-rft emulator`` in a session of its own: it outlives this driver."""
    key = secrets.token_hex(16)
    log = state.with_suffix(".log")
    command = [
        sys.executable, "-m", "fireworks_rft", "emulator", "--api-key", key,
        "--account-id", "sweep", "--step-seconds", str(step_seconds),
        "--job-start-seconds", "0.3",
    ]  # fmt: skip
    with log.open("w") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
    give_up = time.monotonic() + 60.0
    while True:
        for line in log.read_text().splitlines():
            if line.startswith("FakeGateway listening on "):
                found = {"pid": process.pid, "url": line.split()[-1], "api_key": key}
                state.write_text(json.dumps(found))
                print(f"no FIREWORKS_API_KEY: the built-in emulator at {found['url']} "
                      f"(pid {process.pid}, state in {state})", flush=True)  # fmt: skip
                return found
        if process.poll() is not None or time.monotonic() > give_up:
            raise RuntimeError(f"the emulator did not start: see {log}")
        time.sleep(0.05)


def stop_emulator(state: Path) -> bool:
    """Stop the emulator ``state`` names; whether one was running."""
    try:
        pid = int(json.loads(state.read_text())["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return False
    state.unlink(missing_ok=True)
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return False
    print(f"stopped the emulator (pid {pid})", flush=True)
    return True


def open_store(ledger: str) -> fireworks_rft.LedgerStore:
    """The ledger's store: PostgreSQL for a URL, else a SQLite file."""
    if ledger.startswith(("postgresql://", "postgres://")):
        return fireworks_rft.PostgresLedger(ledger)
    return fireworks_rft.SQLiteLedger(ledger)


def follow(ledger: str, args: argparse.Namespace, tasks: list[Any]) -> int:
    """Show the sweep as the ledger holds it until every loop ended; 0 if all steps are READY."""
    wanted = {output_model(j, i): (j, i) for j in range(args.jobs) for i in range(args.steps)}
    pending = list(tasks)
    store = open_store(ledger)  # created if new (the watch itself only reads)
    watch = fireworks_rft.SweepWatch(store)
    redraw, shown, failed = sys.stdout.isatty(), "", False
    try:
        while pending:
            done, pending = ray.wait(pending, num_returns=len(pending), timeout=1.0)
            for task in done:
                j = tasks.index(task)
                try:
                    node = ray.get(task)
                except ray.exceptions.RayTaskError as exc:  # failed for good, after retries
                    cause = exc.cause if exc.cause is not None else exc
                    print(f"{job_id(j)} failed: {type(cause).__name__}: {cause}", file=sys.stderr)
                    failed = True
                    continue
                print(f"{job_id(j)} done on node {node}", flush=True)
            for record in watch.store.records():
                model_id = record.output_model.rsplit("/", 1)[-1]
                if record.state is fireworks_rft.StepState.READY and model_id in wanted:
                    j, i = wanted.pop(model_id)
                    took = f"{record.duration:.1f} s" if record.duration is not None else "-"
                    print(f"{job_id(j)} step {i} READY {record.output_model} ({took})")
            sweep = watch.refresh()
            view = sweep.table("sweep") if redraw else sweep.progress_line()
            if view != shown:
                print("\x1b[H\x1b[J" + view if redraw else f"sweep: {view}", flush=True)
                shown = view
    finally:
        store.close()
    if wanted:
        print(f"not READY in the ledger: {sorted(wanted)}", file=sys.stderr)
    return 1 if failed or wanted else 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.stop_emulator:
        return 0 if stop_emulator(args.emulator_state) else 1
    started = time.monotonic()
    finished: list[bool] = [False]
    with api_settings(args, finished) as env:
        if args.address is None:  # a local cluster, on the loopback address only
            ray.init(
                runtime_env={"env_vars": env},
                _node_ip_address="127.0.0.1",
                include_dashboard=False,
            )
        else:
            ray.init(address=args.address, runtime_env={"env_vars": env})
        try:
            tasks = [
                sweep_loop.options(num_cpus=args.cpus_per_loop).remote(
                    j, args.steps, args.ledger, args.base_model, args.step_timeout
                )
                for j in range(args.jobs)
            ]
            status = follow(args.ledger, args, tasks)
        finally:
            ray.shutdown()
        finished[0] = status == 0
    if status == 0:
        took = time.monotonic() - started
        print(f"all {args.jobs * args.steps} step(s) READY in {took:.1f} s", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
