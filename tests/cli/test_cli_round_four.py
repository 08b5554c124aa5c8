"""Reliability round four, the command line: exit codes, bad ledgers, Ctrl-C, flags, pipes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import fireworks_rft
from fireworks_rft import SQLiteLedger, StepState
from fireworks_rft.cli import main

from ..support.fakes import ROOT

STEP = ["train-step", "job-1", "--dataset", "d", "--output-model", "m", "--poll-interval", "1"]
JOB = "accounts/acct/rlorTrainerJobs/job-1"
MODEL = "accounts/acct/models/m"


def posts(gw) -> int:
    return [r.operation_id for r in gw.requests].count("Gateway_ExecuteRlorTrainStep")


# -- 10. a failed step exits non-zero ----------------------------------------------------------


@pytest.mark.parametrize("output", ["text", "json"])
def test_a_step_the_ledger_holds_as_failed_exits_non_zero(emulated, capsys, tmp_path, output):
    ledger = str(tmp_path / "steps.db")
    assert main([*STEP, "--ledger", ledger]) == 0  # accepted
    emulated.fail_job("job-1", "out of memory")
    assert main([*STEP, "--ledger", ledger, "--wait"]) == 1  # the wait records it failed
    capsys.readouterr()
    assert main([*STEP, "--ledger", ledger, "-o", output]) == 1
    err = capsys.readouterr().err
    assert "failed" in err
    if output == "json":
        assert json.loads(err)["error"] == "Error"


# -- 11. a bad --ledger is a usage error, said in one line ---------------------------------


def _not_a_ledger(tmp_path: Path) -> str:
    path = tmp_path / "notes.txt"
    path.write_text("these are my notes, not a database\n" * 50)
    return str(path)


@pytest.mark.parametrize("output", ["text", "json"])
@pytest.mark.parametrize("kind", ["directory", "not-a-ledger"])
def test_a_bad_ledger_path_says_which_flag_and_path(emulated, capsys, tmp_path, kind, output):
    path = str(tmp_path) if kind == "directory" else _not_a_ledger(tmp_path)
    for command in ([*STEP, "--ledger", path], ["steps", "--ledger", path]):
        assert main([*command, "-o", output]) == 2
        err = capsys.readouterr().err
        assert f"--ledger {path}" in err and "Traceback" not in err
        if output == "json":
            assert json.loads(err)["error"] == "ConfigurationError"
    assert posts(emulated) == 0


def test_steps_only_reads_a_ledger(emulated, capsys, tmp_path):
    ledger = tmp_path / "steps.db"
    assert main([*STEP, "--ledger", str(ledger)]) == 0
    copy = tmp_path / "copy" / "steps.db"
    copy.parent.mkdir()
    copy.write_bytes(ledger.read_bytes())
    import sqlite3

    with sqlite3.connect(copy) as db:  # a ledger in the classic journal mode
        db.execute("PRAGMA journal_mode=DELETE")
    os.chmod(copy, 0o444)
    try:
        capsys.readouterr()
        assert main(["steps", "--ledger", str(copy), "-o", "json"]) == 0
        (row,) = json.loads(capsys.readouterr().out)
        assert row["state"] == "accepted"
        assert sorted(p.name for p in copy.parent.iterdir()) == ["steps.db"]  # no .locks/
        with sqlite3.connect(copy) as db:
            assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        os.chmod(copy, 0o644)


# -- 12. Ctrl-C says what may have happened ------------------------------------------------


def _interrupt(*args, **kwargs):
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    ("method", "argv", "said"),
    [
        ("create_job", ["job", "create", "job-9", "--base-model", "b"], "may have been created"),
        ("load_lora", ["lora", "load", "m", "--deployment", "dep"], "may be loading"),
    ],
)
def test_ctrl_c_after_an_action_was_sent_says_it_may_have_happened(
    emulated, capsys, monkeypatch, method, argv, said
):
    monkeypatch.setattr(fireworks_rft.Client, method, _interrupt)
    assert main(argv) == 130
    assert said in capsys.readouterr().err


def test_ctrl_c_while_waiting_for_a_step_never_sent_claims_nothing(emulated, capsys, monkeypatch):
    monkeypatch.setattr(fireworks_rft.Client, "wait_for_step", _interrupt)
    assert main(["wait", "job-1", "--output-model", "m", "-o", "json"]) == 130
    error = json.loads(capsys.readouterr().err)
    assert "step_accepted" not in error and "was accepted" not in error["message"]


# -- 13. 14. bare job IDs, and turning the ledger variable off ----------------------------


def test_steps_takes_a_bare_job_id(emulated, capsys, tmp_path):
    ledger = str(tmp_path / "steps.db")
    assert main([*STEP, "--ledger", ledger]) == 0
    capsys.readouterr()
    assert main(["steps", "--ledger", ledger, "--job", "job-1", "-o", "json"]) == 0
    assert [row["job"] for row in json.loads(capsys.readouterr().out)] == [JOB]


def test_an_empty_ledger_flag_turns_the_variable_off(emulated, capsys, tmp_path, monkeypatch):
    ledger = tmp_path / "steps.db"
    monkeypatch.setenv("FIREWORKS_RFT_LEDGER", str(ledger))
    assert main([*STEP, "--ledger", ""]) == 0
    assert not ledger.exists()


def test_a_refusal_of_a_sending_step_does_not_suggest_force(emulated, tmp_path):
    store = SQLiteLedger(tmp_path / "steps.db")
    lease = store.try_lease(JOB, MODEL)  # another live sender
    with (
        fireworks_rft.Client(
            base_url=emulated.url, api_key="k", account_id="acct", ledger=store
        ) as client,
        pytest.raises(fireworks_rft.StepAlreadySentError) as info,
    ):
        client.execute_train_step("job-1", dataset="d", output_model="m", force=True)
    assert "force" not in str(info.value)
    lease.release()
    store.close()


# -- 19. flags that cannot apply, -o before the command, pipes, one hint --------------------


def test_a_wait_timeout_without_wait_is_refused_before_sending(emulated, capsys):
    assert main([*STEP, "--wait-timeout", "5"]) == 2
    assert "--wait-timeout" in capsys.readouterr().err
    assert posts(emulated) == 0


def test_output_json_before_the_command_name(emulated, capsys):
    assert main(["-o", "json", "job", "get", "job-1"]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == JOB


def test_steps_without_a_ledger_gives_its_hint_once(emulated, capsys, monkeypatch):
    monkeypatch.delenv("FIREWORKS_RFT_LEDGER", raising=False)
    assert main(["steps"]) == 2
    assert capsys.readouterr().err.count("--ledger PATH") == 1


def test_a_closed_pipe_is_no_traceback(fake_gateway, tmp_path):
    fake_gateway.reset(default_account="acct")
    for i in range(400):  # far more than a pipe holds: the writer meets the closed pipe
        fake_gateway.add_job(f"job-{i}")
    env = {
        **os.environ,
        "FIREWORKS_API_KEY": fake_gateway.api_key or "k",
        "FIREWORKS_ACCOUNT_ID": "acct",
        "FIREWORKS_BASE_URL": fake_gateway.url,
        "PYTHONPATH": str(ROOT / "src"),
    }
    command = f"{sys.executable} -m fireworks_rft -o json job list | head -1"
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
    assert done.stdout.count("\n") == 1


def test_a_recorded_step_survives_the_cli(emulated, tmp_path):
    ledger = tmp_path / "steps.db"
    assert main([*STEP, "--ledger", str(ledger), "--wait"]) == 0
    store = SQLiteLedger(ledger, read_only=True)
    assert store.get(JOB, MODEL).state is StepState.READY
    store.close()
