"""Opt-in logging for users who do not configure ``logging`` themselves.

The SDK logs under the ``fireworks_rft`` logger: each attempt (method, URL, status, attempt,
request id, elapsed time) at INFO, each retry at WARNING. It never logs the API key or any
header. ``FIREWORKS_LOG=debug`` or ``FIREWORKS_LOG=info`` sets that logger's level and, when
neither it nor the root logger has a handler, adds one that writes to stderr.

Progress (one line per change of a step, a job or a LoRA load: sent, accepted, each state a
wait sees) goes to its own child logger, ``fireworks_rft.progress``, at INFO.
:func:`show_progress` (or ``FIREWORKS_LOG=progress``) prints those lines alone, without the
request lines.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import TextIO

from ._constants import LOG_ENV

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_PROGRESS_FORMAT = "%(asctime)s %(message)s"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

#: The SDK's logger; the package adds a NullHandler to it on import.
logger = logging.getLogger("fireworks_rft")
#: Progress: one INFO line per change of a step, a job or a load (see show_progress).
progress = logging.getLogger("fireworks_rft.progress")


def _has_handler(log: logging.Logger) -> bool:
    return any(not isinstance(h, logging.NullHandler) for h in log.handlers)


def _add_stderr_handler(fmt: str) -> None:
    if not _has_handler(logger) and not _has_handler(logging.getLogger()):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter(fmt))
        logger.addHandler(handler)


def configure_from_env(environ: Mapping[str, str] | None = None) -> None:
    """Apply ``FIREWORKS_LOG`` to the ``fireworks_rft`` logger (idempotent)."""
    env = os.environ if environ is None else environ
    value = env.get(LOG_ENV, "").strip().lower()
    if value == "progress":
        show_progress()
        return
    level = _LEVELS.get(value)
    if level is None:
        return
    logger.setLevel(level)
    _add_stderr_handler(_FORMAT)


def show_warnings() -> None:
    """For the command line: print the SDK's warnings (retries) to stderr."""
    configure_from_env()
    _add_stderr_handler("fireworks-rft: %(message)s")


def show_progress(stream: TextIO | None = None) -> None:
    """Print one line per change of a step, a job or a LoRA load, without the request lines.

    The lines of the ``fireworks_rft.progress`` logger (INFO) go to ``stream`` (default
    stderr) and no further up (so a root handler does not print them twice). Idempotent:
    calling it again only changes the stream. ``FIREWORKS_LOG=progress`` does the same.

    Example::

        import fireworks_rft

        fireworks_rft.show_progress()
    """
    for handler in [h for h in progress.handlers if getattr(h, _OURS, False)]:
        progress.removeHandler(handler)
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter(_PROGRESS_FORMAT, "%H:%M:%S"))
    setattr(handler, _OURS, True)
    progress.addHandler(handler)
    progress.setLevel(logging.INFO)
    progress.propagate = False


#: Marks the handler show_progress added (replaced, never doubled, by a second call).
_OURS = "_fireworks_rft_progress"
