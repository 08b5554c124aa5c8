"""Copies of what an error carries, safe to pickle: requests and responses without the key.

RL loops run in worker pools, so errors cross process boundaries; the copy of a request
drops its Authorization header, and a response is copied with its body only if it was read.
"""

from __future__ import annotations

import contextlib
from typing import Any

import httpx


def rebuild(cls: type[Exception], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    """Rebuild a pickled error from its class, args and fields."""
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


def picklable(value: object) -> object:
    """``value``, or a copy without credentials when it is a request or a response."""
    if isinstance(value, httpx.Request):
        return safe_request(value)
    if isinstance(value, httpx.Response):
        copy = httpx.Response(
            value.status_code,
            headers=value.headers,
            content=value.content if is_read(value) else b"",
        )
        with contextlib.suppress(RuntimeError):  # a response built without a request
            copy.request = safe_request(value.request)
        return copy
    return value


def is_read(response: httpx.Response) -> bool:
    """Whether the response's body was read."""
    try:
        response.content  # noqa: B018 - raises until the body was read
    except httpx.ResponseNotRead:
        return False
    return True


def safe_request(request: httpx.Request) -> httpx.Request:
    """A copy of ``request`` without its Authorization header."""
    headers = httpx.Headers(
        [(k, v) for k, v in request.headers.multi_items() if k.lower() != "authorization"]
    )
    try:
        content = request.content
    except httpx.RequestNotRead:
        content = b""
    return httpx.Request(request.method, request.url, headers=headers, content=content)
