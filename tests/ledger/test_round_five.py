"""Reliability round five: leases die with their holder, outcomes say what is true.

Each test fails on the code before its fix. No test depends on wall-clock timing: threads
meet at events, and waits run on virtual time.
"""

from __future__ import annotations

import asyncio
import threading

import pytest

import fireworks_rft as fw
from fireworks_rft.testing import FakeGateway

from ..support.fakes import virtual_time

JOB = "accounts/acct/rlorTrainerJobs/job-1"
MODEL = "accounts/acct/models/m1"


class HeldAtTheLease:
    """A store whose ``try_lease`` stops until released: a ledger call still in its thread."""

    def __init__(self, store: fw.LedgerStore) -> None:
        self.store = store
        self.inside = threading.Event()
        self.go_on = threading.Event()

    def try_lease(self, job, output_model):
        self.inside.set()
        assert self.go_on.wait(30), "never released"
        return self.store.try_lease(job, output_model)

    def __getattr__(self, name):
        return getattr(self.store, name)


@pytest.mark.parametrize("method", ["execute_train_step", "run_step"])
def test_a_cancelled_async_call_releases_the_lease_its_thread_took(
    any_store, fake_gateway: FakeGateway, method
):
    clock, timing = virtual_time()
    fake_gateway.reset(step_seconds=4.0, clock=clock, default_account="acct")
    fake_gateway.add_job(JOB)
    held = HeldAtTheLease(any_store)

    async def go() -> None:
        async with fw.AsyncClient(
            base_url=fake_gateway.url,
            api_key=fake_gateway.api_key,
            account_id="acct",
            ledger=held,
            _timing=timing,
        ) as client:
            call = getattr(client, method)("job-1", dataset="d1", output_model="m1")
            task = asyncio.ensure_future(call)
            await asyncio.to_thread(held.inside.wait, 30)  # the lease is being taken
            task.cancel()
            await asyncio.sleep(0)
            held.go_on.set()  # the thread takes the lease after the caller was cancelled
            with pytest.raises(asyncio.CancelledError):
                await task

    asyncio.run(go())
    lease = any_store.try_lease(JOB, MODEL)  # free again: not kept until the process exits
    assert lease is not None
    lease.release()
    assert fake_gateway.steps == []  # and nothing was sent
