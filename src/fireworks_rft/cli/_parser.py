"""The argument parser of ``fireworks-rft``: every flag is checked here, before any request."""

from __future__ import annotations

import argparse

from .._checks import check_seconds
from .._constants import (
    API_KEY_ENV,
    DEFAULT_POLL_INTERVAL,
    DEFAULT_RECONCILE_GRACE,
    DEFAULT_WAIT_TIMEOUT,
    LEDGER_ENV,
)

_JOB_HELP = "job ID, or accounts/A/rlorTrainerJobs/J"
_MODEL_HELP = "model ID, or accounts/A/models/M"


def seconds(text: str) -> float:
    """An argparse type: a positive number of seconds, by the same rule as the Python API."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    try:
        return check_seconds(value, name="the value")
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _output_options(parser: argparse.ArgumentParser, default: str | None = None) -> None:
    """``-o text|json``, before the command name (with the default) or after it.

    After it, the default is suppressed: only a given value overrides the one before.
    """
    parser.add_argument(
        "-o",
        "--output",
        choices=["text", "json"],
        default=argparse.SUPPRESS if default is None else default,
        help="output format (default text)",
    )
    parser.add_argument(
        "--json",
        dest="output",
        action="store_const",
        const="json",
        default=argparse.SUPPRESS if default is None else default,
        help="same as -o json",
    )


def _connection_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--account-id", help="account of bare IDs (FIREWORKS_ACCOUNT_ID)")
    parser.add_argument("--base-url", help="API base URL (FIREWORKS_BASE_URL)")
    parser.add_argument("--timeout", type=seconds, help="timeout in seconds (default 60)")
    parser.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="allow http:// to a non-loopback host (the key travels in clear)",
    )
    _output_options(parser)


def _wait_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--wait-timeout",
        type=seconds,
        default=None,  # None: not given (train-step refuses it where it cannot apply)
        help=f"seconds to wait (default {DEFAULT_WAIT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--poll-interval",
        type=seconds,
        default=DEFAULT_POLL_INTERVAL,
        help=f"first poll interval (default {DEFAULT_POLL_INTERVAL:g})",
    )


def _stall_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--stall-timeout",
        type=seconds,
        help="seconds the job may read RUNNING with no sign of progress before the wait stops "
        "(default: off; the step stays accepted)",
    )


def _count(text: str) -> int:
    """An argparse type: a positive whole number."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {text!r}")
    return int(text)


def _ledger_option(parser: argparse.ArgumentParser, text: str) -> None:
    parser.add_argument("--ledger", metavar="PATH", help=f"{text} ({LEDGER_ENV})")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``fireworks-rft``."""
    parser = argparse.ArgumentParser(
        prog="fireworks-rft",
        description="Fireworks AI keep-alive reinforcement fine-tuning from the command line. "
        f"The API key is read from {API_KEY_ENV}.",
    )
    _output_options(parser, default="text")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    step = commands.add_parser(
        "train-step",
        help="execute one training step of a keep-alive RFT trainer job",
        description="Execute one training step. Not idempotent: each call trains once more.",
    )
    step.add_argument("job", metavar="JOB", help=_JOB_HELP)
    step.add_argument("--dataset", required=True, help="dataset ID, or accounts/A/datasets/D")
    step.add_argument("--output-model", required=True, help=_MODEL_HELP)
    step.add_argument("--wait", action="store_true", help="wait until the output model is READY")
    _wait_options(step)
    _stall_option(step)
    _ledger_option(
        step,
        "step ledger (SQLite file): re-running the same command resumes instead of re-sending",
    )
    step.add_argument(
        "--reconcile-grace",
        type=seconds,
        default=DEFAULT_RECONCILE_GRACE,
        help="with --ledger: seconds a lost step's output model must stay absent, while the "
        f"job runs, before it is sent again (default {DEFAULT_RECONCILE_GRACE:g})",
    )
    step.add_argument(
        "--dry-run",
        action="store_true",
        help="print the exact HTTP request, API key masked, and send nothing (no key needed)",
    )
    _connection_options(step)

    wait = commands.add_parser(
        "wait",
        help="wait for a step already sent, until its output model is READY (never sends)",
        description="Wait for a training step that was already sent: poll its output model "
        "and job until the model is READY. Never sends the step.",
    )
    wait.add_argument("job", metavar="JOB", help=_JOB_HELP)
    wait.add_argument("--output-model", required=True, help=_MODEL_HELP)
    _wait_options(wait)
    _stall_option(wait)
    _connection_options(wait)

    steps = commands.add_parser(
        "steps",
        help="list the steps a ledger holds",
        description="List the steps a step ledger holds, oldest first. Reads only the ledger.",
    )
    _ledger_option(steps, "the step ledger to read")
    steps.add_argument("--job", metavar="JOB", help="only this job (a job ID or its full name)")
    _output_options(steps)

    job = commands.add_parser("job", help="create, read, list, cancel, resume or delete jobs")
    job_commands = job.add_subparsers(dest="action", required=True, metavar="ACTION")
    create = job_commands.add_parser(
        "create",
        help="create a trainer job with the ID you choose (keep-alive by default)",
        description="Create a trainer job. Not idempotent; a lost answer is checked by "
        "reading the job back before anything is sent again.",
    )
    create.add_argument("job", metavar="JOB", help=_JOB_HELP)
    create.add_argument("--base-model", required=True, help=_MODEL_HELP)
    create.add_argument(
        "--keep-alive",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="keep the trainer up between steps (default: yes)",
    )
    create.add_argument("--hot-load-deployment", metavar="DEPLOYMENT", help="deployment ID")
    create.add_argument("--display-name")
    create.add_argument(
        "--training-shape", metavar="SHAPE", help="a training shape, or one of its versions"
    )
    create.add_argument(
        "--service-mode", action="store_true", help="a service-mode trainer (not keep-alive)"
    )
    create.add_argument(
        "--inactivity-timeout", metavar="DURATION", help='e.g. "1800s" (sent as is)'
    )
    create.add_argument("--exist-ok", action="store_true", help="reuse the job if it exists")
    create.add_argument("--wait", action="store_true", help="wait until the job runs")
    _wait_options(create)
    _connection_options(create)
    for action, text in (
        ("get", "print a trainer job"),
        ("delete", "delete a trainer job"),
        ("cancel", "cancel a trainer job"),
        ("resume", "resume a stopped trainer job"),
        ("wait", "wait until a trainer job runs"),
        ("logs", "print a trainer job's public log"),
    ):
        sub = job_commands.add_parser(action, help=text, description=text.capitalize() + ".")
        sub.add_argument("job", metavar="JOB", help=_JOB_HELP)
        if action in ("delete", "cancel"):
            sub.add_argument("--yes", action="store_true", help="do not ask for confirmation")
        if action == "wait":
            _wait_options(sub)
        if action == "logs":
            sub.add_argument("--tail", type=_count, metavar="N", help="only the last N lines")
        _connection_options(sub)
    listing = job_commands.add_parser("list", help="list trainer jobs", description="List jobs.")
    listing.add_argument("--filter", help="the API's filter expression")
    _connection_options(listing)

    checkpoints = commands.add_parser("checkpoints", help="list a job's checkpoints")
    checkpoint_commands = checkpoints.add_subparsers(dest="action", required=True, metavar="ACTION")
    checkpoint_list = checkpoint_commands.add_parser(
        "list", help="list a job's checkpoints", description="List a job's checkpoints."
    )
    checkpoint_list.add_argument("job", metavar="JOB", help=_JOB_HELP)
    checkpoint_list.add_argument(
        "--promotable", action="store_true", help="only those that can be promoted"
    )
    _connection_options(checkpoint_list)
    promote = checkpoint_commands.add_parser(
        "promote",
        help="promote a checkpoint to a model you can deploy",
        description="Promote a checkpoint. Not idempotent: a lost answer is checked by reading "
        "the output model back before anything is sent again.",
    )
    promote.add_argument("checkpoint", metavar="CHECKPOINT", help="its full name")
    promote.add_argument("--output-model", required=True, help=_MODEL_HELP)
    promote.add_argument("--base-model", help="default: the job's base model")
    promote.add_argument("--wait", action="store_true", help="wait until the model is READY")
    _ledger_option(promote, "step ledger: a promotion is recorded like a step, sent at most once")
    _wait_options(promote)
    _connection_options(promote)

    shapes = commands.add_parser("shapes", help="list or resolve training shapes")
    shape_commands = shapes.add_subparsers(dest="action", required=True, metavar="ACTION")
    shape_list = shape_commands.add_parser("list", help="list the account's training shapes")
    _connection_options(shape_list)
    resolve = shape_commands.add_parser(
        "resolve", help="the latest validated version of a shape (for job create)"
    )
    resolve.add_argument("shape", metavar="SHAPE", help="shape ID or full name")
    _connection_options(resolve)

    dataset = commands.add_parser("dataset", help="upload a dataset of rollouts")
    dataset_commands = dataset.add_subparsers(dest="action", required=True, metavar="ACTION")
    upload = dataset_commands.add_parser(
        "upload",
        help="upload a JSONL file as a dataset and wait until it is READY",
        description="Upload a dataset (create, upload to a signed URL, validate, wait). "
        "Fireworks' live platform answers 501 since 2026-11-15.",
    )
    upload.add_argument("dataset", metavar="DATASET", help="dataset ID or full name")
    upload.add_argument("file", metavar="FILE", help="a JSONL file")
    _wait_options(upload)
    _connection_options(upload)

    lora = commands.add_parser("lora", help="hot-load a LoRA onto a deployment, read, unload")
    lora_commands = lora.add_subparsers(dest="action", required=True, metavar="ACTION")
    load = lora_commands.add_parser(
        "load", help="load a LoRA onto a deployment", description='Load a LoRA ("Load LoRA").'
    )
    load.add_argument("model", metavar="MODEL", help=_MODEL_HELP)
    load.add_argument("--deployment", required=True, help="deployment ID or full name")
    load.add_argument("--replace-merged-addon", action="store_true", help="swap the adapter")
    load.add_argument("--wait", action="store_true", help="wait until it is DEPLOYED")
    _ledger_option(load, "step ledger: a load is recorded, and a re-run does not load it again")
    _wait_options(load)
    _connection_options(load)
    lora_get = lora_commands.add_parser("get", help="print a deployed model")
    lora_get.add_argument("deployed_model", metavar="DEPLOYED_MODEL", help="ID or full name")
    _connection_options(lora_get)
    unload = lora_commands.add_parser(
        "unload",
        help="unload a LoRA",
        description="Unload a LoRA: a deployed model, or a model with --deployment.",
    )
    unload.add_argument("target", metavar="MODEL_OR_DEPLOYED_MODEL")
    unload.add_argument("--deployment", help="the deployment the model is loaded on")
    unload.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    _connection_options(unload)

    model = commands.add_parser("model", help="read a model")
    model_commands = model.add_subparsers(dest="action", required=True, metavar="ACTION")
    model_get = model_commands.add_parser("get", help="print a model", description="Print a model.")
    model_get.add_argument("model", metavar="MODEL", help=_MODEL_HELP)
    _connection_options(model_get)

    emulator = commands.add_parser(
        "emulator",
        help="run the offline emulator of the API (needs fireworks-rft[testing])",
        description="Serve a local, spec-validating fake of the Gateway API until Ctrl-C.",
    )
    emulator.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    emulator.add_argument("--port", type=int, default=0, help="port (default: the OS chooses)")
    emulator.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --host")
    emulator.add_argument(
        "--step-seconds",
        type=float,
        default=None,
        help="seconds from a step to its READY output model (default 1)",
    )
    emulator.add_argument(
        "--api-key", help="the only key to accept (default: any key); answers 401 to others"
    )
    emulator.add_argument(
        "--account-id",
        default="emulator",
        help="the account of bare IDs in the emulator's own calls (default emulator)",
    )
    emulator.add_argument(
        "--known-job",
        action="append",
        metavar="JOB",
        help="a job that exists (repeatable; default: every job); others get 404",
    )
    emulator.add_argument(
        "--fail-next-step",
        type=int,
        metavar="STATUS",
        help="answer the first valid request with this HTTP status instead (e.g. 503)",
    )

    commands.add_parser("version", help="print the package and spec versions")
    return parser
