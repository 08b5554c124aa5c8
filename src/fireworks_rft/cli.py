"""The ``fireworks-rft`` command line.

    fireworks-rft train-step JOB --dataset D --output-model M [--wait [--wait-timeout S]]
                             [--account-id A] [--base-url U] [--timeout S] [-o json] [--dry-run]
    fireworks-rft job get JOB | job delete JOB       [-o json]
    fireworks-rft model get MODEL                    [-o json]
    fireworks-rft emulator [--port P] [--host 127.0.0.1] [--step-seconds S] [--api-key K]
                           [--known-job J ...] [--fail-next-step STATUS]
    fireworks-rft version

The API key comes from ``FIREWORKS_API_KEY`` only: a flag would land in shell history.
Exit status: 0 on success, 1 on an API or connection error or a failed step, 2 on a usage
error, 124 when ``--wait`` times out, 130 on Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

import httpx

from ._config import API_KEY_ENV, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, DEFAULT_WAIT_TIMEOUT
from ._exceptions import (
    APIError,
    APIStatusError,
    ConfigurationError,
    FireworksError,
    StepFailedError,
    StepTimeoutError,
)
from ._logging import show_warnings
from ._secrets import Secret
from ._version import __spec_version__, __version__

EXIT_OK = 0
EXIT_API_ERROR = 1
EXIT_USAGE = 2
EXIT_TIMEOUT = 124
EXIT_INTERRUPTED = 130

#: What to do about a missing or bad setting, in a terminal's words.
CLI_ADVICE = {
    "api_key": f"set the {API_KEY_ENV} environment variable",
    "account_id": "pass --account-id ACCOUNT, set FIREWORKS_ACCOUNT_ID, or give the full name",
    "base_url": "check --base-url or FIREWORKS_BASE_URL",
    "allow_insecure_http": "use https://, or pass --allow-insecure-http if you really mean it",
}
#: What to check after these statuses.
STATUS_ADVICE = {
    401: f"check {API_KEY_ENV}: the key must exist and have training scope",
    403: f"check that the key in {API_KEY_ENV} may act on this account",
    404: "check the account (--account-id or FIREWORKS_ACCOUNT_ID), the ID, and --base-url",
}
_DRY_RUN_KEY = "dry-run-key-never-sent"


def _output_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        choices=["text", "json"],
        default="text",
        help="output format (default text)",
    )
    parser.add_argument(
        "--json", dest="output", action="store_const", const="json", help="same as -o json"
    )


def _connection_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--account-id", help="account of bare IDs (FIREWORKS_ACCOUNT_ID)")
    parser.add_argument("--base-url", help="API base URL (FIREWORKS_BASE_URL)")
    parser.add_argument("--timeout", type=_seconds, help="timeout in seconds (default 60)")
    parser.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="allow http:// to a non-loopback host (the key travels in clear)",
    )
    _output_options(parser)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``fireworks-rft``."""
    parser = argparse.ArgumentParser(
        prog="fireworks-rft",
        description="Fireworks AI keep-alive reinforcement fine-tuning from the command line. "
        f"The API key is read from {API_KEY_ENV}.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    step = commands.add_parser(
        "train-step",
        help="execute one training step of a keep-alive RFT trainer job",
        description="Execute one training step. Not idempotent: each call trains once more.",
    )
    step.add_argument("job", metavar="JOB", help="job ID, or accounts/A/rlorTrainerJobs/J")
    step.add_argument("--dataset", required=True, help="dataset ID, or accounts/A/datasets/D")
    step.add_argument("--output-model", required=True, help="model ID, or accounts/A/models/M")
    step.add_argument("--wait", action="store_true", help="wait until the output model is READY")
    step.add_argument(
        "--wait-timeout",
        type=_seconds,
        default=DEFAULT_WAIT_TIMEOUT,
        help=f"seconds to wait (default {DEFAULT_WAIT_TIMEOUT:g})",
    )
    step.add_argument(
        "--poll-interval", type=_seconds, default=1.0, help="first poll interval (default 1)"
    )
    step.add_argument(
        "--dry-run",
        action="store_true",
        help="print the exact HTTP request, API key masked, and send nothing (no key needed)",
    )
    _connection_options(step)

    job = commands.add_parser("job", help="read or delete a trainer job")
    job_commands = job.add_subparsers(dest="action", required=True, metavar="ACTION")
    for action, text in (("get", "print a trainer job"), ("delete", "delete a trainer job")):
        sub = job_commands.add_parser(action, help=text, description=text.capitalize() + ".")
        sub.add_argument("job", metavar="JOB", help="job ID, or accounts/A/rlorTrainerJobs/J")
        _connection_options(sub)

    model = commands.add_parser("model", help="read a model")
    model_commands = model.add_subparsers(dest="action", required=True, metavar="ACTION")
    model_get = model_commands.add_parser("get", help="print a model", description="Print a model.")
    model_get.add_argument("model", metavar="MODEL", help="model ID, or accounts/A/models/M")
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


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, got {text!r}")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    show_warnings()
    if args.command == "version":
        print(f"fireworks-rft {__version__} (spec {__spec_version__})")
        return EXIT_OK
    if args.command == "emulator":
        return _emulator(args)
    as_json = args.output == "json"
    try:
        return _COMMANDS[(args.command, getattr(args, "action", None))](args)
    except StepTimeoutError as exc:
        _fail(exc, as_json)
        return EXIT_TIMEOUT
    except (APIError, StepFailedError) as exc:
        _fail(exc, as_json)
        return EXIT_API_ERROR
    except (FireworksError, TypeError, ValueError) as exc:
        _fail(exc, as_json)
        return EXIT_USAGE
    except KeyboardInterrupt:
        text = "interrupted"
        if args.command == "train-step" and not args.dry_run:
            text += (
                f". The training step on {args.job} may or may not have run: check the job and "
                f"output model {args.output_model} before sending it again"
            )
        _fail(text, as_json)
        return EXIT_INTERRUPTED


def _client(
    args: argparse.Namespace,
    *,
    api_key: str | None = None,
    http_client: httpx.Client | None = None,
    max_retries: int = DEFAULT_MAX_RETRIES,
) -> Any:
    from ._client import Client

    return Client(
        api_key=api_key,
        account_id=args.account_id,
        base_url=args.base_url,
        timeout=DEFAULT_TIMEOUT if args.timeout is None else args.timeout,
        http_client=http_client,
        max_retries=max_retries,
        allow_insecure_http=args.allow_insecure_http,
    )


def _print(value: Any, as_json: bool, text: Callable[[], str]) -> None:
    print(json.dumps(value, indent=2, sort_keys=True) if as_json else text())


def _train_step(args: argparse.Namespace) -> int:
    if args.dry_run:
        return _dry_run(args)
    as_json = args.output == "json"
    with _client(args) as client:
        result = client.execute_train_step(
            args.job, dataset=args.dataset, output_model=args.output_model
        )
        if not args.wait:
            _print(
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
        done = client.wait_for_step(
            result,
            timeout=args.wait_timeout,
            poll_interval=args.poll_interval,
            on_progress=_ProgressLine(sys.stderr),
        )
    _print(
        {
            "step": dataclasses.asdict(result),
            "model": done.model.to_dict(),
            "job": done.job.to_dict(),
            "waited_seconds": round(done.elapsed, 3),
        },
        as_json,
        lambda: f"READY: {result.output_model} after {done.elapsed:.1f}s ({done.polls} polls)",
    )
    return EXIT_OK


class _ProgressLine:
    """``on_progress`` for a terminal: one status line, rewritten in place on a TTY."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream
        self._tty = bool(getattr(stream, "isatty", lambda: False)())

    def __call__(self, progress: Any) -> None:
        line = (
            f"  {progress.elapsed:6.1f}s  job {progress.job_state or '-'}  "
            f"model {progress.model_state or 'not created yet'}"
        )
        end = "" if self._tty else "\n"
        prefix = "\r\x1b[2K" if self._tty else ""
        print(prefix + line, end=end, file=self._stream, flush=True)


def _job_get(args: argparse.Namespace) -> int:
    with _client(args) as client:
        return _show(client.get_job(args.job).to_dict(), args, ("name", "state", "keepAlive"))


def _job_delete(args: argparse.Namespace) -> int:
    with _client(args) as client:
        client.delete_job(args.job)
    _print({"deleted": args.job}, args.output == "json", lambda: f"Deleted {args.job}")
    return EXIT_OK


def _model_get(args: argparse.Namespace) -> int:
    with _client(args) as client:
        return _show(client.get_model(args.model).to_dict(), args, ("name", "state", "kind"))


def _show(body: dict[str, Any], args: argparse.Namespace, keys: tuple[str, ...]) -> int:
    """Print a resource: raw JSON with ``-o json``, else a short summary of ``keys``."""
    _print(body, args.output == "json", lambda: _summary(body, keys))
    return EXIT_OK


def _summary(body: dict[str, Any], keys: tuple[str, ...]) -> str:
    lines = [f"{key}: {body[key]}" for key in keys if key in body]
    status = body.get("status")
    if isinstance(status, dict) and status.get("message"):
        lines.append(f"status: {status.get('code', '-')}: {status['message']}")
    return "\n".join(lines)


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


_COMMANDS: dict[tuple[str, str | None], Callable[[argparse.Namespace], int]] = {
    ("train-step", None): _train_step,
    ("job", "get"): _job_get,
    ("job", "delete"): _job_delete,
    ("model", "get"): _model_get,
}


def _emulator(args: argparse.Namespace) -> int:
    """Serve a FakeGateway in the foreground until Ctrl-C."""
    import logging
    import threading

    try:
        from .testing import FakeGateway, ScriptedResponse
    except ImportError as exc:
        _fail(
            f"the emulator needs the testing extra ({exc.name} is missing): "
            "pip install 'fireworks-rft[testing]'"
        )
        return EXIT_USAGE
    options: dict[str, Any] = {}
    if args.step_seconds is not None:
        options["step_seconds"] = args.step_seconds
    try:
        if not args.allow_remote:
            from ._config import is_loopback

            if not is_loopback(args.host):
                raise ValueError(
                    f"--host {args.host} is not a loopback address; the emulator listens on "
                    "loopback only unless you pass --allow-remote"
                )
        gateway = FakeGateway(
            host=args.host,
            port=args.port,
            allow_remote=args.allow_remote,
            api_key=args.api_key,
            known_jobs=args.known_job,
            **options,
        )
        if args.fail_next_step is not None:
            gateway.script(ScriptedResponse(status=args.fail_next_step))
    except (TypeError, ValueError) as exc:
        _fail(exc)
        return EXIT_USAGE
    log = logging.getLogger("fireworks_rft.emulator")
    log.setLevel(logging.INFO)
    log.propagate = False  # one line per request, whatever the root logger does
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("emulator: %(message)s"))
    log.addHandler(handler)
    stopped = threading.Event()
    try:
        gateway.start()
    except OSError as exc:
        _fail(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
        return EXIT_USAGE
    try:
        print(f"FakeGateway listening on {gateway.url}", flush=True)
        key_note = (
            f"  export FIREWORKS_BASE_URL={gateway.url} FIREWORKS_API_KEY=<the key you passed>"
            if args.api_key
            else f"  export FIREWORKS_BASE_URL={gateway.url} FIREWORKS_API_KEY=any-key"
            "   (any key is accepted; pass --api-key to require one)"
        )
        print(f"{key_note}\n  Press Ctrl-C to stop.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            stopped.wait()
    finally:
        gateway.stop()
    print(f"FakeGateway stopped after {len(gateway.steps)} step(s).", flush=True)
    return EXIT_OK


def format_request(request: httpx.Request, *, as_json: bool = False) -> str:
    """Show a request as it goes on the wire, with the Authorization value masked."""
    headers = {
        key: (f"Bearer {Secret('')}" if key.lower() == "authorization" else value)
        for key, value in request.headers.items()
    }
    body = request.content.decode("utf-8", errors="replace")
    if as_json:
        return json.dumps(
            {
                "method": request.method,
                "url": str(request.url),
                "headers": headers,
                "body": json.loads(body) if body else None,
            },
            indent=2,
        )
    lines = [f"{request.method} {request.url}"]
    lines += [f"{key}: {value}" for key, value in headers.items()]
    return "\n".join([*lines, "", body])


def cli_message(exc: BaseException | str) -> str:
    """One line for a terminal: the error, its notes, and advice in flags and variables."""
    if isinstance(exc, ConfigurationError) and exc.setting in CLI_ADVICE:
        text = f"{exc.problem} ({CLI_ADVICE[exc.setting]})"
    else:
        text = str(exc)
    notes = " ".join(getattr(exc, "__notes__", ()))
    if isinstance(exc, APIStatusError) and exc.status_code in STATUS_ADVICE:
        notes = f"{notes} Hint: {STATUS_ADVICE[exc.status_code]}."
    return " ".join(f"{text} {notes}".split())


def _fail(exc: BaseException | str, as_json: bool = False) -> None:
    message = cli_message(exc)
    if as_json:
        error: dict[str, Any] = {
            "error": type(exc).__name__ if not isinstance(exc, str) else "Error",
            "message": message,
        }
        for attribute in ("status_code", "request_id", "may_have_been_processed", "job_state"):
            value = getattr(exc, attribute, None)
            if value is not None:
                error[attribute] = value
        print(json.dumps(error), file=sys.stderr)
    else:
        print(f"fireworks-rft: error: {message}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
