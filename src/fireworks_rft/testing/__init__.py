"""Offline testing tools: ``FakeGateway``, a local spec-validating emulator of the API.

Needs the ``testing`` extra: ``pip install fireworks-rft[testing]``. The pytest plugin in
:mod:`fireworks_rft.testing.pytest_plugin` is registered automatically and gives the
``fake_gateway``, ``fake_gateway_client`` and ``fake_gateway_async_client`` fixtures.
"""

from ._emulator import (
    DEFAULT_FAKE_KEY,
    ExecutedStep,
    FakeGateway,
    ReceivedRequest,
    ScriptedResponse,
)

__all__ = [
    "DEFAULT_FAKE_KEY",
    "ExecutedStep",
    "FakeGateway",
    "ReceivedRequest",
    "ScriptedResponse",
]
