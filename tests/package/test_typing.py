"""The public API is fully typed: pyright --verifytypes on the wheel as users install it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from ..support.fakes import ROOT

PYRIGHT = ROOT / "tools" / "pyright" / "node_modules" / ".bin" / "pyright"


def pyright_or_skip() -> Path:
    if PYRIGHT.exists():
        return PYRIGHT
    reason = f"pyright is not installed ({PYRIGHT}); run `make test`, which installs it with npm"
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


def user_environment(wheel: Path, root: Path) -> Path:
    """A venv whose packages are the unpacked wheel and its runtime dependencies only."""
    site = root / "site"
    zipfile.ZipFile(wheel).extractall(site)
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    purelib = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    dependencies = root / "dependencies"
    here = Path(sysconfig.get_paths()["purelib"])
    for name in (
        "httpx",
        "httpcore",
        "h11",
        "anyio",
        "idna",
        "sniffio",
        "certifi",
        "attr",
        "attrs",
    ):
        if (here / name).exists():
            shutil.copytree(here / name, dependencies / name, symlinks=True)
    Path(purelib, "fireworks_rft_user.pth").write_text(f"{site}\n{dependencies}\n")
    return venv


def test_public_api_type_completeness_is_100_percent(wheel, tmp_path):
    pyright = pyright_or_skip()
    venv = user_environment(wheel, tmp_path)
    done = subprocess.run(
        [str(pyright), "--verifytypes", "fireworks_rft", "--ignoreexternal"],
        cwd=tmp_path,
        env={**os.environ, "PATH": f"{venv / 'bin'}{os.pathsep}{os.environ['PATH']}"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert f'Package directory: "{tmp_path / "site" / "fireworks_rft"}"' in done.stdout, done.stdout
    assert "Type completeness score: 100%" in done.stdout, done.stdout[-3000:]
