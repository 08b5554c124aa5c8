"""Contract against an independent implementation: Prism mocks openapi.yaml and validates requests."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fireworks_gateway.api.gateway import gateway_execute_rlor_train_step as op
from fireworks_gateway.models import GatewayExecuteRlorTrainStepBody

import fireworks_rft

from ..support.fakes import API_KEY, ROOT
from ..support.prism_server import prism_mock

#: One worker runs the tests that use Prism: one Prism server (a Node.js process) for all.
pytestmark = pytest.mark.xdist_group("prism")

STEP_PATH = "/v1/accounts/acct-1/rlorTrainerJobs/job-1:executeTrainStep"


@pytest.mark.parametrize("job", ["job-1", "accounts/other/rlorTrainerJobs/job-2"])
def test_sync_step_accepted_by_prism(prism_url, job):
    with fireworks_rft.Client(
        api_key=API_KEY, account_id="acct-1", base_url=prism_url, max_retries=0
    ) as client:
        result = client.execute_train_step(
            job, dataset="accounts/acct-1/datasets/d1", output_model="m1"
        )
    assert result.status_code == 200


async def test_async_step_accepted_by_prism(prism_url):
    async with fireworks_rft.AsyncClient(
        api_key=API_KEY, account_id="acct-1", base_url=prism_url, max_retries=0
    ) as client:
        result = await client.execute_train_step(
            "job-1", dataset="accounts/acct-1/datasets/d1", output_model="accounts/acct-1/models/m1"
        )
    assert result.job == "accounts/acct-1/rlorTrainerJobs/job-1"


def test_generated_operation_accepted_by_prism(prism_url):
    with fireworks_rft.Client(api_key=API_KEY, base_url=prism_url, max_retries=0) as client:
        response = op.sync_detailed(
            "acct-1",
            "job-1",
            client=client.gateway,
            body=GatewayExecuteRlorTrainStepBody(dataset="d", output_model="m"),
        )
    assert response.status_code == 200
    assert response.parsed is not None


def test_prism_rejects_what_the_sdk_must_never_send(prism_url):
    """Negative control: Prism does validate, so its acceptance above means something."""
    with httpx.Client(base_url=prism_url, timeout=10) as http:
        snake = http.post(
            STEP_PATH,
            json={"dataset": "d", "output_model": "m"},
            headers={"Authorization": f"Bearer {API_KEY}"},
        )
        unauthenticated = http.post(STEP_PATH, json={"dataset": "d", "outputModel": "m"})
    assert snake.status_code == 422
    assert unauthenticated.status_code == 401


def test_sdk_surfaces_prism_rejection_as_typed_error(prism_url):
    """An invalid step (a bad body can't come from the facade) shows as a typed 4xx error."""
    client = fireworks_rft.Client(api_key=API_KEY, base_url=prism_url, max_retries=0)
    with client, pytest.raises(fireworks_rft.UnprocessableEntityError) as info:
        client.gateway.get_httpx_client().post(STEP_PATH, json={"dataset": "d"})
    assert info.value.status_code == 422


# -- today's platform: requests the published 4.259.0 document accepts --------------------

WHOLE = ROOT.parent / "shared" / "spec" / "gateway-openapi-4.259.0.yaml"


@pytest.fixture(scope="module")
def published_prism_url() -> Iterator[str]:
    """Prism serving Fireworks' whole published Gateway document (not our openapi.yaml)."""
    if not WHOLE.exists():
        pytest.fail(f"the published document is missing: {WHOLE}")
    with prism_mock(WHOLE) as url:
        yield url


def test_the_platform_methods_send_what_the_published_spec_accepts(published_prism_url):
    """Prism validates each request against the published spec (``--errors``: 422 for an
    invalid one); the answers are Prism's examples, so only the requests matter here."""
    checkpoint = "accounts/acct-1/rlorTrainerJobs/job-1/checkpoints/c1"

    def absent_output_model(request: httpx.Request) -> None:
        """Prism's examples say every model exists; the promotion's must not, yet."""
        if request.method == "GET" and request.url.path.endswith("/models/promoted"):
            request.headers["Prefer"] = "code=404"

    http = httpx.Client(event_hooks={"request": [absent_output_model]})
    with (
        http,
        fireworks_rft.Client(
            api_key=API_KEY,
            account_id="acct-1",
            base_url=published_prism_url,
            max_retries=0,
            http_client=http,
            allow_insecure_http=True,
        ) as client,
    ):
        client.promote_checkpoint(checkpoint, output_model="promoted", base_model="base")
        # Prism's example pages repeat their token: read the first page, then stop.
        next(client.list_training_shapes(page_size=5), None)
        client.get_training_shape("shape-1")
        client.get_job_logs_url("job-1")
        next(client.list_models(page_size=5), None)
        client.delete_model("old-policy")
        next(client.list_deployed_models(page_size=5), None)
        client.create_job(
            "job-2",
            base_model="accounts/fireworks/models/qwen3-8b",
            training_shape="accounts/acct-1/trainingShapes/shape-1/versions/v1",
            service_mode=True,
        )
        with pytest.raises(fireworks_rft.APIResponseValidationError, match="signed upload URL"):
            # Prism's example answer has no URL for our file: the create and the upload
            # endpoint requests were accepted, and nothing is PUT anywhere.
            client.upload_dataset("rollouts-1", [{"messages": []}])
