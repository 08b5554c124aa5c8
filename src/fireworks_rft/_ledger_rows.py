"""The row layer both ledger stores share: columns, decoding, owners, lease keys, lease loss.

A row is decoded once (:func:`record_of`), a state this version does not know is read as
``unknown`` (it may have run), every change records its writer (:func:`owner_name`), a
step's lease key comes from one digest of its names (:func:`lease_digest`: the SQLite lock
file's name and the PostgreSQL advisory lock key are the same bits they always were, so
drivers of different versions sharing a ledger take the same lock), and a lost lease is
one error with one wording (:func:`lease_lost`).
"""

from __future__ import annotations

import hashlib
import os
import socket

from ._exceptions import LeaseLostError, StepAlreadySentError
from ._ledger import JobCounts, Lease, StepRecord, StepState, check_transition
from ._names import kind_of

#: The columns of a step row, in the order :func:`record_of` reads them.
COLUMNS = (
    "job, output_model, dataset, state, sends, created_at, updated_at, accepted_at, "
    "finished_at, request_id, error, owner, seq, unfinished_at, server_started_at, "
    "server_finished_at"
)


def owner_name() -> str:
    """``host:pid`` of this process, recorded with each change (for people, not for locks)."""
    return f"{socket.gethostname()}:{os.getpid()}"


#: Each stored state's value, and its state.
_STATES = {state.value: state for state in StepState}


def state_of(value: object) -> StepState:
    """A stored state; one written by a newer fireworks-rft is ``unknown`` (it may have run)."""
    return _STATES.get(value if isinstance(value, str) else str(value), StepState.UNKNOWN)


def _number(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]  # int, float or text, as stored
    except (TypeError, ValueError):
        raise TypeError(f"a ledger row holds {value!r} where a number belongs") from None


def _optional(value: object) -> float | None:
    return None if value is None else _number(value)


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def record_of(row: tuple[object, ...]) -> StepRecord:
    """The :class:`StepRecord` of a row read as ``SELECT {COLUMNS}`` (a million in seconds)."""
    (job, model, dataset, state, sends, created, updated, accepted, finished, rid, error, owner,
     seq, unfinished, started, ended) = row  # fmt: skip
    return StepRecord(
        str(job),
        str(model),
        str(dataset),
        state_of(state),
        int(_number(sends)),
        _number(created),
        _number(updated),
        _optional(accepted),
        _optional(finished),
        _text(rid),
        _text(error),
        _text(owner),
        None if seq is None else int(_number(seq)),
        _optional(unfinished),
        _optional(started),
        _optional(ended),
    )


def job_counts(
    rows: list[tuple[object, ...]],
    in_flight: list[tuple[object, ...]],
    owners: dict[int, str | None],
) -> list[JobCounts]:
    """The summaries of :func:`~._ledger_schema.summary_queries`' rows.

    Each with its group's oldest row in flight (from
    :func:`~._ledger_schema.in_flight_query`) and last owner.
    """
    oldest: dict[tuple[str, str], tuple[float, str]] = {}
    oldest_sending: dict[tuple[str, str], tuple[float, str]] = {}
    for job, kind, model, sent, state in in_flight:
        key, at = (str(job), str(kind)), _number(sent)
        is_sending = state == StepState.SENDING.value
        for firsts in (oldest, oldest_sending) if is_sending else (oldest,):
            if key not in firsts or at < firsts[key][0]:
                firsts[key] = (at, str(model))
    found = []
    for row in rows:
        job, kind = str(row[0]), str(row[1])
        recorded, sending, accepted, not_sent, unknown, ready, failed = (
            int(_number(v)) for v in row[2:9]
        )
        typical, timed, last_finish, last_change, last_seq = row[9:14]
        first = oldest.get((job, kind))
        seq = None if last_seq is None else int(_number(last_seq))
        found.append(
            JobCounts(
                job=job,
                kind=kind,
                recorded=recorded,
                sending=sending,
                accepted=accepted,
                not_sent=not_sent,
                unknown=unknown,
                ready=ready,
                failed=failed,
                oldest_in_flight_at=None if first is None else first[0],
                in_flight_model=None if first is None else first[1],
                sending_model=oldest_sending.get((job, kind), (0.0, None))[1],
                typical_duration=_optional(typical),
                durations=int(_number(timed)),
                last_finished_at=_optional(last_finish),
                last_change_at=_number(last_change),
                last_owner=None if seq is None else owners.get(seq),
                last_seq=seq or 0,
            )
        )
    return found


def lease_digest(job: str, output_model: str) -> bytes:
    """The SHA-256 of a step's names, which both stores' lease keys are cut from."""
    return hashlib.sha256(f"{job}\n{output_model}".encode()).digest()


def lock_file_name(job: str, output_model: str) -> str:
    """The SQLite store's lock file of a step: 40 hex digits of its digest."""
    return lease_digest(job, output_model).hex()[:40]


def advisory_lock_key(job: str, output_model: str) -> int:
    """The PostgreSQL advisory lock key of a step: 64 bits of its digest, signed."""
    return int.from_bytes(lease_digest(job, output_model)[:8], "big", signed=True)


def lease_lost(job: str, output_model: str, lease: Lease, why: str) -> LeaseLostError:
    """The error of a write whose lease another process took over (nothing more was done)."""
    return LeaseLostError(
        f"This process lost the lease of step {job} -> {output_model} (token {lease.token}): "
        f"{why}. Nothing more was sent or recorded here; run it again to resume from the "
        "ledger.",
        job=job,
        output_model=output_model,
    )


def compare_and_set(
    current: StepRecord | None,
    state: StepState,
    expected: StepState | None,
    lease: Lease | None,
    names: tuple[str, str],
) -> bool:
    """Whether a write may go on, read in its own transaction: the one rule of both stores.

    The step must still be ``expected``: if not, a lease holder gets LeaseLostError and a
    writer without a lease False (nothing is written; it reads what the row says now). The
    move must be allowed (ValueError: a caller's mistake, never the server's).
    """
    seen = None if current is None else current.state
    if seen is not expected:
        if lease is None:
            return False
        why = f"the step is {seen or 'not recorded'} now, not {expected or 'not recorded'}"
        raise lease_lost(*names, lease, why)
    check_transition(current, state)
    return True


def names_another_step(row: StepRecord, job: str, dataset: str) -> bool:
    """Whether ``row`` (of the same output model) forbids recording ``job`` with ``dataset``.

    An output model names one step: another job's row counts unless it is a LoRA load or
    certainly never ran (``not_sent``). A LoRA load names no output model.
    """
    if kind_of(job, dataset) == "lora_load" or row.job == job:
        return False
    return row.kind != "lora_load" and row.state is not StepState.NOT_SENT


def output_model_taken(job: str, output_model: str, row: StepRecord) -> StepAlreadySentError:
    """The refusal of a step whose output model names another step: nothing was sent."""
    return StepAlreadySentError(
        f"Not sent: output model {output_model} already names the step on {row.job} (in the "
        f"ledger as {row.state.value!r}). An output model names one step: choose a new "
        "output model for this step.",
        job=job,
        output_model=output_model,
        state=row.state.value,
        record=row,
    )
