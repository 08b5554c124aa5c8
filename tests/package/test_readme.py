"""Every Python block of the README runs as written, against the emulator."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from fireworks_rft.testing import FakeGateway

from ..support.fakes import ROOT

README = (ROOT / "README.md").read_text()
BLOCKS = re.findall(r"^```python\n(.*?)^```", README, flags=re.S | re.M)
#: The names the README uses, served by the emulator as the real API would.
ACCOUNT = "my-account"


def test_the_readme_has_python_blocks():
    assert len(BLOCKS) >= 5


def test_the_readme_opens_with_what_a_user_needs():
    headings = re.findall(r"^## (.+)$", README, flags=re.M)
    assert headings[:4] == [
        "Install",
        "Before you start: a key, an account, a keep-alive job",
        "Quickstart",
        "Configuration",
    ]
    assert "make demo" in README[: README.index("## Install")]
    assert "make test" in README[: README.index("## Install")]
    for maintainers_only in ("make generate", "check-generated", "ALLOW_BREAKING"):
        assert maintainers_only not in README
    # the package's long description: no relative links that would break on an index page
    assert not re.search(r"\]\((?!https?://)[^)#]+\)", README)


@pytest.mark.parametrize("index", range(len(BLOCKS)))
def test_readme_block_runs(index, tmp_path):
    code = BLOCKS[index]
    with FakeGateway(
        step_seconds=0.2, job_start_seconds=0.05, deploy_seconds=0.05, promote_seconds=0.05
    ) as gateway:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("FIREWORKS_")},
            "FIREWORKS_API_KEY": gateway.api_key,
            "FIREWORKS_ACCOUNT_ID": ACCOUNT,
            "FIREWORKS_BASE_URL": gateway.url,
        }
        if "def test_" in code:
            path = tmp_path / "test_from_readme.py"
            path.write_text(code)
            command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(path)]
        else:
            path = tmp_path / "snippet.py"
            path.write_text(code)
            command = [sys.executable, str(path)]
        done = subprocess.run(
            command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
        )
    assert done.returncode == 0, f"README block {index}:\n{code}\n{done.stdout}\n{done.stderr}"


def test_the_example_loop_help_runs():
    done = subprocess.run(
        [sys.executable, str(Path(ROOT, "examples", "keep_alive_loop.py")), "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "--steps" in done.stdout
