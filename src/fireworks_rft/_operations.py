"""The generated operations the facade wraps, found by operationId and loaded on first use.

Nothing here imports a generated operation at import time: a spec bump that drops one leaves
the package importable, and only the facade methods that need it fail, with an
:class:`~fireworks_rft.OperationUnavailableError` naming the operationId. The table imports
nothing of the package at module level, so tools/update_spec.py can read it from a checkout.
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
        module: Its generated module, relative to ``fireworks_gateway.api``.
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
            "gateway.gateway_execute_rlor_train_step",
            ("Client.execute_train_step", "AsyncClient.execute_train_step", "CLI train-step"),
        ),
        WrappedOperation(
            "Gateway_GetRlorTrainerJob",
            "gateway.gateway_get_rlor_trainer_job",
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
            "gateway.gateway_get_model",
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
            "gateway.gateway_delete_rlor_trainer_job",
            ("Client.delete_job", "AsyncClient.delete_job", "CLI job delete"),
        ),
    )
}

_loaded: dict[str, ModuleType] = {}


def load(operation_id: str) -> ModuleType:
    """The generated module of a wrapped operation; raise OperationUnavailableError if gone."""
    module = _loaded.get(operation_id)
    if module is not None:
        return module
    from ._exceptions import OperationUnavailableError
    from ._version import __spec_version__

    wrapped = WRAPPED_OPERATIONS[operation_id]
    name = f"{_API_PACKAGE}.{wrapped.module}"
    try:
        module = import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name is None or not name.startswith(exc.name):
            raise
        raise OperationUnavailableError(
            f"The API operation {operation_id} is not in the spec this fireworks-rft was built "
            f"from (Gateway REST API {__spec_version__}), so {', '.join(wrapped.used_by)} "
            "cannot be used. Install a fireworks-rft whose spec has it.",
            operation_id=operation_id,
        ) from None
    _loaded[operation_id] = module
    return module


@functools.cache
def body_type(module: ModuleType) -> Any:
    """The generated model class of an operation's JSON request body (looked up once)."""
    annotation = inspect.signature(module._get_kwargs).parameters["body"].annotation
    if isinstance(annotation, str):  # postponed annotations
        annotation = typing.get_type_hints(module._get_kwargs)["body"]
    return annotation
