"""Bump the spec: ``make update-spec SPEC="<source> ..." [REMOVE=<id>] [ALLOW_BREAKING=1]``.

A source is a file or an http(s) URL holding a Fireworks docs page (Markdown with the
operation's OpenAPI document in a ````yaml block), OpenAPI YAML or OpenAPI JSON. In order, it:

1. reads each source and validates it with openapi-spec-validator;
2. merges the sources into the current ``openapi.yaml`` (tools/spec_merge.py: each source
   adds or replaces its operations and their components; nothing is removed unless asked
   with ``--remove OPERATION_ID``), validates the result and trial-generates it, failing on
   any generator warning;
3. prints the change report against the current ``openapi.yaml`` (and writes it as
   markdown); when anything is BREAKING it stops here, changing nothing, unless
   ``--allow-breaking``;
4. writes ``openapi.yaml`` as canonical YAML, regenerates ``generated/``, sets
   ``__spec_version__``, bumps ``__version__`` by the version policy (docs/maintaining.md),
   adds the report to CHANGELOG.md and rewrites the README's table of operations. A merge
   that changes nothing changes nothing.

Exit status: 0 updated (or nothing to do), 1 refused as invalid, 2 usage error,
3 refused as BREAKING.
"""

from __future__ import annotations

import argparse
import importlib.util
import re
import sys
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from openapi_spec_validator import validate as validate_openapi

from .generate import GenerationError, generate
from .spec_diff import Change, diff, render
from .spec_merge import SOURCE_VERSION, MergeError, dump, merge, operations
from .spec_sources import Source, SourceError, load

ROOT = Path(__file__).resolve().parent.parent
VERSION_FILE = Path("src/fireworks_rft/_version.py")
EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_BREAKING = 0, 1, 2, 3


class SpecRejected(Exception):
    """A source or the merged spec is invalid or cannot be generated; the message says why."""


def validate(document: Mapping[str, Any], label: str) -> None:
    """Validate an OpenAPI document with openapi-spec-validator; raise SpecRejected."""
    try:
        validate_openapi(dict(document))
    except Exception as exc:  # the validator raises several unrelated types
        raise SpecRejected(f"{label}: openapi-spec-validator: {exc}") from None
    version = (document.get("info") or {}).get("version")
    if not isinstance(version, str) or not version.strip():
        raise SpecRejected(f"{label}: info.version is missing")


def trial_generate(text: str, repo: Path) -> None:
    """Generate the client from ``text`` in a temporary folder; raise SpecRejected."""
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "openapi.yaml"
        spec.write_text(text, encoding="utf-8")
        try:
            generate(
                spec,
                Path(tmp) / "out" / "fireworks_gateway",
                repo / "generator-config.yaml",
                repo / "generator-templates",
            )
        except GenerationError as exc:
            raise SpecRejected(
                f"openapi-python-client (--fail-on-warning):\n{exc.output}"
            ) from None


def next_version(current: str, changes: list[Change]) -> str:
    """The package version after a spec bump with ``changes`` (docs/maintaining.md).

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


README_START = "<!-- operations: written by make update-spec -->"
README_END = "<!-- /operations -->"


def operations_table(document: Mapping[str, Any]) -> str:
    """The README's table of the operations in ``document``, with their source versions."""
    rows = [
        "| operation | request | from the docs page of spec |",
        "| --- | --- | --- |",
    ]
    for path, method, operation in sorted(
        operations(document), key=lambda op: str(op[2].get("operationId"))
    ):
        rows.append(
            f"| `{operation.get('operationId')}` | `{method.upper()} {path}` "
            f"| {operation.get(SOURCE_VERSION, '-')} |"
        )
    return "\n".join(rows)


def write_readme_table(repo: Path, document: Mapping[str, Any]) -> None:
    """Replace the table between the README's operations markers, if it has them."""
    readme = repo / "README.md"
    if not readme.exists():
        return
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        return
    table = f"{README_START}\n{operations_table(document)}\n{README_END}"
    readme.write_text(text[:start] + table + text[end + len(README_END) :], encoding="utf-8")


def wrapped_operations(repo: Path) -> dict[str, tuple[str, ...]]:
    """The facade methods that call each wrapped operation, read from ``repo``'s source."""
    path = repo / "src" / "fireworks_rft" / "_operations.py"
    spec = importlib.util.spec_from_file_location("_fireworks_rft_operations", path)
    if spec is None or spec.loader is None:
        raise ValueError(f"cannot read {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # attrs resolves the module of the classes it makes
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return {op.operation_id: op.used_by for op in module.WRAPPED_OPERATIONS.values()}


def _read_sources(sources: Sequence[str]) -> list[Source]:
    read = []
    for source in sources:
        try:
            parsed = load(source)
        except SourceError as exc:
            raise SpecRejected(str(exc)) from None
        validate(parsed.document, source)
        print(f"update-spec: {source}: {parsed.form}, spec {parsed.version}")
        read.append(parsed)
    return read


def update(
    sources: Sequence[str],
    *,
    repo: Path = ROOT,
    remove: Sequence[str] = (),
    allow_breaking: bool = False,
    report_path: Path | None = None,
) -> int:
    """Run the steps of the module docstring; return the exit status."""
    spec_path = repo / "openapi.yaml"
    current = yaml.safe_load(spec_path.read_bytes())
    try:
        merged = merge(current, _read_sources(sources), remove)
        text = dump(merged)
        validate(merged, "the merged openapi.yaml")
        if yaml.safe_load(text) != merged:  # the canonical form must say the same
            raise SpecRejected("the merged spec does not survive a YAML round trip")
        trial_generate(text, repo)
    except (SpecRejected, MergeError) as exc:
        print(f"update-spec: refused; nothing changed.\n{exc}", file=sys.stderr)
        return EXIT_INVALID

    old_version = str(current["info"]["version"])
    new_version = str(merged["info"]["version"])
    changes = diff(current, merged, wrapped_operations(repo))
    if not changes:  # the same API: at most the canonical form or the source records differ
        if spec_path.read_text(encoding="utf-8") != text:
            spec_path.write_text(text, encoding="utf-8")
            print("update-spec: no API change; openapi.yaml rewritten in canonical form.")
        else:
            print("update-spec: no API change; nothing to do.")
        return EXIT_OK
    report = render(changes, old_version, new_version)
    print(report)
    report_path = report_path or repo / "build" / f"spec-changes-{old_version}-to-{new_version}.md"
    report_path.parent.mkdir(parents=True, exist_ok=True)
    report_path.write_text(report, encoding="utf-8")
    print(f"update-spec: report written to {report_path}")

    breaking = [change for change in changes if change.breaking]
    if breaking and not allow_breaking:
        print(
            f"update-spec: refused, {len(breaking)} BREAKING change(s); nothing changed. "
            "Re-run with ALLOW_BREAKING=1 to accept them.",
            file=sys.stderr,
        )
        return EXIT_BREAKING

    package_version = next_version(_current_version(repo), changes)
    spec_path.write_text(text, encoding="utf-8")
    generate(
        spec_path,
        repo / "generated" / "fireworks_gateway",
        repo / "generator-config.yaml",
        repo / "generator-templates",
    )
    _set_versions(repo, package_version, new_version)
    _add_to_changelog(repo, report, package_version)
    write_readme_table(repo, merged)
    print(
        f"update-spec: openapi.yaml is now spec {new_version}; generated/ regenerated; "
        f"package version {package_version}; CHANGELOG.md updated. Run 'make test'."
    )
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Command line of ``make update-spec``."""
    parser = argparse.ArgumentParser(description="Merge spec sources into openapi.yaml.")
    parser.add_argument(
        "sources", nargs="*", help="docs pages, OpenAPI YAML or JSON: paths or http(s) URLs"
    )
    parser.add_argument(
        "--remove",
        action="append",
        default=[],
        metavar="OPERATION_ID",
        help="remove this operation (repeatable)",
    )
    parser.add_argument("--allow-breaking", action="store_true", help="accept BREAKING changes")
    parser.add_argument("--repo", type=Path, default=ROOT, help="repository to update")
    parser.add_argument("--report", type=Path, help="where to write the markdown report")
    args = parser.parse_args(argv)
    if not args.sources and not args.remove:
        parser.print_usage(sys.stderr)
        print("update-spec: give at least one source or --remove", file=sys.stderr)
        return EXIT_USAGE
    return update(
        args.sources,
        repo=args.repo,
        remove=args.remove,
        allow_breaking=args.allow_breaking,
        report_path=args.report,
    )


if __name__ == "__main__":
    sys.exit(main())
