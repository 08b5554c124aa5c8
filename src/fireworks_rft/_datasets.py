"""The dataset methods of both clients: get, list and delete.

Since 2026-11-15 Fireworks answers dataset creation, update, upload, validation, preview,
split and download with 501 Not Implemented; through ``client.gateway`` such a call raises
:class:`~fireworks_rft.DatasetOperationRetiredError`, which says so. Reading and deleting
remain, and ``execute_train_step`` still takes a dataset's name.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING, Any

from . import _calls, _loop_calls
from ._async_base import AsyncBase
from ._names import DATASETS
from ._sync_base import SyncBase

if TYPE_CHECKING:
    from fireworks_gateway.models import GatewayDataset

    from ._types import Deleted


def _pages_of(account_id: str | None, page_size: int | None, filter_: str | None) -> Any:
    parent = _loop_calls.account_ref(DATASETS, account_id, "dataset")
    return lambda token: _loop_calls.list_call(
        _loop_calls.LIST_DATASETS, (parent.account_id,), parent, token, page_size, filter_=filter_
    )


class DatasetMethods(SyncBase):
    """Datasets, synchronously."""

    def get_dataset(self, dataset: str) -> GatewayDataset:
        """Read a dataset: a bare ID or ``accounts/{a}/datasets/{d}``."""
        call = _calls.ref_call(
            _loop_calls.GET_DATASET, _loop_calls.dataset_ref(dataset, self.account_id)
        )
        found: GatewayDataset = _calls.parsed(call, self._send(call))
        return found

    def list_datasets(
        self, *, page_size: int | None = None, filter: str | None = None
    ) -> Iterator[GatewayDataset]:
        """Every dataset of the client's account, page after page, read as you iterate."""
        return self._pages(_pages_of(self.account_id, page_size, filter), "datasets")

    def delete_dataset(self, dataset: str) -> Deleted:
        """Delete a dataset (e.g. a step's rollouts, once the step is READY)."""
        call = _calls.ref_call(
            _loop_calls.DELETE_DATASET, _loop_calls.dataset_ref(dataset, self.account_id)
        )
        return _calls.deleted(call, self._send(call))


class AsyncDatasetMethods(AsyncBase):
    """Datasets, with asyncio; each method as in :class:`DatasetMethods`."""

    async def get_dataset(self, dataset: str) -> GatewayDataset:
        """Read a dataset; see :meth:`Client.get_dataset`."""
        call = _calls.ref_call(
            _loop_calls.GET_DATASET, _loop_calls.dataset_ref(dataset, self.account_id)
        )
        found: GatewayDataset = _calls.parsed(call, await self._send(call))
        return found

    def list_datasets(
        self, *, page_size: int | None = None, filter: str | None = None
    ) -> AsyncIterator[GatewayDataset]:
        """Every dataset of the account, with ``async for``; see :meth:`Client.list_datasets`."""
        return self._pages(_pages_of(self.account_id, page_size, filter), "datasets")

    async def delete_dataset(self, dataset: str) -> Deleted:
        """Delete a dataset; see :meth:`Client.delete_dataset`."""
        call = _calls.ref_call(
            _loop_calls.DELETE_DATASET, _loop_calls.dataset_ref(dataset, self.account_id)
        )
        return _calls.deleted(call, await self._send(call))
