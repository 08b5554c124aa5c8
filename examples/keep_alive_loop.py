"""The whole keep-alive RFT loop through fireworks-rft: the README's `make demo`.

1. create the trainer job once (keep-alive, an ID you choose; an existing one is reused) and
   wait until it runs;
2. per step: the rollouts' dataset, one training step sent at most once (`run_step` with a
   ledger: run it again after a crash and it resumes), the step's LoRA hot-loaded onto the
   rollout deployment and waited for until it serves, the dataset deleted;
3. promote the last promotable checkpoint to a model you can deploy, and wait until it is
   READY; clean up (unload the LoRA; on the emulator, delete the job).

- Without FIREWORKS_API_KEY, it starts the built-in emulator (FakeGateway) on 127.0.0.1 and
  runs there: no network, no credentials, no cost.
- With FIREWORKS_API_KEY, FIREWORKS_ACCOUNT_ID, a job ID (--job or FIREWORKS_RFT_JOB), a
  base model (--base-model) and a deployment (--deployment), it runs against the real API.
  Every step trains on GPUs, and the datasets must already exist (--dataset-prefix names
  them: <prefix>-<step>); datasets can no longer be created through the API (2026-11-15).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fireworks_rft


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=5, help="training steps to run (default 5)")
    parser.add_argument(
        "--job", default=os.environ.get("FIREWORKS_RFT_JOB"), help="trainer job ID (created once)"
    )
    parser.add_argument("--base-model", default="accounts/fireworks/models/qwen3-8b")
    parser.add_argument("--deployment", default="rollout-deployment", help="where LoRAs go")
    parser.add_argument("--dataset-prefix", default="rollouts", help="dataset ID prefix")
    parser.add_argument("--model-prefix", default="policy", help="output model ID prefix")
    parser.add_argument(
        "--ledger",
        help="step ledger: re-run after a crash to resume (default: keep-alive-loop.steps.db "
        "against the API, a temporary file on the emulator)",
    )
    parser.add_argument(
        "--wait-timeout", type=float, default=7200.0, help="seconds per step (default 7200)"
    )
    parser.add_argument(
        "--step-seconds",
        type=float,
        default=0.6,
        help="emulator only: seconds from a step to its READY model (default 0.6)",
    )
    args = parser.parse_args(argv)
    if args.steps < 1:
        parser.error("--steps must be at least 1")
    return args


@contextlib.contextmanager
def open_client(args: argparse.Namespace, ledger: str) -> Iterator[tuple[Any, str, Any]]:
    """Yield (client, where, emulator or None): the real API when a key is set."""
    if os.environ.get("FIREWORKS_API_KEY"):
        if not args.job:
            sys.exit(
                "FIREWORKS_API_KEY is set, so this would train on the real API: give the job with "
                "--job or FIREWORKS_RFT_JOB, or unset FIREWORKS_API_KEY to use the emulator."
            )
        with fireworks_rft.Client(ledger=ledger) as client:
            yield client, str(client.base_url), None
        return

    from fireworks_rft.testing import FakeGateway

    with (
        FakeGateway(
            step_seconds=args.step_seconds,
            job_start_seconds=0.3,
            deploy_seconds=0.2,
            promote_seconds=0.2,
            default_account="demo-account",
        ) as gateway,
        fireworks_rft.Client(
            base_url=gateway.url, api_key=gateway.api_key, account_id="demo-account", ledger=ledger
        ) as client,
    ):
        for step in range(1, args.steps + 1):  # rollouts "uploaded" before the loop
            gateway.add_dataset(f"{args.dataset_prefix}-{step:04d}")
        yield client, f"the built-in emulator at {gateway.url}", gateway
        executed = len(gateway.steps)
        print(f"emulator: executed {executed} step(s), each exactly once: {executed == args.steps}")


def show_progress(progress: fireworks_rft.StepProgress) -> None:
    print(
        f"    {progress.elapsed:5.1f}s  job {progress.job_state or '-'}  "
        f"model {progress.model_state or 'not created yet'}",
        flush=True,
    )


def run_loop(client: Any, args: argparse.Namespace, job_id: str) -> None:
    """Create, wait, step and hot-load N times, list checkpoints, unload."""
    job = client.create_job(
        job_id, base_model=args.base_model, hot_load_deployment=args.deployment, exist_ok=True
    )
    print(f"job {job.name}: {job.state}")
    job = client.wait_for_job(job.name, poll_interval=0.2)
    print(f"job {job.name}: {job.state}\n")
    model = None
    for step in range(1, args.steps + 1):
        # 1. produce rollouts with the current policy, 2. they are in this dataset:
        dataset = f"{args.dataset_prefix}-{step:04d}"
        # 3. one training step, sent at most once, and its wait:
        done = client.run_step(
            job.name,
            dataset=dataset,
            output_model=f"{args.model_prefix}-{step:04d}",
            timeout=args.wait_timeout,
            poll_interval=0.2,
            on_progress=show_progress,
        )
        model = done.model.name
        print(f"step {step}/{args.steps}  dataset={dataset}  READY {model} ({done.elapsed:.1f} s)")
        # 4. hot-load it onto the rollout deployment, and wait until it serves:
        loaded = client.load_lora(model, deployment=args.deployment, replace_merged_addon=True)
        serving = client.wait_for_deployed_model(loaded, poll_interval=0.1)
        print(f"  hot-loaded {model}: {serving.state}")
        with contextlib.suppress(fireworks_rft.NotFoundError):  # done with its rollouts
            client.delete_dataset(dataset)
    checkpoints = list(client.list_checkpoints(job.name, promotable=True))
    print(f"\njob {job.name}: {len(checkpoints)} promotable checkpoint(s)")
    if checkpoints:  # the last one, as a model you can deploy
        final = f"{args.model_prefix}-final"
        with contextlib.suppress(fireworks_rft.ConflictError):  # promoted on an earlier run
            promoted = client.promote_checkpoint(
                checkpoints[-1], output_model=final, base_model=args.base_model
            )
            print(f"promoted {checkpoints[-1].name} to {promoted.name}")
        ready = client.wait_for_model(final, poll_interval=0.1)
        print(f"  {ready.name}: {ready.state}")
    if model is not None:
        unloaded = client.unload_lora(model, deployment=args.deployment)
        print(f"unloaded {unloaded.name}")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        real = bool(os.environ.get("FIREWORKS_API_KEY"))
        default = "keep-alive-loop.steps.db" if real else str(Path(scratch) / "steps.db")
        ledger = args.ledger or default
        with open_client(args, ledger) as (client, where, emulator):
            job_id = args.job or "demo-keep-alive-job"
            print(
                f"fireworks-rft {fireworks_rft.__version__} (spec {fireworks_rft.__spec_version__})"
            )
            print(f"keep-alive RFT loop: {args.steps} step(s) on job {job_id} via {where}\n")
            started = time.perf_counter()
            try:
                run_loop(client, args, job_id)
            except fireworks_rft.WaitTimeoutError as exc:
                print(f"{exc}", file=sys.stderr)
                return 124
            except fireworks_rft.FireworksError as exc:
                print(f"failed: {exc}", file=sys.stderr)
                for note in getattr(exc, "__notes__", []):
                    print(f"  {note}", file=sys.stderr)
                return 1
            if emulator is not None:
                client.delete_job(job_id)  # on the emulator only: a real job is yours to keep
            steps = [r for r in client.ledger.records() if "/datasets/" in r.dataset]
            print(
                f"summary: {len(steps)} step(s) READY in {time.perf_counter() - started:.2f} s; "
                f"ledger: {', '.join(sorted({str(s.state) for s in steps}))}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
