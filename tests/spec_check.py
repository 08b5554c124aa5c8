"""Check httpx requests against openapi.yaml with openapi-core."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import attrs
import httpx
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from werkzeug.datastructures import Headers

SPEC_PATH = Path(__file__).resolve().parent.parent / "openapi.yaml"


@cache
def spec() -> OpenAPI:
    return OpenAPI.from_file_path(str(SPEC_PATH))


@attrs.define
class OpenAPIRequest:
    """An httpx.Request in the shape openapi-core reads (its Request protocol)."""

    host_url: str
    path: str
    method: str
    body: bytes | None
    content_type: str
    parameters: RequestParameters


def to_openapi(request: httpx.Request) -> OpenAPIRequest:
    # The spec's server is https://api.fireworks.ai; requests to a test server are checked as if
    # sent there: the contract is the path, method, headers and body.
    return OpenAPIRequest(
        host_url="https://api.fireworks.ai",
        path=request.url.path,
        method=request.method.lower(),
        body=request.content or None,
        content_type=request.headers.get("content-type", ""),
        parameters=RequestParameters(
            query=dict(request.url.params),
            header=Headers(list(request.headers.items())),
        ),
    )


def spec_errors(request: httpx.Request) -> list[str]:
    """Everything openapi-core finds wrong with ``request``; [] when it matches the spec."""
    result = spec().unmarshal_request(to_openapi(request))
    messages = []
    for error in result.errors:
        cause = error.__cause__
        messages.append(f"{type(error).__name__}: {error}" + (f" ({cause})" if cause else ""))
    return messages
