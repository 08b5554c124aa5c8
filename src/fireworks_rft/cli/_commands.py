"""The commands that talk to the API: train-step, wait, job get/delete, model get."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable
from typing import Any

import httpx

from .._constants import API_KEY_ENV, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from .._exceptions import FireworksError
from ._output import EXIT_OK, ProgressLine, emit, format_request, summary

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
) -> Any:
    from .._client import Client

    return Client(
        api_key=api_key,
        account_id=args.account_id,
        base_url=args.base_url,
        timeout=DEFAULT_TIMEOUT if args.timeout is None else args.timeout,
        http_client=http_client,
        max_retries=max_retries,
        allow_insecure_http=args.allow_insecure_http,
    )


def _wait_command(job: str, output_model: str) -> str:
    return f"fireworks-rft wait {job} --output-model {output_model}"


def _wait(client: Any, job: str, output_model: str, args: argparse.Namespace) -> Any:
    """Wait for a step that was accepted; Ctrl-C says how to resume."""
    progress = ProgressLine(sys.stderr)
    try:
        return client.wait_for_step(
            job,
            output_model=output_model,
            timeout=args.wait_timeout,
            poll_interval=args.poll_interval,
            on_progress=progress,
        )
    except KeyboardInterrupt:
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


def train_step(args: argparse.Namespace) -> int:
    """``train-step``: send one step (flags and names already checked), maybe wait."""
    if args.dry_run:
        return _dry_run(args)
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


def wait(args: argparse.Namespace) -> int:
    """``wait``: wait for a step already sent; never sends it."""
    as_json = args.output == "json"
    with _client(args) as client:
        done = _wait(client, args.job, args.output_model, args)
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
    """``job delete``; a retry that finds the job gone reports the delete done."""
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
    ("job", "get"): job_get,
    ("job", "delete"): job_delete,
    ("model", "get"): model_get,
}
