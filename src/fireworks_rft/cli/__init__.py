"""The ``fireworks-rft`` command line.

    fireworks-rft train-step JOB --dataset D --output-model M [--wait [--wait-timeout S]]
                             [--ledger PATH [--reconcile-grace S]]
                             [--account-id A] [--base-url U] [--timeout S] [-o json] [--dry-run]
    fireworks-rft wait JOB --output-model M [--wait-timeout S]   (never sends a step)
    fireworks-rft steps [--ledger PATH] [--job JOB] [-o json]    (reads the ledger only)
    fireworks-rft job create JOB --base-model M [--no-keep-alive] [--hot-load-deployment D]
                             [--exist-ok] [--wait]
    fireworks-rft job get|wait|resume JOB | job list | job cancel|delete JOB [--yes]
    fireworks-rft checkpoints list JOB
    fireworks-rft lora load MODEL --deployment D [--replace-merged-addon] [--wait]
    fireworks-rft lora get DEPLOYED_MODEL | lora unload TARGET [--deployment D] [--yes]
    fireworks-rft model get MODEL                    [-o json]
    fireworks-rft emulator [--port P] [--host 127.0.0.1] [--step-seconds S] [--api-key K]
                           [--known-job J ...] [--fail-next-step STATUS]
    fireworks-rft version

The API key comes from ``FIREWORKS_API_KEY`` only: a flag would land in shell history. Every
flag is checked by the parser, before anything is sent. Exit status: 0 on success, 1 on an
API or connection error or a failed step, 2 on a usage error, 124 when a wait times out,
130 on Ctrl-C.
"""

from __future__ import annotations

from collections.abc import Sequence

from .._exceptions import (
    APIError,
    FireworksError,
    StepAlreadySentError,
    WaitFailedError,
    WaitTimeoutError,
)
from .._logging import show_warnings
from .._version import __spec_version__, __version__
from ._commands import COMMANDS, Interrupted
from ._emulator import run_emulator
from ._loop_commands import LOOP_COMMANDS
from ._output import (
    EXIT_API_ERROR,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TIMEOUT,
    EXIT_USAGE,
    cli_message,
    fail,
    format_request,
)
from ._parser import build_parser

__all__ = ["build_parser", "cli_message", "format_request", "main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = build_parser().parse_args(argv)
    show_warnings()
    if args.command == "version":
        print(f"fireworks-rft {__version__} (spec {__spec_version__})")
        return EXIT_OK
    if args.command == "emulator":
        return run_emulator(args)
    as_json = args.output == "json"
    try:
        key = (args.command, getattr(args, "action", None))
        return {**COMMANDS, **LOOP_COMMANDS}[key](args)
    except WaitTimeoutError as exc:
        fail(exc, as_json)
        return EXIT_TIMEOUT
    except (APIError, WaitFailedError, StepAlreadySentError) as exc:
        fail(exc, as_json)
        return EXIT_API_ERROR
    except (FireworksError, TypeError, ValueError) as exc:
        fail(exc, as_json)
        return EXIT_USAGE
    except Interrupted as exc:
        fail(exc, as_json)
        return EXIT_INTERRUPTED
    except KeyboardInterrupt:
        fail(Interrupted("interrupted"), as_json)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader stopped reading (`| head`): say nothing more
        import os
        import sys

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
