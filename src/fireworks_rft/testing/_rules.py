"""What the emulator checks beyond the spec, and how it renders a scripted answer.

The bearer token and the expected key, the resource-ID rule on every ID in the path (the
emulator's own, :data:`._resources.ID_PATTERN`), the job a request is about.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping

from ._openapi import Match
from ._records import ExecutedStep, ScriptedResponse
from ._resources import ID_PATTERN, split_name
from ._server import Answer, error_answer, json_answer


def key_matches(headers: list[tuple[str, str]], expected: str | None) -> bool:
    """Whether the request carries exactly one ``Bearer <expected>`` (compared in constant time)."""
    values = [v for k, v in headers if k.lower() == "authorization"]
    if len(values) != 1 or not values[0].startswith("Bearer "):
        return False
    return hmac.compare_digest(values[0].encode(), f"Bearer {expected}".encode())


def bad_path_id(checked: Match) -> str | None:
    """Why an ID in the request's path breaks the resource-ID rule; None when none does."""
    for name, value in checked.path_params.items():
        if name.endswith("_id") and not ID_PATTERN.fullmatch(str(value)):
            return f"{name} {value!r} is not a resource ID (1-63 of a-z, 0-9, '-')"
    return None


def positive(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number")
    if not 0 < value < float("inf"):
        raise ValueError(f"{name} must be positive and finite, got {value!r}")
    return float(value)


def bearer_token(headers: list[tuple[str, str]]) -> str:
    values = [v for k, v in headers if k.lower() == "authorization"]
    return values[0].removeprefix("Bearer").strip() if len(values) == 1 else ""


def job_name_of(checked: Match) -> str | None:
    """The full name of the trainer job a request is about, if any."""
    params = checked.path_params
    if "rlor_trainer_job_id" not in params or "account_id" not in params:
        return None
    return f"accounts/{params['account_id']}/rlorTrainerJobs/{params['rlor_trainer_job_id']}"


def scripted_answer(scripted: ScriptedResponse) -> Answer:
    body = scripted.body
    headers = {"Content-Type": "application/json"}
    if body is None:
        if 200 <= scripted.status < 300:
            content = b"{}"
        else:
            content = error_answer(scripted.status, 2, f"scripted error {scripted.status}").body
    elif isinstance(body, bytes):
        content = body
    elif isinstance(body, str):
        content = body.encode()
        headers = {"Content-Type": "text/plain; charset=utf-8"}
    else:
        content = json_answer(200, body).body
    return Answer(
        scripted.status,
        content,
        {**headers, **scripted.headers},
        delay=scripted.delay,
        drop=scripted.drop,
    )


def full_job_name(job: str, default_account: str | None) -> str:
    """The full name of ``job``: a full name as is, a bare ID in ``default_account``."""
    return full_name(job, "rlorTrainerJobs", default_account)


def full_name(value: str, collection: str, default_account: str | None) -> str:
    """``accounts/{a}/{collection}/{id}`` as is, or a bare ID in ``default_account``."""
    if split_name(value, collection) is not None:
        return value
    if "/" not in value and ID_PATTERN.fullmatch(value):
        if default_account is None:
            raise ValueError(
                f"{value!r} is a bare ID and this FakeGateway has no default_account; give "
                f"the full name accounts/{{account}}/{collection}/{{id}}"
            )
        return f"accounts/{default_account}/{collection}/{value}"
    kind = {"rlorTrainerJobs": "job", "datasets": "dataset", "trainingShapes": "training shape"}
    what = kind.get(collection, collection)
    raise ValueError(f"not a {what} ID or full {what} name: {value!r}")


def step_of(checked: Match, request_id: str, now: float) -> ExecutedStep | None:
    """The training step a request asks for, if it is an executeTrainStep."""
    if checked.operation_id != "Gateway_ExecuteRlorTrainStep":
        return None
    account = str(checked.path_params["account_id"])
    job = str(checked.path_params["rlor_trainer_job_id"])
    body = checked.body if isinstance(checked.body, Mapping) else {}
    return ExecutedStep(
        job=f"accounts/{account}/rlorTrainerJobs/{job}",
        account_id=account,
        job_id=job,
        dataset=str(body.get("dataset", "")),
        output_model=str(body.get("outputModel", "")),
        time=now,
        request_id=request_id,
    )
