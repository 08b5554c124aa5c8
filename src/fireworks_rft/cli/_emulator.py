"""``fireworks-rft emulator``: serve the offline FakeGateway in the foreground until Ctrl-C."""

from __future__ import annotations

import argparse
import contextlib
from typing import Any

from ._common import Subcommands
from ._output import EXIT_OK, EXIT_USAGE, fail


def add_parsers(commands: Subcommands) -> None:
    """``emulator``: its flags."""
    emulator = commands.add_parser(
        "emulator",
        help="run the offline emulator of the API (needs fireworks-rft[testing])",
        description="Serve a local, spec-validating fake of the Gateway API until Ctrl-C.",
    )
    emulator.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
    emulator.add_argument("--port", type=int, default=0, help="port (default: the OS chooses)")
    emulator.add_argument("--allow-remote", action="store_true", help="allow a non-loopback --host")
    for flag, what in (
        ("--step-seconds", "from a step to its READY output model"),
        ("--job-start-seconds", "from a job's creation to RUNNING"),
        ("--deploy-seconds", "from a LoRA load to DEPLOYED"),
        ("--promote-seconds", "from a promotion to its READY model"),
    ):
        emulator.add_argument(flag, type=float, default=None, help=f"seconds {what} (default 1)")
    emulator.add_argument(
        "--strict",
        action="store_true",
        help="only jobs and datasets created or --known-job are there; others get 404 "
        "(default: every job and dataset a request names exists)",
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
        help="answer the next executeTrainStep with this HTTP status instead (e.g. 503); "
        "other operations are answered as usual",
    )

    emulator.set_defaults(handler=run_emulator)


def run_emulator(args: argparse.Namespace) -> int:
    """Serve a FakeGateway in the foreground until Ctrl-C."""
    import logging
    import threading

    try:
        from ..testing import FakeGateway, ScriptedResponse
    except ImportError as exc:
        fail(
            f"the emulator needs the testing extra ({exc.name} is missing): "
            "pip install 'fireworks-rft[testing]'"
        )
        return EXIT_USAGE
    options: dict[str, Any] = {}
    for name in ("step_seconds", "job_start_seconds", "deploy_seconds", "promote_seconds"):
        if getattr(args, name) is not None:
            options[name] = getattr(args, name)
    if args.strict:
        options["known_datasets"] = []
    try:
        if not args.allow_remote:
            from .._auth import is_loopback

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
            known_jobs=args.known_job or ([] if args.strict else None),
            default_account=args.account_id,
            **options,
        )
        if args.fail_next_step is not None:
            gateway.script(
                ScriptedResponse(
                    status=args.fail_next_step, operation_id="Gateway_ExecuteRlorTrainStep"
                )
            )
    except (TypeError, ValueError) as exc:
        fail(exc)
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
        fail(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}")
        return EXIT_USAGE
    try:
        print(f"FakeGateway listening on {gateway.url}", flush=True)
        export = (
            f"  export FIREWORKS_BASE_URL={gateway.url} "
            f"FIREWORKS_ACCOUNT_ID={args.account_id} FIREWORKS_API_KEY="
        )
        key_note = (
            f"{export}<the key you passed>"
            if args.api_key
            else f"{export}any-key   (any key is accepted; pass --api-key to require one)"
        )
        print(f"{key_note}\n  Press Ctrl-C to stop.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            # Wake up now and then: the OS may deliver Ctrl-C to a server thread, and Python
            # runs the handler (KeyboardInterrupt) only when the main thread runs again.
            while not stopped.wait(0.2):
                pass
    finally:
        gateway.stop()
    print(f"FakeGateway stopped after {len(gateway.steps)} step(s).", flush=True)
    return EXIT_OK
