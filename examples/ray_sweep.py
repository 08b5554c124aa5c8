"""A sweep of keep-alive RFT loops as Ray tasks, sharing one step ledger in PostgreSQL.

    python examples/ray_sweep.py --ledger URL --jobs N --steps M [--address RAY_ADDRESS]

Job ``j`` (``sweep-0`` .. ``sweep-{N-1}``) is one Ray task: it creates the trainer job (or
reuses it), waits until it runs, and ``run_step``-s its steps: output models
``sweep-{j}-step-{i}`` trained on datasets ``sweep-{j}-rollouts-{i}``. When a task's worker or
node dies, Ray runs the task again, anywhere in the cluster; ``run_step`` resumes from the
shared ledger, so no step is ever sent twice, whichever node ran it before. The driver prints
one line per finished step, read from the ledger, and exits 0 when every step is READY.

- ``--ledger``: ``postgresql://user@host:5432/db`` (needs ``fireworks-rft[postgres]``), shared
  by every node. A SQLite path works only while every task runs on this machine.
- ``--address``: a running Ray cluster (``ray start --head``; ``auto``); none: a local one.
- With ``FIREWORKS_API_KEY`` it runs against the API (``FIREWORKS_BASE_URL``,
  ``FIREWORKS_ACCOUNT_ID`` as usual; the tasks get the base URL and account from here, and
  the key from their node's environment, never through Ray). The datasets must exist.
- Without it, it starts the built-in emulator on 127.0.0.1 (tasks on this machine only).

Needs ``pip install 'fireworks-rft[ray,postgres]'``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Iterator
from typing import Any

import ray

import fireworks_rft

#: What the tasks need to reach the API, forwarded from the driver (never the key).
FORWARDED = ("FIREWORKS_BASE_URL", "FIREWORKS_ACCOUNT_ID")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger", required=True, help="the shared step ledger (a URL)")
    parser.add_argument("--jobs", type=int, required=True, help="loops (trainer jobs) to run")
    parser.add_argument("--steps", type=int, required=True, help="steps per loop")
    parser.add_argument("--address", help="a Ray cluster to join (default: start a local one)")
    parser.add_argument("--base-model", default="accounts/fireworks/models/qwen3-8b")
    parser.add_argument(
        "--step-timeout", type=float, default=7200.0, help="seconds per step (default 7200)"
    )
    args = parser.parse_args(argv)
    if args.jobs < 1 or args.steps < 1:
        parser.error("--jobs and --steps must be at least 1")
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
def api_settings(args: argparse.Namespace) -> Iterator[dict[str, str]]:
    """The environment the tasks need: the API's, or a built-in emulator's while it runs."""
    if os.environ.get("FIREWORKS_API_KEY"):
        yield {name: os.environ[name] for name in FORWARDED if os.environ.get(name)}
        return
    from fireworks_rft.testing import FakeGateway

    with FakeGateway(step_seconds=0.5, job_start_seconds=0.3, default_account="sweep") as gw:
        print(f"no FIREWORKS_API_KEY: the built-in emulator at {gw.url}", flush=True)
        yield {
            "FIREWORKS_BASE_URL": gw.url,
            "FIREWORKS_API_KEY": gw.api_key,  # the emulator's: not a secret
            "FIREWORKS_ACCOUNT_ID": "sweep",
        }


def follow(ledger: fireworks_rft.LedgerStore, args: argparse.Namespace, tasks: list[Any]) -> int:
    """Print each step as the ledger shows it READY; 0 once all are, 1 if a loop failed."""
    wanted = {output_model(j, i): (j, i) for j in range(args.jobs) for i in range(args.steps)}
    pending = list(tasks)
    while True:
        done, pending = ray.wait(pending, num_returns=len(pending), timeout=1.0)
        for task in done:
            try:
                node = ray.get(task)
            except Exception as exc:  # the loop failed for good (after Ray's retries)
                print(f"a loop failed: {exc}", file=sys.stderr)
                return 1
            print(f"{job_id(tasks.index(task))} done on node {node}", flush=True)
        for record in ledger.records():
            model_id = record.output_model.rsplit("/", 1)[-1]
            if record.state is fireworks_rft.StepState.READY and model_id in wanted:
                j, i = wanted.pop(model_id)
                took = (record.finished_at or 0.0) - (record.accepted_at or 0.0)
                print(
                    f"{job_id(j)} step {i} READY {record.output_model} ({took:.1f} s)", flush=True
                )
        if not pending:
            if wanted:
                print(f"not READY in the ledger: {sorted(wanted)}", file=sys.stderr)
                return 1
            return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.monotonic()
    with api_settings(args) as env:
        ray.init(address=args.address, runtime_env={"env_vars": env}, log_to_driver=False)
        try:
            # The driver only reads the shared ledger; the tasks send the steps.
            with fireworks_rft.Client(
                ledger=args.ledger,
                base_url=env.get("FIREWORKS_BASE_URL"),
                api_key=env.get("FIREWORKS_API_KEY"),  # None: from FIREWORKS_API_KEY
                account_id=env.get("FIREWORKS_ACCOUNT_ID"),
            ) as client:
                assert client.ledger is not None
                tasks = [
                    sweep_loop.remote(
                        j, args.steps, args.ledger, args.base_model, args.step_timeout
                    )
                    for j in range(args.jobs)
                ]
                status = follow(client.ledger, args, tasks)
        finally:
            ray.shutdown()
    if status == 0:
        took = time.monotonic() - started
        print(f"all {args.jobs * args.steps} step(s) READY in {took:.1f} s", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
