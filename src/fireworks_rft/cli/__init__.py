"""The ``fireworks-rft`` command line: ``fireworks-rft --help`` lists every command.

The API key comes from ``FIREWORKS_API_KEY`` only: a flag would land in shell history. Every
flag is checked by the parser, before anything is sent. Exit status: 0 on success, 1 on an
API or connection error, a failed step or an unavailable ledger, 2 on a usage error, 124 when
a wait times out, 130 on Ctrl-C.

Modules: ``_parser`` (the parser, assembled from the resources), ``_common`` (the client, the
ledger, Ctrl-C, confirmation and the shared flags), one module per resource (``_steps``,
``_jobs``, ``_models``, ``_datasets``, ``_loras``, ``_emulator``), and ``_output`` (printing,
progress, errors with advice, exit codes).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .._exceptions import (
    APIError,
    FireworksError,
    LeaseLostError,
    LedgerUnavailableError,
    StepAlreadySentError,
    WaitFailedError,
    WaitTimeoutError,
)
from .._logging import show_warnings
from ._common import Interrupted
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
    parser = build_parser()
    words = list(sys.argv[1:] if argv is None else argv)
    unknown = _unknown_command(parser, words)
    if unknown is not None:
        parser.error(unknown)  # usage, the message, exit 2: as argparse's own errors
    args = parser.parse_args(words)
    show_warnings()
    as_json = getattr(args, "output", "text") == "json"
    try:
        status: int = args.handler(args)
        return status
    except WaitTimeoutError as exc:
        fail(exc, as_json)
        return EXIT_TIMEOUT
    except (
        APIError,
        WaitFailedError,
        StepAlreadySentError,
        LeaseLostError,
        LedgerUnavailableError,
    ) as exc:
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

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


def _unknown_command(parser: argparse.ArgumentParser, words: list[str]) -> str | None:
    """A usage error naming the closest command, for a command name the parser lacks."""
    import difflib

    commands = next(
        (a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction)), {}
    )
    given = next((w for w in words if not w.startswith("-") and w not in ("text", "json")), None)
    if given is None or given in commands:
        return None
    close = difflib.get_close_matches(given, list(commands), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else "; see fireworks-rft --help"
    return f"unknown command {given!r}{hint}"
