"""Ray: ``examples/ray_sweep.py`` on a local cluster of two worker nodes and one ledger.

The emulator executes the sweep's first step and holds its answer. The node whose worker
sent it is then killed (its raylet and that worker, SIGKILL: a preempted node), so Ray runs
the task again on the other node. ``run_step`` resumes from the PostgreSQL ledger: every
step runs exactly once and ends READY, and the example exits 0.

Every Ray process listens on 127.0.0.1 (``RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER=0`` makes Ray
use the loopback address on this one machine); usage stats are off.
"""

from __future__ import annotations

import collections
import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from fireworks_rft import PostgresLedger, StepState
from fireworks_rft.testing import FakeGateway, ScriptedResponse

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ray_sweep.py"
JOBS, STEPS = 2, 3
STEP = "Gateway_ExecuteRlorTrainStep"
HELD = 599
#: Node deaths noticed within about a second (Ray's default is tens of seconds).
FAST_HEALTH_CHECKS = {
    "health_check_initial_delay_ms": 0,
    "health_check_period_ms": 200,
    "health_check_failure_threshold": 3,
}
#: Small object stores; workers on ports the OS chooses (Ray's default is a fixed range).
NODE = {"object_store_memory": 80 * 1024 * 1024, "min_worker_port": 0, "max_worker_port": 0}


def read_lines(stream) -> list[str]:
    """The lines of ``stream``, read as they come by a thread (the list grows)."""
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(stream.readline, "")), daemon=True).start()
    return lines


def parent_of(pid: int) -> int | None:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("PPid:"):
                return int(line.split()[1])
    return None


def raylet_pid(node) -> int:
    return int(node.all_processes["raylet"][0].process.pid)


def wait_until(condition, process: subprocess.Popen[str], what: str) -> None:
    give_up = time.monotonic() + 120.0  # bounded: a hung run fails
    while not condition():
        if process.poll() is not None:
            pytest.fail(f"the sweep exited before {what}: {process.returncode}")
        if time.monotonic() > give_up:
            process.kill()
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.01)


# Ray's own node processes leave files open as they start: not ours to close.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_a_sweep_survives_a_node_killed_mid_step_and_runs_each_step_once(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
):
    monkeypatch.setenv("RAY_USAGE_STATS_ENABLED", "0")
    monkeypatch.setenv("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
    from ray.cluster_utils import Cluster  # Ray reads those as it is imported

    with FakeGateway(step_seconds=0, job_start_seconds=0, default_account="acct") as gw:
        # The tasks' nodes hold the key in their environment (the example never ships it).
        monkeypatch.setenv("FIREWORKS_API_KEY", gw.api_key)
        cluster = Cluster(
            initialize_head=True,
            head_node_args={
                "num_cpus": 0,  # the head only schedules: the loops run on the two nodes
                "include_dashboard": False,
                "_system_config": FAST_HEALTH_CHECKS,
                **NODE,
            },
        )
        try:
            gw.script(ScriptedResponse(status=HELD, delay=30.0, executes=True, operation_id=STEP))
            env = {
                **os.environ,
                "FIREWORKS_BASE_URL": gw.url,
                "FIREWORKS_ACCOUNT_ID": "acct",
                "TMPDIR": str(tmp_path),
            }
            env.pop("FIREWORKS_LOG", None)
            sweep = subprocess.Popen(
                [sys.executable, str(EXAMPLE), "--ledger", postgres_url, "--jobs", str(JOBS),
                 "--steps", str(STEPS), "--address", cluster.address],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
            )  # fmt: skip
            errors = read_lines(sweep.stderr)
            # Its driver attaches to the only raylet there is yet: the head's. Then the two
            # nodes its loops run on join (a driver on a killed node would die with it).
            wait_until(lambda: any("Connected to Ray" in line for line in errors), sweep, "Ray")
            nodes = [cluster.add_node(num_cpus=1, **NODE) for _ in range(2)]
            wait_until(lambda: any(r.status == HELD for r in gw.requests), sweep, "a held step")
            held = gw.steps[0]  # executed; its answer is held
            store = PostgresLedger(postgres_url)
            record = store.get(held.job, held.output_model)
            assert record is not None and record.state is StepState.SENDING
            worker = int(record.owner.rsplit(":", 1)[1])
            (doomed,) = [node for node in nodes if parent_of(worker) == raylet_pid(node)]
            (survivor,) = [node.node_id for node in nodes if node is not doomed]
            cluster.remove_node(doomed, allow_graceful=False)  # SIGKILLs its raylet
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker, signal.SIGKILL)
            out, _ = sweep.communicate(timeout=180)
            assert sweep.returncode == 0, "".join(errors)
            rows = store.records()
            store.close()
        finally:
            with contextlib.suppress(Exception):
                cluster.shutdown()
        executed = collections.Counter(step.output_model for step in gw.steps)

    models = [f"accounts/acct/models/sweep-{j}-step-{i}" for j in range(JOBS) for i in range(STEPS)]
    assert executed == dict.fromkeys(models, 1)  # each step exactly once
    assert {r.output_model for r in rows} == set(models)
    assert {r.state for r in rows} == {StepState.READY}
    assert sorted(
        line.split()[0:3] for line in out.splitlines() if " READY accounts/" in line
    ) == sorted([f"sweep-{j}", "step", str(i)] for j in range(JOBS) for i in range(STEPS))
    assert f"all {JOBS * STEPS} step(s) READY" in out
    # Ray ran the held step's loop again, on the node that survived, and it finished there.
    held_job = held.job.rsplit("/", 1)[1]
    assert f"{held_job} done on node {survivor}" in out.splitlines()
