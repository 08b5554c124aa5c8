"""Compare two OpenAPI documents and report what changed for users of the generated SDK.

    python -m tools.spec_diff OLD NEW     # prints the markdown report; exit 1 if BREAKING

It lists what was added, removed or changed for operations (by method + path and by
operationId), parameters, request and response schema fields (added, removed, type changed,
optional/required, enum values) and ``info.version``. BREAKING, for an SDK user, is: a removed
operation or a changed operationId (the generated function goes away), a removed or renamed
field or parameter, a new required request field or parameter, a narrowed type (a type
dropped, or an enum put on a field that had none), and a removed enum value; also a request
body becoming required and a response field no longer required.

Why not an existing tool: api-smart-diff (npm) judges from the server's side (a removed
request field or a new enum is "non-breaking" there, but breaks code written against the
SDK); @pb33f/openapi-changes downloads a Go binary when installed; oasdiff is a Go binary on
neither PyPI nor npm. So these ~250 lines encode exactly the rules above.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import yaml

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
SECTIONS = {
    "version": "Version",
    "operation": "Operations",
    "parameter": "Parameters",
    "request": "Request bodies",
    "response": "Responses",
}


@attrs.frozen
class Change:
    """One change: its section, whether it breaks SDK users, and what it is."""

    section: str
    breaking: bool
    text: str


Doc = Mapping[str, Any]


def _resolve(node: Any, doc: Doc, seen: frozenset[str] = frozenset()) -> Any:
    """Follow local ``$ref``s (cycles stop at the repeated reference)."""
    while isinstance(node, Mapping) and "$ref" in node:
        ref = str(node["$ref"])
        if ref in seen or not ref.startswith("#/"):
            return {}
        seen = seen | {ref}
        target: Any = doc
        for part in ref[2:].split("/"):
            target = target.get(part.replace("~1", "/").replace("~0", "~"), {})
        node = target
    return node


def _operations(doc: Doc) -> dict[tuple[str, str], Mapping[str, Any]]:
    found = {}
    for path, item in (doc.get("paths") or {}).items():
        item = _resolve(item, doc)
        for method in METHODS:
            if method in item:
                found[(method.upper(), str(path))] = item[method]
    return found


def _label(key: tuple[str, str], operation: Mapping[str, Any]) -> str:
    method, path = key
    operation_id = operation.get("operationId")
    return f"{method} {path}" + (f" ({operation_id})" if operation_id else "")


def _types(schema: Mapping[str, Any]) -> frozenset[str]:
    kind = schema.get("type")
    if kind is None:
        if "properties" in schema:
            return frozenset({"object"})
        return frozenset()  # unconstrained
    kinds = frozenset(kind if isinstance(kind, list) else [kind])
    if schema.get("nullable"):
        kinds |= {"null"}
    return kinds


def _type_name(schema: Mapping[str, Any]) -> str:
    kinds = sorted(_types(schema))
    return "|".join(kinds) if kinds else "any"


def _narrowed(old: frozenset[str], new: frozenset[str]) -> bool:
    """Whether a value of type ``old`` may not fit ``new`` (an empty set: any type)."""
    if not new:
        return False
    if not old:
        return True
    accepted = set(new) | ({"integer"} if "number" in new else set())
    return not old <= accepted


def _schema_changes(
    old: Any, new: Any, old_doc: Doc, new_doc: Doc, *, where: str, request: bool, field: str = ""
) -> Iterator[tuple[bool, str]]:
    """Yield (breaking, text) for each difference between two schemas, field by field."""
    old, new = _resolve(old, old_doc), _resolve(new, new_doc)
    name = f"`{field}`" if field else "the body"
    old_types, new_types = _types(old), _types(new)
    if old_types != new_types:
        # A request may no longer accept what callers send; a response may now carry what
        # readers do not expect.
        breaking = _narrowed(old_types, new_types) if request else _narrowed(new_types, old_types)
        yield (
            breaking,
            f"{where}: type of {name} changed from {_type_name(old)} to {_type_name(new)}",
        )
    old_enum, new_enum = old.get("enum"), new.get("enum")
    if old_enum is None and new_enum is not None:
        yield request, f"{where}: {name} is now limited to the values {list(new_enum)}"
    elif old_enum is not None and new_enum is None:
        yield False, f"{where}: {name} is no longer limited to enum values"
    elif old_enum is not None and new_enum is not None:
        removed = [v for v in old_enum if v not in new_enum]
        added = [v for v in new_enum if v not in old_enum]
        if removed:
            yield True, f"{where}: enum values removed from {name}: {removed}"
        if added:
            yield False, f"{where}: enum values added to {name}: {added}"

    old_props = old.get("properties") or {}
    new_props = new.get("properties") or {}
    old_required = set(old.get("required") or [])
    new_required = set(new.get("required") or [])
    prefix = f"{field}." if field else ""
    for prop in sorted(old_props.keys() - new_props.keys()):
        yield True, f"{where}: removed field `{prefix}{prop}`"
    for prop in sorted(new_props.keys() - old_props.keys()):
        kind = _type_name(_resolve(new_props[prop], new_doc))
        if prop in new_required:
            yield request, f"{where}: added required field `{prefix}{prop}` ({kind})"
        else:
            yield False, f"{where}: added optional field `{prefix}{prop}` ({kind})"
    for prop in sorted(old_props.keys() & new_props.keys()):
        path = f"{prefix}{prop}"
        if prop not in old_required and prop in new_required:
            yield request, f"{where}: field `{path}` changed from optional to required"
        elif prop in old_required and prop not in new_required:
            yield (not request), f"{where}: field `{path}` changed from required to optional"
        yield from _schema_changes(
            old_props[prop],
            new_props[prop],
            old_doc,
            new_doc,
            where=where,
            request=request,
            field=path,
        )
    if "items" in old or "items" in new:
        yield from _schema_changes(
            old.get("items") or {},
            new.get("items") or {},
            old_doc,
            new_doc,
            where=where,
            request=request,
            field=f"{field}[]" if field else "[]",
        )


def _json_schema(body: Any, doc: Doc) -> Mapping[str, Any]:
    content = (_resolve(body, doc) or {}).get("content") or {}
    media = content.get("application/json") or next(iter(content.values()), {})
    return _resolve(media.get("schema") or {}, doc)


def _params(
    operation: Mapping[str, Any], item: Mapping[str, Any], doc: Doc
) -> dict[tuple[str, str], Any]:
    params = {}
    for raw in [*(item.get("parameters") or []), *(operation.get("parameters") or [])]:
        param = _resolve(raw, doc)
        params[(str(param.get("in")), str(param.get("name")))] = param
    return params


def diff(old: Doc, new: Doc) -> list[Change]:
    """Every change from ``old`` to ``new`` that users of the generated SDK can notice."""
    changes: list[Change] = []
    old_version = str((old.get("info") or {}).get("version"))
    new_version = str((new.get("info") or {}).get("version"))
    if old_version != new_version:
        changes.append(Change("version", False, f"info.version: {old_version} → {new_version}"))

    old_ops, new_ops = _operations(old), _operations(new)
    for key in sorted(old_ops.keys() - new_ops.keys()):
        changes.append(Change("operation", True, f"removed operation {_label(key, old_ops[key])}"))
    for key in sorted(new_ops.keys() - old_ops.keys()):
        changes.append(Change("operation", False, f"added operation {_label(key, new_ops[key])}"))

    for key in sorted(old_ops.keys() & new_ops.keys()):
        before, after = old_ops[key], new_ops[key]
        label = _label(key, after)
        if before.get("operationId") != after.get("operationId"):
            changes.append(
                Change(
                    "operation",
                    True,
                    f"operationId of {key[0]} {key[1]} changed from "
                    f"{before.get('operationId')} to {after.get('operationId')}",
                )
            )
        old_item = _resolve((old.get("paths") or {})[key[1]], old)
        new_item = _resolve((new.get("paths") or {})[key[1]], new)
        old_params = _params(before, old_item, old)
        new_params = _params(after, new_item, new)
        for where, pname in sorted(old_params.keys() - new_params.keys()):
            changes.append(
                Change("parameter", True, f"{label}: removed {where} parameter `{pname}`")
            )
        for where, pname in sorted(new_params.keys() - old_params.keys()):
            required = bool(new_params[(where, pname)].get("required"))
            changes.append(
                Change(
                    "parameter",
                    required,
                    f"{label}: added {'required' if required else 'optional'} {where} "
                    f"parameter `{pname}`",
                )
            )
        for pkey in sorted(old_params.keys() & new_params.keys()):
            was, now = old_params[pkey], new_params[pkey]
            if not was.get("required") and now.get("required"):
                changes.append(
                    Change(
                        "parameter",
                        True,
                        f"{label}: {pkey[0]} parameter `{pkey[1]}` is now required",
                    )
                )
            for breaking, text in _schema_changes(
                was.get("schema") or {},
                now.get("schema") or {},
                old,
                new,
                where=f"{label}: {pkey[0]} parameter `{pkey[1]}`",
                request=True,
            ):
                changes.append(Change("parameter", breaking, text))

        old_body, new_body = before.get("requestBody"), after.get("requestBody")
        if old_body is None and new_body is not None:
            required = bool(_resolve(new_body, new).get("required"))
            changes.append(
                Change(
                    "request",
                    required,
                    f"{label}: added {'a required' if required else 'an optional'} request body",
                )
            )
        elif old_body is not None and new_body is None:
            changes.append(Change("request", True, f"{label}: removed the request body"))
        elif old_body is not None and new_body is not None:
            if not _resolve(old_body, old).get("required") and _resolve(new_body, new).get(
                "required"
            ):
                changes.append(
                    Change("request", True, f"{label}: the request body is now required")
                )
            for breaking, text in _schema_changes(
                _json_schema(old_body, old),
                _json_schema(new_body, new),
                old,
                new,
                where=f"{label} request body",
                request=True,
            ):
                changes.append(Change("request", breaking, text))

        old_responses = before.get("responses") or {}
        new_responses = after.get("responses") or {}
        for status in sorted(old_responses.keys() - new_responses.keys()):
            changes.append(Change("response", True, f"{label}: removed response {status}"))
        for status in sorted(new_responses.keys() - old_responses.keys()):
            changes.append(Change("response", False, f"{label}: added response {status}"))
        for status in sorted(old_responses.keys() & new_responses.keys()):
            for breaking, text in _schema_changes(
                _json_schema(old_responses[status], old),
                _json_schema(new_responses[status], new),
                old,
                new,
                where=f"{label} response {status}",
                request=False,
            ):
                changes.append(Change("response", breaking, text))
    return changes


def render(changes: list[Change], old_version: str, new_version: str) -> str:
    """The report as markdown, for the terminal and the CHANGELOG."""
    breaking = [c for c in changes if c.breaking]
    lines = [f"## API changes: spec {old_version} → {new_version}", ""]
    if not changes:
        lines.append("No changes.")
    elif breaking:
        lines.append(f"**{len(breaking)} BREAKING change(s).**")
    else:
        lines.append("No breaking changes.")
    for section, title in SECTIONS.items():
        entries = [c for c in changes if c.section == section]
        if entries:
            lines += ["", f"### {title}", ""]
            lines += [f"- {'**BREAKING**: ' if c.breaking else ''}{c.text}" for c in entries]
    return "\n".join(lines) + "\n"


def load(path: Path) -> Doc:
    """Parse a YAML or JSON OpenAPI document."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(document, Mapping):
        raise ValueError(f"{path} is not an OpenAPI document (not a mapping)")
    return document


def main(argv: list[str] | None = None) -> int:
    """Command line: print the report of OLD → NEW; exit 1 when anything is BREAKING."""
    parser = argparse.ArgumentParser(description="Report the changes between two OpenAPI specs.")
    parser.add_argument("old", type=Path)
    parser.add_argument("new", type=Path)
    args = parser.parse_args(argv)
    old, new = load(args.old), load(args.new)
    changes = diff(old, new)
    print(render(changes, str(old["info"]["version"]), str(new["info"]["version"])), end="")
    return 1 if any(c.breaking for c in changes) else 0


if __name__ == "__main__":
    sys.exit(main())
