"""Bump the spec: ``make update-spec SPEC="<source> ..." [REMOVE=<id>] [ALLOW_BREAKING=1]``.

A source is a file or an http(s) URL holding a Fireworks docs page (Markdown with the
operation's OpenAPI document in a ````yaml block), OpenAPI YAML or OpenAPI JSON. In order, it:

1. reads each source and validates it with openapi-spec-validator;
2. merges the sources into the current ``openapi.yaml`` (tools/spec_merge.py: each source
   adds or replaces its operations and their components; nothing is removed unless asked
   with ``--remove OPERATION_ID``) and validates the result;
3. prints the change report against the current ``openapi.yaml`` (and writes it as
   markdown); when anything is BREAKING it stops here, changing nothing, unless
   ``--allow-breaking``;
4. trial-generates the merged spec, failing on any generator warning (changing nothing);
5. writes ``openapi.yaml`` as canonical YAML, installs the trial as ``generated/``, sets
   ``__spec_version__``, bumps ``__version__`` by the version policy (docs/maintaining.md),
   adds the report to CHANGELOG.md and rewrites the README's table of operations. A merge
   that changes nothing changes nothing.

Exit status: 0 updated (or nothing to do), 1 refused as invalid, 2 usage error,
3 refused as BREAKING.
"""

from __future__ import annotations

import argparse
import copy
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from openapi_spec_validator import validate as validate_openapi

from fireworks_rft.testing._spec_walk import one_operation
from tools.fast_yaml import load as load_yaml

from .facade_calls import methods_by_operation
from .generate import SERVERS_MODULE, GenerationError, generate, write_servers_module
from .spec_diff import Change, diff, render
from .spec_merge import (
    METHODS,
    SOURCE_VERSION,
    MergeError,
    dump,
    merge,
    only_operations,
    operations,
)
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


def trial_generate(text: str, repo: Path, scratch: Path) -> Path:
    """Generate the client from ``text`` under ``scratch``; its package folder, or SpecRejected.

    The trial's output is what ``generated/`` becomes if the bump goes ahead: generation is
    deterministic, so it is copied rather than run again.
    """
    spec = scratch / "openapi.yaml"
    spec.write_text(text, encoding="utf-8")
    out = scratch / "out" / "fireworks_gateway"
    try:
        generate(spec, out, repo / "generator-config.yaml", repo / "generator-templates")
    except GenerationError as exc:
        raise SpecRejected(f"openapi-python-client (--fail-on-warning):\n{exc.output}") from None
    return out


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


def wrapped_operations(document: Mapping[str, Any], repo: Path) -> dict[str, tuple[str, ...]]:
    """The client methods that call each operation of ``document`` (a static call graph)."""
    ids = [
        str(operation["operationId"])
        for item in document.get("paths", {}).values()
        if isinstance(item, Mapping)
        for operation in item.values()
        if isinstance(operation, Mapping) and "operationId" in operation
    ]
    return methods_by_operation(ids, repo)


def _read_sources(
    sources: Sequence[str], only: Sequence[str] = ()
) -> tuple[list[Source], list[str]]:
    """Read, filter (``only``) and validate the sources; the usable ones and what was skipped.

    A source that fails validation as a whole is validated operation by operation: an
    operation that fails alone is skipped (and reported), and never blocks the others.
    """
    read, skipped = [], []
    for source in sources:
        try:
            parsed = load(source)
        except SourceError as exc:
            raise SpecRejected(str(exc)) from None
        if only:
            parsed = only_operations(parsed, only)
        count = sum(1 for _ in operations(parsed.document))
        try:
            validate(parsed.document, source)
        except SpecRejected as whole:
            if count <= 1:
                raise
            parsed, dropped = _valid_operations(parsed)
            skipped += dropped
            if not any(True for _ in operations(parsed.document)):
                raise SpecRejected(f"{whole}\n(no operation of {source} is valid alone)") from None
        print(f"update-spec: {source}: {parsed.form}, spec {parsed.version}, {count} operation(s)")
        read.append(parsed)
    if only:
        found = {op.get("operationId") for s in read for _, _, op in operations(s.document)}
        invalid = {name for name in only if any(line.startswith(f"{name} ") for line in skipped)}
        missing = sorted(set(only) - found - invalid)
        if missing:
            raise SpecRejected(f"ONLY names operations no source holds: {', '.join(missing)}")
    return read, skipped


def _valid_operations(source: Source) -> tuple[Source, list[str]]:
    """``source`` without its operations that fail validation alone, and why each failed."""
    document = copy.deepcopy(dict(source.document))
    skipped = []
    for path, method, operation in list(operations(source.document)):
        label = f"{operation.get('operationId') or '?'} ({method.upper()} {path})"
        try:
            validate(one_operation(source.document, path, method), label)
        except SpecRejected as exc:
            reason = str(exc).split("\n", 1)[0][:300]
            skipped.append(f"{label} from {source.label} {source.version}: {reason}")
            print(f"update-spec: SKIPPED {label}: invalid in its source: {reason}", file=sys.stderr)
            del document["paths"][path][method]
            if not any(m in document["paths"][path] for m in METHODS):
                del document["paths"][path]
    return attrs.evolve(source, document=document), skipped


def report_file(repo: Path, old_version: str, new_version: str) -> Path:
    """A report path no earlier run used: the versions, the UTC time, and a counter."""
    stamp = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    folder = repo / "build"
    stem = f"spec-changes-{old_version}-to-{new_version}-{stamp}"
    path, counter = folder / f"{stem}.md", 1
    while path.exists():
        counter += 1
        path = folder / f"{stem}-{counter}.md"
    return path


def summary_line(changes: list[Change], skipped: list[str], notes: list[str]) -> str:
    """The report's first line: what this bump does, in numbers."""
    added = sum(1 for c in changes if c.section == "operation" and c.text.startswith("added"))
    breaking = sum(1 for c in changes if c.breaking)
    return (
        f"Summary: {added} operation(s) added, {len(changes) - added} other change(s) "
        f"({breaking} BREAKING), {len(skipped)} operation(s) skipped as invalid, "
        f"{len(notes)} kept from newer sources."
    )


def annotate_sources(changes: list[Change], merged: Mapping[str, Any]) -> list[Change]:
    """Added operations name the version of the source they came from."""
    versions = {
        str(op.get("operationId")): str(op.get(SOURCE_VERSION)) for _, _, op in operations(merged)
    }
    out = []
    for change in changes:
        match = re.search(r"\(([^()]+)\)$", change.text)
        if change.text.startswith("added operation") and match and match.group(1) in versions:
            version = versions[match.group(1)]
            change = attrs.evolve(change, text=f"{change.text}, from spec {version}")
        out.append(change)
    return out


def servers_notes(merged: Mapping[str, Any]) -> list[str]:
    """Every operation sent somewhere else than the top-level server: where, and why."""
    notes = []
    for path, item in (merged.get("paths") or {}).items():
        for method in METHODS:
            operation = item.get(method) if isinstance(item, Mapping) else None
            if operation is None:
                continue
            servers = operation.get("servers") or item.get("servers")
            if servers:
                level = "operation" if operation.get("servers") else "path"
                urls = ", ".join(str(s.get("url")) for s in servers)
                notes.append(
                    f"{operation.get('operationId')} ({method.upper()} {path}) goes to {urls} "
                    f"({level}-level servers)"
                )
    return notes


def update(
    sources: Sequence[str],
    *,
    repo: Path = ROOT,
    remove: Sequence[str] = (),
    allow_breaking: bool = False,
    allow_downgrade: bool = False,
    only: Sequence[str] = (),
    report_path: Path | None = None,
) -> int:
    """Run the steps of the module docstring; return the exit status."""
    with tempfile.TemporaryDirectory() as scratch:
        return _update(
            sources, repo, remove, allow_breaking, allow_downgrade, only, report_path, Path(scratch)
        )


def _update(
    sources: Sequence[str],
    repo: Path,
    remove: Sequence[str],
    allow_breaking: bool,
    allow_downgrade: bool,
    only: Sequence[str],
    report_path: Path | None,
    scratch: Path,
) -> int:
    spec_path = repo / "openapi.yaml"
    current = load_yaml(spec_path.read_bytes())
    notes: list[str] = []
    try:
        read, skipped = _read_sources(sources, only)
        merged = merge(current, read, remove, allow_downgrade=allow_downgrade, notes=notes)
        text = dump(merged)
        validate(merged, "the merged openapi.yaml")
        if load_yaml(text) != merged:  # the canonical form must say the same
            raise SpecRejected("the merged spec does not survive a YAML round trip")
    except (SpecRejected, MergeError) as exc:
        return _refused(exc)
    for note in notes:
        print(f"update-spec: {note}")

    old_version = str(current["info"]["version"])
    new_version = str(merged["info"]["version"])
    changes = annotate_sources(diff(current, merged, wrapped_operations(current, repo)), merged)
    if not changes:  # the same API: the canonical form, tags or source records may differ
        if spec_path.read_text(encoding="utf-8") != text:
            try:  # e.g. a re-tag: generated/ follows openapi.yaml
                _install(text, repo, scratch)
            except SpecRejected as exc:
                return _refused(exc)
            print("update-spec: no API change; openapi.yaml rewritten and generated/ regenerated.")
        else:
            print("update-spec: no API change; nothing to do.")
        for line in skipped:
            print(f"update-spec: skipped {line}")
        return EXIT_OK
    report = _report(changes, old_version, new_version, skipped, notes, merged)
    print(report)
    report_path = report_path or report_file(repo, old_version, new_version)
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

    try:
        _install(text, repo, scratch)
    except SpecRejected as exc:
        return _refused(exc)
    package_version = next_version(_current_version(repo), changes)
    _set_versions(repo, package_version, new_version)
    _add_to_changelog(repo, report, package_version)
    write_readme_table(repo, merged)
    print(
        f"update-spec: openapi.yaml is now spec {new_version}; generated/ regenerated; "
        f"package version {package_version}; CHANGELOG.md updated. Run 'make test'."
    )
    return EXIT_OK


def _refused(exc: Exception) -> int:
    """Say why the bump was refused (nothing changed); the exit status."""
    print(f"update-spec: refused; nothing changed.\n{exc}", file=sys.stderr)
    return EXIT_INVALID


def _install(text: str, repo: Path, scratch: Path) -> None:
    """Trial-generate ``text``, then install it: openapi.yaml, generated/, the servers table.

    Run only once the bump is going ahead (a refused or empty bump costs no generation).
    Raises SpecRejected, having changed nothing, when the generator refuses ``text``.
    """
    trial = trial_generate(text, repo, scratch)
    spec_path = repo / "openapi.yaml"
    spec_path.write_text(text, encoding="utf-8")
    target = repo / "generated" / "fireworks_gateway"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(trial, target)
    write_servers_module(spec_path, repo / SERVERS_MODULE.relative_to(ROOT))


def _report(
    changes: list[Change],
    old_version: str,
    new_version: str,
    skipped: list[str],
    notes: list[str],
    merged: Mapping[str, Any],
) -> str:
    lines = [summary_line(changes, skipped, notes), "", render(changes, old_version, new_version)]
    if skipped:
        lines += ["### Skipped: invalid in their source", ""]
        lines += [f"- **SKIPPED** {line}" for line in skipped] + [""]
    if notes:
        lines += ["### Kept: a newer version is already in openapi.yaml", ""]
        lines += [f"- {note}" for note in notes] + [""]
    routed = servers_notes(merged)
    if routed:
        lines += ["### Operations with their own servers", ""]
        lines += [f"- {note}" for note in routed] + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


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
    parser.add_argument(
        "--allow-downgrade",
        action="store_true",
        help="let an older source replace newer operations and components",
    )
    parser.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="OPERATION_ID",
        help="take only this operation from the sources (repeatable, or comma-separated)",
    )
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
        allow_downgrade=args.allow_downgrade,
        only=[name.strip() for names in args.only for name in names.split(",") if name.strip()],
        report_path=args.report,
    )


if __name__ == "__main__":
    sys.exit(main())
