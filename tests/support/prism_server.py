"""Start Prism (@stoplight/prism-cli, pinned in tests/prism/) in mock mode on openapi.yaml."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRISM_BIN = ROOT / "tests" / "prism" / "node_modules" / ".bin" / "prism"
_LISTENING = re.compile(r"Prism is listening on (http://127\.0\.0\.1:\d+)")


def prism_or_skip() -> Path:
    """The Prism executable; skip (fail under CI=true) when Node or Prism is missing."""
    reason = None
    if shutil.which("node") is None:
        reason = "Node.js is not installed"
    elif not PRISM_BIN.exists():
        reason = f"Prism is not installed at {PRISM_BIN} (run: npm ci --prefix tests/prism)"
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"contract tests against Prism must run under CI: {reason}")
        pytest.skip(reason)
    return PRISM_BIN


@contextmanager
def prism_mock(spec: Path = ROOT / "openapi.yaml") -> Iterator[str]:
    """Run ``prism mock`` on 127.0.0.1 with an OS-chosen port; yield its base URL."""
    binary = prism_or_skip()
    env = {**os.environ, "SCARF_ANALYTICS": "false", "NO_COLOR": "1", "FORCE_COLOR": "0"}
    process = subprocess.Popen(
        [str(binary), "mock", str(spec), "--host", "127.0.0.1", "--port", "0", "--errors"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    lines: list[str] = []
    found: list[str] = []
    ready = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            match = _LISTENING.search(line)
            if match and not found:
                found.append(match.group(1))
                ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 60
        while not ready.wait(0.1):
            if time.monotonic() > deadline:
                raise RuntimeError("Prism did not start within 60 s:\n" + "".join(lines))
        if not found:
            raise RuntimeError("Prism exited before listening:\n" + "".join(lines))
        yield found[0]
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
