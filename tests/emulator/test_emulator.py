"""FakeGateway: validation, answers, recording, scripting, and its three ways to start."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx
import pytest

import fireworks_rft as fw
from fireworks_rft.testing import DEFAULT_FAKE_KEY, FakeGateway, ScriptedResponse
from tools.fast_yaml import load as load_yaml

from ..support.spec_check import unused_method

STEP = "/v1/accounts/acct/rlorTrainerJobs/job-1:executeTrainStep"
AUTH = {"Authorization": "Bearer any-token"}
BODY = {"dataset": "accounts/acct/datasets/d", "outputModel": "accounts/acct/models/m"}
OTHER_BODY = {"dataset": "accounts/other/datasets/d", "outputModel": "accounts/other/models/m"}


@pytest.fixture
def gw():
    with FakeGateway() as gateway:
        yield gateway


def post(gateway: FakeGateway, path: str = STEP, **kwargs) -> httpx.Response:
    kwargs.setdefault("headers", AUTH)
    with httpx.Client(base_url=gateway.url, timeout=10) as http:
        return http.post(path, **kwargs)


def test_valid_step_is_200_empty_object_and_recorded(gw):
    response = post(gw, json=BODY)
    assert response.status_code == 200
    assert response.json() == {}
    assert response.headers["content-type"] == "application/json"
    (step,) = gw.steps
    assert step.job == "accounts/acct/rlorTrainerJobs/job-1"
    assert (step.account_id, step.job_id) == ("acct", "job-1")
    assert (step.dataset, step.output_model) == (BODY["dataset"], BODY["outputModel"])
    assert step.request_id == response.headers["x-request-id"]
    assert abs(step.time - time.time()) < 60


@pytest.mark.parametrize(
    ("kwargs", "status", "code", "words"),
    [
        ({"json": {"dataset": "d"}}, 400, 3, "'outputModel' is a required property"),
        (
            {"json": {"dataset": 1, "outputModel": "m"}},
            400,
            3,
            "dataset: 1 is not of type 'string'",
        ),
        ({"json": [BODY]}, 400, 3, "is not of type 'object'"),
        (
            {"content": b"{not json", "headers": {**AUTH, "Content-Type": "application/json"}},
            400,
            3,
            "deserialize",
        ),
        (
            {"content": json.dumps(BODY), "headers": {**AUTH, "Content-Type": "text/plain"}},
            400,
            3,
            "text/plain",
        ),
        ({"headers": AUTH}, 400, 3, "body"),
        ({"json": BODY, "headers": {}}, 401, 16, "bearer"),
        ({"json": BODY, "headers": {"Authorization": "Basic abc"}}, 401, 16, "bearer"),
    ],
    ids=[
        "missing-field",
        "wrong-type",
        "not-an-object",
        "malformed-json",
        "content-type",
        "no-body",
        "no-auth",
        "basic-auth",
    ],
)
def test_invalid_requests_get_grpc_gateway_errors(gw, kwargs, status, code, words):
    response = post(gw, **kwargs)
    assert response.status_code == status
    body = response.json()
    assert body["code"] == code and body["details"] == []
    assert words in body["message"]
    assert response.headers["x-request-id"]
    assert gw.steps == []


def test_wrong_method_and_unknown_path(gw):
    with httpx.Client(base_url=gw.url) as http:
        wrong_method = http.request(unused_method(STEP), STEP, headers=AUTH)
        unknown = http.post("/v1/no/such/operation", json=BODY, headers=AUTH)
    assert wrong_method.status_code == 405 and wrong_method.json()["code"] == 12
    assert unknown.status_code == 404 and unknown.json()["code"] == 5
    assert gw.steps == []
    assert [r.status for r in gw.requests] == [405, 404]


def test_expected_key():
    with FakeGateway(api_key="the-right-key") as gateway:
        assert gateway.api_key == "the-right-key"
        wrong = post(gateway, json=BODY, headers={"Authorization": "Bearer wrong"})
        right = post(gateway, json=BODY, headers={"Authorization": "Bearer the-right-key"})
    assert wrong.status_code == 401 and wrong.json()["code"] == 16
    assert right.status_code == 200
    assert len(gateway.steps) == 1


def test_any_key_without_an_expected_one(gw):
    assert gw.api_key == DEFAULT_FAKE_KEY
    assert post(gw, json=BODY, headers={"Authorization": "Bearer whatever"}).status_code == 200


def test_known_jobs():
    with FakeGateway(known_jobs=["job-1", "accounts/other/rlorTrainerJobs/job-2"]) as gateway:
        assert post(gateway, json=BODY).status_code == 200
        assert (
            post(
                gateway,
                "/v1/accounts/other/rlorTrainerJobs/job-2:executeTrainStep",
                json=OTHER_BODY,
            ).status_code
            == 200
        )
        missing = post(
            gateway, "/v1/accounts/acct/rlorTrainerJobs/job-2:executeTrainStep", json=BODY
        )
    assert missing.status_code == 404
    assert missing.json()["code"] == 5 and "job-2" in missing.json()["message"]
    assert len(gateway.steps) == 2


def test_scripted_responses_in_order_then_normal(gw):
    gw.script(
        ScriptedResponse(status=429, headers={"Retry-After": "1"}),
        ScriptedResponse(status=500, body={"code": 13, "message": "boom"}, executes=True),
        ScriptedResponse(status=200, body="not json"),
    )
    first, second, third, fourth = (post(gw, json=BODY) for _ in range(4))
    assert (first.status_code, first.headers["retry-after"]) == (429, "1")
    assert first.json()["message"] == "scripted error 429"
    assert (second.status_code, second.json()) == (500, {"code": 13, "message": "boom"})
    assert (third.status_code, third.text) == (200, "not json")
    assert (fourth.status_code, fourth.json()) == (200, {})
    assert len(gw.steps) == 3  # the 500 executed, the 429 did not, both 200s did


def test_a_scripted_response_for_one_operation_lets_others_pass(gw):
    gw.script(ScriptedResponse(status=503, operation_id="Gateway_ExecuteRlorTrainStep"))
    with httpx.Client(base_url=gw.url, headers=AUTH) as http:
        job = http.get("/v1/accounts/acct/rlorTrainerJobs/job-1")
        step = http.post(STEP, json=BODY)
        again = http.post(STEP, json=BODY)
    assert job.status_code == 200 and job.json()["state"] == "JOB_STATE_RUNNING"
    assert step.status_code == 503 and again.status_code == 200
    assert len(gw.steps) == 1


def test_invalid_requests_do_not_consume_the_script(gw):
    gw.script(ScriptedResponse(status=503))
    assert post(gw, json={"dataset": "d"}).status_code == 400
    assert post(gw, json=BODY).status_code == 503


def test_scripted_delay_and_drop(gw):
    gw.script(ScriptedResponse(delay=0.5), ScriptedResponse(drop=True, executes=True))
    with httpx.Client(base_url=gw.url, timeout=0.1) as http, pytest.raises(httpx.ReadTimeout):
        http.post(STEP, json=BODY, headers=AUTH)
    with httpx.Client(base_url=gw.url, timeout=5) as http, pytest.raises(httpx.RemoteProtocolError):
        http.post(STEP, json=BODY, headers=AUTH)
    assert len(gw.steps) == 2
    assert gw.requests[-1].status is None


def test_script_rejects_other_types(gw):
    with pytest.raises(TypeError, match="ScriptedResponse"):
        gw.script({"status": 500})


def test_reset(gw):
    gw.script(ScriptedResponse(status=503))
    post(gw, json={"dataset": "d"})
    gw.reset()
    assert gw.steps == [] and gw.requests == []
    assert post(gw, json=BODY).status_code == 200


def test_exactly_once_through_the_sdk_with_retries(gw):
    gw.script(ScriptedResponse(status=503, headers={"Retry-After": "0"}))
    with fw.Client(base_url=gw.url, api_key=gw.api_key, account_id="acct") as client:
        result = client.execute_train_step("job-1", dataset="d", output_model="m")
    assert len(gw.steps) == 1
    assert gw.steps[0].request_id == result.request_id
    assert len(gw.requests) == 2


def test_lost_response_is_not_retried_by_the_sdk(gw):
    gw.script(ScriptedResponse(drop=True, executes=True))
    client = fw.Client(base_url=gw.url, api_key=gw.api_key, account_id="acct")
    with client, pytest.raises(fw.APIConnectionError) as info:
        client.execute_train_step("job-1", dataset="d", output_model="m")
    assert info.value.may_have_been_processed
    assert len(gw.steps) == 1 and len(gw.requests) == 1


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3", "example.com"])
def test_refuses_non_loopback_hosts(host):
    with pytest.raises(ValueError, match="loopback"):
        FakeGateway(host=host)


@pytest.mark.parametrize("port", [-1, 70000, "80", True])
def test_port_checked(port):
    with pytest.raises(ValueError, match="port"):
        FakeGateway(port=port)


def test_url_needs_a_running_server():
    gateway = FakeGateway()
    with pytest.raises(RuntimeError, match="not running"):
        _ = gateway.url
    assert "stopped" in repr(gateway)


def test_serves_every_operation_of_a_spec(tmp_path):
    """Operations a bumped spec adds are served too, with a minimal valid answer."""

    from ..support.fakes import SPEC_PATH

    document = load_yaml(SPEC_PATH.read_text())
    document["paths"]["/v1/accounts/{account_id}/rlorTrainerJobs/{rlor_trainer_job_id}/stats"] = {
        "get": {
            "operationId": "Gateway_GetRlorTrainerJobStats",
            "parameters": [
                {
                    "name": "account_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                },
                {
                    "name": "rlor_trainer_job_id",
                    "in": "path",
                    "required": True,
                    "schema": {"type": "string"},
                },
            ],
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["name", "state", "stepCount"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "state": {"type": "string", "enum": ["RUNNING", "DONE"]},
                                    "stepCount": {"type": "integer"},
                                },
                            }
                        }
                    },
                }
            },
        }
    }
    with FakeGateway(spec=document) as gateway, httpx.Client(base_url=gateway.url) as http:
        got = http.get("/v1/accounts/a/rlorTrainerJobs/j/stats", headers=AUTH)
        step = http.post(STEP, json=BODY, headers=AUTH)
    assert got.status_code == 200
    assert got.json() == {"name": "", "state": "RUNNING", "stepCount": 0}
    assert gateway.requests[0].operation_id == "Gateway_GetRlorTrainerJobStats"
    assert step.status_code == 200 and len(gateway.steps) == 1


def test_pytest_fixtures(fake_gateway, fake_gateway_client):
    fake_gateway.add_job("job-1")
    fake_gateway.add_dataset("d")
    result = fake_gateway_client.execute_train_step("job-1", dataset="d", output_model="m")
    assert fake_gateway.steps[0].job == result.job == "accounts/test-account/rlorTrainerJobs/job-1"


async def test_async_pytest_fixture(fake_gateway, fake_gateway_async_client):
    fake_gateway.add_job("job-1")
    fake_gateway.add_dataset("d")
    await fake_gateway_async_client.execute_train_step("job-1", dataset="d", output_model="m")
    assert len(fake_gateway.steps) == 1


USER_TEST = textwrap.dedent(
    """
    import fireworks_rft
    from fireworks_rft.testing import ScriptedResponse

    def test_my_rl_loop(fake_gateway, fake_gateway_client):
        fake_gateway.add_job("my-job")
        for i in range(3):
            fake_gateway.add_dataset(f"ds-{i}")
            fake_gateway_client.execute_train_step(
                "my-job", dataset=f"ds-{i}", output_model=f"model-{i}"
            )
        assert [s.dataset for s in fake_gateway.steps] == [
            f"accounts/test-account/datasets/ds-{i}" for i in range(3)
        ]

    def test_my_failure_handling(fake_gateway, fake_gateway_client):
        fake_gateway.add_job("my-job")
        fake_gateway.add_dataset("d")
        fake_gateway.script(ScriptedResponse(status=500, executes=True))
        try:
            fake_gateway_client.execute_train_step("my-job", dataset="d", output_model="m")
        except fireworks_rft.InternalServerError as exc:
            assert exc.may_have_been_processed
        assert len(fake_gateway.steps) == 1
    """
)


def _run_user_tests(
    tmp_path: Path, pythonpath: str | None = None
) -> subprocess.CompletedProcess[str]:
    (tmp_path / "test_user_loop.py").write_text(USER_TEST)
    env = dict(os.environ)
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_user_test_with_only_the_fixture_and_no_conftest(tmp_path):
    assert not (tmp_path / "conftest.py").exists()
    done = _run_user_tests(tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout


def test_user_test_against_the_built_wheel(wheel, tmp_path):
    """The wheel's own entry point registers the plugin (what `pip install .[testing]` gives)."""
    import zipfile

    installed = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(installed)
    users = tmp_path / "project"
    users.mkdir()
    done = _run_user_tests(users, pythonpath=str(installed))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout
    probe = subprocess.run(
        [sys.executable, "-c", "import fireworks_rft.testing as t; print(t.__file__)"],
        env={**os.environ, "PYTHONPATH": str(installed)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert probe.stdout.startswith(str(installed))


def test_cli_emulator_serves_until_ctrl_c():
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "fireworks_rft",
            "emulator",
            "--port",
            "0",
            "--api-key",
            "sekret-key",
            "--known-job",
            "job-1",
            "--step-seconds",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("FakeGateway listening on http://127.0.0.1:"), line
        url = line.split()[3]
        export = process.stdout.readline()
        assert f"FIREWORKS_BASE_URL={url}" in export and "FIREWORKS_ACCOUNT_ID=emulator" in export
        with fw.Client(base_url=url, api_key="sekret-key", account_id="a", max_retries=0) as c:
            c.execute_train_step("job-1", dataset="d", output_model="m")
            assert c.get_model("m").state == "READY"
            with pytest.raises(fw.NotFoundError):
                c.execute_train_step("job-2", dataset="d", output_model="m")
        wrong = fw.Client(base_url=url, api_key="wrong", account_id="a", max_retries=0)
        with wrong, pytest.raises(fw.AuthenticationError):
            wrong.get_job("job-1")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "Traceback" not in err
    assert "stopped after 1 step(s)" in out
    assert "sekret-key" not in out + err and "any key is accepted" not in out
    logged = [line for line in err.splitlines() if line.startswith("emulator: ")]
    assert len(logged) == 4 and len(set(logged)) == 4  # each request once


def test_cli_emulator_reports_a_busy_port_in_one_line():
    with FakeGateway() as busy:
        port = busy.url.rsplit(":", 1)[1]
        done = subprocess.run(
            [sys.executable, "-m", "fireworks_rft", "emulator", "--port", port],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr


def test_cli_emulator_refuses_a_remote_host(capsys):
    from fireworks_rft.cli import main

    assert main(["emulator", "--host", "0.0.0.0"]) == 2
    assert "loopback" in capsys.readouterr().err


def test_the_plugin_loads_without_the_testing_extra(tmp_path):
    """A core install plus pytest runs any suite: the plugin imports nothing of the extra, and
    a fixture that needs it says which extra to install."""
    (tmp_path / "test_plain.py").write_text(
        "def test_plain():\n    assert 1\n\ndef test_uses_the_emulator(fake_gateway):\n    pass\n"
    )
    blocker = textwrap.dedent(
        """
        import sys, importlib.abc
        class NoExtra(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path, target=None):
                if name.split(".")[0] in ("yaml", "openapi_core", "werkzeug"):
                    raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        sys.meta_path.insert(0, NoExtra())
        import pytest
        sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", sys.argv[1]]))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", blocker, str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "1 passed" in done.stdout and "1 error" in done.stdout, done.stdout + done.stderr
    assert "pip install 'fireworks-rft[testing]'" in done.stdout


# -- bad clients never crash or hang the emulator ------------------------------------------


def _raw(gateway: FakeGateway, data: bytes, wait: float = 5.0) -> bytes:
    """Send raw bytes on one connection; return everything the emulator answers until close."""
    host, port = gateway.url.removeprefix("http://").rsplit(":", 1)
    with socket.create_connection((host.strip("[]"), int(port)), timeout=wait) as conn:
        conn.sendall(data)
        received = b""
        with contextlib.suppress(TimeoutError, ConnectionResetError):
            while chunk := conn.recv(65536):
                received += chunk
    return received


def _request(body: bytes, *, length: str | None = None, extra: str = "") -> bytes:
    head = (
        f"POST {STEP} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k\r\n"
        f"Content-Type: application/json\r\n{extra}"
    )
    if length is not None:
        head += f"Content-Length: {length}\r\n"
    return head.encode() + b"Connection: close\r\n\r\n" + body


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (_request(b'{"dataset": "\xff\xfe"}', length="17"), b"invalid"),
        (_request(b"[" * 3000 + b"]" * 3000, length="6000"), b"invalid"),
        (_request(b"{}", length="abc"), b"Content-Length"),
        (_request(b'{"dataset": "d"', length="500"), b"ended after"),
        (
            _request(b"5\r\n{}{}{\r\n0\r\n\r\n", extra="Transfer-Encoding: chunked\r\n"),
            b"chunked",
        ),
    ],
    ids=["invalid-utf8", "deeply-nested", "bad-content-length", "short-body", "chunked"],
)
def test_malformed_requests_get_one_400_and_never_run(data, words):
    with FakeGateway(idle_timeout=0.5) as gateway:
        answer = _raw(gateway, data)
        assert answer.count(b"HTTP/1.1") == 1, answer
        assert answer.startswith(b"HTTP/1.1 400") and words in answer
        assert gateway.steps == []
        # and it still serves well-formed clients
        assert post(gateway, json=BODY).status_code == 200


def test_an_empty_bearer_token_is_401(gw):
    body = json.dumps(BODY).encode()
    data = _request(body, length=str(len(body))).replace(b"Bearer k", b"Bearer ")
    answer = _raw(gw, data)
    assert answer.startswith(b"HTTP/1.1 401") and b'"code": 16' in answer
    assert gw.steps == []


def test_idle_connections_are_closed():
    with FakeGateway(idle_timeout=0.3) as gateway:
        host, port = gateway.url.removeprefix("http://").rsplit(":", 1)
        idle = [socket.create_connection((host, int(port)), timeout=5) for _ in range(50)]
        try:
            for conn in idle:
                conn.sendall(b"POST / HTTP/1.1\r\n")  # never finished (slowloris)
            time.sleep(0.8)
            closed = 0
            for conn in idle:
                with contextlib.suppress(ConnectionResetError):
                    closed += conn.recv(65536) in (b"",) or b"HTTP/1.1" in conn.recv(65536)
            assert closed == 50
        finally:
            for conn in idle:
                conn.close()
        assert post(gateway, json=BODY).status_code == 200


def test_listens_on_ipv6_loopback():
    with FakeGateway(host="::1") as gateway:
        assert gateway.url.startswith("http://[::1]:")
        with fw.Client(base_url=gateway.url, api_key="k", account_id="acct") as client:
            assert client.execute_train_step("j", dataset="d", output_model="m").status_code == 200


def test_async_fixture_in_pytest_asyncio_strict_mode(tmp_path):
    (tmp_path / "test_strict.py").write_text(
        "import pytest\n\n"
        "@pytest.mark.asyncio\n"
        "async def test_step(fake_gateway, fake_gateway_async_client):\n"
        "    fake_gateway.add_job('j')\n"
        "    fake_gateway.add_dataset('d')\n"
        "    await fake_gateway_async_client.execute_train_step('j', dataset='d', output_model='m')\n"
        "    assert len(fake_gateway.steps) == 1\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-o",
            "asyncio_mode=strict",
            str(tmp_path),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout + done.stderr


def test_received_requests_keep_headers_but_authorization(gw):
    post(gw, json=BODY, headers={**AUTH, "x-trace": "t-1"})
    (received,) = gw.requests
    assert received.header("X-Trace") == "t-1"
    assert received.header("authorization") is None
    assert all(k.lower() != "authorization" for k, _ in received.headers)


def test_public_names_show_as_fireworks_rft():
    assert fw.ConfigurationError.__module__ == "fireworks_rft"
    assert (
        fw.Client.__module__ == "fireworks_rft" and fw.StepFailedError.__module__ == "fireworks_rft"
    )
    assert repr(fw.NotFoundError).startswith("<class 'fireworks_rft.NotFoundError'")
