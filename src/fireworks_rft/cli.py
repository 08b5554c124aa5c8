"""The ``fireworks-rft`` command line.

    fireworks-rft train-step JOB --dataset D --output-model M [--account-id A] [--base-url U]
                             [--timeout S] [--json] [--dry-run]
    fireworks-rft emulator [--port P] [--host 127.0.0.1]
    fireworks-rft version

The API key comes from ``FIREWORKS_API_KEY`` only: a flag would land in shell history.
Exit status: 0 on success, 1 on an API or connection error, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Sequence

import attrs
import httpx

from ._client import Client
from ._config import API_KEY_ENV, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._exceptions import APIError, FireworksError
from ._logging import show_warnings
from ._secrets import Secret
from ._version import __spec_version__, __version__

EXIT_OK = 0
EXIT_API_ERROR = 1
EXIT_USAGE = 2


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
    step.add_argument("--dataset", required=True, help="dataset to train on")
    step.add_argument("--output-model", required=True, help="model to materialize")
    step.add_argument("--account-id", help="account of a bare job ID (FIREWORKS_ACCOUNT_ID)")
    step.add_argument("--base-url", help="API base URL (FIREWORKS_BASE_URL)")
    step.add_argument("--timeout", type=_seconds, help="timeout in seconds (default 60)")
    step.add_argument("--json", action="store_true", help="print the result as JSON")
    step.add_argument(
        "--dry-run",
        action="store_true",
        help="print the exact HTTP request, API key masked, and send nothing",
    )

    emulator = commands.add_parser(
        "emulator",
        help="run the offline emulator of the API (needs fireworks-rft[testing])",
        description="Serve a local, spec-validating fake of the Gateway API until Ctrl-C.",
    )
    emulator.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    emulator.add_argument("--port", type=int, default=0, help="port (default: the OS chooses)")
    emulator.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --host")

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
    try:
        if args.dry_run:
            return _dry_run(args)
        return _train_step(args)
    except APIError as exc:
        _fail(exc)
        return EXIT_API_ERROR
    except (FireworksError, TypeError, ValueError) as exc:
        _fail(exc)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("fireworks-rft: interrupted", file=sys.stderr)
        return 130


def _client(
    args: argparse.Namespace,
    *,
    http_client: httpx.Client | None = None,
    max_retries: int = DEFAULT_MAX_RETRIES,
) -> Client:
    return Client(
        account_id=args.account_id,
        base_url=args.base_url,
        timeout=DEFAULT_TIMEOUT if args.timeout is None else args.timeout,
        http_client=http_client,
        max_retries=max_retries,
    )


def _train_step(args: argparse.Namespace) -> int:
    with _client(args) as client:
        result = client.execute_train_step(
            args.job, dataset=args.dataset, output_model=args.output_model
        )
    if args.json:
        print(json.dumps(attrs.asdict(result), indent=2))
    else:
        print(
            f"Step accepted: job {result.job}, dataset {result.dataset}, "
            f"output model {result.output_model}, request id {result.request_id or '-'}"
        )
    return EXIT_OK


def _dry_run(args: argparse.Namespace) -> int:
    """Run the real client against a transport that records the request and sends nothing."""
    sent: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={})

    recorder = httpx.Client(transport=httpx.MockTransport(record))
    with recorder, _client(args, http_client=recorder, max_retries=0) as client:
        client.execute_train_step(args.job, dataset=args.dataset, output_model=args.output_model)
    (request,) = sent
    print(format_request(request, as_json=args.json))
    return EXIT_OK


def _emulator(args: argparse.Namespace) -> int:
    """Serve a FakeGateway in the foreground until Ctrl-C."""
    import logging
    import threading

    try:
        from .testing import FakeGateway
    except ImportError as exc:
        _fail(
            f"the emulator needs the testing extra ({exc.name} is missing): "
            "pip install 'fireworks-rft[testing]'"
        )
        return EXIT_USAGE
    try:
        gateway = FakeGateway(host=args.host, port=args.port, allow_remote=args.allow_remote)
    except (TypeError, ValueError) as exc:
        _fail(exc)
        return EXIT_USAGE
    log = logging.getLogger("fireworks_rft.emulator")
    log.setLevel(logging.INFO)
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("emulator: %(message)s"))
    log.addHandler(handler)
    stopped = threading.Event()
    with gateway:
        print(f"FakeGateway listening on {gateway.url}", flush=True)
        print(
            f"  export FIREWORKS_BASE_URL={gateway.url} FIREWORKS_API_KEY={gateway.api_key}\n"
            "  Press Ctrl-C to stop.",
            flush=True,
        )
        with contextlib.suppress(KeyboardInterrupt):
            stopped.wait()
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


def _fail(exc: BaseException | str) -> None:
    notes = " ".join(getattr(exc, "__notes__", ()))
    message = " ".join(f"{exc} {notes}".split())
    print(f"fireworks-rft: error: {message}", file=sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
