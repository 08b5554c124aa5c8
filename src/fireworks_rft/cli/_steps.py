"""The step commands: ``train-step`` (with or without a ledger), ``wait`` and ``steps``."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from typing import TYPE_CHECKING

import httpx

from .._config import masked_url
from .._constants import (
    ACCOUNT_ID_ENV,
    API_KEY_ENV,
    DEFAULT_RECONCILE_GRACE,
    DEFAULT_WAIT_TIMEOUT,
    LEDGER_ENV,
)
from .._exceptions import ConfigurationError, FireworksError
from .._ledger import StepState
from .._ledger_summary import ledger_label
from ._common import (
    CONNECTION,
    JOB_HELP,
    MODEL_HELP,
    Subcommands,
    client,
    confirm,
    count,
    interrupted,
    ledger_option,
    ledger_path,
    open_ledger,
    output_options,
    seconds,
    wait_options,
    wait_timeout,
)
from ._output import (
    EXIT_API_ERROR,
    EXIT_OK,
    ProgressLine,
    emit,
    emit_failed_step,
    format_request,
    steps_table,
)
from ._watch import since, watch

if TYPE_CHECKING:
    from .._client import Client
    from .._ledger import StepRecord
    from .._results import CompletedStep

#: The API key a dry run shows (masked) when FIREWORKS_API_KEY is not set.
_DRY_RUN_KEY = "dry-run-key-never-sent"


def add_parsers(commands: Subcommands) -> None:
    """``train-step``, ``wait`` and ``steps``."""
    step = commands.add_parser(
        "train-step",
        parents=[CONNECTION],
        help="execute one training step of a keep-alive RFT trainer job",
        description="Execute one training step. Not idempotent: each call trains once more.",
    )
    step.add_argument("job", metavar="JOB", help=JOB_HELP)
    step.add_argument("--dataset", required=True, help="dataset ID, or accounts/A/datasets/D")
    step.add_argument("--output-model", required=True, help=MODEL_HELP)
    step.add_argument("--wait", action="store_true", help="wait until the output model is READY")
    wait_options(step, DEFAULT_WAIT_TIMEOUT)  # wait_for_step's and run_step's
    _stall_option(step)
    ledger_option(
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
    step.set_defaults(handler=train_step)

    wait = commands.add_parser(
        "wait",
        parents=[CONNECTION],
        help="wait for a step already sent, until its output model is READY (never sends)",
        description="Wait for a training step that was already sent: poll its output model "
        "and job until the model is READY. Never sends the step.",
    )
    wait.add_argument("job", metavar="JOB", help=JOB_HELP)
    wait.add_argument("--output-model", required=True, help=MODEL_HELP)
    wait_options(wait, DEFAULT_WAIT_TIMEOUT)
    _stall_option(wait)
    wait.set_defaults(handler=wait_for_step)

    steps = commands.add_parser(
        "steps",
        help="list the steps a ledger holds",
        description="List the steps a step ledger holds, oldest first. Reads only the ledger.",
    )
    ledger_option(steps, "the step ledger to read")
    steps.add_argument("--job", metavar="JOB", help="only this job (a job ID or its full name)")
    steps.add_argument(
        "--state",
        choices=[state.value for state in StepState],
        help="only steps in this state (with --watch: jobs with a step in it)",
    )
    steps.add_argument(
        "--since",
        type=since,
        metavar="WHEN",
        help="only steps changed since WHEN: an ISO time (UTC unless it says) or a duration "
        "back from now (90s, 10m, 2h, 1d)",
    )
    steps.add_argument(
        "--watch",
        action="store_true",
        help="a live view, one row per job, refreshed in place until Ctrl-C",
    )
    steps.add_argument(
        "--interval",
        type=seconds,
        default=2.0,
        help="with --watch: seconds between refreshes (default 2)",
    )
    steps.add_argument(
        "--count",
        type=count,
        help="with --watch: stop after this many refreshes (for scripts)",
    )
    output_options(steps)
    steps.set_defaults(handler=list_steps)
    actions = steps.add_subparsers(dest="action", metavar="ACTION")
    forget = actions.add_parser(
        "forget",
        help="remove a step that certainly never ran (not_sent), freeing its output model",
        description="Remove a step the ledger holds as not_sent (refused before anything "
        "ran, e.g. a mistyped job), so that its output model can name another step. A step "
        "in any other state is never removed.",
    )
    forget.add_argument("job", metavar="JOB", help=JOB_HELP)
    forget.add_argument("output_model", metavar="OUTPUT_MODEL", help=MODEL_HELP)
    ledger_option(forget, "the step ledger")
    forget.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    output_options(forget)
    forget.set_defaults(handler=forget_step)


def _stall_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--stall-timeout",
        type=seconds,
        help="seconds the job may read RUNNING with no sign of progress before the wait stops "
        "(default: off; the step stays accepted)",
    )


def _wait_command(job: str, output_model: str) -> str:
    return f"fireworks-rft wait {job} --output-model {output_model}"


def _done(done: CompletedStep) -> dict[str, object]:
    return {
        "model": done.model.to_dict(),
        "job": done.job.to_dict() if done.job is not None else None,
        "waited_seconds": round(done.elapsed, 3),
    }


def _ready(output_model: str, done: CompletedStep) -> str:
    polls = "1 poll" if done.polls == 1 else f"{done.polls} polls"
    return f"READY: {output_model} after {done.elapsed:.1f}s ({polls})"


def _wait(
    opened: Client, job: str, output_model: str, args: argparse.Namespace, *, accepted: bool
) -> CompletedStep:
    """Wait for a step (``accepted``: this command saw it accepted); Ctrl-C says how to resume."""
    progress = ProgressLine(sys.stderr)
    if accepted:
        message = (
            f"stopped waiting. The training step on {job} was accepted and goes on; nothing "
            f"was sent again. Resume the wait with: {_wait_command(job, output_model)}"
        )
    else:
        message = (
            "stopped waiting; nothing was sent. Resume the wait with: "
            f"{_wait_command(job, output_model)}"
        )
    try:
        with interrupted(message, step_accepted=True if accepted else None):
            return opened.wait_for_step(
                job,
                output_model=output_model,
                timeout=wait_timeout(args),
                poll_interval=args.poll_interval,
                on_progress=progress,
                stall_timeout=args.stall_timeout,
            )
    finally:
        progress.close()


def train_step(args: argparse.Namespace) -> int:
    """``train-step``: send one step (flags and names already checked), maybe wait."""
    ledger = ledger_path(args)
    if args.stall_timeout is not None and not args.wait:
        raise ValueError("--stall-timeout applies only with --wait: nothing was sent")
    if args.wait_timeout is not None and not args.wait and ledger is None:
        raise ValueError(
            "--wait-timeout applies only with --wait (or --ledger, where it bounds the send): "
            "nothing was sent"
        )
    if args.dry_run:
        return _dry_run(args)
    if ledger is not None:
        return _train_step_on_ledger(args, ledger)
    as_json = args.output == "json"
    with client(args) as opened:
        with interrupted(
            f"interrupted while sending. The training step on {args.job} may or may not "
            f"have run: check the job and output model {args.output_model} (fireworks-rft "
            "model get) before sending it again"
        ):
            result = opened.execute_train_step(
                args.job, dataset=args.dataset, output_model=args.output_model
            )
        if not args.wait:
            emit(
                dataclasses.asdict(result),
                as_json,
                lambda: (
                    f"Step accepted: job {result.job}, dataset {result.dataset}, "
                    f"output model {result.output_model}, request id {result.request_id or '-'}"
                ),
            )
            return EXIT_OK
        if not as_json:
            print(f"Step accepted on {result.job}; waiting for {result.output_model} ...")
        try:
            done = _wait(opened, result.job, result.output_model, args, accepted=True)
        except FireworksError as exc:
            exc.add_note(f"The step was accepted (request id {result.request_id or '-'}).")
            raise
    emit(
        {"step": dataclasses.asdict(result), **_done(done)},
        as_json,
        lambda: _ready(result.output_model, done),
    )
    return EXIT_OK


def _train_step_on_ledger(args: argparse.Namespace, ledger: str) -> int:
    """``train-step --ledger``: send at most once; a re-run resumes (run_step's rules)."""
    from .._step import Step

    as_json = args.output == "json"
    shown = masked_url(ledger)  # a postgresql:// URL's password never reaches the screen
    rerun = f"re-run the same command (with --ledger {shown}) to resume"
    with client(args, ledger=ledger) as opened:
        store = opened.ledger
        assert store is not None  # opened with one
        names = Step.checked(args.job, args.dataset, args.output_model, opened.account_id)
        before = store.get(names.job.name, names.output_model.name)
        with interrupted(
            f"interrupted while sending. The ledger {shown} knows what was sent: {rerun}; "
            "it checks the output model before anything is sent again"
        ):
            record = opened.ensure_step_sent(
                args.job,
                dataset=args.dataset,
                output_model=args.output_model,
                timeout=wait_timeout(args),
                reconcile_grace=args.reconcile_grace,
                poll_interval=args.poll_interval,
            )
        sent_now = before is None or record.sends != before.sends
        how = "accepted" if sent_now else f"not sent again (the ledger holds it as {record.state})"
        if record.state is StepState.FAILED:
            emit_failed_step(record, as_json)
            return EXIT_API_ERROR
        if not args.wait:
            emit(
                {"step": record.to_dict(), "sent_now": sent_now},
                as_json,
                lambda: (
                    f"Step {how}: job {record.job}, dataset {record.dataset}, output model "
                    f"{record.output_model} (sends {record.sends}). Wait for it with: "
                    f"{_wait_command(record.job, record.output_model)}"
                ),
            )
            return EXIT_OK
        if not as_json:
            print(f"Step {how} on {record.job}; waiting for {record.output_model} ...")
        done = _wait_on_ledger(opened, record, args, rerun)
        final = store.get(record.job, record.output_model) or record
    emit(
        {"step": final.to_dict(), **_done(done)},
        as_json,
        lambda: _ready(record.output_model, done),
    )
    return EXIT_OK


def _wait_on_ledger(
    opened: Client, record: StepRecord, args: argparse.Namespace, rerun: str
) -> CompletedStep:
    """run_step's wait for a step the ledger holds as sent (it records READY or failed)."""
    progress = ProgressLine(sys.stderr)
    try:
        with interrupted(
            f"stopped waiting. The training step on {record.job} was accepted and goes on; "
            f"nothing was sent again. Resume the wait with: "
            f"{_wait_command(record.job, record.output_model)}, or {rerun}",
            step_accepted=True,
        ):
            return opened.run_step(
                record.job,
                dataset=record.dataset,
                output_model=record.output_model,
                timeout=wait_timeout(args),
                reconcile_grace=args.reconcile_grace,
                poll_interval=args.poll_interval,
                on_progress=progress,
                stall_timeout=args.stall_timeout,
            )
    finally:
        progress.close()


def list_steps(args: argparse.Namespace) -> int:
    """``steps``: list what a ledger holds.

    It only reads: it creates nothing and changes nothing, not even the journal mode.
    """
    ledger = required_ledger(args, "steps")
    store = open_ledger(ledger, read_only=True)
    try:
        if args.watch:
            return watch(args, store, ledger_label(ledger))
        records = [
            record
            for record in store.records(args.job)
            if (args.state is None or record.state.value == args.state)
            and (args.since is None or record.updated_at >= args.since)
        ]
    finally:
        store.close()
    emit([r.to_dict() for r in records], args.output == "json", lambda: steps_table(records))
    return EXIT_OK


def wait_for_step(args: argparse.Namespace) -> int:
    """``wait``: wait for a step already sent; never sends it."""
    with client(args) as opened:
        done = _wait(opened, args.job, args.output_model, args, accepted=False)
    emit(_done(done), args.output == "json", lambda: _ready(done.model.name or "-", done))
    return EXIT_OK


def _dry_run(args: argparse.Namespace) -> int:
    """Run the real client against a transport that records the request and sends nothing."""
    import os

    sent: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={})

    api_key = None if os.environ.get(API_KEY_ENV) else _DRY_RUN_KEY
    recorder = httpx.Client(transport=httpx.MockTransport(record))
    with recorder, client(args, api_key=api_key, http_client=recorder, max_retries=0) as opened:
        opened.execute_train_step(args.job, dataset=args.dataset, output_model=args.output_model)
    (request,) = sent
    print(format_request(request, as_json=args.output == "json"))
    return EXIT_OK


def required_ledger(args: argparse.Namespace, command: str) -> str:
    """The ledger a command that only works on one names (``--ledger`` or the variable)."""
    path = ledger_path(args)
    if path is None:
        raise ConfigurationError(
            f"{command} needs a ledger: pass --ledger PATH or set {LEDGER_ENV}",
            setting="ledger",
            problem=f"{command} needs a ledger",
        )
    return path


def forget_step(args: argparse.Namespace) -> int:
    """``steps forget``: remove a ``not_sent`` step (asks first); any other is kept."""
    from .._names import MODELS, resolve, resolve_job

    path = required_ledger(args, "steps forget")
    account = os.environ.get(ACCOUNT_ID_ENV) or None
    job = resolve_job(args.job, account_id=account)
    model = resolve(
        args.output_model, collection=MODELS, account_id=job.account_id, name="OUTPUT_MODEL"
    )
    confirm(args, f"Remove step {job.name} -> {model.name} from the ledger if it never ran?")
    store = open_ledger(path)
    try:
        found = store.forget(job.name, model.name)  # type: ignore[attr-defined]
    finally:
        store.close()
    if found is None:
        raise ValueError(f"the ledger holds no step {job.name} -> {model.name}")
    if found.state is not StepState.NOT_SENT:
        raise ValueError(
            f"kept: the ledger holds {job.name} -> {model.name} as {found.state}, so it may "
            "have run; only a step that certainly never ran (not_sent) is removed"
        )
    emit(
        {"forgotten": found.to_dict()},
        args.output == "json",
        lambda: f"Removed {job.name} -> {model.name} (not_sent): its output model is free",
    )
    return EXIT_OK
