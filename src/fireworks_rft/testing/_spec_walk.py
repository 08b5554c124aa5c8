"""One operation of an OpenAPI document as a document of its own, with what it reaches.

The emulator validates each request against its operation's own document, and
``make update-spec`` (``tools/spec_merge.py``) validates each published operation alone and
prunes the components no operation reaches: both walk ``$ref`` the same way, here. Standard
library only.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

#: The keys of a path item that are operations.
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
_COMPONENT_REF = re.compile(r"#/components/([^/]+)/([^/]+)")


def refs(node: Any) -> Iterator[str]:
    """Every ``$ref`` under ``node``."""
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str):
            yield ref
        for value in node.values():
            yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def component_of(ref: str) -> tuple[str, str] | None:
    """``(kind, name)`` of a ``#/components/{kind}/{name}`` reference (JSON-pointer unescaped)."""
    match = _COMPONENT_REF.fullmatch(ref)
    if match is None:
        return None
    return match.group(1), match.group(2).replace("~1", "/").replace("~0", "~")


def referenced_components(
    document: Mapping[str, Any], roots: Iterable[Any]
) -> set[tuple[str, str]]:
    """The components that ``roots`` reference, directly or through other components."""
    components = document.get("components") or {}
    found: set[tuple[str, str]] = set()
    pending = [ref for root in roots for ref in refs(root)]
    while pending:
        key = component_of(pending.pop())
        if key is None or key in found:
            continue
        target = (components.get(key[0]) or {}).get(key[1])
        if target is None:
            continue
        found.add(key)
        pending.extend(refs(target))
    return found


def security_schemes(roots: Iterable[Any]) -> set[tuple[str, str]]:
    """The security schemes that the ``security`` requirements of ``roots`` name."""
    names: set[str] = set()
    for root in roots:
        for requirement in (root.get("security") if isinstance(root, Mapping) else None) or []:
            names.update(requirement)
    return {("securitySchemes", name) for name in names}


def one_operation(document: Mapping[str, Any], path: str, method: str) -> dict[str, Any]:
    """A copy of ``document`` with one operation and only the components it reaches.

    It keeps the path item's shared keys (parameters, servers, ...), every top-level key but
    the paths and components, the components the operation reaches, and the security
    schemes the document or the operation names.
    """
    item = document["paths"][path]
    single = {k: v for k, v in item.items() if k == method or k not in METHODS}
    wanted = referenced_components(document, [single])
    wanted |= security_schemes([document, item[method]])
    sub: dict[str, Any] = {k: v for k, v in document.items() if k not in ("paths", "components")}
    sub["paths"] = {path: single}
    components: dict[str, Any] = {}
    for kind, name in sorted(wanted):
        entries = (document.get("components") or {}).get(kind) or {}
        if name in entries:
            components.setdefault(kind, {})[name] = entries[name]
    if components:
        sub["components"] = components
    return copy.deepcopy(sub)
