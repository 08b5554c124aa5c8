"""Merge spec sources into ``openapi.yaml``, and write it as canonical YAML.

``openapi.yaml`` holds the operations the SDK supports. The rules:

- Each source adds its operations, or replaces the operation with the same method and path,
  together with every component they reference (transitively). A component the source
  redefines is replaced.
- A source never removes anything: a single-operation page says nothing about the others.
  Removing an operation is an explicit request (by operationId).
- Components that no operation references any more are dropped.
- Each operation records the ``info.version`` of the source it came from in
  ``x-fireworks-source-version``; ``info.version`` is the newest of them.
- The result is canonical: paths and components sorted by name, fixed top-level order,
  multi-line strings as literal blocks. The same API always gives the same bytes.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import yaml

from .spec_sources import Source

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
SOURCE_VERSION = "x-fireworks-source-version"
_TOP_LEVEL = ("openapi", "info", "servers", "security", "tags", "paths", "components")


class MergeError(Exception):
    """The merge request cannot be carried out; the message says why."""


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """Sort key of a version such as ``4.21.6``: numeric parts compare as numbers."""
    return tuple(
        (int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"[.\-+]", version)
    )


def operations(document: Mapping[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """Every ``(path, method, operation)`` of a document."""
    for path, item in (document.get("paths") or {}).items():
        for method in METHODS:
            if isinstance(item, Mapping) and method in item:
                yield str(path), method, item[method]


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _component(ref: str) -> tuple[str, str] | None:
    match = re.fullmatch(r"#/components/([^/]+)/([^/]+)", ref)
    return (match.group(1), match.group(2).replace("~1", "/").replace("~0", "~")) if match else None


def referenced_components(
    document: Mapping[str, Any], roots: Iterable[Any]
) -> set[tuple[str, str]]:
    """The components that ``roots`` reference, directly or through other components."""
    components = document.get("components") or {}
    found: set[tuple[str, str]] = set()
    pending = [ref for root in roots for ref in _refs(root)]
    while pending:
        key = _component(pending.pop())
        if key is None or key in found:
            continue
        target = (components.get(key[0]) or {}).get(key[1])
        if target is None:
            continue
        found.add(key)
        pending.extend(_refs(target))
    return found


def _security_schemes(document: Mapping[str, Any], roots: Iterable[Any]) -> set[tuple[str, str]]:
    names: set[str] = set()
    for root in roots:
        for requirement in (root.get("security") if isinstance(root, Mapping) else None) or []:
            names.update(requirement)
    return {("securitySchemes", name) for name in names}


def _roots(document: Mapping[str, Any]) -> list[Any]:
    return [document.get("security") or [], *(op for _, _, op in operations(document))]


def _add_source(merged: dict[str, Any], source: Source) -> None:
    document = source.document
    paths = merged.setdefault("paths", {})
    for path, method, operation in operations(document):
        operation = copy.deepcopy(operation)
        operation[SOURCE_VERSION] = source.version
        paths.setdefault(path, {})[method] = operation
    ops = [op for _, _, op in operations(document)]
    wanted = referenced_components(document, ops)
    wanted |= _security_schemes(document, [document, *ops])
    components = merged.setdefault("components", {})
    for kind, name in sorted(wanted):
        components.setdefault(kind, {})[name] = copy.deepcopy(document["components"][kind][name])
    if document.get("servers"):
        merged["servers"] = copy.deepcopy(document["servers"])
    for key in ("security", "tags"):
        for entry in document.get(key) or []:
            if entry not in merged.setdefault(key, []):
                merged[key].append(copy.deepcopy(entry))
    if "openapi" in document:
        merged["openapi"] = document["openapi"]


def _remove(merged: dict[str, Any], operation_id: str) -> None:
    for path, method, operation in list(operations(merged)):
        if operation.get("operationId") == operation_id:
            del merged["paths"][path][method]
            if not any(m in merged["paths"][path] for m in METHODS):
                del merged["paths"][path]
            return
    raise MergeError(f"cannot remove {operation_id}: openapi.yaml has no such operation")


def _prune(merged: dict[str, Any]) -> None:
    roots = _roots(merged)
    keep = referenced_components(merged, roots) | _security_schemes(merged, [merged, *roots])
    components = merged.get("components") or {}
    for kind in list(components):
        if kind == "securitySchemes" and not keep:
            continue
        for name in list(components[kind]):
            if (kind, name) not in keep:
                del components[kind][name]
        if not components[kind]:
            del components[kind]


def merge(
    current: Mapping[str, Any], sources: Iterable[Source], remove: Iterable[str] = ()
) -> dict[str, Any]:
    """``current`` with each source merged in, in order, then the removals; see the module."""
    merged = copy.deepcopy(dict(current))
    fallback = str((merged.get("info") or {}).get("version", "0"))
    for _, _, operation in operations(merged):
        operation.setdefault(SOURCE_VERSION, fallback)
    for source in sources:
        _add_source(merged, source)
    for operation_id in remove:
        _remove(merged, operation_id)
    _prune(merged)
    versions = [str(op[SOURCE_VERSION]) for _, _, op in operations(merged)]
    if versions:
        merged.setdefault("info", {})["version"] = max(versions, key=version_key)
    return canonical(merged)


def canonical(document: Mapping[str, Any]) -> dict[str, Any]:
    """``document`` in canonical order (see the module docstring)."""
    ordered: dict[str, Any] = {key: document[key] for key in _TOP_LEVEL if key in document}
    ordered.update({k: v for k, v in document.items() if k not in ordered})
    paths = ordered.get("paths") or {}
    ordered["paths"] = {
        path: {
            **{m: paths[path][m] for m in METHODS if m in paths[path]},
            **{k: v for k, v in paths[path].items() if k not in METHODS},
        }
        for path in sorted(paths)
    }
    components = ordered.get("components")
    if isinstance(components, Mapping):
        ordered["components"] = {
            kind: dict(sorted(entries.items())) if isinstance(entries, Mapping) else entries
            for kind, entries in components.items()
        }
    return ordered


class _Dumper(yaml.SafeDumper):
    """Block-style YAML; multi-line strings as literal blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    if "\n" in value and not any(c in value for c in "\r\t") and value == value.strip(" "):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _represent_str)


def dump(document: Mapping[str, Any]) -> str:
    """Canonical YAML text of a merged document."""
    return yaml.dump(
        canonical(document),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
