from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gateway_dataset import GatewayDataset


T = TypeVar("T", bound="GatewayListDatasetsResponse")


@_attrs_define
class GatewayListDatasetsResponse:
    """
    Attributes:
        datasets (list[GatewayDataset] | Unset):
        next_page_token (str | Unset): A token, which can be sent as `page_token` to retrieve the next page.
            If this field is omitted, there are no subsequent pages.
        total_size (int | Unset): The total number of datasets
    """

    datasets: list[GatewayDataset] | Unset = UNSET
    next_page_token: str | Unset = UNSET
    total_size: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        datasets: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.datasets, Unset):
            datasets = []
            for datasets_item_data in self.datasets:
                datasets_item = datasets_item_data.to_dict()
                datasets.append(datasets_item)

        next_page_token = self.next_page_token

        total_size = self.total_size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if datasets is not UNSET:
            field_dict["datasets"] = datasets
        if next_page_token is not UNSET:
            field_dict["nextPageToken"] = next_page_token
        if total_size is not UNSET:
            field_dict["totalSize"] = total_size

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gateway_dataset import GatewayDataset

        d = dict(src_dict)
        _datasets = d.pop("datasets", UNSET)
        datasets: list[GatewayDataset] | Unset = UNSET
        if _datasets is not UNSET:
            datasets = []
            for datasets_item_data in _datasets:
                _datasets_item = datasets_item_data
                datasets_item: Any
                if _datasets_item is UNSET:
                    datasets_item = UNSET
                else:
                    datasets_item = GatewayDataset.from_dict(_datasets_item)

                datasets.append(datasets_item)

        next_page_token = d.pop("nextPageToken", UNSET)

        total_size = d.pop("totalSize", UNSET)

        gateway_list_datasets_response = cls(
            datasets=datasets,
            next_page_token=next_page_token,
            total_size=total_size,
        )

        gateway_list_datasets_response.additional_properties = d
        return gateway_list_datasets_response

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
