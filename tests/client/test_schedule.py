"""The poll schedule and the read budget: pure decisions on a fake clock.

Targets (lag, reads) are measured in ``benchmarks/bench_polling.py``; these tests check the
decisions: the first step polls as before, later ones read less than the old schedule on
average (and at most about twice as much when a step runs late), and many waits share one
ceiling of reads a second.
"""

from __future__ import annotations

import itertools
import random

import pytest

import fireworks_rft as fw
from fireworks_rft._budget import ReadBudget
from fireworks_rft._schedule import (
    MAX_SPARSE_GAP,
    PollSchedule,
    StepHistory,
    backoff_delay,
    baseline_polls_by,
    baseline_time_of,
    predicted_window,
)
from fireworks_rft.testing import ScriptedResponse

from ..support.fakes import virtual_time
from ..support.runner import drive, new_client


def poll_times(schedule: PollSchedule, until: float, jitter: float = 0.0) -> list[float]:
    """When a wait with ``schedule`` polls, seconds into the wait, up to ``until``."""
    times, now, polls = [], 0.0, 0
    while now <= until:
        polls += 1
        times.append(now)
        now += schedule.next_delay(now, polls, jitter)
    return times


def test_without_history_the_schedule_is_the_old_backoff_with_jitter():
    schedule = PollSchedule(interval=1.0)
    assert [schedule.next_delay(0.0, n, 0.0) for n in (1, 2, 3)] == [1.0, 1.5, 2.25]
    assert schedule.next_delay(0.0, 50, 0.0) == 30.0
    assert schedule.next_delay(0.0, 1, 1.0) == 0.75  # jitter shaves up to a quarter off
    # Today's schedule with its jitter averaged: each delay an eighth shorter.
    assert baseline_time_of(4, 1.0) == pytest.approx(0.875 * 4.75)
    assert baseline_time_of(1, 1.0) == 0.0
    assert baseline_polls_by(0.875 * 4.75, 1.0) == 4 and baseline_polls_by(4.0, 1.0) == 3
    assert schedule.first_delay() == 0.0  # nothing to predict from: the first poll is at once


@pytest.mark.parametrize("durations", [[60.0], [58.0, 63.0], [600.0] * 5, [30.0, 31.0, 29.5]])
def test_the_window_covers_the_durations_seen(durations):
    lo, hi = predicted_window(durations)
    assert lo < min(durations) and hi > max(durations)
    assert predicted_window([]) is None


def test_with_history_it_polls_sparsely_then_densely_around_the_predicted_finish():
    schedule = PollSchedule(interval=1.0, durations=[600.0, 610.0, 590.0])
    times = poll_times(schedule, 700.0)
    lo, hi = schedule.window
    before = [t for t in times if t < lo]
    inside = [t for t in times if lo <= t <= hi]
    gaps_before = [b - a for a, b in itertools.pairwise(before)]
    gaps_inside = [b - a for a, b in itertools.pairwise(inside)]
    assert max(gaps_before) <= MAX_SPARSE_GAP and min(gaps_before) >= 30.0
    assert max(gaps_inside) < min(gaps_before) / 3  # dense where the finish is expected
    after = [b - a for a, b in itertools.pairwise(times) if a > hi]
    assert after == sorted(after)  # past the window it backs off again


def test_no_wait_makes_more_than_about_twice_the_old_reads_even_when_its_step_runs_late():
    rng = random.Random(7)
    for _ in range(150):
        mean = rng.choice([30.0, 60.0, 120.0, 300.0, 600.0, 1800.0])
        history = [mean * rng.uniform(0.9, 1.1) for _ in range(rng.randint(1, 8))]
        offset = rng.choice([0.0, 5.0])
        schedule = PollSchedule(interval=1.0, durations=history, since_accepted=offset)
        _, hi = predicted_window(history)
        times = poll_times(schedule, 2.5 * mean, jitter=rng.random())
        for made, at in enumerate(times, start=1):
            # A step that finishes at the end of its window, or past it, costs at most about
            # twice the old schedule's reads by then (by the window's end when that is later);
            # on average it costs fewer (the next test).
            assert made <= 2 * baseline_polls_by(max(at, hi - offset), 1.0) + 2


def test_reads_inside_the_window_are_evenly_spaced():
    schedule = PollSchedule(interval=1.0, durations=[300.0, 310.0, 290.0, 305.0, 295.0])
    lo, hi = schedule.window
    inside = [t for t in poll_times(schedule, hi) if lo <= t <= hi]
    gaps = [b - a for a, b in itertools.pairwise(inside)]
    assert len(gaps) > 5 and max(gaps) == pytest.approx(min(gaps))


def test_a_wait_that_already_spent_its_reads_keeps_to_the_old_schedule_in_the_window():
    schedule = PollSchedule(interval=1.0, durations=[60.0, 61.0, 59.0], since_accepted=58.0)
    lo, hi = schedule.window
    assert lo < 58.0 < hi
    # 40 reads already (far more than the old schedule's 12 by a minute): nothing to spare.
    assert schedule.next_delay(0.0, 40, 0.0) >= hi - 58.0


@pytest.mark.parametrize("length", [30.0, 60.0, 120.0, 300.0, 600.0, 1800.0])
def test_a_loop_of_noisy_steps_costs_fewer_reads_and_less_lag_than_before(length):
    rng = random.Random(f"loop-{length}")

    def one_step(duration: float, schedule: PollSchedule | None) -> tuple[float, int]:
        now = 0.0 if schedule is None else schedule.first_delay()
        polls = 0
        while True:
            polls += 1
            if now >= duration:
                return now - duration, polls
            if schedule is None:  # today's schedule, its jitter averaged
                now += backoff_delay(1.0, polls) * 0.875
            else:
                now += schedule.next_delay(now, polls, 0.0)

    old: list[tuple[float, int]] = []
    new: list[tuple[float, int]] = []
    for _ in range(6):
        history: list[float] = []
        for _ in range(8):
            duration = length * rng.uniform(0.9, 1.1)
            old.append(one_step(duration, None))
            new.append(one_step(duration, PollSchedule(interval=1.0, durations=history)))
            history.append(duration)
    assert sum(r for _, r in new) <= sum(r for _, r in old)
    assert (
        sorted(lag for lag, _ in new)[len(new) // 2] < sorted(lag for lag, _ in old)[len(old) // 2]
    )


def test_a_wait_started_with_its_step_keeps_its_first_read_for_the_window():
    schedule = PollSchedule(interval=1.0, durations=[30.0, 30.5, 29.5], since_accepted=0.0)
    lo, _ = schedule.window
    assert schedule.first_delay() == pytest.approx(lo)  # sparse polls are 30 s apart: none fits
    minute = PollSchedule(interval=1.0, durations=[60.0, 61.0, 59.0], since_accepted=0.0)
    assert minute.first_delay() == 30.0  # reads to spare: one sparse poll on the way
    long = PollSchedule(interval=1.0, durations=[1800.0, 1790.0, 1810.0])
    assert long.first_delay() == MAX_SPARSE_GAP  # a failed job is still seen within 2 min
    late = PollSchedule(interval=1.0, durations=[60.0, 61.0], since_accepted=70.0)
    assert late.first_delay() == 0.0  # past the window's start: poll at once


def test_one_odd_duration_does_not_widen_later_windows():
    steady = [100.0, 101.0, 99.0, 100.5, 99.5, 100.0]
    lo, hi = predicted_window([*steady, 160.0])  # one first step measured late
    assert 95.0 < lo < 99.5 and 100.5 < hi < 105.0
    assert predicted_window([100.0, 101.0]) == pytest.approx((100.0 - 2.02, 101.0 + 2.02))  # 2%


def test_a_step_longer_than_predicted_is_seen_soon_past_the_window():
    schedule = PollSchedule(interval=1.0, durations=[60.0, 60.5, 59.5], since_accepted=0.0)
    _, hi = schedule.window
    times = poll_times(schedule, hi + 5.0)
    past = [t for t in times if t > hi]
    assert past and past[0] - hi <= 1.0  # a read was kept for it


def test_job_progress_narrows_the_window_to_its_extrapolated_finish():
    schedule = PollSchedule(interval=1.0, durations=[300.0])
    schedule.observe_progress(100.0, 40.0)
    schedule.observe_progress(150.0, 60.0)  # 0.4 %/s: done at 250 s
    lo, hi = schedule.window
    assert lo < 250.0 < hi and hi - lo < 25.0
    schedule.observe_progress(160.0, 60.0)  # no news: unchanged
    assert schedule.window == (lo, hi)
    for ignored in (None, 0.0, 100.0, 150.0):
        schedule.observe_progress(170.0, ignored)
    assert schedule.window == (lo, hi)


def test_step_history_measures_from_accept_to_ready_and_is_bounded():
    history = StepHistory()
    history.accepted("job", "m1", 10.0)
    assert history.since_accepted("job", "m1", 25.0) == 15.0
    assert history.since_accepted("job", "other", 25.0) is None
    history.ready("job", "m1", 70.0)
    history.ready("job", "never-accepted", 80.0)
    assert history.durations("job") == [60.0]
    for i in range(StepHistory.MAX_DURATIONS + 5):
        history.accepted("job", f"x{i}", 0.0)
        history.ready("job", f"x{i}", float(i))
    assert len(history.durations("job")) == StepHistory.MAX_DURATIONS


def test_the_read_budget_spaces_many_waits_and_never_delays_a_lone_one():
    now = [0.0]
    budget = ReadBudget(10.0, lambda: now[0])
    delays = [budget.reserve(2) for _ in range(100)]  # a hundred waits poll at once
    assert delays[0] == 0.0 and delays[-1] == pytest.approx(99 * 0.2)
    assert all(b - a == pytest.approx(0.2) for a, b in itertools.pairwise(delays))
    now[0] = 1000.0
    assert budget.reserve(2) == 0.0  # an idle budget owes nothing
    assert ReadBudget(None, lambda: 0.0).reserve(1000) == 0.0


def test_max_reads_per_second_is_checked():
    for bad, error in [(0, ValueError), (float("inf"), ValueError), ("5", TypeError)]:
        with pytest.raises(error, match="max_reads_per_second"):
            fw.Client(api_key="k" * 10, max_reads_per_second=bad)


# -- through the client, on the emulator and virtual time ----------------------------------


JOB = "accounts/acct/rlorTrainerJobs/job-1"


def test_later_steps_of_a_job_are_noticed_sooner_with_fewer_reads(mode, fake_gateway, tmp_path):
    clock, timing = virtual_time()
    fake_gateway.reset(step_seconds=120.0, clock=clock, default_account="acct")
    fake_gateway.add_job(JOB)
    client = new_client(
        mode,
        base_url=fake_gateway.url,
        api_key=fake_gateway.api_key,
        account_id="acct",
        ledger=tmp_path / "steps.db",
        _timing=timing,
    )
    models = [f"m{i}" for i in range(4)]

    def steps(c):
        async def run_async():
            return [await c.run_step("job-1", dataset="d", output_model=m) for m in models]

        if isinstance(c, fw.AsyncClient):
            return run_async()
        return [c.run_step("job-1", dataset="d", output_model=m) for m in models]

    done = drive(client, steps)
    # The emulator's model turns READY 120 s after its step: the first wait backs off (its
    # last gap is up to 30 s); later ones poll densely around the finish the ledger predicts.
    lags = [d.elapsed - 120.0 for d in done]
    assert lags[0] > 5.0
    assert lags[-1] <= 1.0 and max(lags[1:]) < lags[0] / 2
    assert all(d.polls <= done[0].polls for d in done[1:])


def test_the_read_budget_slows_a_fast_wait(fake_gateway):
    sleeps: list[float] = []
    clock, timing = virtual_time(sleeps)
    fake_gateway.reset(step_seconds=10.0, clock=clock, default_account="acct")
    fake_gateway.add_job(JOB)
    fake_gateway.script(ScriptedResponse(status=200))  # the step
    with fw.Client(
        base_url=fake_gateway.url,
        api_key=fake_gateway.api_key,
        account_id="acct",
        max_reads_per_second=0.5,  # a poll is two reads: one poll every 4 s at most
        _timing=timing,
    ) as client:
        step = client.execute_train_step("job-1", dataset="d", output_model="m")
        done = client.wait_for_step(step, poll_interval=0.1)
    assert done.model.state == "READY"
    reads = [r for r in fake_gateway.requests if r.method == "GET"]
    assert len(reads) == 2 * done.polls
    assert done.polls <= 4  # 10 s at one poll per 4 s, not the 10+ polls of a 0.1 s interval
    assert any(s >= 3.0 for s in sleeps)
    assert backoff_delay(0.1, 1) == 0.1


def test_a_wait_that_knows_the_accept_only_from_the_ledger_reads_at_once():
    """The ledger's time is another clock (the database's): it never puts off a first read,
    so a step that finished while the host's clock disagreed is read READY at once."""
    from fireworks_rft._schedule import Pacer

    clock, timing = virtual_time()
    durations = [300.0, 310.0, 305.0]
    from_ledger = Pacer(
        key=("job", "m"), timeout=3600.0, interval=1.0, timing=timing, history=None,
        durations=durations, since_accepted=0.0,
    )  # fmt: skip
    assert from_ledger.first_delay() == 0.0
    seen = StepHistory()
    seen.accepted("job", "m", clock())  # this client saw the accept: its own clock
    own = Pacer(
        key=("job", "m"), timeout=3600.0, interval=1.0, timing=timing, history=seen,
        durations=durations,
    )  # fmt: skip
    assert own.first_delay() > 0.0  # the read is kept for the predicted window


def test_a_step_that_got_faster_is_never_learnt_back_as_the_time_a_wait_slept():
    """A first poll put off until the predicted window that sees the step done proves only
    that it finished since the accept: nothing is learnt from it and the window missed, so
    after two such waits one polls from the start and learns the step's real length. Before,
    a wait learnt the time it slept, so a loop whose steps got faster kept sleeping."""
    from fireworks_rft._schedule import Pacer

    clock, timing = virtual_time()
    history = StepHistory()
    for _ in range(5):  # steps took 120 s
        history.accepted("job", "m", clock())
        clock.advance(120.0)
        history.ready("job", "m", clock())
    first_delays = []
    for _ in range(3):  # now each takes 10 s: done long before the window
        history.accepted("job", "m", clock())
        pacer = Pacer(key=("job", "m"), timeout=3600.0, interval=1.0, timing=timing,
                      history=history)  # fmt: skip
        first_delays.append(pacer.first_delay())
        clock.advance(first_delays[-1])
        while True:  # each poll at once reads the model; READY from 10 s on
            pacer.polled()
            if pacer.elapsed() >= 10.0:
                break
            clock.advance(pacer.next_delay() or 0.0)
        pacer.finished()
    assert first_delays[0] > 10.0 and first_delays[1] > 10.0  # slept past the finish
    assert first_delays[2] == 0.0  # two misses in a row: this wait polls from the start
    *before, learnt = history.durations("job")
    assert before == [120.0] * 5  # nothing learnt from the two waits that slept
    assert 10.0 <= learnt < 13.0  # the third bracketed the finish: about its real length
