"""What every command shares: the client, the ledger, Ctrl-C, confirmation, the shared flags.

A command opens its client with :func:`client` (the ledger, when it has one, is opened once,
by the function the client opens one with, and closed after the command); waits take their
defaults from the client's methods (:func:`wait_options`); the connection and output flags
are one argparse parent (:data:`CONNECTION`), given to every command that talks to the API.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

import httpx

from .._checks import check_positive_int, check_seconds
from .._constants import DEFAULT_MAX_RETRIES, DEFAULT_POLL_INTERVAL, DEFAULT_TIMEOUT, LEDGER_ENV
from .._exceptions import ConfigurationError
from ._output import EXIT_OK, emit, summary

if TYPE_CHECKING:
    from .._client import Client
    from .._ledger import LedgerStore

#: A command: its parsed arguments in, its exit status out.
Handler = Callable[[argparse.Namespace], int]

JOB_HELP = "job ID, or accounts/A/rlorTrainerJobs/J"
MODEL_HELP = "model ID, or accounts/A/models/M"


class Interrupted(Exception):
    """Ctrl-C during a command, with what it means for what was sent.

    Attributes:
        step_accepted: True when the server had accepted the step before the interrupt.
    """

    def __init__(self, message: str, *, step_accepted: bool | None = None) -> None:
        super().__init__(message)
        self.step_accepted = step_accepted


class Subcommands(Protocol):
    """What ``add_subparsers()`` returns (the part the commands use)."""

    def add_parser(self, name: str, **kwargs: object) -> argparse.ArgumentParser:
        """Add one command's parser."""
        ...


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


def count(text: str) -> int:
    """An argparse type: a positive whole number, by the same rule as the Python API."""
    try:
        return check_positive_int(int(text) if text.isdigit() else text, name="the value")
    except (TypeError, ValueError):
        raise argparse.ArgumentTypeError(
            f"expected a positive whole number, got {text!r}"
        ) from None


def output_options(parser: argparse.ArgumentParser, default: str | None = None) -> None:
    """``-o text|json``, before the command name (with the default) or after it.

    After it, the default is suppressed: only a given value overrides the one before.
    """
    given = argparse.SUPPRESS if default is None else default
    parser.add_argument(
        "-o", "--output", choices=["text", "json"], default=given, help="output format"
    )
    parser.add_argument(
        "--json", dest="output", action="store_const", const="json", default=given,
        help="same as -o json",
    )  # fmt: skip


def _connection_parent() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument("--account-id", help="account of bare IDs (FIREWORKS_ACCOUNT_ID)")
    parent.add_argument("--base-url", help="API base URL (FIREWORKS_BASE_URL)")
    parent.add_argument(
        "--timeout", type=seconds, help=f"timeout in seconds (default {DEFAULT_TIMEOUT.read:g})"
    )
    parent.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="allow http:// to a non-loopback host (the key travels in clear)",
    )
    output_options(parent)
    return parent


#: The connection and output flags, defined once: a parent of every command that calls the API.
CONNECTION = _connection_parent()


def wait_options(parser: argparse.ArgumentParser, timeout: float) -> None:
    """``--wait-timeout`` (default ``timeout``: the client method's own) and ``--poll-interval``."""
    parser.add_argument(
        "--wait-timeout",
        type=seconds,
        default=None,  # None: not given (train-step refuses it where it cannot apply)
        help=f"seconds to wait (default {timeout:g})",
    )
    parser.set_defaults(wait_timeout_default=timeout)
    parser.add_argument(
        "--poll-interval",
        type=seconds,
        default=DEFAULT_POLL_INTERVAL,
        help=f"first poll interval (default {DEFAULT_POLL_INTERVAL:g})",
    )


def wait_timeout(args: argparse.Namespace) -> float:
    """``--wait-timeout``, or the default of the method the command waits with."""
    value: float = args.wait_timeout_default if args.wait_timeout is None else args.wait_timeout
    return value


def ledger_option(parser: argparse.ArgumentParser, text: str) -> None:
    """``--ledger PATH`` (or a ``postgresql://`` URL; default ``FIREWORKS_RFT_LEDGER``)."""
    parser.add_argument("--ledger", metavar="PATH", help=f"{text} ({LEDGER_ENV})")


def ledger_path(args: argparse.Namespace) -> str | None:
    """The ledger of ``--ledger`` (given empty, it turns the variable off), or the variable's."""
    if args.ledger is not None:
        return str(args.ledger) or None
    return os.environ.get(LEDGER_ENV) or None


def open_ledger(path: str, *, read_only: bool = False) -> LedgerStore:
    """The ledger ``--ledger`` names, opened as the client opens one (a usage error if not)."""
    from .._ledger_open import open_ledger as open_store

    try:
        return open_store(path, read_only=read_only)[0]
    except ConfigurationError as exc:
        if exc.setting != "ledger":
            raise  # the postgres extra is missing: its own message says what to install
        problem = f"--{exc.problem}"
        raise ConfigurationError(problem, setting="ledger_file", problem=problem) from None


@contextlib.contextmanager
def client(
    args: argparse.Namespace,
    *,
    api_key: str | None = None,
    http_client: httpx.Client | None = None,
    max_retries: int = DEFAULT_MAX_RETRIES,
    ledger: str | None = None,
) -> Iterator[Client]:
    """The command's client, and its ledger opened once (closed after the command)."""
    from .._client import Client

    store = None if ledger is None else open_ledger(ledger)
    try:
        with Client(
            ledger=store,
            api_key=api_key,
            account_id=args.account_id,
            base_url=args.base_url,
            timeout=DEFAULT_TIMEOUT if args.timeout is None else args.timeout,
            http_client=http_client,
            max_retries=max_retries,
            allow_insecure_http=args.allow_insecure_http,
        ) as opened:
            yield opened
    finally:
        if store is not None:
            store.close()


@contextlib.contextmanager
def interrupted(message: str, *, step_accepted: bool | None = None) -> Iterator[None]:
    """Turn Ctrl-C inside into :class:`Interrupted` saying ``message`` (what was sent)."""
    try:
        yield
    except KeyboardInterrupt:
        raise Interrupted(message, step_accepted=step_accepted) from None


def confirm(args: argparse.Namespace, question: str) -> None:
    """Go on only with ``--yes`` or a "y" typed at a terminal; else a usage error."""
    if getattr(args, "yes", False):
        return
    if sys.stdin.isatty():
        answer = input(f"{question} [y/N] ").strip().lower()
        if answer in ("y", "yes"):
            return
        raise ConfigurationError("not confirmed; nothing was sent", setting="yes")
    raise ConfigurationError(
        f"{question.rstrip('?')}: pass --yes to confirm (no terminal to ask on); nothing was sent",
        setting="yes",
    )


class Resource(Protocol):
    """A generated model: what the commands print."""

    def to_dict(self) -> dict[str, object]:
        """The resource as the API's JSON."""
        ...


def show(resource: Resource, args: argparse.Namespace, keys: tuple[str, ...]) -> int:
    """Print one resource: ``keys`` for a terminal, the API's JSON with ``-o json``."""
    body = resource.to_dict()
    emit(body, args.output == "json", lambda: summary(body, keys))
    return EXIT_OK


def table(items: Sequence[Resource], args: argparse.Namespace, keys: tuple[str, ...]) -> int:
    """Print resources: a header and a row each, or a JSON list with ``-o json``."""
    bodies = [item.to_dict() for item in items]

    def text() -> str:
        if not bodies:
            return "(none)"
        rows = [[key.upper() for key in keys]]
        rows += [[str(body.get(key, "-")) for key in keys] for body in bodies]
        widths = [max(len(row[i]) for row in rows) for i in range(len(keys))]
        return "\n".join(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in rows
        )

    emit(bodies, args.output == "json", text)
    return EXIT_OK
