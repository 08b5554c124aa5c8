"""What the loop's methods send (jobs, checkpoints, LoRA loads, datasets), checked first.

Each builder turns a facade method's arguments into a :class:`~._calls.Call` of the
generated operation, checking names (bare IDs take the client's account) and building the
generated request body; nothing is sent, so both clients share all of it. :func:`page_of`
reads one page of a list answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import _operations
from ._calls import Call
from ._names import (
    DATASETS,
    DEPLOYED_MODELS,
    DEPLOYMENTS,
    JOBS,
    MODELS,
    ResourceRef,
    check_id,
    resolve,
)

CREATE_JOB = "Gateway_CreateRlorTrainerJob"
LIST_JOBS = "Gateway_ListRlorTrainerJobs"
CANCEL_JOB = "Gateway_CancelRlorTrainerJob"
RESUME_JOB = "Gateway_ResumeRlorTrainerJob"
LIST_CHECKPOINTS = "Gateway_ListRlorTrainerJobCheckpoints"
LOAD_LORA = "Gateway_CreateDeployedModel"
GET_DEPLOYED_MODEL = "Gateway_GetDeployedModel"
LIST_DEPLOYED_MODELS = "Gateway_ListDeployedModels"
UNLOAD_LORA = "Gateway_DeleteDeployedModel"
GET_DATASET = "Gateway_GetDataset"
LIST_DATASETS = "Gateway_ListDatasets"
DELETE_DATASET = "Gateway_DeleteDataset"


def camel(name: str) -> str:
    """``snake_case`` as the API's ``camelCase`` (a key already in camelCase is kept)."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _json(value: object, name: str) -> dict[str, Any]:
    """A mapping (snake_case or camelCase keys) or a generated model, as API JSON."""
    if value is None:
        return {}
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        found = to_dict()
        if isinstance(found, dict):
            return found
    if not isinstance(value, Mapping):
        raise TypeError(
            f"{name} must be a mapping or a generated model, got {type(value).__name__}"
        )
    return {camel(str(key)): item for key, item in value.items()}


def name_of(value: object) -> object:
    """A generated resource's ``name``, or ``value`` itself (a bare ID or a full name)."""
    found = getattr(value, "name", None)
    return found if isinstance(found, str) and found else value


def create_job_call(
    job_id: object,
    account_id: str | None,
    *,
    base_model: object,
    keep_alive: object,
    training_config: object,
    hot_load_deployment: object,
    display_name: object,
    fields: Mapping[str, Any],
) -> Call:
    """The create call of a trainer job with a chosen ID; nothing is sent."""
    ref = resolve(job_id, collection=JOBS, account_id=account_id, name="job_id")
    if not isinstance(keep_alive, bool):
        raise TypeError(f"keep_alive must be a bool, got {type(keep_alive).__name__}")
    model = resolve(base_model, collection=MODELS, account_id=ref.account_id, name="base_model")
    config = {**_json(training_config, "training_config"), "baseModel": model.name}
    payload: dict[str, Any] = {"keepAlive": keep_alive, "trainingConfig": config}
    if display_name is not None:
        if not isinstance(display_name, str):
            raise TypeError(f"display_name must be a str, got {type(display_name).__name__}")
        payload["displayName"] = display_name
    if hot_load_deployment is not None:
        payload["hotLoadDeploymentId"] = deployment_ref(hot_load_deployment, ref.account_id).id
    payload.update(_json(fields, "fields"))
    module = _operations.load(CREATE_JOB)
    body = _operations.body_type(module).from_dict(payload)
    return Call(module, ref, (ref.account_id,), {"body": body, "rlor_trainer_job_id": ref.id})


def list_call(
    operation_id: str,
    parent: tuple[str, ...],
    ref: ResourceRef,
    page_token: str | None,
    page_size: object,
    **query: object,
) -> Call:
    """The call of one page of a list; ``query`` holds only the options given."""
    if page_size is not None and (
        isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1
    ):
        raise ValueError(f"page_size must be a positive int, got {page_size!r}")
    kwargs: dict[str, Any] = {k: v for k, v in query.items() if v is not None}
    for key, value in kwargs.items():
        if not isinstance(value, str):
            raise TypeError(f"{key.rstrip('_')} must be a str, got {type(value).__name__}")
    if page_size is not None:
        kwargs["page_size"] = page_size
    if page_token:
        kwargs["page_token"] = page_token
    return Call(_operations.load(operation_id), ref, parent, kwargs)


def account_ref(collection: str, account_id: str | None, name: str) -> ResourceRef:
    """The parent of a list: the account (bare IDs need the client's)."""
    if account_id is None:
        resolve("x", collection=collection, account_id=None, name=name)  # raises, says how
    return ResourceRef(collection, check_id(account_id, name="account_id"), "-")


def job_action_call(operation_id: str, ref: ResourceRef) -> Call:
    """Cancel or resume: a POST with an empty body on one job."""
    module = _operations.load(operation_id)
    body = _operations.body_type(module).from_dict({})
    return Call(module, ref, (ref.account_id, ref.id), {"body": body})


def deployment_ref(value: object, account_id: str | None) -> ResourceRef:
    """A deployment given as a bare ID or ``accounts/{a}/deployments/{d}``."""
    return resolve(name_of(value), collection=DEPLOYMENTS, account_id=account_id, name="deployment")


def deployed_ref(value: object, account_id: str | None) -> ResourceRef:
    """A deployed model: what ``load_lora`` returned, a bare ID or a full name."""
    return resolve(
        name_of(value), collection=DEPLOYED_MODELS, account_id=account_id, name="deployed_model"
    )


def dataset_ref(value: object, account_id: str | None) -> ResourceRef:
    """A dataset given as a bare ID or a full name."""
    return resolve(name_of(value), collection=DATASETS, account_id=account_id, name="dataset")


def load_lora_call(
    model: object,
    account_id: str | None,
    *,
    deployment: object,
    replace_merged_addon: object,
    display_name: object,
) -> Call:
    """The "Load LoRA" call: ``model`` onto ``deployment``; nothing is sent."""
    model_ref = resolve(name_of(model), collection=MODELS, account_id=account_id, name="model")
    target = deployment_ref(deployment, model_ref.account_id)
    if not isinstance(replace_merged_addon, bool):
        raise TypeError(
            f"replace_merged_addon must be a bool, got {type(replace_merged_addon).__name__}"
        )
    payload: dict[str, Any] = {"model": model_ref.name, "deployment": target.name}
    if display_name is not None:
        payload["displayName"] = str(display_name)
    module = _operations.load(LOAD_LORA)
    body = _operations.body_type(module).from_dict(payload)
    ref = ResourceRef(DEPLOYED_MODELS, model_ref.account_id, "-")
    kwargs: dict[str, Any] = {"body": body}
    if replace_merged_addon:
        kwargs["replace_merged_addon"] = True
    return Call(module, ref, (model_ref.account_id,), kwargs)


def page_of(parsed: Any, items: str) -> tuple[list[Any], str | None]:
    """The items of one page of a list answer, and the next page's token (None: the last)."""
    found = getattr(parsed, items, None)
    values = list(found) if isinstance(found, list) else []
    token = getattr(parsed, "next_page_token", None)
    return values, token if isinstance(token, str) and token else None


def matches_lora(deployed: Any, model: ResourceRef, deployment: ResourceRef) -> bool:
    """Whether a deployed model is ``model`` loaded on ``deployment``."""
    loaded_on = str(getattr(deployed, "deployment", "")).rstrip("/")
    return getattr(deployed, "model", None) == model.name and loaded_on == deployment.name
