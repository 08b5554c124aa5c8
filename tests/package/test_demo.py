"""The main job, examples/keep_alive_loop.py, in both of its modes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

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


@pytest.mark.slow(seconds=7)
def test_demo_runs_the_whole_loop_on_the_emulator_without_credentials():
    done = _run({}, "--steps", "2")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "JOB_STATE_CREATING" in out and "JOB_STATE_RUNNING" in out
    steps = [line for line in out.splitlines() if line.startswith("step ")]
    assert len(steps) == 2 and all("dataset=" in s and "READY accounts/" in s for s in steps)
    loads = [line for line in out.splitlines() if line.strip().startswith("hot-loaded ")]
    assert len(loads) == 2 and all(line.endswith("DEPLOYED") for line in loads)
    assert (
        "2 promotable checkpoint(s)" in out
        and "unloaded accounts/demo-account/deployedModels/" in out
    )
    assert "models/policy-final: READY" in out  # the last checkpoint, promoted
    assert "summary: 2 step(s) READY" in out and "ledger: ready" in out
    assert "UPLOADING" in out or "not created yet" in out
    assert "emulator: executed 2 step(s), each exactly once: True" in out


def test_demo_with_a_key_but_no_job_refuses_to_train():
    done = _run({"FIREWORKS_API_KEY": "k", "FIREWORKS_ACCOUNT_ID": "a"})
    assert done.returncode != 0
    assert "FIREWORKS_RFT_JOB" in done.stderr


@pytest.mark.slow(seconds=5)
def test_demo_with_credentials_uses_the_configured_api(tmp_path):
    """With key, account and job it talks to FIREWORKS_BASE_URL (here a stand-in for the API)."""
    with FakeGateway(
        api_key="real-key",
        known_jobs=["my-job"],
        step_seconds=0.2,
        job_start_seconds=0.05,
        deploy_seconds=0.05,
    ) as api:
        done = _run(
            {
                "FIREWORKS_API_KEY": "real-key",
                "FIREWORKS_ACCOUNT_ID": "my-acct",
                "FIREWORKS_BASE_URL": api.url,
                "FIREWORKS_RFT_JOB": "my-job",
            },
            "--steps",
            "2",
            "--ledger",
            str(tmp_path / "steps.db"),
        )
        steps = api.steps
    assert done.returncode == 0, done.stderr
    assert [s.dataset for s in steps] == [
        "accounts/my-acct/datasets/rollouts-0001",
        "accounts/my-acct/datasets/rollouts-0002",
    ]
    assert "emulator:" not in done.stdout
