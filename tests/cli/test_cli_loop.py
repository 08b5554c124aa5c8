"""The loop's commands: job create/list/wait/cancel/resume, checkpoints, lora load/get/unload."""

from __future__ import annotations

import json

from fireworks_rft.cli import main

BASE = "accounts/fireworks/models/qwen3-8b"


def test_job_create_wait_list_and_resume(emulated, capsys):
    assert main(["job", "create", "loop-job", "--base-model", BASE, "--wait", "-o", "json"]) == 0
    job = json.loads(capsys.readouterr().out)
    assert job["name"] == "accounts/acct/rlorTrainerJobs/loop-job"
    assert job["state"] == "JOB_STATE_RUNNING" and job["keepAlive"] is True
    assert main(["job", "create", "loop-job", "--base-model", BASE]) == 1  # taken: 409
    assert "exist_ok" in capsys.readouterr().err
    assert main(["job", "create", "loop-job", "--base-model", BASE, "--exist-ok"]) == 0
    capsys.readouterr()
    assert main(["job", "list", "-o", "json"]) == 0
    names = [j["name"] for j in json.loads(capsys.readouterr().out)]
    assert "accounts/acct/rlorTrainerJobs/loop-job" in names
    assert main(["job", "resume", "loop-job"]) == 0
    assert "JOB_STATE_RUNNING" in capsys.readouterr().out


def test_destructive_commands_need_yes_without_a_terminal(emulated, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert main(["job", "cancel", "job-1"]) == 2
    assert "--yes" in capsys.readouterr().err
    assert main(["job", "delete", "job-1"]) == 2
    assert [r for r in emulated.requests if r.method != "GET"] == []  # nothing was sent
    assert main(["job", "cancel", "job-1", "--yes"]) == 0
    assert "Cancelled" in capsys.readouterr().out
    assert main(["job", "wait", "job-1", "--wait-timeout", "5"]) == 1  # cancelled: never runs
    assert "JOB_STATE_CANCELLED" in capsys.readouterr().err


def test_a_confirmation_typed_at_a_terminal(emulated, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert main(["job", "cancel", "job-1"]) == 2
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    assert main(["job", "cancel", "job-1"]) == 0


def test_checkpoints_and_lora_commands(emulated, capsys):
    assert main(["train-step", "job-1", "--dataset", "d", "--output-model", "m1"]) == 0
    assert main(["checkpoints", "list", "job-1", "-o", "json"]) == 0
    capsys.readouterr()
    assert main(["checkpoints", "list", "job-1", "-o", "json"]) == 0
    (checkpoint,) = json.loads(capsys.readouterr().out)
    assert checkpoint["name"].startswith("accounts/acct/rlorTrainerJobs/job-1/")
    assert main(["lora", "load", "m1", "--deployment", "dep", "--wait", "-o", "json"]) == 0
    loaded = json.loads(capsys.readouterr().out)
    assert loaded["state"] == "DEPLOYED" and loaded["model"] == "accounts/acct/models/m1"
    assert main(["lora", "get", loaded["name"]]) == 0
    assert "DEPLOYED" in capsys.readouterr().out
    assert main(["lora", "unload", "m1", "--deployment", "dep", "--yes"]) == 0
    assert f"Unloaded {loaded['name']}" in capsys.readouterr().out
    assert main(["lora", "unload", "m1", "--deployment", "dep", "--yes", "-o", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["already_gone"] is True
