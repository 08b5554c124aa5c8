from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gateway_dataset import GatewayDataset


T = TypeVar("T", bound="GatewayCreateDatasetBody")


@_attrs_define
class GatewayCreateDatasetBody:
    """
    Attributes:
        dataset (GatewayDataset):
        dataset_id (str):
        source_dataset_id (str | Unset): If set, indicates we are creating a new dataset by filtering this existing
            dataset ID
        filter_ (str | Unset): Filter condition (SQL-like WHERE clause) to apply to the source dataset
    """

    dataset: GatewayDataset
    dataset_id: str
    source_dataset_id: str | Unset = UNSET
    filter_: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        dataset: Any
        if isinstance(self.dataset, Unset):  # omitted by the server (proto3 JSON)
            dataset = UNSET
        else:
            dataset = self.dataset.to_dict()

        dataset_id = self.dataset_id

        source_dataset_id = self.source_dataset_id

        filter_ = self.filter_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "dataset": dataset,
                "datasetId": dataset_id,
            }
        )
        for omitted in [
            key for key, value in field_dict.items() if isinstance(value, Unset)
        ]:
            del field_dict[omitted]
        if source_dataset_id is not UNSET:
            field_dict["sourceDatasetId"] = source_dataset_id
        if filter_ is not UNSET:
            field_dict["filter"] = filter_

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gateway_dataset import GatewayDataset

        d = dict(src_dict)
        _dataset = d.pop("dataset", UNSET)
        dataset: Any
        if _dataset is UNSET:
            dataset = UNSET
        else:
            dataset = GatewayDataset.from_dict(_dataset)

        dataset_id = d.pop("datasetId", UNSET)

        source_dataset_id = d.pop("sourceDatasetId", UNSET)

        filter_ = d.pop("filter", UNSET)

        gateway_create_dataset_body = cls(
            dataset=dataset,
            dataset_id=dataset_id,
            source_dataset_id=source_dataset_id,
            filter_=filter_,
        )

        gateway_create_dataset_body.additional_properties = d
        return gateway_create_dataset_body

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
