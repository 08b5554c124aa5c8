"""Bump the spec: ``make update-spec SPEC=<path or URL> [ALLOW_BREAKING=1]``.

In order, it:

1. validates the new spec with openapi-spec-validator and with a trial generation that fails
   on any generator warning; an invalid spec is refused with the tool's message, and nothing
   changes;
2. prints the change report against the current ``openapi.yaml`` (and writes it as markdown);
   when anything is BREAKING it stops here, changing nothing, unless ``--allow-breaking``;
3. replaces ``openapi.yaml`` (byte for byte), regenerates ``generated/``, sets
   ``__spec_version__`` and bumps ``__version__`` by the version policy, and adds the report
   to CHANGELOG.md.

Exit status: 0 updated (or already up to date), 1 refused as invalid, 2 usage error,
3 refused as BREAKING.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import httpx
import yaml
from openapi_spec_validator import validate as validate_openapi

from .generate import GenerationError, generate
from .spec_diff import Change, diff, render

ROOT = Path(__file__).resolve().parent.parent
VERSION_FILE = Path("src/fireworks_rft/_version.py")
EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_BREAKING = 0, 1, 2, 3


class SpecRejected(Exception):
    """The new spec is invalid or cannot be generated; the message says why."""


def read_source(source: str) -> bytes:
    """The spec's bytes: fetched with httpx for an http(s) URL, else read from a path."""
    if re.match(r"^https?://", source):
        try:
            response = httpx.get(source, timeout=60, follow_redirects=True)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise SpecRejected(f"cannot fetch {source}: {exc}") from None
        return response.content
    path = Path(source)
    if not path.is_file():
        raise SpecRejected(f"no such file: {source}")
    return path.read_bytes()


def validate(raw: bytes) -> Mapping[str, Any]:
    """Parse and validate a spec with openapi-spec-validator; raise SpecRejected."""
    try:
        document = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise SpecRejected(f"not YAML or JSON: {exc}") from None
    if not isinstance(document, Mapping):
        raise SpecRejected("not an OpenAPI document: the top level is not a mapping")
    try:
        validate_openapi(dict(document))
    except Exception as exc:  # the validator raises several unrelated types
        raise SpecRejected(f"openapi-spec-validator: {exc}") from None
    version = (document.get("info") or {}).get("version")
    if not isinstance(version, str) or not version.strip():
        raise SpecRejected("info.version is missing")
    return document


def trial_generate(raw: bytes, config: Path) -> None:
    """Generate the client from the new spec in a temporary folder; raise SpecRejected."""
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "openapi.yaml"
        spec.write_bytes(raw)
        try:
            generate(spec, Path(tmp) / "out" / "fireworks_gateway", config)
        except GenerationError as exc:
            raise SpecRejected(
                f"openapi-python-client (--fail-on-warning):\n{exc.output}"
            ) from None


def next_version(current: str, changes: list[Change]) -> str:
    """The package version after a spec bump with ``changes`` (the README's policy).

    BREAKING changes bump the major version (the minor one before 1.0); additions without a
    breaking change bump the minor version (the patch one before 1.0); a bump that changes
    nothing but the spec's version bumps the patch version.
    """
    match = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", current)
    if match is None:
        raise ValueError(f"__version__ {current!r} is not MAJOR.MINOR.PATCH")
    major, minor, patch = (int(part) for part in match.groups())
    breaking = any(change.breaking for change in changes)
    additions = any(not change.breaking and change.section != "version" for change in changes)
    if breaking:
        return f"{major + 1}.0.0" if major >= 1 else f"0.{minor + 1}.0"
    if additions and major >= 1:
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def _set_versions(repo: Path, package_version: str, spec_version: str) -> None:
    path = repo / VERSION_FILE
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'^__version__ = ".*"$', f'__version__ = "{package_version}"', text, flags=re.M)
    text = re.sub(
        r'^__spec_version__ = ".*"$', f'__spec_version__ = "{spec_version}"', text, flags=re.M
    )
    path.write_text(text, encoding="utf-8")


def _current_version(repo: Path) -> str:
    text = (repo / VERSION_FILE).read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "(.*)"$', text, flags=re.M)
    if match is None:
        raise ValueError(f"no __version__ in {VERSION_FILE}")
    return match.group(1)


def _add_to_changelog(repo: Path, report: str, package_version: str) -> None:
    path = repo / "CHANGELOG.md"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Changelog\n"
    entry = report.replace("## API changes:", f"### Spec bump (package {package_version}):", 1)
    entry = entry.replace("\n### ", "\n#### ")  # its sections go one level down
    marker = "## [Unreleased]\n"
    if marker in text:
        text = text.replace(marker, f"{marker}\n{entry}", 1)
    else:
        text = text.rstrip("\n") + f"\n\n{marker}\n{entry}"
    path.write_text(text, encoding="utf-8")


def update(
    source: str, *, repo: Path = ROOT, allow_breaking: bool = False, report_path: Path | None = None
) -> int:
    """Run the three steps; return the exit status."""
    spec_path = repo / "openapi.yaml"
    config = repo / "generator-config.yaml"
    try:
        raw = read_source(source)
        document = validate(raw)
        trial_generate(raw, config)
    except SpecRejected as exc:
        print(
            f"update-spec: refused, the new spec is invalid; nothing changed.\n{exc}",
            file=sys.stderr,
        )
        return EXIT_INVALID

    current = yaml.safe_load(spec_path.read_bytes())
    old_version = str(current["info"]["version"])
    new_version = str(document["info"]["version"])
    changes = diff(current, document)
    report = render(changes, old_version, new_version)
    print(report)
    report_path = report_path or repo / "build" / f"spec-changes-{old_version}-to-{new_version}.md"
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(report, encoding="utf-8")
    print(f"update-spec: report written to {report_path}")

    if spec_path.read_bytes() == raw:
        print("update-spec: openapi.yaml is already this spec; nothing to do.")
        return EXIT_OK
    breaking = [change for change in changes if change.breaking]
    if breaking and not allow_breaking:
        print(
            f"update-spec: refused, {len(breaking)} BREAKING change(s); nothing changed. "
            "Re-run with ALLOW_BREAKING=1 to accept them.",
            file=sys.stderr,
        )
        return EXIT_BREAKING

    package_version = next_version(_current_version(repo), changes)
    spec_path.write_bytes(raw)
    generate(spec_path, repo / "generated" / "fireworks_gateway", config)
    _set_versions(repo, package_version, new_version)
    _add_to_changelog(repo, report, package_version)
    print(
        f"update-spec: openapi.yaml is now spec {new_version}; generated/ regenerated; "
        f"package version {package_version}; CHANGELOG.md updated. Run 'make test'."
    )
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Command line of ``make update-spec``."""
    parser = argparse.ArgumentParser(description="Replace openapi.yaml with a new spec version.")
    parser.add_argument("spec", help="path or http(s) URL of the new spec")
    parser.add_argument("--allow-breaking", action="store_true", help="accept BREAKING changes")
    parser.add_argument("--repo", type=Path, default=ROOT, help="repository to update")
    parser.add_argument("--report", type=Path, help="where to write the markdown report")
    args = parser.parse_args(argv)
    return update(
        args.spec, repo=args.repo, allow_breaking=args.allow_breaking, report_path=args.report
    )


if __name__ == "__main__":
    sys.exit(main())
