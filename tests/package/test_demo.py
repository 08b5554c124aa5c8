"""The main job, examples/keep_alive_loop.py, in both of its modes."""

from __future__ import annotations

import os
import subprocess
import sys

from fireworks_rft.testing import FakeGateway

from ..support.fakes import ROOT

EXAMPLE = ROOT / "examples" / "keep_alive_loop.py"


def _run(env_overrides: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIREWORKS_")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, str(EXAMPLE), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_demo_runs_on_the_emulator_without_credentials():
    done = _run({}, "--steps", "4")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    steps = [line for line in lines if line.startswith("step ")]
    assert len(steps) == 4
    assert all(
        "request_id=" in s and "latency=" in s and "dataset=" in s and "output_model=" in s
        for s in steps
    )
    assert "summary: 4 step(s) accepted and READY" in done.stdout
    waits = [line for line in done.stdout.splitlines() if line.strip().startswith("READY ")]
    assert len(waits) == 4 and all("waited" in line for line in waits)
    assert "UPLOADING" in done.stdout
    assert "emulator: executed 4 step(s), each exactly once: True" in done.stdout


def test_demo_with_a_key_but_no_job_refuses_to_train():
    done = _run({"FIREWORKS_API_KEY": "k", "FIREWORKS_ACCOUNT_ID": "a"})
    assert done.returncode != 0
    assert "FIREWORKS_RFT_JOB" in done.stderr


def test_demo_with_credentials_uses_the_configured_api():
    """With key, account and job it talks to FIREWORKS_BASE_URL (here a stand-in for the API)."""
    with FakeGateway(api_key="real-key", known_jobs=["my-job"]) as api:
        done = _run(
            {
                "FIREWORKS_API_KEY": "real-key",
                "FIREWORKS_ACCOUNT_ID": "my-acct",
                "FIREWORKS_BASE_URL": api.url,
                "FIREWORKS_RFT_JOB": "my-job",
            },
            "--steps",
            "2",
        )
        steps = api.steps
    assert done.returncode == 0, done.stderr
    assert [s.dataset for s in steps] == [
        "accounts/my-acct/datasets/rollouts-0001",
        "accounts/my-acct/datasets/rollouts-0002",
    ]
    assert "emulator:" not in done.stdout
