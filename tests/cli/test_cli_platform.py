"""The command line for today's platform: promotion, shapes, logs, uploads, stalls."""

from __future__ import annotations

import json

from fireworks_rft.cli import main

BASE = "accounts/fireworks/models/qwen3-8b"
JOB = "accounts/acct/rlorTrainerJobs/job-1"
STEP = ["train-step", "job-1", "--dataset", "d", "--output-model", "m", "--poll-interval", "1"]


def test_a_checkpoint_is_promoted_from_the_command_line(emulated, capsys, tmp_path):
    assert main([*STEP, "--wait"]) == 0
    capsys.readouterr()
    assert main(["checkpoints", "list", "job-1", "--promotable", "-o", "json"]) == 0
    (checkpoint,) = json.loads(capsys.readouterr().out)
    assert checkpoint["promotable"] is True
    argv = ["checkpoints", "promote", checkpoint["name"], "--output-model", "best"]
    ledger = str(tmp_path / "steps.db")
    assert main([*argv, "--base-model", BASE, "--wait", "--ledger", ledger, "-o", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["state"] == "READY"
    assert main([*argv, "--base-model", BASE, "--ledger", ledger]) == 0  # recorded: not again
    promotes = [r for r in emulated.requests if r.operation_id == "Gateway_PromoteCheckpoint"]
    assert len(promotes) == 1


def test_shapes_are_listed_and_resolved(emulated, capsys):
    emulated.add_training_shape("qwen", versions=["v1", "v2"], validated=["v1"])
    assert main(["shapes", "list"]) == 0
    assert "accounts/acct/trainingShapes/qwen" in capsys.readouterr().out
    assert main(["shapes", "resolve", "qwen", "-o", "json"]) == 0
    version = json.loads(capsys.readouterr().out)["name"]
    assert version == "accounts/acct/trainingShapes/qwen/versions/v1"
    create = ["job", "create", "shaped", "--base-model", BASE, "--training-shape", version]
    assert main([*create, "--service-mode", "--wait", "-o", "json"]) == 0
    job = json.loads(capsys.readouterr().out)
    assert job["state"] == "JOB_STATE_RUNNING" and job["directRouteHandle"]
    emulated.add_training_shape("fresh", versions=["v1"])
    assert main(["shapes", "resolve", "fresh"]) == 2
    assert "no validated version" in capsys.readouterr().err


def test_job_logs_are_printed_and_tailed(emulated, capsys):
    assert main([*STEP, "--wait"]) == 0
    capsys.readouterr()
    assert main(["job", "logs", "job-1"]) == 0
    log = capsys.readouterr().out
    assert f"trainer {JOB} created" in log
    assert main(["job", "logs", "job-1", "--tail", "1"]) == 0
    assert capsys.readouterr().out.strip() == log.strip().splitlines()[-1]
    assert emulated.refused_signed_requests == []


def test_a_dataset_file_is_uploaded(emulated, capsys, tmp_path):
    rollouts = tmp_path / "rollouts.jsonl"
    rollouts.write_text('{"messages": []}\n')
    assert main(["dataset", "upload", "rollouts-1", str(rollouts), "-o", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["state"] == "READY"
    assert emulated.upload("rollouts-1") == b'{"messages": []}\n'
    assert main(["dataset", "upload", "rollouts-2", str(tmp_path / "missing.jsonl")]) == 2


def test_a_stall_stops_the_wait_and_says_the_step_was_accepted(emulated, capsys):
    emulated.stall_job("job-1")
    assert main([*STEP, "--wait", "--stall-timeout", "120"]) == 124
    err = capsys.readouterr().err
    assert "fireworks-rft job logs" in err and "do not send it again" in err
    assert main([*STEP, "--stall-timeout", "120"]) == 2  # without --wait it cannot apply
