"""Bad input is refused with an error naming the argument, and nothing is sent."""

from __future__ import annotations

import pytest

from ..support.fakes import Recorder

BAD_IDS = [
    "",
    "   ",
    "a/b",
    "..",
    "a..b",
    "job?x=1",
    "job#frag",
    "job%2F",
    "job\x00",
    "job\n",
    "job\x7f",
    " job",
    "jo b",
    "a\\b",
]


@pytest.mark.parametrize("job", BAD_IDS)
def test_bad_job_ids(make_client, recorder: Recorder, job):
    with pytest.raises(ValueError, match="job"):
        make_client().execute_train_step(job, dataset="d", output_model="m")
    assert recorder.requests == []


@pytest.mark.parametrize(
    "name",
    [
        "accounts/a/rlorTrainerJobs/",
        "accounts//rlorTrainerJobs/j",
        "accounts/a/rlorTrainerJobs/j/extra",
        "accounts/a/models/j",
        "projects/a/rlorTrainerJobs/j",
        "accounts/a/rlorTrainerJobs/j?x",
        "accounts/../rlorTrainerJobs/j",
        "/accounts/a/rlorTrainerJobs/j",
    ],
)
def test_bad_full_names(make_client, recorder: Recorder, name):
    with pytest.raises(ValueError, match="job"):
        make_client().execute_train_step(name, dataset="d", output_model="m")
    assert recorder.requests == []


@pytest.mark.parametrize("value", [None, 7, b"job", ["job"]])
def test_job_wrong_type(make_client, recorder: Recorder, value):
    with pytest.raises(TypeError, match="job must be a str"):
        make_client().execute_train_step(value, dataset="d", output_model="m")
    assert recorder.requests == []


@pytest.mark.parametrize("field", ["dataset", "output_model"])
@pytest.mark.parametrize(
    ("value", "error"),
    [("", ValueError), ("  ", ValueError), (None, TypeError), (1, TypeError), (b"x", TypeError)],
)
def test_dataset_and_output_model(make_client, recorder: Recorder, field, value, error):
    kwargs = {"dataset": "d", "output_model": "m", field: value}
    with pytest.raises(error, match=field):
        make_client().execute_train_step("job-1", **kwargs)
    assert recorder.requests == []


@pytest.mark.parametrize("timeout", [0, -1, "x", float("inf")])
def test_per_call_timeout_checked(make_client, recorder: Recorder, timeout):
    with pytest.raises((TypeError, ValueError), match="timeout"):
        make_client().execute_train_step("j", dataset="d", output_model="m", timeout=timeout)
    assert recorder.requests == []


async def test_async_validates_before_sending(make_async_client, recorder: Recorder):
    client = make_async_client()
    with pytest.raises(ValueError, match="job"):
        await client.execute_train_step("a/b", dataset="d", output_model="m")
    with pytest.raises(TypeError, match="output_model"):
        await client.execute_train_step("j", dataset="d", output_model=None)
    assert recorder.requests == []
    await client.aclose()
