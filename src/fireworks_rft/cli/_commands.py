"""The commands that talk to the API or the ledger: train-step, wait, steps, job, model."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable
from typing import Any

import httpx

from .._constants import (
    API_KEY_ENV,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    DEFAULT_WAIT_TIMEOUT,
    LEDGER_ENV,
)
from .._exceptions import ConfigurationError, FireworksError
from .._ledger import StepState
from ._output import (
    EXIT_API_ERROR,
    EXIT_OK,
    ProgressLine,
    emit,
    emit_failed_step,
    format_request,
    steps_table,
    summary,
)

_DRY_RUN_KEY = "dry-run-key-never-sent"


class Interrupted(Exception):
    """Ctrl-C, with what it means for the step (sent or not, accepted or not).

    Attributes:
        step_accepted: True when the server had accepted the step before the interrupt.
    """

    def __init__(self, message: str, *, step_accepted: bool | None = None) -> None:
        super().__init__(message)
        self.step_accepted = step_accepted


def _client(
    args: argparse.Namespace,
    *,
    api_key: str | None = None,
    http_client: httpx.Client | None = None,
    max_retries: int = DEFAULT_MAX_RETRIES,
    ledger: str | None = None,
) -> Any:
    from .._client import Client

    if ledger is not None:
        _check_ledger(ledger).close()
    return Client(
        ledger=ledger,
        api_key=api_key,
        account_id=args.account_id,
        base_url=args.base_url,
        timeout=DEFAULT_TIMEOUT if args.timeout is None else args.timeout,
        http_client=http_client,
        max_retries=max_retries,
        allow_insecure_http=args.allow_insecure_http,
    )


def wait_timeout(args: argparse.Namespace) -> float:
    """``--wait-timeout``, or its default."""
    value: float = DEFAULT_WAIT_TIMEOUT if args.wait_timeout is None else args.wait_timeout
    return value


def _check_ledger(path: str, *, read_only: bool = False) -> Any:
    """The ledger ``--ledger`` names, opened; a path that is no ledger is a usage error."""
    import sqlite3

    from .._ledger import is_postgres_url
    from .._sqlite_ledger import SQLiteLedger

    try:
        if is_postgres_url(path):
            from .._postgres_ledger import PostgresLedger

            return PostgresLedger(path, read_only=read_only)
        return SQLiteLedger(path, read_only=read_only)
    except ConfigurationError:
        raise  # the postgres extra is missing: its own message says what to install
    except Exception as exc:  # any failure to open it: a usage error that says so
        from .._config import masked_url

        path = masked_url(path)  # never a password of a postgresql:// URL
        reason = str(exc) or type(exc).__name__
        if isinstance(exc, sqlite3.Error):
            reason = f"not a fireworks-rft ledger ({reason})"
        problem = f"--ledger {path}: {reason}"
        raise ConfigurationError(problem, setting="ledger_file", problem=problem) from None


def _wait_command(job: str, output_model: str) -> str:
    return f"fireworks-rft wait {job} --output-model {output_model}"


def _wait(
    client: Any, job: str, output_model: str, args: argparse.Namespace, *, accepted: bool = True
) -> Any:
    """Wait for a step (``accepted``: this command saw it accepted); Ctrl-C says how to resume."""
    progress = ProgressLine(sys.stderr)
    try:
        return client.wait_for_step(
            job,
            output_model=output_model,
            timeout=wait_timeout(args),
            poll_interval=args.poll_interval,
            on_progress=progress,
            stall_timeout=args.stall_timeout,
        )
    except KeyboardInterrupt:
        if not accepted:
            raise Interrupted(
                f"stopped waiting; nothing was sent. Resume the wait with: "
                f"{_wait_command(job, output_model)}"
            ) from None
        raise Interrupted(
            f"stopped waiting. The training step on {job} was accepted and goes on; nothing "
            f"was sent again. Resume the wait with: {_wait_command(job, output_model)}",
            step_accepted=True,
        ) from None
    finally:
        progress.close()


def _done(done: Any) -> dict[str, Any]:
    return {
        "model": done.model.to_dict(),
        "job": done.job.to_dict() if done.job is not None else None,
        "waited_seconds": round(done.elapsed, 3),
    }


def _ledger_path(args: argparse.Namespace) -> str | None:
    import os

    if args.ledger is not None:  # given, even empty: --ledger "" turns the variable off
        return args.ledger or None
    return os.environ.get(LEDGER_ENV) or None


def train_step(args: argparse.Namespace) -> int:
    """``train-step``: send one step (flags and names already checked), maybe wait."""
    ledger = _ledger_path(args)
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
    with _client(args) as client:
        try:
            result = client.execute_train_step(
                args.job, dataset=args.dataset, output_model=args.output_model
            )
        except KeyboardInterrupt:
            raise Interrupted(
                f"interrupted while sending. The training step on {args.job} may or may not "
                f"have run: check the job and output model {args.output_model} (fireworks-rft "
                "model get) before sending it again"
            ) from None
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
            done = _wait(client, result.job, result.output_model, args)
        except FireworksError as exc:
            exc.add_note(f"The step was accepted (request id {result.request_id or '-'}).")
            raise
    emit(
        {"step": dataclasses.asdict(result), **_done(done)},
        as_json,
        lambda: f"READY: {result.output_model} after {done.elapsed:.1f}s ({done.polls} polls)",
    )
    return EXIT_OK


def _train_step_on_ledger(args: argparse.Namespace, ledger: str) -> int:
    """``train-step --ledger``: send at most once; a re-run resumes (run_step's rules)."""
    from .._runs import Step

    as_json = args.output == "json"
    rerun = f"re-run the same command (with --ledger {ledger}) to resume"
    with _client(args, ledger=ledger) as client:
        names = Step.checked(args.job, args.dataset, args.output_model, client.account_id)
        before = client.ledger.get(names.job.name, names.output_model.name)
        try:
            record = client.ensure_step_sent(
                args.job,
                dataset=args.dataset,
                output_model=args.output_model,
                timeout=wait_timeout(args),
                reconcile_grace=args.reconcile_grace,
                poll_interval=args.poll_interval,
            )
        except KeyboardInterrupt:
            raise Interrupted(
                f"interrupted while sending. The ledger {ledger} knows what was sent: {rerun}; "
                "it checks the output model before anything is sent again"
            ) from None
        sent_now = before is None or record.sends != before.sends
        how = "accepted" if sent_now else f"already {record.state} in the ledger: not sent again"
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
        done = _wait_on_ledger(client, record, args, rerun)
        final = client.ledger.get(record.job, record.output_model)
    emit(
        {"step": final.to_dict(), **_done(done)},
        as_json,
        lambda: f"READY: {record.output_model} after {done.elapsed:.1f}s ({done.polls} polls)",
    )
    return EXIT_OK


def _wait_on_ledger(client: Any, record: Any, args: argparse.Namespace, rerun: str) -> Any:
    """run_step's wait for a step the ledger holds as sent (it records READY or failed)."""
    progress = ProgressLine(sys.stderr)
    try:
        return client.run_step(
            record.job,
            dataset=record.dataset,
            output_model=record.output_model,
            timeout=wait_timeout(args),
            reconcile_grace=args.reconcile_grace,
            poll_interval=args.poll_interval,
            on_progress=progress,
            stall_timeout=args.stall_timeout,
        )
    except KeyboardInterrupt:
        raise Interrupted(
            f"stopped waiting. The training step on {record.job} was accepted and goes on; "
            f"nothing was sent again. Resume the wait with: "
            f"{_wait_command(record.job, record.output_model)}, or {rerun}",
            step_accepted=True,
        ) from None
    finally:
        progress.close()


def steps(args: argparse.Namespace) -> int:
    """``steps``: list what a ledger holds.

    It only reads: it creates nothing and changes nothing, not even the journal mode.
    """
    path = _ledger_path(args)
    if path is None:
        raise ConfigurationError(
            f"steps needs a ledger: pass --ledger PATH or set {LEDGER_ENV}",
            setting="ledger",
            problem="steps needs a ledger",
        )
    store = _check_ledger(path, read_only=True)
    try:
        records = store.records(args.job)
    finally:
        store.close()
    emit([r.to_dict() for r in records], args.output == "json", lambda: steps_table(records))
    return EXIT_OK


def wait(args: argparse.Namespace) -> int:
    """``wait``: wait for a step already sent; never sends it."""
    as_json = args.output == "json"
    with _client(args) as client:
        done = _wait(client, args.job, args.output_model, args, accepted=False)
    emit(
        _done(done),
        as_json,
        lambda: f"READY: {done.model.name} after {done.elapsed:.1f}s ({done.polls} polls)",
    )
    return EXIT_OK


def job_get(args: argparse.Namespace) -> int:
    """``job get``."""
    with _client(args) as client:
        return _show(client.get_job(args.job).to_dict(), args, ("name", "state", "keepAlive"))


def job_delete(args: argparse.Namespace) -> int:
    """``job delete`` (asks first); a retry that finds the job gone reports it done."""
    from ._loop_commands import confirm

    confirm(args, f"Delete trainer job {args.job}?")
    with _client(args) as client:
        result = client.delete_job(args.job)
    emit(
        {"deleted": result.name, "already_gone": result.already_gone},
        args.output == "json",
        lambda: (
            f"Deleted {result.name}"
            + (
                " (a retry found it gone: the first attempt deleted it)"
                if result.already_gone
                else ""
            )
        ),
    )
    return EXIT_OK


def model_get(args: argparse.Namespace) -> int:
    """``model get``."""
    with _client(args) as client:
        return _show(client.get_model(args.model).to_dict(), args, ("name", "state", "kind"))


def _show(body: dict[str, Any], args: argparse.Namespace, keys: tuple[str, ...]) -> int:
    emit(body, args.output == "json", lambda: summary(body, keys))
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
    with recorder, _client(args, api_key=api_key, http_client=recorder, max_retries=0) as client:
        client.execute_train_step(args.job, dataset=args.dataset, output_model=args.output_model)
    (request,) = sent
    print(format_request(request, as_json=args.output == "json"))
    return EXIT_OK


COMMANDS: dict[tuple[str, str | None], Callable[[argparse.Namespace], int]] = {
    ("train-step", None): train_step,
    ("wait", None): wait,
    ("steps", None): steps,
    ("job", "get"): job_get,
    ("job", "delete"): job_delete,
    ("model", "get"): model_get,
}
