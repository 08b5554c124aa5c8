"""The deterministic pre-pass over ``openapi.yaml`` that the generator reads instead.

openapi-python-client names a schema's class (and module) after its ``title`` when it has
one. The Gateway spec's titles are not names: ``'Next ID: 29'``, ``Mimics [https://...]``,
multi-line prose, and duplicates. So before generation every schema's ``title`` moves into
its ``description`` (as the first paragraph; nothing is lost from the docstrings), and the
generator falls back to what it names untitled schemas after: the component key
(``gatewayRlorTrainerJob`` becomes ``GatewayRlorTrainerJob``), or, for an inline schema, its
parent's class name and the property name. Adding a field, or renaming a title, then never
renames a class, and two equal titles never collide.

Second, every operation gets the one tag ``Gateway``: the generator puts each operation's
module under ``fireworks_gateway.api.<its first tag>``, so a tag Fireworks renames or adds
(the merged docs document tags by product area) would move modules and break imports. With
one stable tag, ``fireworks_gateway.api.gateway.<operation>`` never moves.

Third, an operation's own ``security`` that repeats the document's is dropped: it says
nothing more (the merged docs repeat ``BearerAuth`` on every operation), but the generator
would type those operations' ``client`` as ``AuthenticatedClient`` instead of ``Client``,
and the facade's client (a ``Client``, which sends the key on every request itself) would no
longer type-check against them. An operation whose ``security`` differs is left as it is.

Fourth, a component schema whose class name would be one the generated modules import
for themselves (``Response``, ``Client``, ``File``, ``Unset``: the merged docs have a
``Response``) is generated as ``<name>Object``, every reference to it following; else an
endpoint module would parse its answer with the wrong class.

Nothing else changes, and ``openapi.yaml`` itself is never rewritten by this step.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

#: The one tag every operation is generated under (``fireworks_gateway.api.gateway``).
STABLE_TAG = "Gateway"
#: Keywords whose values are schemas, or maps/lists of schemas (JSON Schema 2020-12 / OAS 3.1).
_SCHEMA_KEYS = ("items", "not", "additionalProperties", "contains", "propertyNames")
_SCHEMA_MAP_KEYS = ("properties", "patternProperties", "$defs")
_SCHEMA_LIST_KEYS = ("allOf", "oneOf", "anyOf", "prefixItems")
_METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options", "trace"})
#: Names the generated modules import for themselves (``...client``, ``...types``).
_RESERVED = frozenset({"response", "client", "authenticatedclient", "file", "filetypes", "unset"})
_SCHEMAS = "#/components/schemas/"


def _unreserve(document: dict[str, Any]) -> None:
    """Rename component schemas whose class name the generated modules already use."""
    schemas = (document.get("components") or {}).get("schemas") or {}
    renamed = {
        name: f"{name}Object"
        for name in list(schemas)
        if name.replace("_", "").lower() in _RESERVED and f"{name}Object" not in schemas
    }
    if not renamed:
        return
    for name, new in renamed.items():
        schemas[new] = schemas.pop(name)
    refs = {_SCHEMAS + name: _SCHEMAS + new for name, new in renamed.items()}

    def follow(node: Any) -> Any:
        if isinstance(node, dict):
            return {key: follow(value) for key, value in node.items()}
        if isinstance(node, list):
            return [follow(value) for value in node]
        return refs.get(node, node) if isinstance(node, str) else node

    document.update(follow(document))


def untitle_schema(schema: Any) -> None:
    """Move ``title`` into ``description`` in ``schema`` and every schema inside it."""
    if not isinstance(schema, dict):
        return
    title = schema.pop("title", None)
    if isinstance(title, str) and title.strip():
        description = schema.get("description")
        if isinstance(description, str) and description.strip():
            if title.strip() not in description:
                schema["description"] = f"{title.strip()}\n\n{description}"
        else:
            schema["description"] = title.strip()
    for key in _SCHEMA_KEYS:
        untitle_schema(schema.get(key))
    for key in _SCHEMA_MAP_KEYS:
        children = schema.get(key)
        if isinstance(children, dict):
            for child in children.values():
                untitle_schema(child)
    for key in _SCHEMA_LIST_KEYS:
        children = schema.get(key)
        if isinstance(children, list):
            for child in children:
                untitle_schema(child)


def _media_schemas(node: Any) -> list[Any]:
    content = node.get("content") if isinstance(node, dict) else None
    if not isinstance(content, dict):
        return []
    return [media.get("schema") for media in content.values() if isinstance(media, dict)]


def prepare_for_generator(document: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``document`` with every schema untitled (see the module docstring)."""
    prepared: dict[str, Any] = copy.deepcopy(dict(document))
    prepared["tags"] = [{"name": STABLE_TAG}]
    _unreserve(prepared)
    components = prepared.get("components") or {}
    for schema in (components.get("schemas") or {}).values():
        untitle_schema(schema)
    for kind in ("parameters", "headers"):
        for item in (components.get(kind) or {}).values():
            if isinstance(item, dict):
                untitle_schema(item.get("schema"))
    for kind in ("requestBodies", "responses"):
        for item in (components.get(kind) or {}).values():
            for schema in _media_schemas(item):
                untitle_schema(schema)
    for item in (prepared.get("paths") or {}).values():
        if not isinstance(item, dict):
            continue
        operations = [op for key, op in item.items() if key in _METHODS and isinstance(op, dict)]
        for parameter in item.get("parameters") or []:
            if isinstance(parameter, dict):
                untitle_schema(parameter.get("schema"))
        for operation in operations:
            operation["tags"] = [STABLE_TAG]
            if "security" in prepared and operation.get("security") == prepared["security"]:
                del operation["security"]  # repeats the document's: says nothing more
            for parameter in operation.get("parameters") or []:
                if isinstance(parameter, dict):
                    untitle_schema(parameter.get("schema"))
            for schema in _media_schemas(operation.get("requestBody")):
                untitle_schema(schema)
            for response in (operation.get("responses") or {}).values():
                for schema in _media_schemas(response):
                    untitle_schema(schema)
    return prepared
