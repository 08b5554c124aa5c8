"""A sweep you can watch: per-job summaries from the database, a live view that reads little."""

from __future__ import annotations

import json

import pytest

import fireworks_rft as fw
from fireworks_rft import StepState
from fireworks_rft._ledger import Finish, JobCounts
from fireworks_rft._ledger_summary import STALL_FACTOR, _job_summary
from fireworks_rft.cli import _watch, main

JOB_A = "accounts/a/rlorTrainerJobs/ja"
JOB_B = "accounts/a/rlorTrainerJobs/jb"
LOADS = "accounts/a/deployments/dep"


def model(name: str) -> str:
    return f"accounts/a/models/{name}"


def send(store, job, name, *, accept=True, now=100.0, keep_lease=False):
    lease = store.try_lease(job, model(name))
    store.begin_send(job, model(name), "accounts/a/datasets/d", expected=None, now=now, lease=lease)
    if accept:
        store.update(
            job, model(name), StepState.ACCEPTED, expected=StepState.SENDING, now=now, lease=lease
        )
    if keep_lease:
        return lease
    lease.release()
    return None


def finish(store, job, name, state=StepState.READY, *, seconds=10.0):
    store.update(
        job,
        model(name),
        state,
        expected=StepState.ACCEPTED,
        now=200.0,
        finish=Finish(server_started_at=1000.0, server_finished_at=1000.0 + seconds)
        if state is StepState.READY
        else None,
        error=None if state is StepState.READY else "job failed",
    )


def test_the_database_sums_up_each_job(any_store):
    store = any_store
    for name in ("a1", "a2"):
        send(store, JOB_A, name)
        finish(store, JOB_A, name, seconds=10.0 if name == "a1" else 20.0)
    send(store, JOB_A, "a3")  # in flight
    send(store, JOB_B, "b1")
    finish(store, JOB_B, "b1", StepState.FAILED)
    lease = store.try_lease(JOB_B, model("b2"))
    store.begin_send(JOB_B, model("b2"), "d", expected=None, now=100.0, lease=lease)
    store.update(
        JOB_B, model("b2"), StepState.UNKNOWN, expected=StepState.SENDING, now=100.0, lease=lease
    )
    lease.release()
    send(store, LOADS, "a1")  # a LoRA load: its own row, its own kind

    sweep = fw.summarize(store)
    by_job = {(job.job, job.kind): job for job in sweep.jobs}
    a = by_job[(JOB_A, "step")]
    assert (a.recorded, a.ready, a.in_flight, a.failed, a.unknown) == (3, 2, 1, 0, 0)
    assert a.typical_duration == pytest.approx(15.0)  # the server's durations, averaged
    assert a.in_flight_model == model("a3") and a.in_flight_age is not None
    assert a.last_owner and ":" in a.last_owner
    b = by_job[(JOB_B, "step")]
    assert (b.recorded, b.ready, b.failed, b.unknown, b.in_flight) == (2, 0, 1, 1, 1)
    assert set(b.flags) == {"failed", "unknown"}
    assert by_job[(LOADS, "lora_load")].in_flight == 1
    assert (sweep.recorded, sweep.ready, sweep.in_flight) == (6, 2, 3)
    # (SQLite records the times given here, long ago: its steps in flight read as stalled.)
    assert sweep.progress_line().startswith("2/6 READY, 3 in flight, ")
    assert "flagged (failed," in sweep.progress_line()
    # Filters: one job (a bare ID, in any account), jobs with a row in a state.
    assert [j.job for j in fw.summarize(store, job="jb").jobs] == [JOB_B]
    assert {j.job for j in fw.summarize(store, state="unknown").jobs} == {JOB_B}
    with pytest.raises(ValueError):
        fw.summarize(store, state="no-such-state")


def counts(**changes) -> JobCounts:
    values = dict(
        job=JOB_A,
        kind="step",
        recorded=3,
        sending=0,
        accepted=1,
        not_sent=0,
        unknown=0,
        ready=2,
        failed=0,
        oldest_in_flight_at=1000.0,
        in_flight_model=model("a3"),
        sending_model=None,
        typical_duration=10.0,
        durations=2,
        last_finished_at=990.0,
        last_change_at=1000.0,
        last_owner="h:1",
        last_seq=7,
    )
    values.update(changes)
    return JobCounts(**values)


@pytest.mark.parametrize(
    ("age", "stalled"),
    [(STALL_FACTOR * 10.0 - 0.1, False), (STALL_FACTOR * 10.0 + 0.1, True)],
)
def test_a_step_in_flight_far_longer_than_its_jobs_typical_step_is_stalled(age, stalled):
    summary = _job_summary(counts(), 1000.0 + age, None)
    assert summary.in_flight_age == pytest.approx(age)
    assert ("stalled" in summary.flags) is stalled
    # No typical duration yet: nothing to compare with, never stalled.
    assert _job_summary(counts(typical_duration=None), 1e9, None).flags == ()


def test_on_postgres_a_step_being_sent_without_a_live_sender_is_orphaned(postgres_url):
    store = fw.PostgresLedger(postgres_url)
    lease = send(store, JOB_A, "a1", accept=False, keep_lease=True)  # its sender is sending
    (job,) = fw.summarize(store).jobs
    assert job.flags == ()
    lease.release()  # as if its driver died while sending: the lock is gone
    (job,) = fw.summarize(store).jobs
    assert job.flags == ("orphaned",)
    store.close()


class CountingStore:
    """A store that records which jobs each summaries() call asked for."""

    def __init__(self, store):
        self.store = store
        self.asked: list[object] = []

    def summaries(self, jobs=None, *, since=None):
        self.asked.append(None if jobs is None else sorted(jobs))
        return self.store.summaries(jobs, since=since)

    def __getattr__(self, name):
        return getattr(self.store, name)


def test_a_refresh_reads_only_the_jobs_that_changed_and_misses_none(any_store):
    store = CountingStore(any_store)
    send(any_store, JOB_A, "a1")
    send(any_store, JOB_B, "b1")
    watch = fw.SweepWatch(store)
    first = watch.refresh()
    assert store.asked == [None] and first.in_flight == 2
    assert watch.refresh().in_flight == 2 and store.asked == [None]  # nothing changed
    finish(any_store, JOB_A, "a1")
    second = watch.refresh()
    assert store.asked[-1] == [JOB_A]  # only the job that changed
    assert {(j.job, j.ready) for j in second.jobs} == {(JOB_A, 1), (JOB_B, 0)}
    # A removal leaves no row, but the ledger keeps its job's change: that job is read again.
    lease = any_store.try_lease(JOB_B, model("b2"))
    any_store.begin_send(JOB_B, model("b2"), "d", expected=None, now=1.0, lease=lease)
    any_store.update(
        JOB_B, model("b2"), StepState.NOT_SENT, expected=StepState.SENDING, now=1.0, lease=lease
    )
    lease.release()
    assert watch.refresh().recorded == 3
    any_store.forget(JOB_B, model("b2"))
    assert watch.refresh().recorded == 2 and store.asked[-1] == [JOB_B]
    watch.close()


# -- the command ------------------------------------------------------------------------------


def test_steps_watch_prints_one_json_object_per_refresh_and_sees_each_change(
    tmp_path, monkeypatch, capsys
):
    path = tmp_path / "steps.db"
    store = fw.SQLiteLedger(path)
    send(store, JOB_A, "a1")
    changes = iter([lambda: finish(store, JOB_A, "a1"), lambda: send(store, JOB_B, "b1")])
    monkeypatch.setattr(_watch, "sleep", lambda seconds: next(changes)())
    assert main(["steps", "--ledger", str(path), "--watch", "--count", "3", "-o", "json"]) == 0
    frames = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(f["ready"], f["in_flight"], f["recorded"]) for f in frames] == [
        (0, 1, 1),
        (1, 0, 1),
        (1, 1, 2),
    ]
    assert frames[0]["jobs"][0]["in_flight_model"] == model("a1")
    store.close()


def test_steps_watch_stops_cleanly_on_ctrl_c_and_draws_a_table(tmp_path, monkeypatch, capsys):
    path = tmp_path / "steps.db"
    store = fw.SQLiteLedger(path)
    send(store, JOB_A, "a1")
    store.close()

    def interrupt(seconds):
        raise KeyboardInterrupt

    monkeypatch.setattr(_watch, "sleep", interrupt)
    assert main(["steps", "--ledger", str(path), "--watch", "--interval", "0.5"]) == 0
    out = capsys.readouterr().out
    assert "0/1 READY, 1 in flight" in out
    header, row = out.splitlines()[1:3]
    assert header.split()[:4] == ["JOB", "KIND", "READY", "IN"]
    assert row.split()[:4] == ["ja", "step", "0/1", "a1"]


@pytest.mark.parametrize(
    ("given", "expected"),
    [("2026-12-07T10:00:00", 1796637600.0), ("2026-12-07T10:00:00+01:00", 1796634000.0)],
)
def test_since_takes_an_iso_time_utc_unless_it_says(given, expected):
    assert _watch.since(given) == expected


def test_since_takes_a_duration_back_from_now(monkeypatch):
    monkeypatch.setattr(_watch.time, "time", lambda: 10_000.0)
    assert _watch.since("10m") == 9_400.0 and _watch.since("2h") == 2_800.0


def test_steps_filters_by_state_and_since(tmp_path, capsys):
    path = tmp_path / "steps.db"
    store = fw.SQLiteLedger(path)
    send(store, JOB_A, "a1", now=100.0)
    send(store, JOB_A, "a2", now=5_000.0)
    finish(store, JOB_A, "a2")  # now=200.0: changed at 200
    store.close()
    assert main(["steps", "--ledger", str(path), "--state", "ready", "-o", "json"]) == 0
    assert [r["output_model"] for r in json.loads(capsys.readouterr().out)] == [model("a2")]
    since = "1970-01-01T00:02:30"  # 150 s
    assert main(["steps", "--ledger", str(path), "--since", since, "-o", "json"]) == 0
    assert [r["output_model"] for r in json.loads(capsys.readouterr().out)] == [model("a2")]
    with pytest.raises(SystemExit) as exited:
        main(["steps", "--ledger", str(path), "--since", "yesterday"])
    assert exited.value.code == 2
    assert "expected an ISO time or a duration" in capsys.readouterr().err
