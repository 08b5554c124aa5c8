"""Find the generated function of every operation in a spec, and call it with sample data."""

from __future__ import annotations

import datetime
import enum
import functools
import importlib
import inspect
import pkgutil
import re
import typing
from collections.abc import Iterator, Mapping
from types import ModuleType
from typing import Any

import attrs
import fireworks_gateway.api
import httpx

from fireworks_rft.testing._openapi import _example, ref_target

METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


@attrs.frozen
class SpecOperation:
    method: str
    path: str
    operation_id: str
    operation: Mapping[str, Any]

    @property
    def label(self) -> str:
        return f"{self.operation_id} ({self.method} {self.path})"


def spec_operations(document: Mapping[str, Any]) -> list[SpecOperation]:
    return [
        SpecOperation(method.upper(), path, str(op.get("operationId", "")), op)
        for path, item in (document.get("paths") or {}).items()
        for method, op in item.items()
        if method in METHODS
    ]


def generated_modules(package: ModuleType = fireworks_gateway.api) -> Iterator[ModuleType]:
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        module = importlib.import_module(info.name)
        if hasattr(module, "sync_detailed") and hasattr(module, "_get_kwargs"):
            yield module


def sample_value(name: str, hint: Any) -> Any:
    """A value of the type the generated function declares for argument ``name``."""
    from fireworks_gateway.types import Unset

    options = [t for t in typing.get_args(hint) or (hint,) if t not in (Unset, type(None))]
    kind = typing.get_origin(options[0]) or options[0]
    if kind is datetime.datetime:
        return datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    if kind is datetime.date:
        return datetime.date(2026, 1, 2)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return next(iter(kind))
    if kind is bool:
        return True
    if kind in (int, float):
        return kind(1)
    if kind in (list, tuple):
        return []
    return f"sample-{name.replace('_', '-')}"


def sample_arguments(
    module: ModuleType, operation: SpecOperation, document: Mapping[str, Any]
) -> dict[str, Any]:
    """Arguments for the generated function: path parameters and a minimal valid body.

    Each from the type the generated signature declares (datetimes, enums, numbers, bodies),
    so any operation of any spec gets arguments its function accepts.
    """
    hints = typing.get_type_hints(module._get_kwargs)
    args: dict[str, Any] = {}
    for name, param in inspect.signature(module._get_kwargs).parameters.items():
        if param.default is not inspect.Parameter.empty:
            continue
        if name == "body":
            model = next(
                t for t in typing.get_args(hints[name]) or (hints[name],) if hasattr(t, "from_dict")
            )
            args[name] = model.from_dict(sample_body(operation, document))
        else:
            args[name] = sample_value(name, hints[name])
    return args


def _resolved(schema: Mapping[str, Any], document: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in schema:
        schema = ref_target(schema["$ref"], document)
    return schema


def sample_body(operation: SpecOperation, document: Mapping[str, Any]) -> dict[str, Any]:
    """A minimal valid body, of the operation's JSON or (else) first media type.

    A multipart body's binary fields get a few bytes (a file to upload).
    """
    content = operation.operation["requestBody"]["content"]
    media = "application/json" if "application/json" in content else next(iter(content))
    schema = _resolved(content[media].get("schema") or {}, document)
    body = dict(_example(schema, document) or {})
    if media.startswith("multipart/"):
        for name, field in (schema.get("properties") or {}).items():
            if _resolved(field, document).get("format") == "binary":
                body[name] = b'{"messages": []}\n'
    return body


def request_of(module: ModuleType, args: dict[str, Any]) -> tuple[str, str]:
    kwargs = module._get_kwargs(**args)
    return kwargs["method"].upper(), kwargs["url"]


def matches(operation: SpecOperation, method: str, url: str, args: dict[str, Any]) -> bool:
    path = operation.path
    for name, value in args.items():
        path = path.replace("{" + name + "}", str(value))
    return method == operation.method and url == path


def _snake(operation_id: str) -> str:
    """The module name openapi-python-client gives an operationId."""
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", operation_id.replace("-", "_"))
    return re.sub(r"_+", "_", words).lower()


@functools.cache
def _modules_by_name() -> dict[str, ModuleType]:
    return {module.__name__.rsplit(".", 1)[1]: module for module in generated_modules()}


def module_for(
    operation: SpecOperation, document: Mapping[str, Any]
) -> tuple[ModuleType, dict[str, Any]] | None:
    """The generated module of ``operation`` (by its operationId) and arguments for it."""
    module = _modules_by_name().get(_snake(operation.operation_id))
    if module is None:
        return None
    args = sample_arguments(module, operation, document)
    method, url = request_of(module, args)
    return (module, args) if matches(operation, method, url, args) else None


def success_response(operation: SpecOperation, document: Mapping[str, Any]) -> httpx.Response:
    responses = operation.operation.get("responses") or {}
    for status in sorted(responses):
        if status.startswith("2"):
            content = (responses[status].get("content") or {}).get("application/json")
            if content is None:
                return httpx.Response(int(status))
            return httpx.Response(int(status), json=_example(content.get("schema") or {}, document))
    return httpx.Response(200, json={})
