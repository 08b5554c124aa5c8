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

from fireworks_rft import PostgresLedger, SQLiteLedger, StepState
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


def start_driver(
    gw: FakeGateway, ledger: Path | str, steps: int = STEPS, host: Path | None = None
) -> subprocess.Popen[str]:
    """Start the driver; on ``host`` (a folder): its own working directory, HOME and TMPDIR."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "generated")]),
    }
    env.pop("FIREWORKS_LOG", None)
    if host is not None:
        for folder in ("home", "tmp"):
            (host / folder).mkdir(parents=True, exist_ok=True)
        env.update(HOME=str(host / "home"), TMPDIR=str(host / "tmp"))
    return subprocess.Popen(
        [sys.executable, str(DRIVER), gw.url, gw.api_key, str(ledger), str(steps)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=host,
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


def kill_and_restart(
    gw: FakeGateway, ledger: Path | str, hosts: list[Path | None]
) -> tuple[collections.Counter[str], dict[str, list[str]]]:
    """Kill the driver at seeded moments, restarting it on the next of ``hosts`` each time.

    Returns the kills by mode and the last driver's result (it runs to the end)."""
    rng = random.Random(SEED)
    plan = list(HOLDS)
    rng.shuffle(plan)
    plan += [rng.choice(list(HOLDS)) for _ in range(4)]
    kills: collections.Counter[str] = collections.Counter()
    for n, mode in enumerate(plan):
        driver = start_driver(gw, ledger, host=hosts[n % len(hosts)])
        seen = held(gw)
        gw.script(HOLDS[mode])
        if wait_until(lambda s=seen: held(gw) > s, driver, mode):
            driver.send_signal(signal.SIGKILL)
            driver.communicate()
            kills[mode] += 1
        else:  # it finished before reaching the held request: nothing left to kill
            finish(driver)
            break
    return kills, finish(start_driver(gw, ledger, host=hosts[len(plan) % len(hosts)]))


def check_exactly_once(gw: FakeGateway, store, kills, result) -> None:
    """Every step executed once and READY, and re-sent only where it had not run."""
    executed = collections.Counter(step.output_model for step in gw.steps)
    posts = [r for r in gw.requests if r.operation_id == STEP]
    models = [f"accounts/acct/models/m{i}" for i in range(STEPS)]
    assert sum(kills.values()) >= 4 and set(kills) == set(HOLDS), kills
    assert result["ready"] == models
    assert executed == dict.fromkeys(models, 1)  # exactly once each
    rows = store.records(JOB)
    assert [r.output_model for r in rows] == models
    assert {r.state for r in rows} == {StepState.READY}
    # A step killed before it ran was sent again after the check; one that ran, never.
    assert sum(r.sends for r in rows) == len(posts) == STEPS + kills["post_unexecuted"]


@pytest.mark.slow(seconds=7)
def test_a_loop_killed_at_every_kind_of_moment_runs_each_step_exactly_once(tmp_path: Path):
    ledger = tmp_path / "steps.db"
    with FakeGateway(step_seconds=0, default_account="acct") as gw:
        gw.add_job(JOB)
        kills, result = kill_and_restart(gw, ledger, [None])
        store = SQLiteLedger(ledger)
        try:
            check_exactly_once(gw, store, kills, result)
        finally:
            store.close()


@pytest.mark.slow(seconds=9)
def test_a_driver_killed_on_one_host_and_restarted_on_another_runs_each_step_once(
    tmp_path: Path, postgres_url: str
):
    """Two hosts that share nothing but the database URL: no file, HOME or TMPDIR."""
    hosts: list[Path | None] = [tmp_path / "host-a", tmp_path / "host-b"]
    with FakeGateway(step_seconds=0, default_account="acct") as gw:
        gw.add_job(JOB)
        kills, result = kill_and_restart(gw, postgres_url, hosts)
        store = PostgresLedger(postgres_url)
        try:
            check_exactly_once(gw, store, kills, result)
            owners = {r.owner.rsplit(":", 1)[1] for r in store.records(JOB) if r.owner}
        finally:
            store.close()
    assert len(owners) >= 2  # the steps were finished by more than one driver
    for host in hosts:  # nothing of the ledger on either host: the database is all they share
        assert host is not None
        assert not [path.name for path in host.rglob("*") if path.is_file()]


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
