"""Read a spec source: a Fireworks docs page, OpenAPI YAML or OpenAPI JSON, from a file or URL.

Fireworks publishes no standalone spec file: each operation has a docs page (Markdown) that
holds a complete OpenAPI document for that one operation in a ````yaml block. A source is
recognised by its content, not its name: a document whose top level is a mapping with an
``openapi`` key is a spec (YAML or JSON); otherwise the first fenced ``yaml`` block that is
one is taken.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import httpx
import yaml

#: A fenced code block of 3 or more backticks whose info string starts with yaml.
_FENCE = re.compile(r"^(?P<fence>`{3,})\s*ya?ml\b[^\n]*\n(?P<body>.*?)^(?P=fence)\s*$", re.M | re.S)


class SourceError(Exception):
    """A source cannot be read or holds no OpenAPI document; the message says why."""


@attrs.frozen
class Source:
    """One parsed source: where it came from, its form, and its OpenAPI document."""

    label: str
    form: str  # "docs page", "OpenAPI YAML" or "OpenAPI JSON"
    document: Mapping[str, Any]

    @property
    def version(self) -> str:
        """The document's ``info.version``."""
        return str(self.document["info"]["version"])


def read_bytes(source: str) -> bytes:
    """The source's bytes: fetched with httpx for an http(s) URL, else read from a path."""
    if re.match(r"^https?://", source):
        try:
            response = httpx.get(source, timeout=60, follow_redirects=True)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise SourceError(f"cannot fetch {source}: {exc}") from None
        return response.content
    path = Path(source)
    if not path.is_file():
        raise SourceError(f"no such file: {source}")
    return path.read_bytes()


def _is_spec(document: object) -> bool:
    return isinstance(document, Mapping) and "openapi" in document


def parse(raw: bytes, label: str) -> Source:
    """Parse a source's bytes into a :class:`Source`; raise SourceError."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(f"{label}: not UTF-8 text") from None
    stripped = text.lstrip()
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError:
        document = None
    if _is_spec(document):
        form = "OpenAPI JSON" if stripped.startswith("{") else "OpenAPI YAML"
        return Source(label, form, document)
    for match in _FENCE.finditer(text):
        try:
            block = yaml.safe_load(match.group("body"))
        except yaml.YAMLError as exc:
            raise SourceError(f"{label}: the page's yaml block is not YAML: {exc}") from None
        if _is_spec(block):
            return Source(label, "docs page", block)
    if isinstance(document, Mapping):
        raise SourceError(f"{label}: not an OpenAPI document (no 'openapi' key)")
    raise SourceError(
        f"{label}: neither an OpenAPI document (YAML or JSON) nor a docs page with one in a "
        "```yaml block"
    )


def load(source: str) -> Source:
    """Read and parse one source given as a path or an http(s) URL."""
    return parse(read_bytes(source), source)
