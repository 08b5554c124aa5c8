from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GatewaySplitDatasetResponse")


@_attrs_define
class GatewaySplitDatasetResponse:
    """Response message for dataset splitting

    Attributes:
        chunk_dataset_names (list[str] | Unset): The resource names of the created chunk datasets
        chunks_created (int | Unset): The number of chunks created
        total_examples (str | Unset): The total number of examples processed
    """

    chunk_dataset_names: list[str] | Unset = UNSET
    chunks_created: int | Unset = UNSET
    total_examples: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        chunk_dataset_names: list[str] | Unset = UNSET
        if not isinstance(self.chunk_dataset_names, Unset):
            chunk_dataset_names = self.chunk_dataset_names

        chunks_created = self.chunks_created

        total_examples = self.total_examples

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if chunk_dataset_names is not UNSET:
            field_dict["chunkDatasetNames"] = chunk_dataset_names
        if chunks_created is not UNSET:
            field_dict["chunksCreated"] = chunks_created
        if total_examples is not UNSET:
            field_dict["totalExamples"] = total_examples

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        chunk_dataset_names = cast(list[str], d.pop("chunkDatasetNames", UNSET))

        chunks_created = d.pop("chunksCreated", UNSET)

        total_examples = d.pop("totalExamples", UNSET)

        gateway_split_dataset_response = cls(
            chunk_dataset_names=chunk_dataset_names,
            chunks_created=chunks_created,
            total_examples=total_examples,
        )

        gateway_split_dataset_response.additional_properties = d
        return gateway_split_dataset_response

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
