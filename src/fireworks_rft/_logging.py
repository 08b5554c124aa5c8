"""Opt-in logging for users who do not configure ``logging`` themselves.

The SDK logs under the ``fireworks_rft`` logger: each attempt (method, URL, status, attempt,
request id, elapsed time) at INFO, each retry at WARNING. It never logs the API key or any
header. ``FIREWORKS_LOG=debug`` or ``FIREWORKS_LOG=info`` sets that logger's level and, when
neither it nor the root logger has a handler, adds one that writes to stderr.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping

from ._constants import LOG_ENV

_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

#: The SDK's logger; the package adds a NullHandler to it on import.
logger = logging.getLogger("fireworks_rft")


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
    level = _LEVELS.get(env.get(LOG_ENV, "").strip().lower())
    if level is None:
        return
    logger.setLevel(level)
    _add_stderr_handler(_FORMAT)


def show_warnings() -> None:
    """For the command line: print the SDK's warnings (retries) to stderr."""
    configure_from_env()
    _add_stderr_handler("fireworks-rft: %(message)s")
