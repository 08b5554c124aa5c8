"""The fireworks-rft command line, against a real HTTP server on loopback."""

from __future__ import annotations

import io
import json
import subprocess
import sys

import pytest

import fireworks_rft
from fireworks_rft.cli import main

from ..support.fakes import API_KEY
from ..support.fault_server import Action, fault_server

STEP = [
    "train-step",
    "job-1",
    "--dataset",
    "d",
    "--output-model",
    "m",
]


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("FIREWORKS_API_KEY", API_KEY)
    monkeypatch.setenv("FIREWORKS_ACCOUNT_ID", "acct-1")


def test_version(capsys):
    assert main(["version"]) == 0
    out = capsys.readouterr().out
    assert fireworks_rft.__version__ in out and fireworks_rft.__spec_version__ in out


def test_train_step_success(env, capsys):
    with fault_server(Action.json(200, {}, executes=True, **{"x-request-id": "req-cli"})) as server:
        code = main([*STEP, "--base-url", server.url])
    assert code == 0
    out = capsys.readouterr().out
    assert "accounts/acct-1/rlorTrainerJobs/job-1" in out and "req-cli" in out
    (received,) = server.received
    assert received.path == "/v1/accounts/acct-1/rlorTrainerJobs/job-1:executeTrainStep"
    assert json.loads(received.body) == {
        "dataset": "accounts/acct-1/datasets/d",
        "outputModel": "accounts/acct-1/models/m",
    }


def test_train_step_json_output(env, capsys):
    with fault_server(Action.json(200, {}, **{"x-request-id": "r2"})) as server:
        assert main([*STEP, "--base-url", server.url, "--json", "--account-id", "acct-9"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["job"] == "accounts/acct-9/rlorTrainerJobs/job-1"
    assert result["request_id"] == "r2"
    assert result["output_model"] == "accounts/acct-9/models/m"


def test_api_error_is_exit_1_with_one_line(env, capsys):
    error = Action.json(
        400, {"code": 3, "message": "dataset not found"}, **{"x-request-id": "req-bad"}
    )
    with fault_server(error) as server:
        code = main([*STEP, "--base-url", server.url])
    assert code == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert "400" in err and "dataset not found" in err and "req-bad" in err
    assert API_KEY not in err


def test_connection_error_is_exit_1(env, capsys):
    from ..support.fault_server import refused_port

    code = main([*STEP, "--base-url", f"http://127.0.0.1:{refused_port()}", "--timeout", "2"])
    assert code == 1
    assert "did not receive the request" in capsys.readouterr().err


def test_dry_run_sends_nothing_and_masks_the_key(env, capsys):
    with fault_server() as server:
        code = main([*STEP, "--base-url", server.url, "--dry-run"])
    assert code == 0
    assert server.attempts == 0
    out = capsys.readouterr().out
    assert API_KEY not in out
    assert "authorization: Bearer **********" in out
    assert f"POST {server.url}/v1/accounts/acct-1/rlorTrainerJobs/job-1:executeTrainStep" in out
    assert out.rstrip().endswith(
        '{"dataset":"accounts/acct-1/datasets/d","outputModel":"accounts/acct-1/models/m"}'
    )


def test_dry_run_json(env, capsys):
    assert main([*STEP, "--dry-run", "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["method"] == "POST"
    assert (
        shown["url"]
        == "https://api.fireworks.ai/v1/accounts/acct-1/rlorTrainerJobs/job-1:executeTrainStep"
    )
    assert shown["body"] == {
        "dataset": "accounts/acct-1/datasets/d",
        "outputModel": "accounts/acct-1/models/m",
    }
    assert API_KEY not in json.dumps(shown)


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["train-step"],
        ["train-step", "j", "--dataset", "d"],
        [*STEP, "--timeout", "zero"],
        [*STEP, "--timeout", "-1"],
        [*STEP, "--api-key", "x"],
        ["nonsense"],
    ],
)
def test_usage_errors_exit_2(env, argv):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2


def test_missing_key_is_exit_2(capsys):
    assert main(STEP) == 2
    assert "FIREWORKS_API_KEY" in capsys.readouterr().err


def test_bad_job_is_exit_2(env, capsys):
    assert main(["train-step", "a/b", "--dataset", "d", "--output-model", "m"]) == 2
    assert "job" in capsys.readouterr().err


def test_missing_account_is_exit_2_and_names_the_flag(monkeypatch, capsys):
    monkeypatch.setenv("FIREWORKS_API_KEY", API_KEY)
    assert main(STEP) == 2
    err = capsys.readouterr().err
    assert "--account-id" in err and "FIREWORKS_ACCOUNT_ID" in err
    assert "account_id=" not in err and "pass api_key" not in err


def test_configuration_advice_names_flags_not_python(env, capsys):
    assert main([*STEP, "--base-url", "http://10.0.0.1"]) == 2
    err = capsys.readouterr().err
    assert "--allow-insecure-http" in err and "allow_insecure_http=True" not in err
    monkeypatch_free_main = main  # the key advice: the variable, never a Python argument
    assert monkeypatch_free_main is main


def test_missing_key_names_the_variable_only(capsys):
    assert main(STEP) == 2
    err = capsys.readouterr().err
    assert "FIREWORKS_API_KEY" in err and "api_key=" not in err


def test_dry_run_needs_no_key(capsys):
    assert main([*STEP, "--account-id", "acct-1", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Bearer **********" in out and "dry-run-key" not in out


def test_json_output_errors_are_json_on_stderr(env, capsys):
    error = Action.json(404, {"code": 5, "message": "job not found"}, **{"x-request-id": "r404"})
    with fault_server(error) as server:
        assert main([*STEP, "--base-url", server.url, "-o", "json"]) == 1
    captured = capsys.readouterr()
    shown = json.loads(captured.err)
    assert shown["error"] == "NotFoundError" and shown["status_code"] == 404
    assert shown["request_id"] == "r404" and "--account-id" in shown["message"]
    assert captured.out == ""


def test_401_says_what_to_check(env, capsys):
    with fault_server(Action.json(401, {"code": 16, "message": "bad key"})) as server:
        assert main([*STEP, "--base-url", server.url]) == 1
    assert "check FIREWORKS_API_KEY" in capsys.readouterr().err


def test_console_script_module_runs(env):
    done = subprocess.run(
        [sys.executable, "-m", "fireworks_rft", "version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.startswith("fireworks-rft ")


WAIT = [*STEP, "--wait", "--poll-interval", "1"]


def test_train_step_wait_prints_progress_and_exits_0_on_ready(emulated, capsys):
    assert main(WAIT) == 0
    captured = capsys.readouterr()
    assert "READY: accounts/acct/models/m" in captured.out
    assert "model UPLOADING" in captured.err and "model READY" in captured.err
    assert len(emulated.steps) == 1


def test_train_step_wait_json(emulated, capsys):
    assert main([*WAIT, "-o", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["model"]["state"] == "READY" and shown["job"]["keepAlive"] is True
    assert shown["step"]["output_model"] == "accounts/acct/models/m"


def test_train_step_wait_exits_1_when_the_job_fails(emulated, capsys):
    assert main(STEP) == 0  # accepted; the job then fails while the step runs
    emulated.fail_job("job-1", "dataset is empty")
    assert main(["wait", "job-1", "--output-model", "m"]) == 1
    assert "dataset is empty" in capsys.readouterr().err


def test_a_step_on_a_failed_job_is_refused(emulated, capsys):
    emulated.fail_job("job-1", "dataset is empty")
    assert main(WAIT) == 1
    assert "JOB_STATE_FAILED: it takes no steps" in capsys.readouterr().err
    assert emulated.steps == []


def test_train_step_wait_exits_124_on_timeout(emulated, capsys):
    emulated.set_job_state("accounts/acct/rlorTrainerJobs/job-1", "JOB_STATE_HIBERNATING")
    assert main([*WAIT, "--wait-timeout", "3"]) == 124  # the step takes 4 (virtual) s
    err = capsys.readouterr().err
    assert "(timeout 3s)" in err and "JOB_STATE_HIBERNATING" in err and "fireworks-rft wait" in err


def test_job_and_model_get(emulated, capsys):
    assert main(["job", "get", "job-1"]) == 0
    out = capsys.readouterr().out
    assert "name: accounts/acct/rlorTrainerJobs/job-1" in out and "JOB_STATE_RUNNING" in out
    assert main(["job", "get", "job-1", "-o", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["keepAlive"] is True
    assert main(["model", "get", "m"]) == 1
    assert "404" in capsys.readouterr().err
    assert main([*WAIT]) == 0
    capsys.readouterr()
    assert main(["model", "get", "accounts/acct/models/m", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["state"] == "READY"
    assert main(["job", "delete", "job-1", "--yes"]) == 0
    assert "Deleted accounts/acct/rlorTrainerJobs/job-1" in capsys.readouterr().out
    assert main(["job", "get", "job-1"]) == 0  # a deleted job is archived: its ID stays taken
    assert "JOB_STATE_DELETED" in capsys.readouterr().out


@pytest.mark.parametrize(
    "flags",
    [
        ["--wait-timeout", "2e6"],
        ["--wait-timeout", "0"],
        ["--poll-interval", "-1"],
        ["--poll-interval", "nan"],
        ["--timeout", "1e300"],
    ],
)
def test_every_flag_is_checked_before_the_step_is_sent(emulated, capsys, flags):
    with pytest.raises(SystemExit) as info:
        main([*WAIT, *flags])
    assert info.value.code == 2
    assert emulated.requests == [] and emulated.steps == []


def test_wait_command_waits_and_never_sends(emulated, capsys):
    with fireworks_rft.Client(base_url=emulated.url, api_key="k", account_id="acct") as client:
        client.execute_train_step("job-1", dataset="d", output_model="m")
    assert main(["wait", "job-1", "--output-model", "m", "-o", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["model"]["state"] == "READY"
    sent = [r.operation_id for r in emulated.requests]
    assert sent.count("Gateway_ExecuteRlorTrainStep") == 1 and len(emulated.steps) == 1


def test_ctrl_c_while_waiting_says_the_step_was_accepted_and_how_to_resume(
    emulated, capsys, monkeypatch
):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(fireworks_rft.Client, "wait_for_step", interrupted)
    assert main([*WAIT, "-o", "json"]) == 130
    error = json.loads(capsys.readouterr().err)
    assert error["error"] == "Interrupted" and error["step_accepted"] is True
    assert "stopped waiting" in error["message"]
    assert (
        "fireworks-rft wait accounts/acct/rlorTrainerJobs/job-1 --output-model" in error["message"]
    )
    assert len(emulated.steps) == 1


def test_progress_line_refreshes_on_a_tty_and_ends_before_other_output():
    from fireworks_rft.cli._output import ProgressLine

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    now = [100.0]
    terminal = Terminal()
    line = ProgressLine(terminal, clock=lambda: now[0])
    line._ticker = object()  # no refresh thread: this test refreshes by hand
    line(fireworks_rft.StepProgress("j", "m", "JOB_STATE_RUNNING", None, elapsed=1.0, polls=1))
    now[0] += 5.0
    line.refresh()
    assert terminal.getvalue().endswith("     6.0s  job JOB_STATE_RUNNING  model not created yet")
    line.close()
    assert terminal.getvalue().endswith("\n")
    line.refresh()  # after close: nothing more
    assert terminal.getvalue().endswith("\n")


def test_job_delete_whose_answer_was_lost_reports_it_deleted(emulated, capsys):
    from fireworks_rft.testing import ScriptedResponse

    emulated.script(ScriptedResponse(drop=True, executes=True))
    assert main(["job", "delete", "job-1", "--yes", "-o", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown == {"deleted": "accounts/acct/rlorTrainerJobs/job-1", "already_gone": True}
    deletes = [r.status for r in emulated.requests if r.method == "DELETE"]
    assert deletes == [None, 404]  # the first answer was lost; the retry found it gone
