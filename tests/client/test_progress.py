"""Progress without noise: one line per change of a step, a job or a load, no request lines."""

from __future__ import annotations

import io
import logging

import pytest

import fireworks_rft as fw
from fireworks_rft._logging import configure_from_env, progress

from ..support.fakes import virtual_time
from ..support.runner import drive, new_client


@pytest.fixture
def restore_progress_logger():
    handlers, level, propagate = list(progress.handlers), progress.level, progress.propagate
    yield
    progress.handlers[:] = handlers
    progress.setLevel(level)
    progress.propagate = propagate


def loop(client):
    """A step and the load of its LoRA, waited for."""
    if isinstance(client, fw.AsyncClient):

        async def go():
            step = await client.execute_train_step("job-1", dataset="d", output_model="m1")
            done = await client.wait_for_step(step)
            await client.wait_for_deployed_model(
                await client.load_lora(done.model.name, deployment="dep")
            )

        return go()
    done = client.wait_for_step(client.execute_train_step("job-1", dataset="d", output_model="m1"))
    client.wait_for_deployed_model(client.load_lora(done.model.name, deployment="dep"))
    return None


def test_show_progress_prints_each_change_and_no_request_line(
    mode, fake_gateway, restore_progress_logger, caplog
):
    clock, timing = virtual_time()
    fake_gateway.reset(step_seconds=4.0, deploy_seconds=2.0, clock=clock, default_account="acct")
    fake_gateway.add_job("job-1")
    stream = io.StringIO()
    fw.show_progress(stream)
    fw.show_progress(stream)  # twice: still one handler, so one line per change
    caplog.set_level(logging.INFO, logger="fireworks_rft")  # request lines go elsewhere
    client = new_client(
        mode, base_url=fake_gateway.url, api_key=fake_gateway.api_key, account_id="acct",
        _timing=timing,
    )  # fmt: skip
    drive(client, loop)
    lines = [line.split(" ", 1)[1] for line in stream.getvalue().splitlines()]  # no time
    said = [line.rsplit(" (", 1)[0] for line in lines]  # without the seconds
    loaded = next(line.split(":")[0] for line in said if line.startswith("deployed model"))
    assert said == [
        "step job-1 -> m1: accepted",
        *[line for line in said if line.startswith("step job-1 -> m1: job")],
        f"{loaded}: accepted",
        f"{loaded}: DEPLOYING",
        f"{loaded}: DEPLOYED",
    ]
    assert said[-4] == "step job-1 -> m1: job JOB_STATE_RUNNING, output model READY"
    assert len(set(said)) == len(said)  # one line per change
    # Not passed up: a root handler (here caplog's) does not print them twice.
    assert not any(r.name == "fireworks_rft.progress" for r in caplog.records)
    assert any(r.name == "fireworks_rft" for r in caplog.records)  # the request lines


def test_fireworks_log_progress_shows_progress(restore_progress_logger):
    configure_from_env({"FIREWORKS_LOG": "progress"})
    assert progress.level == logging.INFO and progress.propagate is False
    assert any(isinstance(h, logging.StreamHandler) for h in progress.handlers)
