"""Resource names: IDs and full names of accounts, jobs, datasets and models, checked.

Every resource the API names (account, trainer job, dataset, model) has an ID of 1-63
characters of ``a-z``, ``0-9`` and ``-``, neither starting nor ending with ``-`` (Fireworks
docs, "Concepts"). A value is either that bare ID or the full resource name
``accounts/{account}/{collection}/{id}``; nothing else is sent, so a request always goes to
the resource the caller named and no value can change the URL it is put into.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from ._checks import check_str
from ._exceptions import ConfigurationError

#: A Fireworks resource ID.
ID_PATTERN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_ID_RULE = "1-63 characters of a-z, 0-9 and '-', not starting or ending with '-'"
_MAX_SHOWN = 80

JOBS = "rlorTrainerJobs"
MODELS = "models"
DATASETS = "datasets"
DEPLOYMENTS = "deployments"
DEPLOYED_MODELS = "deployedModels"


class ResourceRef(NamedTuple):
    """A named API resource: its collection, account and ID."""

    collection: str
    account_id: str
    id: str

    @property
    def name(self) -> str:
        """The full resource name ``accounts/{account}/{collection}/{id}``."""
        return f"accounts/{self.account_id}/{self.collection}/{self.id}"


def shown(value: str) -> str:
    """``value`` for an error message: repr'd, and cut short when long."""
    return repr(value if len(value) <= _MAX_SHOWN else value[:_MAX_SHOWN] + "...")


def check_id(value: object, *, name: str) -> str:
    """Return ``value`` if it is a valid resource ID (an account, job, dataset or model ID)."""
    text = check_str(value, name=name)
    if ID_PATTERN.fullmatch(text) is None:
        raise ValueError(f"{name} must be a resource ID of {_ID_RULE}; got {shown(text)}")
    return text


def name_of(value: object) -> object:
    """A generated resource's ``name``, or ``value`` itself (a bare ID or a full name)."""
    found = getattr(value, "name", None)
    return found if isinstance(found, str) and found else value


def account_ref(collection: str, account_id: str | None) -> ResourceRef:
    """The parent of a list of ``collection`` in an account (without one, says how to give it)."""
    if account_id is None:
        problem = f"No account to list {collection} in"
        raise ConfigurationError(
            f"{problem}: pass account_id= to the client or set FIREWORKS_ACCOUNT_ID.",
            setting="account_id",
            problem=problem,
        )
    return ResourceRef(collection, check_id(account_id, name="account_id"), "-")


def resolve(
    value: object,
    *,
    collection: str,
    account_id: str | None,
    name: str,
    account_hint: str = "pass account_id= to the client or set FIREWORKS_ACCOUNT_ID",
) -> ResourceRef:
    """Resolve a bare ID or a full name ``accounts/{account}/{collection}/{id}``.

    A full name's account wins over ``account_id``; a bare ID needs ``account_id``. Valid
    names are remembered (a loop sends the same few over and over).
    """
    return _resolve(check_str(value, name=name), collection, account_id, name, account_hint)


@functools.lru_cache(maxsize=1024)
def _resolve(
    text: str, collection: str, account_id: str | None, name: str, account_hint: str
) -> ResourceRef:
    form = f"accounts/{{account}}/{collection}/{{id}}"
    if "/" in text:
        parts = text.split("/")
        if len(parts) != 4 or parts[0] != "accounts" or parts[2] != collection:
            raise ValueError(f"{name} must be a bare ID or a full name {form!r}, got {shown(text)}")
        return ResourceRef(
            collection,
            check_id(parts[1], name=f"{name} (its account)"),
            check_id(parts[3], name=f"{name} (its ID)"),
        )
    resource_id = check_id(text, name=name)
    if account_id is None:
        problem = f"No account for {name} {shown(resource_id)}"
        raise ConfigurationError(
            f"{problem}: {account_hint}, or give the full name {form!r}.",
            setting="account_id",
            problem=f"{problem} (full name: {form!r})",
        )
    return ResourceRef(collection, account_id, resource_id)


#: A checkpoint's ID (the spec does not say its form; this allows what a path segment can
#: carry safely).
CHECKPOINT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")
TRAINING_SHAPES = "trainingShapes"


def resolve_checkpoint(value: object) -> tuple[ResourceRef, ResourceRef]:
    """A trainer job's checkpoint (given as ``list_checkpoints`` returned it, or its name).

    The name is ``accounts/{a}/rlorTrainerJobs/{j}/checkpoints/{c}``; returns the job and
    the checkpoint.
    """
    text = check_str(name_of(value), name="checkpoint")
    parts = text.split("/")
    form = f"accounts/{{account}}/{JOBS}/{{job}}/checkpoints/{{checkpoint}}"
    if len(parts) != 6 or parts[4] != "checkpoints" or CHECKPOINT_ID.fullmatch(parts[5]) is None:
        raise ValueError(f"checkpoint must be a checkpoint's full name {form!r}, got {shown(text)}")
    job = resolve("/".join(parts[:4]), collection=JOBS, account_id=None, name="checkpoint")
    return job, ResourceRef(f"{JOBS}/{job.id}/checkpoints", job.account_id, parts[5])


def checkpoint_name(job: object, checkpoint_id: object, *, account_id: str | None) -> str:
    """The full name of checkpoint ``checkpoint_id`` of ``job`` (a bare job ID or full name)."""
    text = check_str(checkpoint_id, name="checkpoint")
    if CHECKPOINT_ID.fullmatch(text) is None:
        raise ValueError(f"checkpoint must be a checkpoint ID with a job, got {shown(text)}")
    return f"{resolve_job(job, account_id=account_id).name}/checkpoints/{text}"


def resolve_job(job: object, *, account_id: str | None) -> ResourceRef:
    """Resolve a trainer job given as a bare job ID or a full job name."""
    return resolve(job, collection=JOBS, account_id=account_id, name="job")


def resolve_step_names(
    job: ResourceRef, dataset: object, output_model: object
) -> tuple[ResourceRef, ResourceRef]:
    """Resolve a step's dataset and output model; bare IDs take the job's account.

    The output model is materialized by the job, so it must be in the job's account.
    """
    data = resolve(dataset, collection=DATASETS, account_id=job.account_id, name="dataset")
    model = resolve(output_model, collection=MODELS, account_id=job.account_id, name="output_model")
    if model.account_id != job.account_id:
        raise ValueError(
            f"output_model must be in the job's account {job.account_id!r}; got {model.name!r}"
        )
    return data, model


def resolve_training_shape(value: object, *, account_id: str | None) -> ResourceRef:
    """A training shape or one of its versions: a bare shape ID, a full name, or a model.

    ``accounts/{a}/trainingShapes/{s}`` or ``accounts/{a}/trainingShapes/{s}/versions/{v}``
    (``v`` may be ``latest``); the version, when given, stays in the ref's ``id``
    (``{s}/versions/{v}``), whose ``name`` is then the version's name.
    """
    name = "training_shape"
    text = check_str(name_of(value), name=name)
    if "/" not in text:
        return resolve(text, collection=TRAINING_SHAPES, account_id=account_id, name=name)
    parts = text.split("/")
    shape = len(parts) == 4 or (len(parts) == 6 and parts[4] == "versions")
    if shape and parts[0] == "accounts" and parts[2] == TRAINING_SHAPES:
        account = check_id(parts[1], name=name)
        return ResourceRef(TRAINING_SHAPES, account, "/".join(parts[3:]))
    raise ValueError(
        "training_shape must be a shape ID, accounts/{a}/trainingShapes/{s}, or a version "
        f"accounts/{{a}}/trainingShapes/{{s}}/versions/{{v}}; got {shown(text)}"
    )


def kind_of(job: str, dataset: str) -> str:
    """What a ledger row is, from its full names: ``"step"``, ``"promotion"`` or ``"lora_load"``.

    A promotion holds a checkpoint in place of the dataset; a load, a deployment in place of
    the job.
    """
    if f"/{DEPLOYMENTS}/" in job:
        return "lora_load"
    return "promotion" if "/checkpoints/" in dataset else "step"


#: :func:`kind_of` in SQL, over a ledger row's ``job`` and ``dataset``: a LoRA load's row,
#: a promotion's row, and the row's kind.
LOAD_SQL = f"job LIKE '%/{DEPLOYMENTS}/%'"
PROMOTION_SQL = "dataset LIKE '%/checkpoints/%'"
KIND_SQL = (
    f"CASE WHEN {LOAD_SQL} THEN 'lora_load' WHEN {PROMOTION_SQL} THEN 'promotion' ELSE 'step' END"
)


def short_name(name: str) -> str:
    """A ledger row's job for people: a job's ID, or ``deployments/{d}`` for a deployment."""
    parts = name.split("/")
    if len(parts) == 4 and parts[2] == DEPLOYMENTS:
        return f"{DEPLOYMENTS}/{parts[3]}"
    return parts[-1]


def job_filter(job: str) -> tuple[str, bool]:
    """How a ledger filter matches ``job``: ``(value, exact)``.

    A full name matches itself; a bare job ID (no ``/``) matches that job in any account,
    as the SQL ``LIKE`` pattern returned (``exact`` False).
    """
    if "/" in job:
        return job, True
    return f"accounts/%/{JOBS}/{job}", False
