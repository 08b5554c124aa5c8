"""Validate HTTP requests against the bundled ``openapi.yaml`` with openapi-core."""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Mapping
from typing import Any

import attrs
import yaml
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.paths.exceptions import OperationNotFound, PathNotFound
from openapi_core.validation.request.exceptions import SecurityValidationError
from werkzeug.datastructures import Headers

from .. import spec_text
from ._spec_walk import one_operation

#: gRPC status codes, as grpc-gateway puts them in its error bodies.
GRPC_INVALID_ARGUMENT = 3
GRPC_NOT_FOUND = 5
GRPC_FAILED_PRECONDITION = 9
GRPC_UNIMPLEMENTED = 12
GRPC_INTERNAL = 13
GRPC_UNAUTHENTICATED = 16


@attrs.frozen
class Rejection:
    """Why a request does not match the spec: the HTTP status, gRPC code and message."""

    status: int
    code: int
    message: str


@attrs.frozen
class Match:
    """A request that matches an operation of the spec."""

    operation_id: str
    method: str
    path: str
    path_template: str
    path_params: Mapping[str, Any]
    body: Any


@attrs.define
class OpenAPIRequest:
    """A request in the shape openapi-core reads (its ``Request`` protocol)."""

    host_url: str
    path: str
    method: str
    body: bytes | None
    content_type: str
    parameters: RequestParameters


@attrs.frozen
class OpenAPIResponse:
    """A response in the shape openapi-core reads (its ``Response`` protocol)."""

    status_code: int
    headers: Headers
    content_type: str
    data: bytes | None


#: openapi-core checks each document it is given against the OpenAPI schema, which costs
#: more than the requests it then validates. The bundled spec was validated whole when it
#: came in (``make update-spec``): its one-operation documents are not checked again.
_UNCHECKED = Config(spec_validator_cls=None)
#: How many distinct requests, and answers, a validator keeps its verdict on: a poll sends
#: one request and gets one answer over and over until something changes.
REMEMBERED = 2048
#: Bodies larger than this (a dataset upload) are validated each time, never kept.
REMEMBERED_BODY_BYTES = 64 * 1024


class SpecValidator:
    """Matches requests to the operations of an OpenAPI document and validates them.

    openapi-core builds its validators per operation, on the first request to each, from
    a document that holds only that operation and what it references: starting costs the
    same whatever the size of the spec. ``validated=True`` says the document was validated
    whole already (as ``openapi.yaml`` was), so those documents are not checked again.
    """

    def __init__(self, document: Mapping[str, Any], *, validated: bool = False) -> None:
        self.document = document
        self._config = _UNCHECKED if validated else None
        servers = document.get("servers") or [{"url": "http://localhost"}]
        self.server_url = str(servers[0]["url"]).rstrip("/")
        self._routes = _routes(document)
        self._requests: dict[tuple[str, str], OpenAPI] = {}
        self._answers: dict[tuple[str, str], OpenAPI] = {}
        self._headers_read = _headers_read(document)
        # A verdict depends only on its arguments: openapi-core runs once for each.
        self._request_verdict = functools.lru_cache(REMEMBERED)(self._unmarshal_request)
        self._answer_verdict = functools.lru_cache(REMEMBERED)(self._unmarshal_answer)

    @classmethod
    @functools.cache
    def bundled(cls) -> SpecValidator:
        """A validator for the ``openapi.yaml`` shipped with fireworks-rft (built once)."""
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 5x faster if built
        return cls(yaml.load(spec_text(), Loader=loader), validated=True)  # noqa: S506

    def operations(self) -> list[tuple[str, str, str]]:
        """Every ``(method, path template, operationId)`` of the document."""
        return [route[:3] for route in self._routes]

    def check(
        self,
        *,
        method: str,
        path: str,
        query: Mapping[str, str],
        headers: Mapping[str, str] | list[tuple[str, str]],
        body: bytes,
    ) -> Match | Rejection:
        """Return the matched operation, or why the request does not match the spec."""
        templates = [route for route in self._routes if route[3].fullmatch(path)]
        if not templates:
            return _rejection(PathNotFound(self.server_url + path))
        route = next((r for r in templates if r[0] == method.upper()), None)
        if route is None:
            return _rejection(OperationNotFound(path, method.lower()))
        header_list = list(headers.items()) if isinstance(headers, Mapping) else list(headers)
        read = tuple(
            sorted((k.lower(), v) for k, v in header_list if k.lower() in self._headers_read)
        )
        arguments = (route[:3], path, tuple(sorted(query.items())), read, body)
        if len(body) > REMEMBERED_BODY_BYTES:
            verdict = self._unmarshal_request(*arguments)
        else:
            verdict = self._request_verdict(*arguments)
        if isinstance(verdict, Rejection):
            return verdict
        # The caller's own copy: handlers may keep or change what they are given.
        return attrs.evolve(
            verdict, path_params=dict(verdict.path_params), body=copy.deepcopy(verdict.body)
        )

    def _unmarshal_request(
        self,
        route: tuple[str, str, str],
        path: str,
        query: tuple[tuple[str, str], ...],
        headers: tuple[tuple[str, str], ...],
        body: bytes,
    ) -> Match | Rejection:
        method, template, operation_id = route
        werkzeug_headers = Headers(list(headers))
        request = OpenAPIRequest(
            host_url=self.server_url,
            path=path,
            method=method.lower(),
            body=body or None,
            content_type=werkzeug_headers.get("Content-Type", ""),
            parameters=RequestParameters(query=dict(query), header=werkzeug_headers),
        )
        openapi = self._openapi(self._requests, method, template, open_enums=False)
        result = openapi.unmarshal_request(request)
        for error in result.errors:
            return _rejection(error)
        return Match(
            operation_id=operation_id,
            method=method,
            path=path,
            path_template=template,
            path_params=dict(result.parameters.path),
            body=result.body,
        )

    def response_errors(
        self, *, method: str, path: str, status: int, body: bytes, headers: Mapping[str, str]
    ) -> list[str]:
        """What openapi-core finds wrong with an answer to ``method path``; [] when valid."""
        wanted = method.upper()
        template = next(
            (t for m, t, _, pattern in self._routes if m == wanted and pattern.fullmatch(path)),
            None,
        )
        if template is None:
            return [f"no operation {method.upper()} {path}"]
        arguments = (wanted, template, path, status, body, tuple(headers.items()))
        if len(body) > REMEMBERED_BODY_BYTES:
            return list(self._unmarshal_answer(*arguments))
        return list(self._answer_verdict(*arguments))

    def _unmarshal_answer(
        self,
        method: str,
        template: str,
        path: str,
        status: int,
        body: bytes,
        headers: tuple[tuple[str, str], ...],
    ) -> tuple[str, ...]:
        request = OpenAPIRequest(
            host_url=self.server_url,
            path=path,
            method=method.lower(),
            body=None,
            content_type="",
            parameters=RequestParameters(query={}, header=Headers()),
        )
        response = OpenAPIResponse(
            status_code=status,
            headers=Headers(list(headers)),
            content_type=dict(headers).get("Content-Type", "application/json"),
            data=body,
        )
        # Answers are checked as clients must read them: enums grow, so they are open.
        openapi = self._openapi(self._answers, method, template, open_enums=True)
        result = openapi.unmarshal_response(request, response)
        return tuple(_describe(error) for error in result.errors)

    def example_response(self, checked: Match) -> Any:
        """A minimal answer the spec allows for a matched operation (required fields only)."""
        operation = self.document["paths"][checked.path_template][checked.method.lower()]
        for status in ("200", "201", "default"):
            response = (operation.get("responses") or {}).get(status)
            if response:
                content = (response.get("content") or {}).get("application/json") or {}
                return _example(content.get("schema") or {}, self.document)
        return {}

    def _openapi(
        self, cache: dict[tuple[str, str], OpenAPI], method: str, template: str, open_enums: bool
    ) -> OpenAPI:
        key = (method.lower(), template)
        found = cache.get(key)
        if found is None:
            document = _files_untyped(one_operation(self.document, template, method.lower()))
            if open_enums:
                document = _without_enums(document)
            found = cache[key] = OpenAPI.from_dict(document, config=self._config)
        return found


def _headers_read(document: Mapping[str, Any]) -> frozenset[str]:
    """The request headers a verdict can depend on, in lower case.

    ``Content-Type``, the header parameters and the security schemes' headers: no other
    header changes what openapi-core finds.
    """
    names = {"content-type"}

    def collect(node: dict[str, Any]) -> None:
        if node.get("in") == "header" and isinstance(node.get("name"), str):
            names.add(node["name"].lower())  # a header parameter, or an apiKey scheme's
        if node.get("type") == "http" and "scheme" in node:
            names.add("authorization")

    _in_place(document, collect)  # reads only
    return frozenset(names)


def _routes(document: Mapping[str, Any]) -> list[tuple[str, str, str, re.Pattern[str]]]:
    """``(METHOD, template, operationId, pattern)`` of every operation, most specific first.

    A template with more literal text wins: ``/jobs/{id}:resume`` before ``/jobs/{id}``.
    """
    routes = []
    for template, item in (document.get("paths") or {}).items():
        pattern = re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)))
        for method, operation in item.items():
            if method in {"get", "put", "post", "delete", "patch", "head", "options"}:
                operation_id = str(operation.get("operationId", ""))
                routes.append((method.upper(), str(template), operation_id, pattern))
    literal = lambda route: len(re.sub(r"\{[^}]+\}", "", route[1]))  # noqa: E731
    return sorted(routes, key=literal, reverse=True)


def _in_place(node: Any, change: Any) -> Any:
    """``node`` with ``change`` applied to it and to every mapping inside it (in place)."""
    if isinstance(node, dict):
        change(node)
        for value in node.values():
            _in_place(value, change)
    elif isinstance(node, list):
        for value in node:
            _in_place(value, change)
    return node


def _untype_file(node: dict[str, Any]) -> None:
    if node.get("format") == "binary" and node.get("type") == "string":
        del node["type"]


def _files_untyped(node: Any) -> Any:
    """``node`` with a file's ``type: string`` dropped where ``format: binary`` says it is one.

    A multipart file part arrives as bytes, which JSON Schema's ``string`` is not; the
    validator would refuse every upload. Its format still says what it is (in place).
    """
    return _in_place(node, _untype_file)


def _drop_enum(node: dict[str, Any]) -> None:
    if isinstance(node.get("enum"), list) and "type" in node:
        del node["enum"]
        node.pop("default", None)


def _without_enums(node: Any) -> Any:
    """``node`` with every ``enum`` of its schemas removed (in place)."""
    return _in_place(node, _drop_enum)


def _template_matches(template: str, path: str) -> bool:
    pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
    return re.fullmatch(pattern, path) is not None


def _rejection(error: Exception) -> Rejection:
    if isinstance(error, PathNotFound):
        return Rejection(404, GRPC_NOT_FOUND, "Not Found: no operation at this path")
    if isinstance(error, OperationNotFound):
        return Rejection(405, GRPC_UNIMPLEMENTED, "Method Not Allowed")
    if isinstance(error, SecurityValidationError):
        return Rejection(
            401, GRPC_UNAUTHENTICATED, "missing or malformed bearer token (Authorization header)"
        )
    return Rejection(400, GRPC_INVALID_ARGUMENT, _describe(error))


def _describe(error: Exception) -> str:
    cause = error.__cause__
    schema_errors = getattr(cause, "schema_errors", None)
    if schema_errors:
        parts = []
        for schema_error in schema_errors:
            where = getattr(schema_error, "json_path", "$")
            prefix = "" if where == "$" else f"{where.removeprefix('$.')}: "
            parts.append(prefix + str(getattr(schema_error, "message", schema_error)))
        return "invalid request body: " + "; ".join(parts)
    if cause is not None:
        return f"invalid request: {cause}"
    return f"invalid request: {error}"


#: Values of formatted strings that parse as what the format says ("" is no date).
_FORMATTED = {"date-time": "2026-01-01T00:00:00Z", "date": "2026-01-01", "int64": "0"}


def ref_target(ref: object, document: Mapping[str, Any]) -> Any:
    """What a local ``$ref`` (``#/components/schemas/Name``) points at in ``document``."""
    node: Any = document
    for part in str(ref).lstrip("#/").split("/"):
        node = node[part]
    return node


def _example(schema: Mapping[str, Any], document: Mapping[str, Any], depth: int = 0) -> Any:
    """A minimal value that satisfies ``schema`` (required properties only)."""
    if "$ref" in schema and depth < 20:
        return _example(ref_target(schema["$ref"], document), document, depth + 1)
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    for key in ("oneOf", "anyOf"):  # the first option that is not null
        options = [o for o in schema.get(key) or [] if isinstance(o, Mapping)]
        chosen = next((o for o in options if o.get("type") != "null"), None)
        if chosen is not None:
            return _example(chosen, document, depth + 1)
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        properties = schema.get("properties") or {}
        return {
            name: _example(properties.get(name, {}), document, depth + 1)
            for name in schema.get("required", [])
        }
    if kind == "string" and schema.get("format") in _FORMATTED:
        return _FORMATTED[schema["format"]]
    defaults: dict[str, Any] = {
        "string": "",
        "integer": 0,
        "number": 0,
        "boolean": False,
        "array": [],
    }
    return defaults.get(kind)
