"""The emulator as an oracle a third-party suite can trust (reliability round five).

Each test fails on the emulator before its fix.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import struct
import subprocess
import sys

import httpx
import pytest

import fireworks_rft as fw
from fireworks_rft.testing import DEFAULT_FAKE_KEY, FakeGateway

AUTH = {"Authorization": f"Bearer {DEFAULT_FAKE_KEY}"}
JOBS = "/v1/accounts/acct/rlorTrainerJobs"
BODY = {"trainingConfig": {"baseModel": "accounts/fireworks/models/qwen3-8b"}, "keepAlive": True}


@pytest.fixture
def gw():
    with FakeGateway(default_account="acct") as gateway:
        yield gateway


def call(gw: FakeGateway, method: str, path: str, **kwargs) -> httpx.Response:
    with httpx.Client(base_url=gw.url, headers=AUTH, timeout=10) as http:
        return http.request(method, path, **kwargs)


def test_a_deleted_job_cannot_be_resumed(gw):
    """An assumption (no source states the status): 400 FAILED_PRECONDITION."""
    gw.add_job("gone")
    assert call(gw, "DELETE", f"{JOBS}/gone").status_code == 200
    resumed = call(gw, "POST", f"{JOBS}/gone:resume", json={})
    assert resumed.status_code == 400 and resumed.json()["code"] == 9
    assert call(gw, "GET", f"{JOBS}/gone").json()["state"] == "JOB_STATE_DELETED"


@pytest.mark.parametrize(
    ("path", "params", "body"),
    [
        (JOBS, {"rlorTrainerJobId": "Bad_Id"}, BODY),
        (
            "/v1/accounts/acct/datasets",
            None,
            {"datasetId": "Bad_Id", "dataset": {"displayName": "d", "userUploaded": {}}},
        ),
    ],
    ids=["job", "dataset"],
)
def test_ids_chosen_at_creation_obey_the_resource_id_rule(gw, path, params, body):
    created = call(gw, "POST", path, params=params, json=body)
    assert created.status_code == 400 and "Bad_Id" in created.json()["message"]


def test_page_size_zero_is_the_servers_default_page(gw):
    for n in range(3):
        gw.add_job(f"job-{n}")
    listed = call(gw, "GET", JOBS, params={"pageSize": 0}).json()
    assert len(listed["rlorTrainerJobs"]) == 3 and "nextPageToken" not in listed


@pytest.mark.parametrize("add", ["add_dataset", "add_training_shape", "add_job"])
def test_a_bare_id_needs_a_default_account(add):
    with FakeGateway() as gateway, pytest.raises(ValueError, match="default_account"):
        getattr(gateway, add)("x1")


@contextlib.contextmanager
def cli_emulator(*flags: str):
    """``fireworks-rft emulator`` in a process of its own; its URL, then its stderr checked."""
    argv = [sys.executable, "-m", "fireworks_rft", "emulator", "--port", "0", *flags]
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield process.stdout.readline().split()[3]
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0 and "Traceback" not in err, err


def test_the_cli_emulator_fails_only_the_next_step_and_a_reset_prints_nothing():
    timings = ["--step-seconds", "0", "--job-start-seconds", "0", "--deploy-seconds", "0"]
    with cli_emulator("--fail-next-step", "503", "--promote-seconds", "0", *timings) as url:
        with fw.Client(base_url=url, api_key="k", account_id="emulator", max_retries=0) as c:
            assert c.get_job("job-1").state == "JOB_STATE_RUNNING"  # not the scripted 503
            with pytest.raises(fw.InternalServerError):  # the next step gets it
                c.execute_train_step("job-1", dataset="d", output_model="m")
            c.execute_train_step("job-1", dataset="d", output_model="m2")  # then as usual
        host, port = url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port))) as reset:  # a client that resets
            reset.sendall(b"GET /v1/accounts/emulator/rlorTrainerJobs/job-1 HTTP/1.1\r\nHo")
            reset.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        with fw.Client(base_url=url, api_key="k", account_id="emulator", max_retries=0) as c:
            c.get_job("job-1")  # still serving


def test_the_cli_emulator_strict_knows_only_what_it_is_told():
    with (
        cli_emulator("--strict", "--known-job", "job-1") as url,
        fw.Client(base_url=url, api_key="k", account_id="emulator", max_retries=0) as c,
    ):
        with pytest.raises(fw.NotFoundError, match="dataset"):
            c.execute_train_step("job-1", dataset="d", output_model="m")
        with pytest.raises(fw.NotFoundError):
            c.get_job("job-2")


def _dataset_calls(client, account: str):
    """The retired dataset operations, sent through the generated functions."""
    from fireworks_gateway.api.gateway import (
        gateway_get_dataset_download_endpoint as download,
    )
    from fireworks_gateway.api.gateway import gateway_split_dataset as split
    from fireworks_gateway.api.gateway import gateway_update_dataset as update
    from fireworks_gateway.models import GatewaySplitDatasetBody, GatewayUpdateDatasetBody

    gateway = client.gateway
    return {
        "update": lambda: update.sync_detailed(
            account, "rollouts", client=gateway, body=GatewayUpdateDatasetBody.from_dict({})
        ),
        "download": lambda: download.sync_detailed(account, "rollouts", client=gateway),
        "split": lambda: split.sync_detailed(
            account, "rollouts", client=gateway, body=GatewaySplitDatasetBody(chunk_size=200)
        ),
    }


@pytest.mark.parametrize("retired", [False, True])
def test_dataset_update_download_and_split_answer_as_the_spec_says_unless_retired(retired):
    rows = [{"messages": [{"role": "user", "content": str(n)}]} for n in range(450)]
    with FakeGateway(default_account="acct", datasets_retired=retired) as gw:
        client = fw.Client(base_url=gw.url, api_key=gw.api_key, account_id="acct", max_retries=0)
        with client:
            if retired:
                gw.add_dataset("rollouts")
            else:
                client.upload_dataset("rollouts", rows, poll_interval=0.01)
            if retired:  # through client.gateway a 501 is an InternalServerError (no facts)
                for send in _dataset_calls(client, "acct").values():
                    with pytest.raises(fw.InternalServerError) as info:
                        send()
                    assert info.value.status_code == 501
                return
            answers = {name: send() for name, send in _dataset_calls(client, "acct").items()}
    assert answers["update"].parsed.name == "accounts/acct/datasets/rollouts"
    urls = answers["download"].parsed.filename_to_signed_urls.additional_properties
    assert list(urls) == ["rollouts.jsonl"]
    split = answers["split"].parsed
    assert split.chunks_created == 3 and split.total_examples == "450"
    assert split.chunk_dataset_names[0] == "accounts/acct/datasets/rollouts-chunk-1"
