from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.dataset_format import DatasetFormat
from ..types import UNSET, Unset

T = TypeVar("T", bound="GatewayTransformed")


@_attrs_define
class GatewayTransformed:
    """
    Attributes:
        source_dataset_id (str):
        filter_ (str | Unset):
        original_format (DatasetFormat | Unset):
    """

    source_dataset_id: str
    filter_: str | Unset = UNSET
    original_format: DatasetFormat | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        source_dataset_id = self.source_dataset_id

        filter_ = self.filter_

        original_format: str | Unset = UNSET
        if not isinstance(self.original_format, Unset):
            original_format = self.original_format.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "sourceDatasetId": source_dataset_id,
            }
        )
        for omitted in [
            key for key, value in field_dict.items() if isinstance(value, Unset)
        ]:
            del field_dict[omitted]
        if filter_ is not UNSET:
            field_dict["filter"] = filter_
        if original_format is not UNSET:
            field_dict["originalFormat"] = original_format

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        source_dataset_id = d.pop("sourceDatasetId", UNSET)

        filter_ = d.pop("filter", UNSET)

        _original_format = d.pop("originalFormat", UNSET)
        original_format: DatasetFormat | Unset
        if isinstance(_original_format, Unset) or _original_format is None:
            original_format = UNSET
        else:
            original_format = DatasetFormat(_original_format)

        gateway_transformed = cls(
            source_dataset_id=source_dataset_id,
            filter_=filter_,
            original_format=original_format,
        )

        gateway_transformed.additional_properties = d
        return gateway_transformed

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
