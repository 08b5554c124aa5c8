"""Run openapi-python-client the one way this repository runs it.

    python -m tools.generate write [--spec openapi.yaml] [--out generated/fireworks_gateway]
    python -m tools.generate check   # regenerate in a temporary folder, diff with generated/

The generator and ruff are the pinned ones of the virtual environment this runs in (they sit
beside ``sys.executable``). Generation fails on any generator warning (``--fail-on-warning``):
the generator drops an operation it cannot model with only a warning.

The generator reads the spec after the deterministic pre-pass of :mod:`tools.prepass` (class
names from component keys, never from titles), with the custom templates of
``generator-templates/`` (open enums, null-tolerant fields, typed parse errors, lazy models).
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from tools.fast_yaml import load as load_yaml

from . import unasync
from .prepass import prepare_for_generator

ROOT = Path(__file__).resolve().parent.parent
#: The facade's table of operations that go to their own server (see servers_module).
SERVERS_MODULE = ROOT / "src" / "fireworks_rft" / "_operation_servers.py"
PACKAGE = "fireworks_gateway"
SPEC = ROOT / "openapi.yaml"
CONFIG = ROOT / "generator-config.yaml"
TEMPLATES = ROOT / "generator-templates"
OUT = ROOT / "generated" / PACKAGE
IGNORED = {"__pycache__", ".ruff_cache"}


class GenerationError(Exception):
    """The generator failed or warned; ``output`` is what it printed."""

    def __init__(self, output: str) -> None:
        super().__init__(output)
        self.output = output


def generate(spec: Path, out: Path, config: Path = CONFIG, templates: Path = TEMPLATES) -> None:
    """Generate the client for ``spec`` into ``out`` (replaced); raise GenerationError."""
    bin_dir = Path(sys.executable).parent
    if out.exists():
        shutil.rmtree(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        document = load_yaml(spec.read_bytes())
    except yaml.YAMLError as exc:
        raise GenerationError(f"{spec} is not YAML or JSON: {exc}") from None
    if not isinstance(document, dict):
        raise GenerationError(f"{spec} is not an OpenAPI document (not a mapping)")
    with tempfile.TemporaryDirectory() as tmp:
        suffix, text = _generator_input(prepare_for_generator(document))
        prepared = Path(tmp) / f"openapi.generator-input.{suffix}"
        prepared.write_text(text, encoding="utf-8")
        command = [
            str(bin_dir / "openapi-python-client"),
            "generate",
            "--path",
            str(prepared),
            "--config",
            str(config),
            "--custom-template-path",
            str(templates),
            "--meta",
            "none",
            "--fail-on-warning",
            "--output-path",
            str(out),
        ]
        # The post-hooks call `ruff`: the pinned one must come first on PATH.
        env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    for cache in out.parent.rglob(".ruff_cache"):
        shutil.rmtree(cache, ignore_errors=True)
    if done.returncode != 0 or not (out / "__init__.py").exists():
        raise GenerationError((done.stdout + done.stderr).strip())


def _generator_input(document: dict[str, Any]) -> tuple[str, str]:
    """The prepared spec's file suffix and text: JSON where it can be.

    The generator picks its parser by the suffix, and reads JSON many times faster.
    The document was read as YAML, so it may hold a value JSON has no type for (a date):
    such a document is written as YAML, which the generator reads as before.
    """
    try:
        return "json", json.dumps(document, ensure_ascii=False, indent=1)
    except TypeError:
        return "yaml", yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def servers_module(document: Any) -> str:
    """The facade's table of the spec's path- and operation-level ``servers``, as Python.

    openapi-python-client sends every operation to the client's base URL; the facade reads
    this table to send an operation with servers of its own there (``_routing.AbsoluteURLs``).
    Written by ``make generate`` and checked by ``make check-generated``, like generated/.
    """
    top = [str(s.get("url")) for s in document.get("servers") or [] if isinstance(s, dict)]
    rows = []
    for path, item in sorted((document.get("paths") or {}).items()):
        for method in _METHODS:
            operation = item.get(method) if isinstance(item, dict) else None
            if not isinstance(operation, dict):
                continue
            servers = operation.get("servers") or item.get("servers") or []
            urls = [str(s.get("url")) for s in servers if isinstance(s, dict)]
            if urls and urls[0] not in top[:1]:
                row = ", ".join(_quoted(v) for v in (method.upper(), path, urls[0]))
                rows.append(f"    ({row}),")
    body = "\n".join(rows)
    text = (
        '"""Operations of openapi.yaml that go to a server of their own (by make generate).\n\n'
        "Never edited by hand: tools/generate.py writes it from the spec's path- and\n"
        'operation-level ``servers``; _routing.AbsoluteURLs reads it. DO NOT EDIT.\n"""\n\n'
        "from __future__ import annotations\n\n"
        "#: The server every other operation goes to: the spec's top-level ``servers``.\n"
        f"SPEC_SERVER: str | None = {_quoted(top[0]) if top else None}\n"
        "#: ``(METHOD, path template, server URL)``.\n"
        "OPERATION_SERVERS: tuple[tuple[str, str, str], ...] = ("
        + (f"\n{body}\n" if rows else "")
        + ")\n"
    )
    ruff = Path(sys.executable).parent / "ruff"  # the pinned formatter: the bytes never drift
    done = subprocess.run(
        [str(ruff), "format", "--stdin-filename", "_operation_servers.py", "-"],
        input=text,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def _quoted(value: object) -> str:
    return json.dumps(str(value))


def write_servers_module(spec: Path, target: Path = SERVERS_MODULE) -> None:
    """Write the facade's servers table for ``spec``."""
    target.write_text(servers_module(load_yaml(spec.read_bytes())), encoding="utf-8")


def _files(root: Path) -> dict[Path, Path]:
    return {
        path.relative_to(root): path
        for path in root.rglob("*")
        if path.is_file() and not IGNORED.intersection(path.relative_to(root).parts)
    }


def tree_differences(expected: Path, actual: Path) -> list[str]:
    """Every difference between two folders, byte for byte: missing, stray, changed files."""
    want, have = _files(expected), _files(actual)
    problems = [f"missing from {actual.name}/: {rel}" for rel in sorted(want.keys() - have.keys())]
    problems += [
        f"stray file in {actual.name}/: {rel}" for rel in sorted(have.keys() - want.keys())
    ]
    for rel in sorted(want.keys() & have.keys()):
        if want[rel].read_bytes() != have[rel].read_bytes():
            diff = difflib.unified_diff(
                want[rel].read_text(errors="replace").splitlines(keepends=True),
                have[rel].read_text(errors="replace").splitlines(keepends=True),
                f"regenerated/{rel}",
                f"{actual.name}/{rel}",
            )
            problems.append(f"changed: {rel}\n{''.join(diff)}")
    return problems


def check(spec: Path = SPEC, generated: Path = OUT.parent) -> list[str]:
    """Regenerate into a temporary folder; return how ``generated`` differs from it."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / generated.name
        generate(spec, fresh / PACKAGE)
        problems = tree_differences(fresh, generated)
    expected = servers_module(load_yaml(spec.read_bytes()))
    if not SERVERS_MODULE.exists() or SERVERS_MODULE.read_text(encoding="utf-8") != expected:
        problems.append(f"changed: {SERVERS_MODULE.relative_to(ROOT)} (the servers table)")
    for source, target in unasync.PAIRS:
        path = unasync.PACKAGE / target
        if not path.exists() or path.read_text(encoding="utf-8") != unasync.written(source, target):
            problems.append(f"changed: {path.relative_to(ROOT)} (written from {source})")
    return problems


def main(argv: list[str] | None = None) -> int:
    """Command line: ``write`` or ``check``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["write", "check"])
    parser.add_argument("--spec", type=Path, default=SPEC)
    parser.add_argument(
        "--out", type=Path, default=OUT, help="package folder to write (write only)"
    )
    args = parser.parse_args(argv)
    try:
        if args.command == "write":
            generate(args.spec, args.out)
            write_servers_module(args.spec)
            unasync.main(["write"])
            print(f"generated {args.out}, {SERVERS_MODULE.relative_to(ROOT)} and the sync client")
            return 0
        problems = check(args.spec)
    except GenerationError as exc:
        print(f"generation failed:\n{exc.output}", file=sys.stderr)
        return 1
    if problems:
        print("generated/ does not match openapi.yaml + generator-config.yaml:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        print("run 'make generate' (never edit generated/ by hand)", file=sys.stderr)
        return 1
    print("generated/ matches the spec")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
