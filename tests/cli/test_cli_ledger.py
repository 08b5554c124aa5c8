"""``train-step --ledger`` and ``steps``: re-running a command resumes, it never re-sends."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import fireworks_rft
from fireworks_rft import SQLiteLedger
from fireworks_rft.cli import main
from fireworks_rft.testing import ScriptedResponse

STEP = ["train-step", "job-1", "--dataset", "d", "--output-model", "m", "--poll-interval", "1"]
JOB = "accounts/acct/rlorTrainerJobs/job-1"
MODEL = "accounts/acct/models/m"


@pytest.fixture
def ledger(tmp_path: Path) -> str:
    return str(tmp_path / "steps.db")


def posts(gw) -> int:
    return [r.operation_id for r in gw.requests].count("Gateway_ExecuteRlorTrainStep")


def test_rerunning_a_step_with_a_ledger_does_not_send_it_again(emulated, capsys, ledger):
    assert main([*STEP, "--ledger", ledger]) == 0
    first = capsys.readouterr().out
    assert "Step accepted" in first and f"fireworks-rft wait {JOB} --output-model {MODEL}" in first
    assert main([*STEP, "--ledger", ledger, "-o", "json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["sent_now"] is False and again["step"]["state"] == "accepted"
    assert posts(emulated) == 1


def test_wait_with_a_ledger_records_ready_and_a_rerun_returns_at_once(
    emulated, capsys, ledger, monkeypatch
):
    monkeypatch.setenv("FIREWORKS_RFT_LEDGER", ledger)  # the variable, instead of --ledger
    assert main([*STEP, "--wait"]) == 0
    assert f"READY: {MODEL}" in capsys.readouterr().out
    assert main([*STEP, "--wait", "-o", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["step"]["state"] == "ready" and shown["step"]["sends"] == 1
    assert shown["model"]["state"] == "READY"
    assert posts(emulated) == 1

    assert main(["steps"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:3] == ["STATE", "SENDS", "DURATION"]
    assert table[1].split()[:2] == ["ready", "1"] and MODEL in table[1] and JOB in table[1]
    assert main(["steps", "--job", JOB, "-o", "json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    # a 4 s step, seen READY between two polls: its finish is estimated within half their gap
    assert row["output_model"] == MODEL and row["duration"] == pytest.approx(4.0, abs=1.0)
    assert main(["steps", "--job", JOB + "-other", "-o", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


def test_a_lost_answer_is_checked_not_resent(emulated, capsys, ledger):
    emulated.script(ScriptedResponse(drop=True, executes=True))
    assert main([*STEP, "--ledger", ledger, "--reconcile-grace", "10"]) == 0
    assert "Step accepted" in capsys.readouterr().out
    assert posts(emulated) == 1 and len(emulated.steps) == 1


def test_a_step_left_sending_by_a_killed_command_is_reconciled_on_rerun(emulated, capsys, ledger):
    store = SQLiteLedger(ledger)
    lease = store.try_lease(JOB, MODEL)
    store.begin_send(JOB, MODEL, "accounts/acct/datasets/d", expected=None, now=0.0, lease=lease)
    lease.release()  # then kill -9: the lease dies with its holder
    store.close()
    assert main([*STEP, "--ledger", ledger, "--wait", "--reconcile-grace", "10"]) == 0
    assert f"READY: {MODEL}" in capsys.readouterr().out
    assert posts(emulated) == 1 and len(emulated.steps) == 1  # not there: sent once
    assert SQLiteLedger(ledger).get(JOB, MODEL).sends == 2


def test_a_step_another_process_is_sending_times_out_without_sending(emulated, capsys, ledger):
    other = SQLiteLedger(ledger)
    lease = other.try_lease(JOB, MODEL)
    other.begin_send(JOB, MODEL, "accounts/acct/datasets/d", expected=None, now=0.0, lease=lease)
    try:
        assert main([*STEP, "--ledger", ledger, "--wait-timeout", "3"]) == 124
        assert "another live process held its lease" in capsys.readouterr().err
    finally:
        lease.release()
        other.close()
    assert emulated.requests == []


def test_ctrl_c_while_waiting_on_a_ledger_says_how_to_resume(emulated, capsys, ledger, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(fireworks_rft.Client, "wait_for_step", interrupted)
    assert main([*STEP, "--ledger", ledger, "--wait", "-o", "json"]) == 130
    error = json.loads(capsys.readouterr().err)
    assert error["step_accepted"] is True
    assert f"fireworks-rft wait {JOB} --output-model {MODEL}" in error["message"]
    assert "re-run the same command" in error["message"]
    assert posts(emulated) == 1


@pytest.mark.parametrize(
    ("argv", "advice"),
    [(["steps"], "--ledger PATH"), (["steps", "--ledger", "/nonexistent/x.db"], "no ledger")],
)
def test_steps_without_a_ledger_is_a_usage_error(capsys, monkeypatch, argv, advice):
    monkeypatch.delenv("FIREWORKS_RFT_LEDGER", raising=False)
    assert main(argv) == 2
    assert advice in capsys.readouterr().err


def test_lora_load_with_a_ledger_is_not_loaded_again_on_rerun(emulated, capsys, ledger):
    load = ["lora", "load", "m", "--deployment", "dep", "--ledger", ledger, "-o", "json"]
    assert main(load) == 0
    first = json.loads(capsys.readouterr().out)
    assert main(load) == 0  # a re-run: the recorded load, found, not loaded again
    assert json.loads(capsys.readouterr().out)["name"] == first["name"]
    loads = [r.operation_id for r in emulated.requests].count("Gateway_CreateDeployedModel")
    assert loads == 1
    assert main(["steps", "--ledger", ledger]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].split()[:4] == ["STATE", "SENDS", "DURATION", "KIND"]
    assert table[1].split()[:4] == ["accepted", "1", "-", "lora_load"]
    assert "accounts/acct/deployments/dep" in table[1]
