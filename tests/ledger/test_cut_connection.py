"""Chaos: the ledger's database connections are cut (``pg_terminate_backend``) mid-loop.

A seeded plan picks ledger calls of a training loop on a PostgreSQL ledger; just before
each, every connection the loop holds to the database is terminated by the server (its
lease connections too, so their advisory locks go). The loop must either go on safely or
stop with a clear error (``LeaseLostError``, ``LedgerUnavailableError``); restarted, it
must never send a step twice. The cuts are placed by call count, not by time: each
``pg_terminate_backend`` waits until the connection is gone.
"""

from __future__ import annotations

import collections
import random
from typing import Any

import psycopg

import fireworks_rft as fw
from fireworks_rft import PostgresLedger, StepState
from fireworks_rft.testing import FakeGateway

SEED = 20261207
STEPS = 6
JOB = "accounts/acct/rlorTrainerJobs/job-1"
STOPS = (fw.LeaseLostError, fw.LedgerUnavailableError)


class CuttingLedger:
    """A :class:`PostgresLedger` whose connections are all cut before chosen calls.

    ``cuts``: the numbers of the calls (counted over every restart) to cut before;
    ``cut_after_lease``: the numbers of the ``try_lease`` calls to cut right after, while
    the lease is held and nothing was sent yet.
    """

    def __init__(
        self,
        url: str,
        counter: collections.Counter[str],
        cuts: set[int],
        cut_after_lease: set[int],
    ) -> None:
        self._store = PostgresLedger(url)
        self._url = url
        self._counter = counter
        self._cuts = cuts
        self._cut_after_lease = cut_after_lease

    def _cut(self) -> None:
        with psycopg.connect(self._url, autocommit=True) as admin:
            ended = admin.execute(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) "
                "FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()"
            ).fetchone()
        self._counter["cut connections"] += ended[0] if ended else 0

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        self._counter["calls"] += 1
        if self._counter["calls"] in self._cuts:
            self._cut()
        result = getattr(self._store, name)(*args, **kwargs)
        if name == "try_lease":
            self._counter["leases"] += 1
            if self._counter["leases"] in self._cut_after_lease:
                self._cut()
        return result

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("get", *args, **kwargs)

    def begin_send(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("begin_send", *args, **kwargs)

    def update(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("update", *args, **kwargs)

    def records(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("records", *args, **kwargs)

    def try_lease(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("try_lease", *args, **kwargs)

    def changed_jobs(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("changed_jobs", *args, **kwargs)

    def summaries(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("summaries", *args, **kwargs)

    def record_upload(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("record_upload", *args, **kwargs)

    def close(self) -> None:
        self._store.close()


def run_loop(gw: FakeGateway, store: CuttingLedger) -> list[str]:
    with fw.Client(
        base_url=gw.url, api_key=gw.api_key, account_id="acct", ledger=store, timeout=30.0
    ) as client:
        return [
            client.run_step(
                "job-1",
                dataset=f"d{i}",
                output_model=f"m{i}",
                timeout=60.0,
                reconcile_grace=0.2,  # the emulator creates the model as it executes the step
                poll_interval=0.02,
            ).model.name
            for i in range(STEPS)
        ]


def test_cut_connections_stop_the_loop_or_let_it_go_on_and_never_send_a_step_twice(
    postgres_url: str,
):
    rng = random.Random(SEED)
    cuts = set(rng.sample(range(1, 90), 20))
    cut_after_lease = set(rng.sample(range(1, STEPS + 1), 2))
    counter: collections.Counter[str] = collections.Counter()
    stops: collections.Counter[str] = collections.Counter()
    with FakeGateway(step_seconds=0, default_account="acct") as gw:
        gw.add_job(JOB)
        for _restart in range(len(cuts) + len(cut_after_lease) + 1):
            store = CuttingLedger(postgres_url, counter, cuts, cut_after_lease)
            try:
                ready = run_loop(gw, store)
            except STOPS as exc:  # a clear stop; anything else fails the test
                assert "ledger" in str(exc) or "lease" in str(exc)
                stops[type(exc).__name__] += 1
                continue
            finally:
                store.close()
            break
        else:
            raise AssertionError(f"the loop never finished: {stops}")
        executed = collections.Counter(step.output_model for step in gw.steps)
        posts = sum(1 for r in gw.requests if r.operation_id == "Gateway_ExecuteRlorTrainStep")

    models = [f"accounts/acct/models/m{i}" for i in range(STEPS)]
    assert counter["cut connections"] >= len(cuts) // 2, counter  # the cuts really happened
    assert stops["LeaseLostError"] >= len(cut_after_lease), stops  # a lost lease stops it
    assert ready == models
    assert executed == dict.fromkeys(models, 1)  # never twice, whatever was cut
    store_ = PostgresLedger(postgres_url)
    try:
        rows = store_.records(JOB)
    finally:
        store_.close()
    assert {r.state for r in rows} == {StepState.READY}
    assert sum(r.sends for r in rows) >= posts  # a send is recorded before it leaves
