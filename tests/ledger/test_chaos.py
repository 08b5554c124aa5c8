"""Chaos: a training loop killed with SIGKILL, again and again, runs every step exactly once.

The driver (``chaos_driver.py``) runs ``run_step`` over five steps on a ledger against an
emulator in this process. A seeded plan kills it eight times, each time while the emulator
holds one of its requests unanswered, so the kill lands at a known point:

- ``post_unexecuted``: the step's POST is in flight and has not run;
- ``post_executed``: the step ran, and its answer has not arrived;
- ``model_read`` / ``job_read``: mid-wait or mid-reconcile.

Then it lets the driver finish. Every output model must be executed exactly once and end
READY. The emulator creates a step's output model as it executes it (``step_seconds=0``),
so no outcome depends on timing: a held request is answered only after its client died.
"""

from __future__ import annotations

import collections
import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fireworks_rft import SQLiteLedger, StepState
from fireworks_rft.testing import FakeGateway, ScriptedResponse

ROOT = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("chaos_driver.py")
SEED = 20261130
STEPS = 5
JOB = "accounts/acct/rlorTrainerJobs/job-1"
STEP = "Gateway_ExecuteRlorTrainStep"
HELD = 599  # the status of a held answer: the emulator never answers it otherwise
HOLD = 15.0  # seconds a held answer waits; its client is killed long before

#: For each kill mode: the answer that holds the request, and the operation it holds.
HOLDS = {
    "post_unexecuted": ScriptedResponse(status=HELD, delay=HOLD, executes=False, operation_id=STEP),
    "post_executed": ScriptedResponse(status=HELD, delay=HOLD, executes=True, operation_id=STEP),
    "model_read": ScriptedResponse(status=HELD, delay=HOLD, operation_id="Gateway_GetModel"),
    "job_read": ScriptedResponse(status=HELD, delay=HOLD, operation_id="Gateway_GetRlorTrainerJob"),
}


def start_driver(gw: FakeGateway, ledger: Path, steps: int = STEPS) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "generated")]),
    }
    env.pop("FIREWORKS_LOG", None)
    return subprocess.Popen(
        [sys.executable, str(DRIVER), gw.url, gw.api_key, str(ledger), str(steps)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def held(gw: FakeGateway) -> int:
    return sum(1 for r in gw.requests if r.status == HELD)


def wait_until(condition, process: subprocess.Popen[str], what: str) -> bool:
    """Wait for ``condition()``; False if the process exited first. Bounded: a hung run fails."""
    give_up = time.monotonic() + 120.0
    while not condition():
        if process.poll() is not None:
            return False
        if time.monotonic() > give_up:
            process.kill()
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.005)
    return True


def finish(process: subprocess.Popen[str]) -> dict[str, list[str]]:
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    result: dict[str, list[str]] = json.loads(out.strip().splitlines()[-1])
    return result


def test_a_loop_killed_at_every_kind_of_moment_runs_each_step_exactly_once(tmp_path: Path):
    rng = random.Random(SEED)
    plan = list(HOLDS)
    rng.shuffle(plan)
    plan += [rng.choice(list(HOLDS)) for _ in range(4)]
    ledger = tmp_path / "steps.db"
    kills: collections.Counter[str] = collections.Counter()
    with FakeGateway(step_seconds=0, default_account="acct") as gw:
        gw.add_job(JOB)
        for mode in plan:
            driver = start_driver(gw, ledger)
            seen = held(gw)
            gw.script(HOLDS[mode])
            if wait_until(lambda s=seen: held(gw) > s, driver, mode):
                driver.send_signal(signal.SIGKILL)
                driver.communicate()
                kills[mode] += 1
            else:  # it finished before reaching the held request: nothing left to kill
                finish(driver)
                break
        result = finish(start_driver(gw, ledger))
        executed = collections.Counter(step.output_model for step in gw.steps)
        posts = [r for r in gw.requests if r.operation_id == STEP]

    models = [f"accounts/acct/models/m{i}" for i in range(STEPS)]
    assert sum(kills.values()) >= 4 and set(kills) == set(HOLDS), kills
    assert result["ready"] == models
    assert executed == dict.fromkeys(models, 1)  # exactly once each
    store = SQLiteLedger(ledger)
    rows = store.records(JOB)
    store.close()
    assert [r.output_model for r in rows] == models
    assert {r.state for r in rows} == {StepState.READY}
    # A step killed before it ran was sent again after the check; one that ran, never.
    assert sum(r.sends for r in rows) == len(posts) == STEPS + kills["post_unexecuted"]


def test_two_processes_on_one_ledger_send_each_step_once_and_both_finish(tmp_path: Path):
    ledger = tmp_path / "steps.db"
    with FakeGateway(step_seconds=0, default_account="acct") as gw:
        gw.add_job(JOB)
        drivers = [start_driver(gw, ledger, steps=3) for _ in range(2)]
        results = [finish(driver) for driver in drivers]
        executed = collections.Counter(step.output_model for step in gw.steps)
    models = [f"accounts/acct/models/m{i}" for i in range(3)]
    assert results == [{"ready": models}] * 2
    assert executed == dict.fromkeys(models, 1)
