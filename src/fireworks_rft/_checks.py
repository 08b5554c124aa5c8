"""The argument checks every module shares: one rule each, one message each.

A bad argument raises ``TypeError`` (wrong type) or ``ValueError`` (wrong value) naming it,
before anything is sent. ``bool`` is never taken for an int or a number of seconds.
"""

from __future__ import annotations

import math

from ._constants import MAX_SECONDS


def check_seconds(value: object, *, name: str) -> float:
    """Return ``value`` as seconds: a positive number no larger than MAX_SECONDS."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number of seconds, got {type(value).__name__}")
    try:
        seconds = float(value)
    except OverflowError:
        seconds = math.inf
    if not (math.isfinite(seconds) and 0 < seconds <= MAX_SECONDS):
        shown = f"{value!r}" if len(repr(value)) < 40 else f"{seconds:g}"
        raise ValueError(
            f"{name} must be a positive number of seconds up to {MAX_SECONDS:g}, got {shown}"
        )
    return seconds


def check_bool(value: object, *, name: str) -> bool:
    """Return ``value`` if it is a bool (not merely truthy)."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, got {type(value).__name__}")
    return value


def check_positive_int(value: object, *, name: str) -> int:
    """Return ``value`` if it is an int (not a bool) of at least 1; the one such check."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, got {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be a positive int (>= 1), got {value!r}")
    return value


def check_str(value: object, *, name: str) -> str:
    """Return ``value`` if it is a string with more than white space; the one such check.

    An empty or blank string is refused everywhere (names, IDs, filters, display names,
    durations): it names nothing, so leave the argument out (None) instead.
    """
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    if not value.strip():
        shown = value if len(value) <= 80 else value[:80] + "..."
        raise ValueError(f"{name} must be a non-empty string, got {shown!r}")
    return value
