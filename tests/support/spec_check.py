"""Check httpx requests against the repository's openapi.yaml with openapi-core."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import httpx

from fireworks_rft.testing._openapi import Rejection, SpecValidator
from tools.fast_yaml import load as load_yaml

SPEC_PATH = Path(__file__).resolve().parents[2] / "openapi.yaml"


@cache
def validator() -> SpecValidator:
    return SpecValidator(load_yaml(SPEC_PATH.read_text()))


def spec_errors(request: httpx.Request) -> list[str]:
    """What openapi-core finds wrong with ``request``; [] when it matches the spec."""
    outcome = validator().check(
        method=request.method,
        path=request.url.path,
        query=dict(request.url.params),
        headers=list(request.headers.items()),
        body=request.content,
    )
    if isinstance(outcome, Rejection):
        return [f"{outcome.status}: {outcome.message}"]
    return []


def unused_method(concrete_path: str) -> str:
    """A method that no operation of openapi.yaml serves at ``concrete_path`` (for 405 tests).

    Derived from the spec, so that a bump adding e.g. ``GET /.../{id}`` (which also matches
    ``/.../{id}:verb``) never turns the chosen method into a valid request.
    """
    import re

    served: set[str] = set()
    for template, item in (validator().document.get("paths") or {}).items():
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, concrete_path):
            served |= {method.upper() for method in item}
    for method in ("PUT", "PATCH", "DELETE", "POST", "GET"):
        if method not in served:
            return method
    raise AssertionError(f"every method is served at {concrete_path}")
