"""Logging under the fireworks_rft logger: what each attempt records, and FIREWORKS_LOG."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

import fireworks_rft as fw

from ..support.fakes import API_KEY
from ..support.fakes import no_sleep as _no_sleep
from ..support.fault_server import OK, Action, fault_server


def test_each_attempt_is_logged_with_its_fields(caplog):
    caplog.set_level(logging.INFO, logger="fireworks_rft")
    script = [
        Action.json(503, {}, **{"x-request-id": "rid-a"}),
        Action.json(200, {}, **{"x-request-id": "rid-b"}),
    ]
    with (
        fault_server(*script) as server,
        fw.Client(
            api_key=API_KEY, account_id="a", base_url=server.url, _timing=_no_sleep([])
        ) as client,
    ):
        client.execute_train_step("j", dataset="d", output_model="m")
    records = [r for r in caplog.records if r.name == "fireworks_rft"]
    infos = [r.getMessage() for r in records if r.levelno == logging.INFO]
    warnings = [r.getMessage() for r in records if r.levelno == logging.WARNING]
    url = f"{server.url}/v1/accounts/a/rlorTrainerJobs/j:executeTrainStep"
    assert infos[0].startswith(f"POST {url} -> 503 attempt=1 request_id=rid-a elapsed_ms=")
    assert infos[1].startswith(f"POST {url} -> 200 attempt=2 request_id=rid-b elapsed_ms=")
    assert warnings == [f"POST {url}: 503 on attempt 1; retrying in 0.50s"]


def test_library_is_silent_by_default():
    code = (
        "import fireworks_rft, logging;"
        "logging.getLogger('fireworks_rft').warning('should not print')"
    )
    env = {k: v for k, v in os.environ.items() if k != "FIREWORKS_LOG"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stderr == ""


def test_fireworks_log_env_writes_to_stderr():
    with fault_server(OK) as server:
        code = (
            "import fireworks_rft;"
            f"c = fireworks_rft.Client(api_key={API_KEY!r}, account_id='a', base_url={server.url!r});"
            "c.execute_train_step('j', dataset='d', output_model='m')"
        )
        env = {**os.environ, "FIREWORKS_LOG": "info"}
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
    assert "INFO fireworks_rft: POST" in done.stderr
    assert "-> 200 attempt=1" in done.stderr
    assert API_KEY not in done.stderr
