"""Offline testing tools: ``FakeGateway``, a local spec-validating emulator of the API.

``FakeGateway`` needs the ``testing`` extra: ``pip install 'fireworks-rft[testing]'``. The
pytest plugin in :mod:`fireworks_rft.testing.pytest_plugin` is registered automatically and
gives the ``fake_gateway``, ``fake_gateway_client`` and ``fake_gateway_async_client``
fixtures. Importing this package (or the plugin) loads nothing of the extra: the names below
load on first use, so a core install never breaks a pytest run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._emulator import DEFAULT_FAKE_KEY, DEFAULT_STEP_SECONDS, FakeGateway
    from ._records import ExecutedStep, ManualClock, ReceivedRequest, ScriptedResponse

__all__ = [
    "DEFAULT_FAKE_KEY",
    "DEFAULT_STEP_SECONDS",
    "ExecutedStep",
    "FakeGateway",
    "ManualClock",
    "ReceivedRequest",
    "ScriptedResponse",
]

#: The extra's packages, as pip names them, for the message when one is missing.
_EXTRA_HINT = "the emulator needs the testing extra: pip install 'fireworks-rft[testing]'"


def __getattr__(name: str) -> object:
    """Load the emulator's names on first use (PEP 562), naming the extra if it is missing."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        from . import _emulator, _records
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(f"{_EXTRA_HINT} ({exc.name} is missing)", name=exc.name) from exc
    value = getattr(_records if hasattr(_records, name) else _emulator, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
