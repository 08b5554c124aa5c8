"""The generated operations the facade calls: found by operationId, called, answered.

Each wrapped operation is declared once, as an :class:`Operation` beside the method that
calls it (``_async_client.py``); :func:`wrapped` is the table of them all, read by the tests
and by ``make update-spec``. openapi-python-client puts an operation in
``fireworks_gateway.api.<tag>.<operationId in snake case>``; an operation's module is looked
for under every tag on first use, so a re-tagged operation is still found, and a spec bump
that drops one leaves the package importable: only the methods that need it fail, with an
:class:`~fireworks_rft.OperationUnavailableError`. The facade calls only the generated
modules' public ``sync_detailed``/``asyncio_detailed`` functions and model classes.
"""

from __future__ import annotations

import functools
import inspect
import re
import typing
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any, NamedTuple

from ._exceptions import APIResponseValidationError, OperationUnavailableError
from ._names import ResourceRef

if TYPE_CHECKING:
    from fireworks_gateway.types import Response

#: Where openapi-python-client puts an operation: api/<tag>/<operationId in snake case>.
_API_PACKAGE = "fireworks_gateway.api"
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")


def module_name(operation_id: str) -> str:
    """The generated module's name of an operationId, as openapi-python-client names it."""
    return "_".join(word.lower() for word in _WORDS.findall(operation_id))


class Operation:
    """An operation of ``openapi.yaml`` that facade methods call by its operationId.

    Attributes:
        operation_id: Its operationId in the spec.
        used_by: The client methods that call it (for messages and ``make update-spec``).
    """

    def __init__(self, operation_id: str, *used_by: str) -> None:
        self.operation_id = operation_id
        self.used_by = used_by

    def __repr__(self) -> str:
        return f"Operation({self.operation_id!r})"

    @functools.cached_property
    def module(self) -> ModuleType:
        """The generated module (raises OperationUnavailableError when the spec lacks it)."""
        dotted = _find(module_name(self.operation_id))
        if dotted is None:
            from ._version import __spec_version__

            methods = ", ".join(f"{m}()" for m in self.used_by)
            raise OperationUnavailableError(
                f"The API operation {self.operation_id} is not in the spec this fireworks-rft "
                f"was built from (Gateway REST API {__spec_version__}), so {methods} cannot be "
                "used. Install a fireworks-rft whose spec has it.",
                operation_id=self.operation_id,
            )
        return import_module(dotted)

    def body(self, payload: dict[str, Any]) -> Any:
        """The generated model of the JSON request body, from API JSON (camelCase keys)."""
        return body_type(self.module).from_dict(payload)

    def call(self, ref: ResourceRef, *path: str, **kwargs: Any) -> Call:
        """A call of this operation on ``ref``: its path arguments and keywords."""
        return Call(self.module, ref, path, kwargs)

    def on(self, ref: ResourceRef, **kwargs: Any) -> Call:
        """A call on one named resource: ``(account, id)`` as the path arguments."""
        return self.call(ref, ref.account_id, ref.id, **kwargs)


class Call(NamedTuple):
    """A checked call: the generated module, the resource, its path arguments and keywords.

    Send it with ``call.operation.asyncio_detailed(*call.args, client=gateway, **call.kwargs)``
    (or ``sync_detailed``).
    """

    operation: ModuleType
    ref: ResourceRef
    args: tuple[str, ...]
    kwargs: dict[str, Any]


def _find(module: str) -> str | None:
    """The dotted name of ``module`` under whichever tag package holds it."""
    import importlib.util
    import pkgutil

    api = import_module(_API_PACKAGE)
    for info in pkgutil.iter_modules(api.__path__):
        dotted = f"{_API_PACKAGE}.{info.name}.{module}"
        try:
            found = info.ispkg and importlib.util.find_spec(dotted) is not None
        except (ImportError, ValueError):  # e.g. a module name with a dot in it
            found = False
        if found:
            return dotted
    return None


@functools.cache
def body_type(module: ModuleType) -> Any:
    """The generated model class of an operation's JSON request body (looked up once)."""
    function = module.sync_detailed
    annotation = inspect.signature(function).parameters["body"].annotation
    if isinstance(annotation, str):  # postponed annotations
        annotation = typing.get_type_hints(function)["body"]
    return annotation


def wrapped() -> dict[str, Operation]:
    """Every operation the facade wraps, by operationId (declared in ``_async_client``)."""
    from . import _async_client

    found = (value for value in vars(_async_client).values() if isinstance(value, Operation))
    return {op.operation_id: op for op in found}


def parsed(call: Call, response: Response[Any]) -> Any:
    """The generated model of a 2xx answer, as the operation's own module parsed it.

    A 2xx status the spec does not describe for the operation raises
    APIResponseValidationError (a body that does not match raised already, while parsing).
    """
    if response.parsed is None:
        import httpx

        raise APIResponseValidationError(
            f"The server answered {int(response.status_code)} for {call.ref.name}, a status "
            "the spec does not describe for this operation. The request was most likely "
            "processed.",
            response=httpx.Response(
                int(response.status_code), headers=response.headers, content=response.content
            ),
        )
    return response.parsed


def page_of(parsed: Any, items: str) -> tuple[list[Any], str | None]:
    """The items of one page of a list answer, and the next page's token (None: the last)."""
    found = getattr(parsed, items, None)
    values = list(found) if isinstance(found, list) else []
    token = getattr(parsed, "next_page_token", None)
    return values, token if isinstance(token, str) and token else None
