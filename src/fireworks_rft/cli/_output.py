"""What the command line prints: results, progress, errors with advice, and exit codes."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from .._auth import MASK
from .._constants import API_KEY_ENV
from .._exceptions import APIStatusError, ConfigurationError

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
    "ledger": "pass --ledger PATH or set FIREWORKS_RFT_LEDGER",
    "ledger_file": "--ledger names a ledger file; a new path creates one",
}
#: What to check after these statuses.
STATUS_ADVICE = {
    401: f"check {API_KEY_ENV}: the key must exist and have training scope",
    403: f"check that the key in {API_KEY_ENV} may act on this account",
    404: "check the account (--account-id or FIREWORKS_ACCOUNT_ID), the ID, and --base-url",
}


def emit(value: Any, as_json: bool, text: Callable[[], str]) -> None:
    """Print a result: ``value`` as JSON, or ``text()`` for a terminal."""
    print(json.dumps(value, indent=2, sort_keys=True) if as_json else text())


def summary(body: dict[str, Any], keys: tuple[str, ...]) -> str:
    """A resource in a few lines: ``keys`` that it has, and its status message if any."""
    lines = [f"{key}: {body[key]}" for key in keys if key in body]
    status = body.get("status")
    if isinstance(status, dict) and status.get("message"):
        lines.append(f"status: {status.get('code', '-')}: {status['message']}")
    return "\n".join(lines)


def steps_table(records: list[Any]) -> str:
    """A ledger's steps as a table: state, sends, duration, kind, output model, job, last change.

    The kind is ``step``, ``promotion`` or ``lora_load`` (its job column holds the deployment).
    """
    if not records:
        return "The ledger holds no steps."
    rows = [("STATE", "SENDS", "DURATION", "KIND", "OUTPUT MODEL", "JOB", "UPDATED (UTC)")]
    for record in records:
        duration = record.duration
        rows.append(
            (
                str(record.state),
                str(record.sends),
                "-" if duration is None else f"{duration:.1f}s",
                record.kind,
                record.output_model,
                record.job,
                time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(record.updated_at)),
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


class ProgressLine:
    """``on_progress`` for a terminal: one status line, rewritten in place on a TTY.

    On a TTY the elapsed time is refreshed every second (:meth:`refresh`, from a daemon
    thread) between state changes, and :meth:`close` ends the line before anything else is
    printed. Elsewhere each state change is a line of its own.
    """

    def __init__(self, stream: Any, clock: Callable[[], float] = time.monotonic) -> None:
        self._stream = stream
        self._clock = clock
        self._tty = bool(getattr(stream, "isatty", lambda: False)())
        self._lock = threading.Lock()
        self._last: Any = None
        self._seen_at = 0.0
        self._stopped = threading.Event()
        self._ticker: threading.Thread | None = None

    def __call__(self, progress: Any) -> None:
        with self._lock:
            self._last, self._seen_at = progress, self._clock()
            self._write(progress.elapsed)
        if self._tty and self._ticker is None:
            self._ticker = threading.Thread(target=self._tick, name="progress", daemon=True)
            self._ticker.start()

    def refresh(self) -> None:
        """Rewrite the line with the time elapsed now (TTY only)."""
        with self._lock:
            if self._tty and self._last is not None and not self._stopped.is_set():
                self._write(self._last.elapsed + self._clock() - self._seen_at)

    def close(self) -> None:
        """Stop refreshing, and end the line on a TTY."""
        with self._lock:
            already = self._stopped.is_set()
            self._stopped.set()
            if self._tty and self._last is not None and not already:
                print(file=self._stream, flush=True)

    def _tick(self) -> None:
        while not self._stopped.wait(1.0):
            self.refresh()

    def _write(self, elapsed: float) -> None:
        progress = self._last
        line = (
            f"  {elapsed:6.1f}s  job {progress.job_state or '-'}  "
            f"model {progress.model_state or 'not created yet'}"
        )
        if self._tty:
            print("\r\x1b[2K" + line, end="", file=self._stream, flush=True)
        else:
            print(line, file=self._stream, flush=True)


def format_request(request: httpx.Request, *, as_json: bool = False) -> str:
    """Show a request as it goes on the wire, with the Authorization value masked."""
    headers = {
        key: (f"Bearer {MASK}" if key.lower() == "authorization" else value)
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


def fail(exc: BaseException | str, as_json: bool = False) -> None:
    """Print an error to stderr: one line, or a JSON object with ``-o json``."""
    message = cli_message(exc)
    if as_json:
        error: dict[str, Any] = {
            "error": type(exc).__name__ if not isinstance(exc, str) else "Error",
            "message": message,
        }
        for attribute in (
            "status_code",
            "request_id",
            "may_have_been_processed",
            "job_state",
            "step_accepted",
        ):
            value = getattr(exc, attribute, None)
            if value is not None:
                error[attribute] = value
        print(json.dumps(error), file=sys.stderr)
    else:
        print(f"fireworks-rft: error: {message}", file=sys.stderr)


def emit_failed_step(record: Any, as_json: bool) -> None:
    """A step the ledger holds as failed: the record on stdout, the error on stderr."""
    if as_json:
        print(json.dumps({"step": record.to_dict()}, indent=2, sort_keys=True))
    fail(
        f"the training step on {record.job} (output model {record.output_model}) failed: its "
        f"job ended before the step was READY ({record.error or 'no detail'}). It is not sent "
        "again: choose a new output model to train on this data once more",
        as_json,
    )
