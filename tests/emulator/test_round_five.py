"""The emulator as an oracle a third-party suite can trust (reliability round five).

Each test fails on the emulator before its fix.
"""

from __future__ import annotations

import httpx
import pytest

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
