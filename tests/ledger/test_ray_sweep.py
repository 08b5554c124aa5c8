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
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from fireworks_rft import PostgresLedger, SQLiteLedger, StepState
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
@pytest.mark.slow(seconds=15)
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


def session_processes(sid: int) -> list[int]:
    """The pids of every process of session ``sid`` (a driver and what it started)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                if int(fields[3]) == sid:
                    found.append(int(entry.name))
    return found


def kill_session(sid: int) -> None:
    for pid in session_processes(sid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def kill_ray_processes_of(tmpdir: str) -> None:
    """SIGKILL what is left of the Ray clusters whose processes had ``TMPDIR=tmpdir``.

    Ray can leave an idle worker behind after ``ray.shutdown()`` (one it was starting as it
    stopped): the test's clusters must not outlive it.
    """
    wanted = f"TMPDIR={tmpdir}".encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            with contextlib.suppress(OSError):
                if wanted in (entry / "environ").read_bytes().split(b"\0"):
                    os.kill(int(entry.name), signal.SIGKILL)


@pytest.mark.slow(seconds=35)
def test_a_killed_drivers_rerun_resumes_to_the_end_on_the_emulator_it_left_running(tmp_path):
    """No API key: the example's emulator is a process of its own, found again by a re-run.

    Three loops ask for a quarter CPU each, so all three are in flight at once on two cores
    (the ledger shows it); the driver and its local Ray cluster are then SIGKILLed.
    """
    ledger, state = tmp_path / "steps.db", tmp_path / "emulator.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIREWORKS_")}
    short = tempfile.mkdtemp(prefix="ray", dir="/tmp")  # Ray's socket paths must be short
    # No idle workers started ahead of the tasks (each costs a Python start with Ray in it).
    env.update(
        RAY_USAGE_STATS_ENABLED="0",
        RAY_enable_worker_prestart="0",
        RAY_prestart_worker_first_driver="0",
        TMPDIR=short,
    )
    command = [
        sys.executable, str(EXAMPLE), "--ledger", str(ledger), "--jobs", "3", "--steps", "2",
        "--emulator-state", str(state), "--emulator-step-seconds", "4",
    ]  # fmt: skip
    emulator_pid = None
    driver = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
        cwd=tmp_path, start_new_session=True,
    )  # fmt: skip
    try:
        out = read_lines(driver.stdout)

        def all_loops_in_flight() -> bool:
            try:
                store = SQLiteLedger(ledger, read_only=True)
            except (FileNotFoundError, ValueError):  # not created, or created this moment
                return False
            try:
                return sum(r.state is StepState.ACCEPTED for r in store.records()) == 3
            finally:
                store.close()

        try:
            wait_until(all_loops_in_flight, driver, "three loops in flight at once")
        except BaseException:
            print("".join(out))
            raise
        emulator_pid = json.loads(state.read_text())["pid"]
        kill_session(driver.pid)  # the driver and the Ray cluster it started
        driver.wait(timeout=30)
        os.kill(emulator_pid, 0)  # the emulator outlived it

        again = subprocess.run(
            command, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=180
        )
        assert again.returncode == 0, again.stdout + again.stderr
        assert "resuming on the emulator at" in again.stdout
        assert f"(pid {emulator_pid})" in again.stdout
        assert "all 6 step(s) READY" in again.stdout
        store = SQLiteLedger(ledger, read_only=True)
        rows = store.records()
        store.close()
        assert len(rows) == 6 and {(r.state, r.sends) for r in rows} == {(StepState.READY, 1)}
        assert all(r.duration is not None and r.duration >= 0 for r in rows)
        # Every READY line's duration is the ledger's, never negative.
        took = [float(line.rsplit("(", 1)[1].split()[0]) for line in again.stdout.splitlines()
                if " READY accounts/" in line]  # fmt: skip
        assert took and min(took) >= 0
        # Stopped once every step was READY.
        assert not state.exists() and f"stopped the emulator (pid {emulator_pid})" in again.stdout
        give_up = time.monotonic() + 30
        while Path(f"/proc/{emulator_pid}").exists() and time.monotonic() < give_up:
            time.sleep(0.05)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(emulator_pid, os.WNOHANG)
    finally:
        kill_session(driver.pid)
        driver.wait(timeout=30)
        driver.stdout.close()
        if emulator_pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(emulator_pid, signal.SIGKILL)
        kill_ray_processes_of(short)
        shutil.rmtree(short, ignore_errors=True)


def test_a_loop_that_failed_for_good_reaches_the_driver_with_its_error(
    tmp_path, monkeypatch, capsys
):
    """The driver's follow loop, with Ray's answers scripted: a loop's own error is printed."""
    import importlib.util

    import ray

    spec = importlib.util.spec_from_file_location("ray_sweep", EXAMPLE)
    sweep = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sweep)
    task = object()
    cause = ValueError("base_model must be a non-empty string")
    monkeypatch.setattr(ray, "wait", lambda pending, **_: (list(pending), []))

    def failed(_task):
        raise ray.exceptions.RayTaskError("sweep_loop", "Traceback ...", cause)

    monkeypatch.setattr(ray, "get", failed)
    args = sweep.parse_args(["--ledger", str(tmp_path / "steps.db"), "--jobs", "1", "--steps", "1"])
    assert sweep.follow(args.ledger, args, [task]) == 1
    err = capsys.readouterr().err
    assert "sweep-0 failed: ValueError: base_model must be a non-empty string" in err
    assert "not READY in the ledger: ['sweep-0-step-0']" in err
