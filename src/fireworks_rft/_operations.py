"""The generated operations the facade wraps, found by operationId and loaded on first use.

openapi-python-client puts an operation in ``fireworks_gateway.api.<tag>.<operationId in
snake case>``; the facade looks for that module under every tag, so a re-tagged operation is
still found. Nothing here imports a generated operation at import time: a spec bump that
drops one leaves the package importable, and only the facade methods that need it fail, with
an :class:`~fireworks_rft.OperationUnavailableError` naming the operationId. The facade calls
only the generated modules' public functions (``sync_detailed``/``asyncio_detailed``). The
table imports nothing of the package at module level, so tools/update_spec.py can read it
from a checkout.
"""

from __future__ import annotations

import functools
import inspect
import typing
from importlib import import_module
from types import ModuleType
from typing import Any, NamedTuple

#: Where openapi-python-client puts an operation: api/<tag>/<operationId in snake case>.
_API_PACKAGE = "fireworks_gateway.api"


class WrappedOperation(NamedTuple):
    """An operation of ``openapi.yaml`` that facade methods call by name.

    Attributes:
        operation_id: Its operationId in the spec.
        module: Its generated module's name, under ``fireworks_gateway.api.<tag>``.
        used_by: The facade methods and CLI commands that call it.
    """

    operation_id: str
    module: str
    used_by: tuple[str, ...]


#: Every operation the facade wraps. tests/test_operations.py checks each one's module
#: against openapi.yaml; tools/update_spec.py names ``used_by`` when a bump removes one.
WRAPPED_OPERATIONS: dict[str, WrappedOperation] = {
    op.operation_id: op
    for op in (
        WrappedOperation(
            "Gateway_ExecuteRlorTrainStep",
            "gateway_execute_rlor_train_step",
            ("Client.execute_train_step", "AsyncClient.execute_train_step", "CLI train-step"),
        ),
        WrappedOperation(
            "Gateway_GetRlorTrainerJob",
            "gateway_get_rlor_trainer_job",
            (
                "Client.get_job",
                "AsyncClient.get_job",
                "Client.wait_for_step",
                "AsyncClient.wait_for_step",
                "CLI job get",
                "CLI train-step --wait",
            ),
        ),
        WrappedOperation(
            "Gateway_GetModel",
            "gateway_get_model",
            (
                "Client.get_model",
                "AsyncClient.get_model",
                "Client.wait_for_step",
                "AsyncClient.wait_for_step",
                "CLI model get",
                "CLI train-step --wait",
            ),
        ),
        WrappedOperation(
            "Gateway_DeleteRlorTrainerJob",
            "gateway_delete_rlor_trainer_job",
            ("Client.delete_job", "AsyncClient.delete_job", "CLI job delete"),
        ),
        *(
            WrappedOperation(
                operation_id, module, (f"Client.{method}", f"AsyncClient.{method}", cli)
            )
            for operation_id, module, method, cli in (
                (
                    "Gateway_CreateRlorTrainerJob",
                    "gateway_create_rlor_trainer_job",
                    "create_job",
                    "CLI job create",
                ),
                (
                    "Gateway_ListRlorTrainerJobs",
                    "gateway_list_rlor_trainer_jobs",
                    "list_jobs",
                    "CLI job list",
                ),
                (
                    "Gateway_CancelRlorTrainerJob",
                    "gateway_cancel_rlor_trainer_job",
                    "cancel_job",
                    "CLI job cancel",
                ),
                (
                    "Gateway_ResumeRlorTrainerJob",
                    "gateway_resume_rlor_trainer_job",
                    "resume_job",
                    "CLI job resume",
                ),
                (
                    "Gateway_ListRlorTrainerJobCheckpoints",
                    "gateway_list_rlor_trainer_job_checkpoints",
                    "list_checkpoints",
                    "CLI checkpoints list",
                ),
                (
                    "Gateway_CreateDeployedModel",
                    "gateway_create_deployed_model",
                    "load_lora",
                    "CLI lora load",
                ),
                (
                    "Gateway_GetDeployedModel",
                    "gateway_get_deployed_model",
                    "get_deployed_model",
                    "CLI lora get",
                ),
                (
                    "Gateway_ListDeployedModels",
                    "gateway_list_deployed_models",
                    "unload_lora",
                    "CLI lora unload",
                ),
                (
                    "Gateway_DeleteDeployedModel",
                    "gateway_delete_deployed_model",
                    "unload_lora",
                    "CLI lora unload",
                ),
                ("Gateway_GetDataset", "gateway_get_dataset", "get_dataset", "CLI dataset get"),
                (
                    "Gateway_ListDatasets",
                    "gateway_list_datasets",
                    "list_datasets",
                    "CLI dataset list",
                ),
                (
                    "Gateway_DeleteDataset",
                    "gateway_delete_dataset",
                    "delete_dataset",
                    "CLI dataset delete",
                ),
            )
        ),
    )
}

_loaded: dict[str, ModuleType] = {}


def _find(module_name: str) -> str | None:
    """The dotted name of ``module_name`` under whichever tag package holds it."""
    import importlib.util
    import pkgutil

    api = import_module(_API_PACKAGE)
    for info in pkgutil.iter_modules(api.__path__):
        if not info.ispkg:
            continue
        dotted = f"{_API_PACKAGE}.{info.name}.{module_name}"
        try:
            found = importlib.util.find_spec(dotted)
        except (ImportError, ValueError):  # e.g. a module name with a dot in it
            found = None
        if found is not None:
            return dotted
    return None


def load(operation_id: str) -> ModuleType:
    """The generated module of a wrapped operation; raise OperationUnavailableError if gone."""
    module = _loaded.get(operation_id)
    if module is not None:
        return module
    wrapped = WRAPPED_OPERATIONS[operation_id]
    dotted = _find(wrapped.module)
    if dotted is None:
        from ._exceptions import OperationUnavailableError
        from ._version import __spec_version__

        raise OperationUnavailableError(
            f"The API operation {operation_id} is not in the spec this fireworks-rft was built "
            f"from (Gateway REST API {__spec_version__}), so {', '.join(wrapped.used_by)} "
            "cannot be used. Install a fireworks-rft whose spec has it.",
            operation_id=operation_id,
        )
    module = _loaded[operation_id] = import_module(dotted)
    return module


@functools.cache
def body_type(module: ModuleType) -> Any:
    """The generated model class of an operation's JSON request body (looked up once)."""
    function = module.sync_detailed
    annotation = inspect.signature(function).parameters["body"].annotation
    if isinstance(annotation, str):  # postponed annotations
        annotation = typing.get_type_hints(function)["body"]
    return annotation
