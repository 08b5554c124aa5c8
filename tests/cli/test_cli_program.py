"""The command line as one program: defaults from the methods, help from the parser."""

from __future__ import annotations

import argparse
import inspect
import json

import pytest

import fireworks_rft
from fireworks_rft.cli import main
from fireworks_rft.cli._common import wait_timeout
from fireworks_rft.cli._parser import build_parser

from .test_cli_platform import BASE, STEP

#: Each command that waits, and the client method it waits with.
WAITS = [
    (["train-step", "j", "--dataset", "d", "--output-model", "m", "--wait"], "wait_for_step"),
    (["train-step", "j", "--dataset", "d", "--output-model", "m", "--ledger", "x"], "run_step"),
    (["wait", "j", "--output-model", "m"], "wait_for_step"),
    (["job", "create", "j", "--base-model", "b", "--wait"], "wait_for_job"),
    (["job", "wait", "j"], "wait_for_job"),
    (["checkpoints", "promote", "c", "--output-model", "m", "--wait"], "wait_for_model"),
    (["lora", "load", "m", "--deployment", "d", "--wait"], "wait_for_deployed_model"),
    (["dataset", "upload", "d", "f.jsonl"], "upload_dataset"),
]


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    found = {}
    for action in parser._actions:  # the parser's own record of its subcommands
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[name] = sub
                found.update({f"{name} {k}": v for k, v in _subparsers(sub).items()})
    return found


@pytest.mark.parametrize(("argv", "method"), WAITS, ids=lambda v: v if isinstance(v, str) else v[0])
def test_every_wait_default_is_its_methods(argv, method):
    args = build_parser().parse_args(argv)
    signature = inspect.signature(getattr(fireworks_rft.Client, method))
    assert wait_timeout(args) == signature.parameters["timeout"].default
    assert args.poll_interval == signature.parameters["poll_interval"].default


def test_every_command_with_a_wait_timeout_is_checked_above():
    subs = _subparsers(build_parser())
    covered = set()
    for argv, _ in WAITS:
        name = argv[0] if argv[0] in ("train-step", "wait") else f"{argv[0]} {argv[1]}"
        covered.add(name)
        assert "--wait-timeout" in subs[name].format_help()
    waiting = {
        name
        for name, sub in subs.items()
        if any("--wait-timeout" in action.option_strings for action in sub._actions)
    }
    assert waiting == covered


def test_the_help_lists_every_command_the_parser_has(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    for name in (n for n in _subparsers(build_parser()) if " " not in n):
        assert name in text
    assert "shapes" in text and "dataset" in text and "emulator" in text


def test_connection_flags_are_one_parent():
    for name, sub in _subparsers(build_parser()).items():
        options = {o for action in sub._actions for o in action.option_strings}
        if "--base-url" in options:
            assert {"--account-id", "--timeout", "--allow-insecure-http", "-o"} <= options, name


def test_a_bare_checkpoint_id_is_promoted_with_its_job(emulated, capsys):
    assert main([*STEP, "--wait"]) == 0
    capsys.readouterr()
    assert main(["checkpoints", "list", "job-1", "--promotable"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["NAME", "CREATETIME", "CHECKPOINTTYPE", "PROMOTABLE"]  # a header
    checkpoint_id = lines[1].split()[0].rsplit("/", 1)[1]
    argv = ["checkpoints", "promote", checkpoint_id, "--job", "job-1", "--output-model", "best"]
    assert main([*argv, "--base-model", BASE, "-o", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["name"] == "accounts/acct/models/best"


def test_an_unknown_command_suggests_the_closest_one(capsys):
    for argv, closest in ((["jobs", "list"], "job"), (["-o", "json", "stpes"], "steps")):
        with pytest.raises(SystemExit) as exit_:
            main(argv)
        assert exit_.value.code == 2
        assert f"did you mean {closest!r}?" in capsys.readouterr().err


@pytest.mark.parametrize("output", ["text", "json"])
def test_a_listing_that_repeats_its_page_token_fails_in_one_line(emulated, capsys, output):
    from fireworks_rft.testing import ScriptedResponse

    page = {"rlorTrainerJobs": [], "nextPageToken": "again"}
    for _ in range(2):
        emulated.script(ScriptedResponse(body=page, operation_id="Gateway_ListRlorTrainerJobs"))
    assert main(["job", "list", "-o", output]) == 1
    err = capsys.readouterr().err
    assert "page token 'again' twice" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_lost_lease_is_an_operational_failure(monkeypatch, capsys):
    """Exit 1, as for the API's and the ledger database's failures; 2 stays for bad arguments."""

    def lost(args):
        raise fireworks_rft.LeaseLostError(
            "another process took it over", job="j", output_model="m"
        )

    parser = build_parser()
    _subparsers(parser)["train-step"].set_defaults(handler=lost)
    monkeypatch.setattr("fireworks_rft.cli.build_parser", lambda: parser)
    assert main(["train-step", "j", "--dataset", "d", "--output-model", "m"]) == 1
    assert "another process took it over" in capsys.readouterr().err
