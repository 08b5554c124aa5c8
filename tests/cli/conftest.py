"""Fixtures of the command-line tests."""

from __future__ import annotations

import pytest

from ..support.fakes import virtual_time


@pytest.fixture
def emulated(monkeypatch, fake_gateway):
    """The session emulator on virtual time; the CLI's client sleeps by advancing it."""
    import fireworks_rft._client

    clock, timing = virtual_time()
    fake_gateway.reset(step_seconds=4.0, clock=clock, default_account="acct")

    class VirtualTimeClient(fireworks_rft.Client):
        def __init__(self, **options):
            super().__init__(_timing=timing, **options)

    monkeypatch.setattr(fireworks_rft._client, "Client", VirtualTimeClient)
    monkeypatch.setenv("FIREWORKS_API_KEY", "k")
    monkeypatch.setenv("FIREWORKS_ACCOUNT_ID", "acct")
    monkeypatch.setenv("FIREWORKS_BASE_URL", fake_gateway.url)
    fake_gateway.add_job("job-1")
    return fake_gateway
