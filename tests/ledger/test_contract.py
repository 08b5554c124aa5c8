"""One contract for every ledger store, run against SQLite and a real PostgreSQL server:
what each write records, leases that are exclusive and die with their holder, fencing
tokens that stop a holder who lost its lease, and the transitions a step may make."""

from __future__ import annotations

import collections
import threading

import pytest

import fireworks_rft as fw
from fireworks_rft import LedgerStore, PostgresLedger, StepState
from fireworks_rft._ledger import check_transition

from .test_store import send

JOB = "accounts/a/rlorTrainerJobs/j"
MODEL = "accounts/a/models/m"
DATASET = "accounts/a/datasets/d"


def sending(store, model: str = MODEL, now: float = 1.0):
    return send(store, JOB, model, DATASET, now)


def test_a_step_goes_through_its_states(any_store):
    store = any_store
    assert isinstance(store, LedgerStore)
    assert store.get(JOB, MODEL) is None
    first = sending(store)
    assert first.state is StepState.SENDING and first.sends == 1 and first.dataset == DATASET
    accepted = store.update(
        JOB, MODEL, StepState.ACCEPTED, expected=StepState.SENDING, now=2.0, request_id="r1"
    )
    assert accepted.request_id == "r1" and accepted.accepted_at is not None
    ready = store.update(JOB, MODEL, StepState.READY, expected=StepState.ACCEPTED, now=3.0)
    assert ready.state is StepState.READY and ready.duration is not None
    again = store.update(  # a second wait that read ACCEPTED: stale, so nothing is written
        JOB, MODEL, StepState.READY, expected=StepState.ACCEPTED, now=9.0
    )
    assert again == ready and again.finished_at == ready.finished_at  # a finish is recorded once
    assert store.get(JOB, MODEL) == again
    assert [r.output_model for r in store.records("j")] == [MODEL]  # a bare job ID
    assert store.records(output_model=MODEL) == [again]
    assert store.records("other") == []


def test_records_can_be_only_the_newest_still_oldest_first(any_store):
    models = [f"{MODEL}-{n}" for n in range(5)]
    for n, model in enumerate(models):
        sending(any_store, model, now=float(n))
    newest = [r.output_model for r in any_store.records("j", newest=2)]
    assert newest == models[-2:]
    assert [r.output_model for r in any_store.records(JOB, newest=99)] == models
    assert any_store.records(output_model=models[0], newest=1)[0].output_model == models[0]
    with pytest.raises(ValueError, match="newest"):
        any_store.records(JOB, newest=0)


def test_a_resend_counts_and_an_unknown_step_cannot_be_updated(any_store):
    store = any_store
    sending(store)
    store.update(
        JOB,
        MODEL,
        StepState.NOT_SENT,
        expected=StepState.SENDING,
        now=2.0,
        error="BadRequestError: no",
    )
    again = sending(store, now=3.0)
    assert again.sends == 2 and again.error is None
    with pytest.raises(KeyError, match="no step"):
        store.update(JOB, MODEL + "-x", StepState.READY, expected=StepState.SENDING, now=1.0)


def test_a_lease_is_exclusive_and_each_holder_gets_a_newer_token(any_store):
    store = any_store
    first = store.try_lease(JOB, MODEL)
    assert first is not None
    assert store.try_lease(JOB, MODEL) is None
    found: list[object] = []
    worker = threading.Thread(target=lambda: found.append(store.try_lease(JOB, MODEL)))
    worker.start()
    worker.join()
    assert found == [None]  # another thread is refused too
    first.release()
    second = store.try_lease(JOB, MODEL)
    assert second is not None and second.token > first.token
    second.release()


def test_a_holder_that_lost_its_lease_can_record_nothing(any_store):
    """Fencing: the old holder's writes are refused once another holder took the step."""
    store = any_store
    old = store.try_lease(JOB, MODEL)
    store.begin_send(JOB, MODEL, DATASET, expected=None, now=1.0, lease=old)
    old.release()  # as if its connection dropped, or its process died
    new = store.try_lease(JOB, MODEL)
    store.update(
        JOB, MODEL, StepState.UNKNOWN, expected=StepState.SENDING, now=2.0, lease=new, error="died"
    )
    with pytest.raises(fw.LeaseLostError, match="lost the lease"):
        store.update(JOB, MODEL, StepState.ACCEPTED, expected=StepState.SENDING, now=3.0, lease=old)
    with pytest.raises(fw.LeaseLostError):
        store.begin_send(JOB, MODEL, DATASET, expected=StepState.SENDING, now=3.0, lease=old)
    assert store.get(JOB, MODEL).state is StepState.UNKNOWN  # the new holder's record stands
    new.release()


def test_the_transitions_are_checked_once_for_every_store(any_store):
    store = any_store
    record = sending(store)
    check_transition(None, StepState.SENDING)
    check_transition(record, StepState.ACCEPTED)
    check_transition(record, StepState.READY)  # a wait saw its output model READY: it ran
    with pytest.raises(ValueError, match="cannot become"):
        check_transition(record, StepState.SENDING)  # only a lease holder resends, from a state
    with pytest.raises(ValueError, match="cannot become"):
        check_transition(None, StepState.ACCEPTED)


# -- PostgreSQL: many hosts, the database's clock, leases that die with their connection ----


def test_two_hosts_on_one_database_see_one_ledger(postgres_url):
    host_a, host_b = PostgresLedger(postgres_url), PostgresLedger(postgres_url)
    lease = host_a.try_lease(JOB, MODEL)
    assert lease is not None and host_b.try_lease(JOB, MODEL) is None
    host_a.begin_send(JOB, MODEL, DATASET, expected=None, now=1.0, lease=lease)
    assert host_b.get(JOB, MODEL).state is StepState.SENDING
    lease.release()
    taken = host_b.try_lease(JOB, MODEL)
    assert taken is not None
    taken.release()
    host_a.close()
    host_b.close()


def test_times_come_from_the_database_not_the_hosts_clock(postgres_url):
    import psycopg

    store = PostgresLedger(postgres_url)
    with psycopg.connect(postgres_url) as db:
        before = db.execute("SELECT extract(epoch from clock_timestamp())").fetchone()[0]
    record = sending(store, now=12.0)  # a host whose clock is far off
    store.update(JOB, MODEL, StepState.ACCEPTED, expected=StepState.SENDING, now=-5.0)
    with psycopg.connect(postgres_url) as db:
        after = db.execute("SELECT extract(epoch from clock_timestamp())").fetchone()[0]
    accepted = store.get(JOB, MODEL)
    assert float(before) <= record.created_at <= accepted.accepted_at <= float(after)
    store.close()


def test_a_lease_dies_with_its_connection_and_its_holder_is_fenced(postgres_url):
    """A vanished holder (its connection ended: pg_terminate_backend) frees the lock; the
    next holder's token fences the old one out."""
    import psycopg

    host_a, host_b = PostgresLedger(postgres_url), PostgresLedger(postgres_url)
    old = host_a.try_lease(JOB, MODEL)
    host_a.begin_send(JOB, MODEL, DATASET, expected=None, now=1.0, lease=old)
    with psycopg.connect(postgres_url, autocommit=True) as admin:
        pids = admin.execute(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
        ).fetchall()
        assert len(pids) == 1
        # With a timeout, pg_terminate_backend returns once the backend (and its lock) is gone.
        assert admin.execute("SELECT pg_terminate_backend(%s, 5000)", (pids[0][0],)).fetchone()[0]
    new = host_b.try_lease(JOB, MODEL)
    assert new is not None and new.token > old.token
    with pytest.raises(fw.LeaseLostError):
        host_a.update(
            JOB, MODEL, StepState.ACCEPTED, expected=StepState.SENDING, now=2.0, lease=old
        )
    with pytest.raises(fw.LeaseLostError, match="connection is gone"):
        host_a.begin_send(JOB, MODEL, DATASET, expected=StepState.SENDING, now=2.0, lease=old)
    new.release()
    host_a.close()
    host_b.close()


def test_a_cut_connection_is_replaced_and_a_refusing_database_is_a_clear_error(
    postgres_admin_url, postgres_url
):
    import psycopg

    store = PostgresLedger(postgres_url)
    sending(store)
    name = postgres_url.rsplit("/", 1)[1]

    def cut(allow: bool) -> None:
        with psycopg.connect(postgres_admin_url, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(allow).lower()}')
            admin.execute(
                "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )

    cut(allow=True)  # an idle connection cut: the next read and write take a new one
    assert store.get(JOB, MODEL).state is StepState.SENDING
    cut(allow=True)
    accepted = store.update(JOB, MODEL, StepState.ACCEPTED, expected=StepState.SENDING, now=2.0)
    assert accepted.state is StepState.ACCEPTED
    cut(allow=False)  # the database refuses: a clear error, for reads, writes and leases
    for call in (
        lambda: store.get(JOB, MODEL),
        lambda: store.update(JOB, MODEL, StepState.READY, expected=StepState.ACCEPTED, now=3.0),
        lambda: store.try_lease(JOB, MODEL),
    ):
        with pytest.raises(fw.LedgerUnavailableError, match="ledger is unavailable"):
            call()
    cut(allow=True)
    assert store.get(JOB, MODEL).state is StepState.ACCEPTED  # back: it goes on
    store.close()


def _sent(store: PostgresLedger, call) -> collections.Counter[str]:
    """The protocol messages the client sent on the store's connection during ``call``.

    From psycopg's protocol trace. Deterministic, unlike the answers' place in the trace (in
    pipeline mode psycopg reads an answer that has arrived while it still sends): each
    statement is one ``Execute`` (or a ``Query``, a statement without parameters outside
    pipeline mode), and each point at which the client asks for every answer so far is one
    ``Sync`` or ``Query`` (one per statement outside pipeline mode).
    """
    import os
    import tempfile

    connection = store._connection  # the store's one connection for reads and writes
    descriptor, path = tempfile.mkstemp()
    connection.pgconn.trace(descriptor)
    try:
        call()
    finally:
        connection.pgconn.untrace()
        os.close(descriptor)
    sent: collections.Counter[str] = collections.Counter()
    with open(path) as trace:
        for line in trace:
            fields = line.rstrip("\n").split("\t")
            if "F" in fields and len(fields) > fields.index("F") + 2:
                sent[fields[fields.index("F") + 2].split(" ")[0]] += 1
    os.remove(path)
    return sent


def test_a_postgres_write_is_one_pipeline(postgres_url):
    """Each write is one transaction sent as one pipeline (one sync point): BEGIN, the lease's
    token and the rows it decides from go out together, the write with its COMMIT (two round
    trips; three for a finish, which reads its times back before it writes its duration).
    Before, each statement was a round trip of its own: a send was 8, with a ping."""
    store = PostgresLedger(postgres_url)
    lease = store.try_lease(JOB, MODEL)
    assert lease is not None
    begin = lambda: store.begin_send(JOB, MODEL, DATASET, expected=None, now=1.0, lease=lease)  # noqa: E731
    sent = _sent(store, begin)  # BEGIN, token, output-model lock, row, its output model's rows,
    assert (sent["Execute"], sent["Sync"]) == (7, 1)  # the insert, COMMIT
    accepted = lambda: store.update(  # noqa: E731
        JOB, MODEL, StepState.ACCEPTED, expected=StepState.SENDING, now=2.0, lease=lease
    )
    sent = _sent(store, accepted)  # BEGIN, token, row, the update, COMMIT
    assert (sent["Execute"], sent["Sync"]) == (5, 1)
    lease.release()
    ready = lambda: store.update(JOB, MODEL, StepState.READY, expected=StepState.ACCEPTED, now=3.0)  # noqa: E731
    sent = _sent(store, ready)  # BEGIN, row, the update, its duration, COMMIT
    assert (sent["Execute"], sent["Sync"]) == (5, 1)
    assert store.get(JOB, MODEL).state is StepState.READY
    store.close()


def test_without_pipeline_mode_a_write_sends_the_same_statements_one_at_a_time(
    postgres_url, monkeypatch
):
    """A libpq older than 14 has no pipeline mode: the same transaction, one round trip (one
    ``Sync``) per statement (BEGIN, the token, the lock, the rows, the write, COMMIT), the
    same rows."""
    import psycopg

    monkeypatch.setattr(psycopg.Pipeline, "is_supported", classmethod(lambda cls: False))
    store = PostgresLedger(postgres_url)
    lease = store.try_lease(JOB, MODEL)
    assert lease is not None
    begin = lambda: store.begin_send(JOB, MODEL, DATASET, expected=None, now=1.0, lease=lease)  # noqa: E731
    sent = _sent(store, begin)  # BEGIN and COMMIT as simple queries, the others extended
    assert sent["Sync"] + sent["Query"] == 7 and sent["Execute"] + sent["Query"] == 7
    accepted = store.update(
        JOB, MODEL, StepState.ACCEPTED, expected=StepState.SENDING, now=2.0, lease=lease
    )
    assert accepted.state is StepState.ACCEPTED and accepted.sends == 1
    lease.release()
    with pytest.raises(ValueError, match="cannot become"):  # refused in its transaction
        store.update(JOB, MODEL, StepState.NOT_SENT, expected=StepState.ACCEPTED, now=3.0)
    ready = store.update(JOB, MODEL, StepState.READY, expected=StepState.ACCEPTED, now=3.0)
    assert ready.state is StepState.READY and store.get(JOB, MODEL) == ready
    store.close()


def test_a_newer_schema_is_refused_and_read_only_creates_nothing(postgres_url):
    import psycopg

    with pytest.raises(ValueError, match="no fireworks-rft ledger"):
        PostgresLedger(postgres_url, read_only=True)
    PostgresLedger(postgres_url).close()  # creates the schema
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute("UPDATE fireworks_rft_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(RuntimeError, match="version 99"):
        PostgresLedger(postgres_url)


def test_a_client_takes_a_postgresql_url(postgres_url, fake_gateway):
    from ..support.fakes import virtual_time

    clock, timing = virtual_time()
    fake_gateway.reset(step_seconds=4.0, clock=clock, default_account="acct")
    fake_gateway.add_job("job-1")
    with fw.Client(
        base_url=fake_gateway.url,
        api_key="k",
        account_id="acct",
        ledger=postgres_url,
        _timing=timing,
    ) as client:
        assert isinstance(client.ledger, PostgresLedger)
        done = client.run_step("job-1", dataset="d", output_model="m")
        assert done.model.state == "READY"
    again = PostgresLedger(postgres_url)
    (record,) = again.records()
    assert record.state is StepState.READY and record.sends == 1
    again.close()


def test_a_lora_loaded_on_one_host_is_not_loaded_again_on_another(postgres_url, fake_gateway):
    from ..support.fakes import virtual_time

    clock, timing = virtual_time()
    fake_gateway.reset(clock=clock, default_account="acct")
    options = {"base_url": fake_gateway.url, "api_key": "k", "account_id": "acct"}
    names = []
    for _host in ("a", "b"):  # a driver, then its replacement elsewhere: one shared database
        with fw.Client(**options, ledger=postgres_url, _timing=timing) as client:
            names.append(client.load_lora("m", deployment="dep").name)
    assert names[0] == names[1]
    loads = [r for r in fake_gateway.requests if r.operation_id == "Gateway_CreateDeployedModel"]
    assert len(loads) == 1
    store = PostgresLedger(postgres_url)
    (record,) = store.records()
    assert (record.kind, record.state) == ("lora_load", StepState.ACCEPTED)
    store.close()


def test_without_psycopg_the_client_names_the_extra(monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed
    with pytest.raises(fw.ConfigurationError, match=r"fireworks-rft\[postgres\]"):
        fw.Client(api_key="k", ledger="postgresql://user@127.0.0.1:1/db")


async def test_an_async_client_keeps_the_event_loop_free_while_the_ledger_writes(
    fake_gateway, tmp_path
):
    """The ledger's write waits for a ticker task: were it made on the event loop, the ticker
    could never run and the write would give up; made in a worker thread, both go on."""
    import asyncio

    from fireworks_rft import SQLiteLedger

    from ..support.fakes import virtual_time

    ticked = threading.Event()

    class SlowStore(SQLiteLedger):
        def begin_send(self, *args, **kwargs):
            assert ticked.wait(timeout=30), "the event loop was blocked while the ledger wrote"
            return super().begin_send(*args, **kwargs)

    async def ticker() -> None:
        while not ticked.is_set():
            ticked.set()  # runs only if the loop is free
            await asyncio.sleep(0)

    clock, timing = virtual_time()
    fake_gateway.reset(step_seconds=0, clock=clock, default_account="acct")
    fake_gateway.add_job("job-1")
    store = SlowStore(tmp_path / "steps.db")
    async with fw.AsyncClient(
        base_url=fake_gateway.url, api_key="k", account_id="acct", ledger=store, _timing=timing
    ) as client:
        ticking = asyncio.ensure_future(asyncio.sleep(0))  # let the loop start once
        await ticking
        step = asyncio.ensure_future(
            client.execute_train_step("job-1", dataset="d", output_model="m")
        )
        await asyncio.gather(step, ticker())
        assert step.result().output_model == "accounts/acct/models/m"
    store.close()
