"""Compare two OpenAPI documents and report what changed for users of the generated SDK.

    python -m tools.spec_diff OLD NEW     # prints the markdown report; exit 1 if BREAKING

The verdicts are a client's, not a server's. BREAKING is whatever can break code written
against the generated SDK or the facade:

- a removed operation, or a changed operationId (the generated module goes away);
- a removed field, parameter or enum value;
- a type narrowed, or a ``format`` change that changes the generated Python type
  (``date-time``, ``date``, ``uuid``, ``binary``: e.g. ``datetime`` becoming ``str``);
- a new required input (request field, parameter or body);
- a response field no longer required;
- a removed component, i.e. a generated class that goes away or is renamed (class names come
  from component keys: tools/prepass.py);
- a changed base URL (``servers``).

Schemas are compared after resolving ``$ref`` (recursive schemas stop at the first repeat),
flattening ``allOf``, and merging ``oneOf``/``anyOf`` alternatives; ``additionalProperties``
value schemas are compared like fields (``name{*}``).

Why our own rules: api-smart-diff (npm) judges from the server's side (a removed request
field or a new enum value is "non-breaking" there, but breaks code written against the SDK);
@pb33f/openapi-changes downloads a Go binary when installed; oasdiff is on neither PyPI nor
npm. No tool on either registry gets the client-side verdict right, so the rules stay here.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from tools.fast_yaml import load as load_yaml

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")
SECTIONS = {
    "version": "Version",
    "server": "Servers",
    "operation": "Operations",
    "parameter": "Parameters",
    "request": "Request bodies",
    "response": "Responses",
    "component": "Components (generated classes)",
}
#: Formats that change the Python type openapi-python-client generates for a string.
TYPED_FORMATS = frozenset({"date-time", "date", "uuid", "binary"})


@attrs.frozen
class Change:
    """One change: its section, whether it breaks SDK users, and what it is."""

    section: str
    breaking: bool
    text: str


Doc = Mapping[str, Any]


def _follow(node: Any, doc: Doc, chain: frozenset[str]) -> tuple[Any, frozenset[str]]:
    """Follow local ``$ref``s; a reference already in ``chain`` resolves to None (a cycle)."""
    while isinstance(node, Mapping) and "$ref" in node:
        ref = str(node["$ref"])
        if ref in chain or not ref.startswith("#/"):
            return None, chain
        chain = chain | {ref}
        target: Any = doc
        for part in ref[2:].split("/"):
            target = (target or {}).get(part.replace("~1", "/").replace("~0", "~"))
        node = target
    return node, chain


def _resolve(node: Any, doc: Doc) -> Any:
    return _follow(node, doc, frozenset())[0] or {}


def _flatten(node: Any, doc: Doc, chain: frozenset[str]) -> tuple[dict[str, Any], frozenset[str]]:
    """One effective schema: ``$ref`` followed, ``allOf`` merged, ``oneOf``/``anyOf`` joined."""
    node, chain = _follow(node, doc, chain)
    if not isinstance(node, Mapping):
        return {}, chain
    flat: dict[str, Any] = {k: v for k, v in node.items() if k not in ("allOf", "oneOf", "anyOf")}
    properties = dict(flat.get("properties") or {})
    required = list(flat.get("required") or [])
    types = set(_types(flat))
    for key in ("allOf", "oneOf", "anyOf"):
        for member in node.get(key) or []:
            part, _ = _flatten(member, doc, chain)
            properties.update({k: v for k, v in (part.get("properties") or {}).items()})
            if key == "allOf":
                required += [r for r in part.get("required") or [] if r not in required]
            types |= _types(part)
            for keyword in ("format", "enum", "items", "additionalProperties"):
                if keyword in part and keyword not in flat:
                    flat[keyword] = part[keyword]
    if properties:
        flat["properties"] = properties
    if required:
        flat["required"] = required
    if types:
        flat["type"] = sorted(types)
    return flat, chain


def _types(schema: Mapping[str, Any]) -> frozenset[str]:
    kind = schema.get("type")
    if kind is None:
        if "properties" in schema or "additionalProperties" in schema:
            return frozenset({"object"})
        return frozenset()  # unconstrained
    kinds = frozenset(kind if isinstance(kind, list) else [kind])
    if schema.get("nullable"):
        kinds |= {"null"}
    return kinds


def _type_name(schema: Mapping[str, Any]) -> str:
    kinds = sorted(_types(schema))
    name = "|".join(kinds) if kinds else "any"
    return f"{name} ({schema['format']})" if schema.get("format") else name


def _narrowed(old: frozenset[str], new: frozenset[str]) -> bool:
    """Whether a value of type ``old`` may not fit ``new`` (an empty set: any type)."""
    if not new:
        return False
    if not old:
        return True
    accepted = set(new) | ({"integer"} if "number" in new else set())
    return not old <= accepted


@attrs.frozen
class _Walk:
    old_doc: Doc
    new_doc: Doc
    where: str
    request: bool


def _schema_changes(
    walk: _Walk,
    old: Any,
    new: Any,
    field: str = "",
    chains: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
) -> Iterator[tuple[bool, str]]:
    """Yield (breaking, text) for each difference between two schemas, field by field."""
    old, old_chain = _flatten(old, walk.old_doc, chains[0])
    new, new_chain = _flatten(new, walk.new_doc, chains[1])
    where, request = walk.where, walk.request
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
    old_format, new_format = old.get("format"), new.get("format")
    if old_format != new_format:
        typed = bool({old_format, new_format} & TYPED_FORMATS)
        yield (
            typed,
            f"{where}: format of {name} changed from {old_format or 'none'} to "
            f"{new_format or 'none'}" + (" (the generated Python type changes)" if typed else ""),
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

    nested = (old_chain, new_chain)
    old_props = old.get("properties") or {}
    new_props = new.get("properties") or {}
    old_required = set(old.get("required") or [])
    new_required = set(new.get("required") or [])
    prefix = f"{field}." if field else ""
    for prop in sorted(old_props.keys() - new_props.keys()):
        yield True, f"{where}: removed field `{prefix}{prop}`"
    for prop in sorted(new_props.keys() - old_props.keys()):
        kind = _type_name(_flatten(new_props[prop], walk.new_doc, new_chain)[0])
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
        yield from _schema_changes(walk, old_props[prop], new_props[prop], path, nested)
    if "items" in old or "items" in new:
        items = f"{field}[]" if field else "[]"
        yield from _schema_changes(walk, old.get("items"), new.get("items"), items, nested)
    old_extra, new_extra = old.get("additionalProperties"), new.get("additionalProperties")
    if isinstance(old_extra, Mapping) or isinstance(new_extra, Mapping):
        values = f"{field}{{*}}" if field else "{*}"
        if not isinstance(new_extra, Mapping) and new_extra is False:
            yield True, f"{where}: {name} no longer takes additional properties"
        else:
            yield from _schema_changes(
                walk,
                old_extra if isinstance(old_extra, Mapping) else {},
                new_extra if isinstance(new_extra, Mapping) else {},
                values,
                nested,
            )


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


def _json_schema(body: Any, doc: Doc) -> Any:
    content = (_resolve(body, doc) or {}).get("content") or {}
    media = content.get("application/json") or next(iter(content.values()), {})
    return media.get("schema") or {}


def _params(
    operation: Mapping[str, Any], item: Mapping[str, Any], doc: Doc
) -> dict[tuple[str, str], Any]:
    params = {}
    for raw in [*(item.get("parameters") or []), *(operation.get("parameters") or [])]:
        param = _resolve(raw, doc)
        params[(str(param.get("in")), str(param.get("name")))] = param
    return params


def _class_name(key: str) -> str:
    """The class openapi-python-client generates for a component key (after the pre-pass)."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in key).split() if w]
    return "".join(w[:1].upper() + w[1:] for w in words)


def _server_urls(doc: Doc) -> list[str]:
    return [str(s.get("url")) for s in doc.get("servers") or [] if isinstance(s, Mapping)]


def _operation_changes(
    old: Doc, new: Doc, key: tuple[str, str], before: Mapping[str, Any], after: Mapping[str, Any]
) -> Iterator[Change]:
    label = _label(key, after)
    if before.get("operationId") != after.get("operationId"):
        yield Change(
            "operation",
            True,
            f"operationId of {key[0]} {key[1]} changed from {before.get('operationId')} to "
            f"{after.get('operationId')}",
        )
    old_params = _params(before, _resolve((old.get("paths") or {})[key[1]], old), old)
    new_params = _params(after, _resolve((new.get("paths") or {})[key[1]], new), new)
    for where, pname in sorted(old_params.keys() - new_params.keys()):
        yield Change("parameter", True, f"{label}: removed {where} parameter `{pname}`")
    for where, pname in sorted(new_params.keys() - old_params.keys()):
        required = bool(new_params[(where, pname)].get("required"))
        kind = "required" if required else "optional"
        yield Change("parameter", required, f"{label}: added {kind} {where} parameter `{pname}`")
    for pkey in sorted(old_params.keys() & new_params.keys()):
        was, now = old_params[pkey], new_params[pkey]
        if not was.get("required") and now.get("required"):
            yield Change(
                "parameter", True, f"{label}: {pkey[0]} parameter `{pkey[1]}` is now required"
            )
        walk = _Walk(old, new, f"{label}: {pkey[0]} parameter `{pkey[1]}`", request=True)
        for breaking, text in _schema_changes(walk, was.get("schema"), now.get("schema")):
            yield Change("parameter", breaking, text)

    old_body, new_body = before.get("requestBody"), after.get("requestBody")
    if old_body is None and new_body is not None:
        required = bool(_resolve(new_body, new).get("required"))
        kind = "a required" if required else "an optional"
        yield Change("request", required, f"{label}: added {kind} request body")
    elif old_body is not None and new_body is None:
        yield Change("request", True, f"{label}: removed the request body")
    elif old_body is not None and new_body is not None:
        if not _resolve(old_body, old).get("required") and _resolve(new_body, new).get("required"):
            yield Change("request", True, f"{label}: the request body is now required")
        walk = _Walk(old, new, f"{label} request body", request=True)
        for breaking, text in _schema_changes(
            walk, _json_schema(old_body, old), _json_schema(new_body, new)
        ):
            yield Change("request", breaking, text)

    old_responses = before.get("responses") or {}
    new_responses = after.get("responses") or {}
    for status in sorted(old_responses.keys() - new_responses.keys()):
        yield Change("response", True, f"{label}: removed response {status}")
    for status in sorted(new_responses.keys() - old_responses.keys()):
        yield Change("response", False, f"{label}: added response {status}")
    for status in sorted(old_responses.keys() & new_responses.keys()):
        walk = _Walk(old, new, f"{label} response {status}", request=False)
        for breaking, text in _schema_changes(
            walk,
            _json_schema(old_responses[status], old),
            _json_schema(new_responses[status], new),
        ):
            yield Change("response", breaking, text)


def diff(old: Doc, new: Doc, used_by: Mapping[str, Sequence[str]] | None = None) -> list[Change]:
    """Every change from ``old`` to ``new`` that users of the generated SDK can notice.

    ``used_by`` maps operationIds to the facade methods that call them; a removal names them.
    """
    used_by = used_by or {}
    changes: list[Change] = []
    old_version = str((old.get("info") or {}).get("version"))
    new_version = str((new.get("info") or {}).get("version"))
    if old_version != new_version:
        changes.append(Change("version", False, f"info.version: {old_version} → {new_version}"))

    old_servers, new_servers = _server_urls(old), _server_urls(new)
    if old_servers != new_servers:
        changes.append(
            Change(
                "server",
                True,
                f"servers (the base URL) changed from {old_servers} to {new_servers}",
            )
        )

    old_ops, new_ops = _operations(old), _operations(new)
    for key in sorted(old_ops.keys() - new_ops.keys()):
        text = f"removed operation {_label(key, old_ops[key])}"
        callers = used_by.get(str(old_ops[key].get("operationId")))
        if callers:
            text += f"; this breaks {', '.join(callers)}"
        changes.append(Change("operation", True, text))
    for key in sorted(new_ops.keys() - old_ops.keys()):
        changes.append(Change("operation", False, f"added operation {_label(key, new_ops[key])}"))
    for key in sorted(old_ops.keys() & new_ops.keys()):
        changes.extend(_operation_changes(old, new, key, old_ops[key], new_ops[key]))

    old_schemas = (old.get("components") or {}).get("schemas") or {}
    new_schemas = (new.get("components") or {}).get("schemas") or {}
    for name in sorted(old_schemas.keys() - new_schemas.keys()):
        changes.append(
            Change(
                "component",
                True,
                f"removed or renamed component `{name}`: generated class `{_class_name(name)}` "
                "goes away",
            )
        )
    for name in sorted(new_schemas.keys() - old_schemas.keys()):
        changes.append(
            Change("component", False, f"added component `{name}` (class `{_class_name(name)}`)")
        )
    for name in sorted(old_schemas.keys() & new_schemas.keys()):
        if old_schemas[name] != new_schemas[name]:
            walk = _Walk(old, new, f"component `{name}`", request=False)
            ref = f"#/components/schemas/{name}"
            details = list(_schema_changes(walk, {"$ref": ref}, {"$ref": ref}))
            if details:
                changes.append(
                    Change(
                        "component",
                        False,
                        f"component `{name}` was redefined (its changes are listed under the "
                        "operations that use it)",
                    )
                )
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
    document = load_yaml(path.read_text(encoding="utf-8"))
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
