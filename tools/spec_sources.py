"""Read a spec source: a Fireworks docs page, OpenAPI YAML or OpenAPI JSON, from a file or URL.

Fireworks publishes no standalone spec file: each operation has a docs page (Markdown) that
holds a complete OpenAPI document for that one operation in a ````yaml block. A source is
recognised by its content, not its name: a document whose top level is a mapping with an
``openapi`` key is a spec (YAML or JSON); otherwise the first fenced ``yaml`` block that is
one is taken.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs
import httpx
import yaml

from tools.fast_yaml import load as load_yaml

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


#: Mintlify's legacy API pages name their operation in an ``openapi`` field ("POST /v1/x",
#: optionally after a spec file name) instead of holding the OpenAPI document.
_LEGACY_OPENAPI = re.compile(
    r"^\s*(?:\S+\s+)?(?:get|put|post|delete|patch|head|options|trace)\s+/\S*\s*$", re.I
)
_FRONTMATTER = re.compile(r"\A---\s*\n(?P<body>.*?)\n---\s*$", re.M | re.S)


def _is_spec(document: object) -> bool:
    """A mapping whose ``openapi`` is a version (3.0.x, 3.1.x), not a page's reference."""
    if not isinstance(document, Mapping):
        return False
    version = document.get("openapi")
    return isinstance(version, str | int | float) and bool(re.match(r"^\d", str(version)))


def _legacy_reference(document: object) -> str | None:
    """The operation a legacy Mintlify page names (``POST /v1/...``), if it is one."""
    if isinstance(document, Mapping):
        named = document.get("openapi")
        if isinstance(named, str) and _LEGACY_OPENAPI.match(named):
            return named.strip()
    return None


def parse(raw: bytes, label: str) -> Source:
    """Parse a source's bytes into a :class:`Source`; raise SourceError."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(f"{label}: not UTF-8 text") from None
    stripped = text.lstrip()
    try:
        document = load_yaml(text)
    except yaml.YAMLError:
        document = None
    if _is_spec(document):
        form = "OpenAPI JSON" if stripped.startswith("{") else "OpenAPI YAML"
        return Source(label, form, document)
    blocks = []
    for match in _FENCE.finditer(text):
        try:
            block = load_yaml(match.group("body"))
        except yaml.YAMLError as exc:
            raise SourceError(f"{label}: the page's yaml block is not YAML: {exc}") from None
        if _is_spec(block):
            return Source(label, "docs page", block)
        blocks.append(block)
    frontmatter = _FRONTMATTER.match(text)
    if frontmatter is not None:
        with contextlib.suppress(yaml.YAMLError):
            blocks.append(load_yaml(frontmatter.group("body")))
    for block in blocks:
        named = _legacy_reference(block)
        if named is not None:
            raise SourceError(
                f"{label}: a legacy Mintlify docs page: it names its operation ({named!r}) "
                "but does not hold the OpenAPI document. Take the operation from the whole "
                "published spec (e.g. gateway-openapi-<version>.yaml, with ONLY=<operationId>) "
                "or from a current docs page, whose ```yaml block is the operation's document."
            )
    if isinstance(document, Mapping):
        raise SourceError(f"{label}: not an OpenAPI document (no 'openapi' key)")
    raise SourceError(
        f"{label}: neither an OpenAPI document (YAML or JSON) nor a docs page with one in a "
        "```yaml block"
    )


def load(source: str) -> Source:
    """Read and parse one source given as a path or an http(s) URL."""
    return parse(read_bytes(source), source)
