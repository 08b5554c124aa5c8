"""``upload_dataset`` never lets a step train on stale rows without saying so."""

from __future__ import annotations

import warnings

import pytest

from ..support.fakes import virtual_time
from ..support.runner import captured, drive, new_client

ACCOUNT = "acct"
UPLOAD = "Gateway_CreateDataset"


@pytest.fixture
def gw(fake_gateway):
    clock, timing = virtual_time()
    fake_gateway.reset(clock=clock, default_account=ACCOUNT)
    fake_gateway.timing = timing
    return fake_gateway


def upload(mode, gw, rows, ledger=None):
    client = new_client(
        mode,
        base_url=gw.url,
        api_key=gw.api_key,
        account_id=ACCOUNT,
        ledger=ledger,
        _timing=gw.timing,
    )
    return drive(client, captured(lambda c: c.upload_dataset("rollouts-1", rows)))


def creations(gw) -> int:
    return len([r for r in gw.requests if r.operation_id == UPLOAD])


def test_with_a_ledger_the_same_rows_return_the_dataset_and_other_rows_are_refused(
    mode, any_store, gw
):
    rows = [{"messages": [{"role": "user", "content": "hi"}]}]
    assert upload(mode, gw, rows, any_store).state == "READY"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the same rows, compared: no warning
        again = upload(mode, gw, rows, any_store)
    assert again.state == "READY" and creations(gw) == 2  # the create met the existing one
    sent = len(gw.requests)
    other = [{"messages": [{"role": "user", "content": "bye"}]}]
    with pytest.raises(ValueError, match="datasets/rollouts-1 was uploaded with other rows"):
        upload(mode, gw, other, any_store)
    assert len(gw.requests) == sent  # nothing was sent


def test_without_a_ledger_an_existing_dataset_is_returned_with_a_warning(mode, gw):
    rows = [{"messages": [{"role": "user", "content": "hi"}]}]
    assert upload(mode, gw, rows).state == "READY"
    with pytest.warns(UserWarning, match="its rows were not compared"):
        again = upload(mode, gw, [{"other": "rows"}])
    assert again.state == "READY"
