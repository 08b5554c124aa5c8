"""Bump a temporary copy of the repository to the whole published spec and test it there.

    python -m tools.whole_spec_check [SPEC] [--keep]   (make check-whole-spec)

SPEC defaults to ``../shared/spec/gateway-openapi-<version>.yaml`` beside the project. In a
copy of the repository (never this one) it runs ``update-spec`` with the whole document
(``--allow-breaking``: the shipped spec is smaller, so much changes), then, on the bumped
copy: check-generated, an import and emulator smoke run, and the spec-independent tests
(client, ledger, CLI, emulator, operations, agreement with Prism). Not part of ``make test``:
it takes a few minutes; run it before a release and after changing tools/ or the tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = ROOT.parent / "shared" / "spec" / "gateway-openapi-4.259.0.yaml"
#: The tests that hold for any spec that has the operations the facade wraps.
SPEC_INDEPENDENT = (
    "tests/client",
    "tests/ledger",
    "tests/cli",
    "tests/emulator",
    "tests/spec/test_operations.py",
    "tests/spec/test_agreement.py",
)
SMOKE = textwrap.dedent(
    """
    import time
    started = time.monotonic()
    from fireworks_rft.testing import FakeGateway
    import fireworks_rft
    with FakeGateway(step_seconds=0) as gw, fireworks_rft.Client(
        base_url=gw.url, api_key=gw.api_key, account_id="a"
    ) as client:
        print(f"emulator up after {time.monotonic() - started:.2f}s")
        step = client.execute_train_step("j", dataset="d", output_model="m")
        done = client.wait_for_step(step, poll_interval=0.05)
        assert done.model.state == "READY"
    print("smoke run: step, wait, READY")
    """
)


def _copy(target: Path) -> None:
    ignore = shutil.ignore_patterns(
        ".venv*", ".git", "node_modules", "__pycache__", ".ruff_cache", ".mypy_cache", "build"
    )
    shutil.copytree(ROOT, target, ignore=ignore)
    for modules in ("tests/prism/node_modules", "tools/pyright/node_modules"):
        if (ROOT / modules).exists():
            (target / modules).symlink_to(ROOT / modules)


def _run(command: list[str], cwd: Path, env: dict[str, str]) -> None:
    print("+", " ".join(command), flush=True)
    done = subprocess.run(command, cwd=cwd, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"whole-spec check failed: {' '.join(command)} (exit {done.returncode})")


def main(argv: list[str] | None = None) -> int:
    """Run the check; exit status 0 when every step passed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", nargs="?", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy")
    args = parser.parse_args(argv)
    if not args.spec.exists():
        print(f"whole-spec check: no spec at {args.spec}", file=sys.stderr)
        return 2
    folder = Path(tempfile.mkdtemp(prefix="fireworks-rft-whole-spec-"))
    repo = folder / "repo"
    try:
        _copy(repo)
        env = {**os.environ, "PYTHONPATH": f"{repo / 'src'}{os.pathsep}{repo / 'generated'}"}
        python = sys.executable
        spec = str(args.spec.resolve())
        _run([python, "-m", "tools.update_spec", spec, "--allow-breaking"], repo, env)
        _run([python, "-m", "tools.generate", "check"], repo, env)
        _run([python, "-c", SMOKE], repo, env)
        _run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SPEC_INDEPENDENT], repo, env)
    finally:
        if args.keep:
            print(f"whole-spec check: the bumped copy is in {repo}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    print("whole-spec check: passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
