"""A synthetic sweep in a ledger: many loops of many steps, written in bulk.

For the benchmarks at scale (1,000 loops x 1,000 steps) and for the picture of the report in
docs/. Each loop's steps take about its own typical duration (seeded noise), one after the
other; a few failed, a few may have run (``unknown``), and the last step of each loop is in
flight, one of them far longer than its loop's steps take (``stalled``).

    python -m tools.synthetic_sweep LEDGER --loops 6 --steps 40
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Iterator

COLUMNS = (
    "job, output_model, dataset, state, sends, created_at, updated_at, accepted_at, "
    "finished_at, owner, seq, unfinished_at, server_started_at, server_finished_at, "
    "trusted_duration"
)


def rows(loops: int, steps: int, *, seed: int = 7, end: float | None = None) -> Iterator[tuple]:
    """Every row of the sweep, its last changes about ``end`` (default: now)."""
    chooser = random.Random(seed)  # noqa: S311 - noise, not secrets
    end = time.time() if end is None else end
    seq = 0
    for loop in range(loops):
        typical = chooser.uniform(40.0, 120.0)
        job = f"accounts/sweep/rlorTrainerJobs/loop-{loop:04d}"
        owner = f"node-{loop % 8}:{1000 + loop}"
        # The last step: the second loop's is stalled, the third's may have run, the
        # fourth's job failed; the others' are in flight.
        last = {1: "stalled", 2: "unknown", 3: "failed"}.get(loop, "accepted")
        age = typical * (5.0 if last == "stalled" else 0.4)
        took = [typical * chooser.uniform(0.85, 1.15) * (1 + n / (steps * 4)) for n in range(steps)]
        at = end - age - sum(t * 1.15 for t in took[:-1])  # each step sent after the one before
        for step in range(1, steps + 1):
            seq += 1
            model = f"accounts/sweep/models/loop-{loop:04d}-step-{step:05d}"
            dataset = f"accounts/sweep/datasets/loop-{loop:04d}-rollouts-{step:05d}"
            sent, accepted, duration = at, at + 0.2, took[step - 1]
            finished = accepted + duration + 0.5
            if step < steps:
                server = (accepted, accepted + duration, duration)
                yield (job, model, dataset, "ready", 1, sent, finished, accepted, finished,
                       owner, seq, finished - 1.0, *server)  # fmt: skip
            elif last == "failed":
                yield (job, model, dataset, "failed", 1, sent, finished, accepted, finished,
                       owner, seq, finished - 1.0, None, None, None)  # fmt: skip
            elif last == "unknown":
                yield (job, model, dataset, "unknown", 1, sent, sent + 0.1, None, None, owner,
                       seq, None, None, None, None)  # fmt: skip
            else:
                yield (job, model, dataset, "accepted", 1, sent, accepted, accepted, None, owner,
                       seq, None, None, None, None)  # fmt: skip
            at += duration * 1.15


def fill(ledger: str, loops: int, steps: int, *, seed: int = 7) -> int:
    """Write the sweep into ``ledger`` (a SQLite path or a postgresql:// URL); rows written."""
    from fireworks_rft._ledger_open import is_postgres_url, open_ledger

    store, _ = open_ledger(ledger)  # the schema, created as the client creates it
    store.close()
    count = 0
    if is_postgres_url(ledger):
        import psycopg

        copying = f"COPY fireworks_rft_steps ({COLUMNS}) FROM STDIN"
        with psycopg.connect(ledger) as db, db.cursor() as cursor, cursor.copy(copying) as copy:
            for row in rows(loops, steps, seed=seed):
                # PostgreSQL's change numbers are transaction ids, one per write: these
                # rows' are older than any real one (negative), each its own.
                copy.write_row((*row[:10], -row[10], *row[11:]))
                count += 1
        # Vacuumed now, not by autovacuum while a benchmark measures (outside a transaction).
        with psycopg.connect(ledger, autocommit=True) as db:
            db.execute("VACUUM (ANALYZE) fireworks_rft_steps")
        return count
    import sqlite3

    db = sqlite3.connect(ledger)
    with db:
        marks = ", ".join("?" * len(COLUMNS.split(",")))
        batch = list(rows(loops, steps, seed=seed))
        db.executemany(f"INSERT INTO steps ({COLUMNS}) VALUES ({marks})", batch)  # noqa: S608
        db.execute("UPDATE meta SET value = ? WHERE key = 'change_seq'", (str(len(batch)),))
        db.execute("ANALYZE")
    db.close()
    return len(batch)


def main() -> None:
    """Fill a ledger from the command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ledger", help="a SQLite path or a postgresql:// URL")
    parser.add_argument("--loops", type=int, default=6)
    parser.add_argument("--steps", type=int, default=40)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(fill(args.ledger, args.loops, args.steps, seed=args.seed), "rows")


if __name__ == "__main__":
    main()
