"""Write the synchronous modules of fireworks-rft from their asyncio sources.

    python -m tools.unasync write   # rewrite each sync module from its async source
    python -m tools.unasync check   # exit 1 when a sync module differs from what it would be

Every public method is written once, with asyncio (``_async_client.py``), as is the send loop
(``_async_sender.py``); this tool writes ``_client.py`` and ``_sender.py`` from them, as
httpcore writes its sync code with unasync. The transform is a fixed list of whole-word
substitutions (``async def`` -> ``def``, ``await x`` -> ``x``, ``AsyncClient`` -> ``Client``,
...), two directives (a line ending in ``# async-only`` is dropped; one ending in
``# sync: <code>`` becomes that code), and the pinned ruff
(imports and ``__all__`` sorted again, then formatted). ``make generate`` writes, ``make
check-generated`` checks, and the parity test compares the two clients method by method.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "fireworks_rft"
#: (async source, sync module written from it), in the package.
PAIRS = (("_async_sender.py", "_sender.py"), ("_async_client.py", "_client.py"))
ASYNC_ONLY = "# async-only"
#: A line ending in ``# sync: <code>`` becomes ``<code>`` (same indentation) in the sync module.
SYNC_AS = "# sync: "

#: Whole-word substitutions, in order.
SUBSTITUTIONS: tuple[tuple[str, str], ...] = (
    (r"\basync def\b", "def"),
    (r"\basync (for|with)\b", r"\1"),
    (r"\bawait ", ""),
    (r"\bAsyncClient\b", "Client"),
    (r"\bAsyncSender\b", "Sender"),
    (r"\bAsyncIterator\b", "Iterator"),
    (r"\bAsyncCall\b", "SyncCall"),
    # Awaitable[X] -> X (X may hold one level of brackets: Awaitable[Response[M]]).
    (r"\bAwaitable\[((?:[^\[\]]|\[[^\[\]]*\])+)\]", r"\1"),
    (r"\bAsynchronous\b", "Synchronous"),
    (r"\basynchronous\b", "synchronous"),
    (r"\b__aenter__\b", "__enter__"),
    (r"\b__aexit__\b", "__exit__"),
    (r"\baclose\b", "close"),
    (r"\basyncio_detailed\b", "sync_detailed"),
    (r"\bget_async_httpx_client\b", "get_httpx_client"),
    (r"\basync_sleep\b", "sleep"),
    (r"\baread\b", "read"),
    (r"\baiter_bytes\b", "iter_bytes"),
    (r"\bacquire_async\b", "acquire"),
    (r"\brelease_async\b", "release"),
    (r"\b_async_sender\b", "_sender"),
)


def header(source: str) -> str:
    """The first line of a written module: where it comes from, and not to edit it."""
    return f"# Generated from {source} by tools/unasync.py (make generate). DO NOT EDIT.\n"


def transform(text: str) -> str:
    """The synchronous version of an asyncio source text (before formatting)."""
    lines = [_sync_as(line) for line in text.splitlines(keepends=True) if not _async_only(line)]
    out = "".join(lines)
    for pattern, replacement in SUBSTITUTIONS:
        out = re.sub(pattern, replacement, out)
    return out


def _async_only(line: str) -> bool:
    return line.rstrip().endswith(ASYNC_ONLY)


def _sync_as(line: str) -> str:
    code, marker, replacement = line.partition(SYNC_AS)
    if not marker:
        return line
    indent = code[: len(code) - len(code.lstrip())]
    return f"{indent}{replacement.strip()}\n"


def _format(text: str, name: str) -> str:
    """Sort the renamed imports and ``__all__``, then format, with the pinned ruff."""
    ruff = str(Path(sys.executable).parent / "ruff")  # pinned: the bytes never drift
    where = ["--config", str(ROOT / "pyproject.toml"), "--stdin-filename", str(PACKAGE / name)]
    for command in (
        [ruff, "check", "--fix-only", "--exit-zero", "--select", "I,F401,RUF022", *where, "-"],
        [ruff, "format", *where, "-"],
    ):
        text = subprocess.run(
            command, input=text, capture_output=True, text=True, check=True
        ).stdout
    return text


def written(source: str, target: str, package: Path = PACKAGE) -> str:
    """What ``target`` holds when written from ``source``."""
    text = (package / source).read_text(encoding="utf-8")
    return _format(header(source) + transform(text), target)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``write`` or ``check``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["write", "check"])
    args = parser.parse_args(argv)
    stale = []
    for source, target in PAIRS:
        text = written(source, target)
        path = PACKAGE / target
        if args.command == "write":
            path.write_text(text, encoding="utf-8")
        elif not path.exists() or path.read_text(encoding="utf-8") != text:
            stale.append(target)
    if stale:
        print(
            f"{', '.join(stale)} differ from their asyncio sources: run 'make generate' "
            "(never edit them by hand)",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
