from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GatewaySplitDatasetBody")


@_attrs_define
class GatewaySplitDatasetBody:
    """Request message for splitting a dataset into chunks

    Attributes:
        chunk_size (int | Unset): Required. The size of each chunk (minimum 200)
        parent (str | Unset): The parent account ID of the requester.
    """

    chunk_size: int | Unset = UNSET
    parent: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        chunk_size = self.chunk_size

        parent = self.parent

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if chunk_size is not UNSET:
            field_dict["chunkSize"] = chunk_size
        if parent is not UNSET:
            field_dict["parent"] = parent

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        chunk_size = d.pop("chunkSize", UNSET)

        parent = d.pop("parent", UNSET)

        gateway_split_dataset_body = cls(
            chunk_size=chunk_size,
            parent=parent,
        )

        gateway_split_dataset_body.additional_properties = d
        return gateway_split_dataset_body

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
