"""Merge spec sources into ``openapi.yaml``, and write it as canonical YAML.

``openapi.yaml`` holds the operations the SDK supports. The rules:

- Each source adds its operations, or replaces the operation with the same method and path,
  together with every component they reference (transitively). A component the source
  redefines is replaced.
- A source never removes anything: a single-operation page says nothing about the others.
  Removing an operation is an explicit request (by operationId).
- Components that no operation references any more are dropped.
- Each operation records the ``info.version`` of the source it came from in
  ``x-fireworks-source-version``, and that source's file name (the last part of its path
  or URL) in ``x-fireworks-source``: two sources of one version can differ (Fireworks
  publishes the Gateway document and a merged one, both 4.259.0), so the version alone
  does not say which one an operation is verbatim from. Each component is in the top-level
  ``x-fireworks-component-versions`` map; ``info.version`` is the newest of them.
- Per-operation version precedence: a source older than what ``openapi.yaml`` holds never
  replaces an operation or a component unless asked (``allow_downgrade``); what was kept is
  noted for the report.
- ``servers``: path-level and operation-level ``servers`` come along with their operations.
  A source whose top-level ``servers`` differ from ``openapi.yaml``'s gives its operations
  its servers as operation-level ``servers``: nothing is re-routed silently.
- The result is canonical: paths and components sorted by name, fixed top-level order,
  multi-line strings as literal blocks. The same API always gives the same bytes.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs
import yaml

from fireworks_rft.testing._spec_walk import METHODS, referenced_components, security_schemes

from .spec_sources import Source

SOURCE_VERSION = "x-fireworks-source-version"
SOURCE = "x-fireworks-source"
COMPONENT_VERSIONS = "x-fireworks-component-versions"
#: Keys of a path item that belong to all its operations.
PATH_ITEM_KEYS = ("servers", "parameters", "summary", "description")
_TOP_LEVEL = (
    "openapi",
    "info",
    "servers",
    "security",
    "tags",
    "paths",
    "components",
    COMPONENT_VERSIONS,
)


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


def _roots(document: Mapping[str, Any]) -> list[Any]:
    return [document.get("security") or [], *(op for _, _, op in operations(document))]


def _older(version: str, than: str) -> bool:
    return version_key(version) < version_key(than)


def _component_versions(merged: dict[str, Any]) -> dict[str, str]:
    """``kind/name`` → version, filled in for components recorded before the map existed.

    A component without a record takes the newest version of the operations using it.
    """
    versions: dict[str, str] = dict(merged.get(COMPONENT_VERSIONS) or {})
    for _, _, operation in operations(merged):
        version = str(operation.get(SOURCE_VERSION, "0"))
        for kind, name in referenced_components(merged, [operation]):
            key = f"{kind}/{name}"
            recorded = key in (merged.get(COMPONENT_VERSIONS) or {})
            if not recorded and (key not in versions or _older(versions[key], version)):
                versions[key] = version
    return versions


def _find(merged: dict[str, Any], path: str, method: str, operation_id: object) -> Any:
    """The current operation at ``method path``, or with ``operation_id``: (path, method, op)."""
    for found in operations(merged):
        if (found[0], found[1]) == (path, method):
            return found
    for found in operations(merged):
        if operation_id and found[2].get("operationId") == operation_id:
            return found
    return None


def _add_source(
    merged: dict[str, Any], source: Source, allow_downgrade: bool, notes: list[str]
) -> None:
    document = source.document
    paths = merged.setdefault("paths", {})
    versions = _component_versions(merged)
    own_servers = document.get("servers") or []
    reroute = (
        bool(own_servers) and bool(merged.get("servers")) and (own_servers != merged.get("servers"))
    )
    taken = []
    for path, method, operation in operations(document):
        operation_id = operation.get("operationId")
        current = _find(merged, path, method, operation_id)
        if current is not None:
            held = str(current[2].get(SOURCE_VERSION, "0"))
            if _older(source.version, held) and not allow_downgrade:
                if _comparable(current[2]) != _comparable(operation):
                    notes.append(
                        f"kept {operation_id or method.upper() + ' ' + path} from {held}: "
                        f"{source.label} is older ({source.version}); ALLOW_DOWNGRADE=1 takes it"
                    )
                continue
            del paths[current[0]][current[1]]
            if not any(m in paths[current[0]] for m in METHODS):
                del paths[current[0]]
        operation = copy.deepcopy(operation)
        operation[SOURCE_VERSION] = source.version
        operation[SOURCE] = source_name(source.label)
        item = document["paths"][path]
        target = paths.setdefault(path, {})
        for key in PATH_ITEM_KEYS:
            if key in item:
                target[key] = copy.deepcopy(item[key])
        if reroute and "servers" not in operation and "servers" not in item:
            operation["servers"] = copy.deepcopy(own_servers)
        target[method] = operation
        taken.append(operation)
        taken.append({key: item[key] for key in PATH_ITEM_KEYS if key in item})
    roots = taken
    wanted = referenced_components(document, roots)
    wanted |= security_schemes([document, *taken])
    components = merged.setdefault("components", {})
    for kind, name in sorted(wanted):
        key = f"{kind}/{name}"
        new = document["components"][kind][name]
        old = components.get(kind, {}).get(name)
        if (
            old is not None
            and _older(source.version, versions.get(key, "0"))
            and not allow_downgrade
        ):
            if old != new:
                notes.append(
                    f"kept component {name} from {versions[key]}: {source.label} is older "
                    f"({source.version})"
                )
            continue
        components.setdefault(kind, {})[name] = copy.deepcopy(new)
        versions[key] = source.version
    merged[COMPONENT_VERSIONS] = versions
    if own_servers and not merged.get("servers"):
        merged["servers"] = copy.deepcopy(own_servers)
    for key in ("security", "tags"):
        for entry in document.get(key) or []:
            if entry not in merged.setdefault(key, []):
                merged[key].append(copy.deepcopy(entry))
    if "openapi" in document and not _older(source.version, _newest(merged)):
        merged["openapi"] = document["openapi"]


def _comparable(operation: Mapping[str, Any]) -> dict[str, Any]:
    return published(operation)


def published(operation: Mapping[str, Any]) -> dict[str, Any]:
    """An operation as its source published it: without what the merge records."""
    return {k: v for k, v in operation.items() if k not in (SOURCE_VERSION, SOURCE)}


def source_name(label: str) -> str:
    """The file name of a source: the last part of its path or URL (query left out)."""
    return re.split(r"[/\\]", label.split("?", 1)[0].rstrip("/"))[-1]


def _newest(merged: Mapping[str, Any]) -> str:
    versions = [str(op.get(SOURCE_VERSION, "0")) for _, _, op in operations(merged)]
    return max(versions, key=version_key) if versions else "0"


def only_operations(source: Source, only: Iterable[str]) -> Source:
    """``source`` with only the operations named in ``only`` (by operationId)."""
    wanted = set(only)
    document = copy.deepcopy(dict(source.document))
    for path, method, operation in list(operations(document)):
        if operation.get("operationId") not in wanted:
            del document["paths"][path][method]
            if not any(m in document["paths"][path] for m in METHODS):
                del document["paths"][path]
    return attrs.evolve(source, document=document)


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
    keep = referenced_components(merged, roots) | security_schemes([merged, *roots])
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
    current: Mapping[str, Any],
    sources: Iterable[Source],
    remove: Iterable[str] = (),
    *,
    allow_downgrade: bool = False,
    notes: list[str] | None = None,
) -> dict[str, Any]:
    """``current`` with each source merged in, in order, then the removals; see the module.

    What version precedence kept is appended to ``notes``.
    """
    notes = notes if notes is not None else []
    merged = copy.deepcopy(dict(current))
    fallback = str((merged.get("info") or {}).get("version", "0"))
    for _, _, operation in operations(merged):
        operation.setdefault(SOURCE_VERSION, fallback)
    for source in sources:
        _add_source(merged, source, allow_downgrade, notes)
    for operation_id in remove:
        _remove(merged, operation_id)
    _prune(merged)
    kept = {
        f"{kind}/{name}"
        for kind, names in (merged.get("components") or {}).items()
        for name in names
    }
    if COMPONENT_VERSIONS in merged:
        merged[COMPONENT_VERSIONS] = {
            key: version
            for key, version in sorted(merged[COMPONENT_VERSIONS].items())
            if key in kept
        }
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
