"""Builds the ``httpx.Request`` a plain call sends: what httpx would build, merged once.

A call that adds no headers, cookies or query of its own (every generated operation but an
upload) gets the pool client's headers merged with the SDK's once per pool
(:class:`DefaultHeaders`), and :func:`plain_request` builds its request with the very URL,
headers (in httpx's order) and body bytes that ``client.build_request`` gives, without httpx
re-merging, re-encoding and re-scanning the headers on every call. Anything else is left
to httpx.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

import httpx

#: Headers httpx adds to each request itself; merged defaults that set one leave it to httpx.
_PER_REQUEST = frozenset({b"host", b"content-length", b"content-type", b"transfer-encoding"})
#: Methods httpx sends ``Content-Length: 0`` with when they carry no body.
_SIZED_METHODS = frozenset({"POST", "PUT", "PATCH"})
_NO_BODY_LENGTH = (b"Content-Length", b"0")
_JSON_TYPE = (b"Content-Type", b"application/json")


class MergedHeaders(NamedTuple):
    """The client's headers with the SDK's over them, as one ``Headers`` and as raw pairs."""

    headers: httpx.Headers
    raw: list[tuple[bytes, bytes]]
    #: True when they set none of the headers httpx adds per request (Host, Content-*).
    plain: bool


class DefaultHeaders:
    """The headers of a request that adds none: the client's own and the SDK's, merged once.

    ``client.build_request`` merges them again on every request; the merge is redone here
    only when the client's headers or the SDK's change. One per pool, shared by every
    sender on it (a wait's reads each get a sender of their own).
    """

    def __init__(self) -> None:
        self._seen: tuple[httpx.Headers | None, list[tuple[bytes, bytes]]] | None = None
        self._merged = MergedHeaders(httpx.Headers(), [], plain=True)

    def __call__(
        self, client: httpx.Client | httpx.AsyncClient, sdk_headers: httpx.Headers | None
    ) -> MergedHeaders:
        """The merged headers for a request built for ``client``."""
        seen = (sdk_headers, client.headers.raw)
        last = self._seen
        if last is None or last[0] is not sdk_headers or last[1] != seen[1]:
            merged = client.headers.copy()
            if sdk_headers is not None:
                merged.update(sdk_headers)
            raw = merged.raw
            plain = not any(name.lower() in _PER_REQUEST for name, _ in raw)
            self._seen, self._merged = seen, MergedHeaders(merged, raw, plain)
        return self._merged


def json_bytes(value: Any) -> bytes:
    """``value`` encoded as httpx 0.28 encodes ``json=``: compact UTF-8, NaN refused."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def plain_request(
    method: str,
    url: httpx.URL | str,
    merged: MergedHeaders,
    extensions: dict[str, Any],
    kwargs: dict[str, Any],
) -> httpx.Request:
    """``httpx.Request(method, url, headers=merged.headers, extensions=..., **kwargs)``.

    With no body or a ``json=`` body, an absolute URL and plain merged headers, the request
    is assembled as httpx assembles it (Host first; Content-Length and Content-Type after
    the merged headers for JSON, ``Content-Length: 0`` after Host for an empty POST), its
    headers normalized once; otherwise httpx builds it.
    """
    body = kwargs.get("json")
    simple = not kwargs or (body is not None and len(kwargs) == 1)
    if not (simple and merged.plain and isinstance(url, httpx.URL) and url.host):
        return httpx.Request(method, url, headers=merged.headers, extensions=extensions, **kwargs)
    method = method.upper()
    raw = [(b"Host", url.netloc)]
    if body is None:
        content = b""
        if method in _SIZED_METHODS:
            raw.append(_NO_BODY_LENGTH)
        raw += merged.raw
    else:
        content = json_bytes(body)
        raw += merged.raw
        raw.append((b"Content-Length", str(len(content)).encode()))
        raw.append(_JSON_TYPE)
    request = httpx.Request(
        method, url, headers=raw, stream=httpx.ByteStream(content), extensions=extensions
    )
    request.read()  # like httpx: request.content is there for hooks, logs and retries
    return request
