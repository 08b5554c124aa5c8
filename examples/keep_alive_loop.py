"""A short keep-alive RFT loop through fireworks-rft: the README's `make demo`.

Each iteration stands for one round of an RL loop: produce rollouts, upload them as a dataset,
ask the long-lived trainer job to run one training step on it, wait until the step's output
model is READY (with a progress line), then hot-load it and go again.

- Without FIREWORKS_API_KEY, it starts the built-in emulator (FakeGateway) on 127.0.0.1 and
  runs there: no network, no credentials, no cost.
- With FIREWORKS_API_KEY, FIREWORKS_ACCOUNT_ID and a job (--job or FIREWORKS_RFT_JOB), it
  runs against the real API. Every step trains on GPUs, and the datasets must already exist
  (--dataset-prefix names them: <prefix>-<step>).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from collections.abc import Iterator

import fireworks_rft


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=5, help="training steps to run (default 5)")
    parser.add_argument(
        "--job", default=os.environ.get("FIREWORKS_RFT_JOB"), help="trainer job ID or full name"
    )
    parser.add_argument("--dataset-prefix", default="rollouts", help="dataset ID prefix")
    parser.add_argument("--model-prefix", default="policy", help="output model ID prefix")
    parser.add_argument(
        "--wait-timeout", type=float, default=7200.0, help="seconds to wait per step (default 7200)"
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
def open_client(args: argparse.Namespace) -> Iterator[tuple[fireworks_rft.Client, str, str]]:
    """Yield (client, job, where): the real API when a key is set, else the emulator."""
    if os.environ.get("FIREWORKS_API_KEY"):
        if not args.job:
            sys.exit(
                "FIREWORKS_API_KEY is set, so this would train on the real API: give the job with "
                "--job or FIREWORKS_RFT_JOB, or unset FIREWORKS_API_KEY to use the emulator."
            )
        with fireworks_rft.Client() as client:
            yield client, args.job, str(client.base_url)
        return

    from fireworks_rft.testing import FakeGateway

    with (
        FakeGateway(step_seconds=args.step_seconds) as gateway,
        fireworks_rft.Client(
            base_url=gateway.url, api_key=gateway.api_key, account_id="demo-account"
        ) as client,
    ):
        yield client, args.job or "demo-keep-alive-job", f"the built-in emulator at {gateway.url}"
        executed = len(gateway.steps)
        print(f"emulator: executed {executed} step(s), each exactly once: {executed == args.steps}")


def show_progress(progress: fireworks_rft.StepProgress) -> None:
    print(
        f"    {progress.elapsed:5.1f}s  job {progress.job_state or '-'}  "
        f"model {progress.model_state or 'not created yet'}",
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    latencies: list[float] = []
    waits: list[float] = []
    with open_client(args) as (client, job, where):
        account = client.account_id or job.split("/")[1]
        print(f"fireworks-rft {fireworks_rft.__version__} (spec {fireworks_rft.__spec_version__})")
        print(f"keep-alive RFT loop: {args.steps} step(s) on job {job} via {where}\n")
        started = time.perf_counter()
        for step in range(1, args.steps + 1):
            # 1. produce rollouts with the current policy, 2. upload them as a dataset:
            dataset = f"accounts/{account}/datasets/{args.dataset_prefix}-{step:04d}"
            output_model = f"accounts/{account}/models/{args.model_prefix}-{step:04d}"
            # 3. one training step on the long-lived trainer job:
            t0 = time.perf_counter()
            try:
                result = client.execute_train_step(job, dataset=dataset, output_model=output_model)
                latency = time.perf_counter() - t0
                print(
                    f"step {step}/{args.steps}  dataset={result.dataset}  "
                    f"output_model={result.output_model}  request_id={result.request_id or '-'}  "
                    f"latency={latency * 1000:.1f} ms"
                )
                # 4. wait until the step's weights are READY, then hot-load them:
                done = client.wait_for_step(
                    result, timeout=args.wait_timeout, poll_interval=0.2, on_progress=show_progress
                )
            except (fireworks_rft.APIError, fireworks_rft.StepFailedError) as exc:
                print(f"step {step}: failed: {exc}", file=sys.stderr)
                for note in getattr(exc, "__notes__", []):
                    print(f"  {note}", file=sys.stderr)
                return 1
            except fireworks_rft.StepTimeoutError as exc:
                print(f"step {step}: {exc}", file=sys.stderr)
                return 124
            latencies.append(latency)
            waits.append(done.elapsed)
            print(f"  READY {done.model.name}: waited {done.elapsed:.1f} s ({done.polls} polls)")
        total = time.perf_counter() - started
        print(
            f"\nsummary: {len(latencies)} step(s) accepted and READY in {total:.2f} s; latency "
            f"median {statistics.median(latencies) * 1000:.1f} ms; wait median "
            f"{statistics.median(waits):.1f} s, max {max(waits):.1f} s"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
