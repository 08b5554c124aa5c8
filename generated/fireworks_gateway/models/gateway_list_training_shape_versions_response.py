from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gateway_training_shape_version import GatewayTrainingShapeVersion


T = TypeVar("T", bound="GatewayListTrainingShapeVersionsResponse")


@_attrs_define
class GatewayListTrainingShapeVersionsResponse:
    """
    Attributes:
        training_shape_versions (list[GatewayTrainingShapeVersion] | Unset):
        next_page_token (str | Unset):
        total_size (int | Unset):
    """

    training_shape_versions: list[GatewayTrainingShapeVersion] | Unset = UNSET
    next_page_token: str | Unset = UNSET
    total_size: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        training_shape_versions: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.training_shape_versions, Unset):
            training_shape_versions = []
            for training_shape_versions_item_data in self.training_shape_versions:
                training_shape_versions_item = (
                    training_shape_versions_item_data.to_dict()
                )
                training_shape_versions.append(training_shape_versions_item)

        next_page_token = self.next_page_token

        total_size = self.total_size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if training_shape_versions is not UNSET:
            field_dict["trainingShapeVersions"] = training_shape_versions
        if next_page_token is not UNSET:
            field_dict["nextPageToken"] = next_page_token
        if total_size is not UNSET:
            field_dict["totalSize"] = total_size

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gateway_training_shape_version import GatewayTrainingShapeVersion

        d = dict(src_dict)
        _training_shape_versions = d.pop("trainingShapeVersions", UNSET)
        training_shape_versions: list[GatewayTrainingShapeVersion] | Unset = UNSET
        if _training_shape_versions is not UNSET:
            training_shape_versions = []
            for training_shape_versions_item_data in _training_shape_versions:
                _training_shape_versions_item = training_shape_versions_item_data
                training_shape_versions_item: Any
                if _training_shape_versions_item is UNSET:
                    training_shape_versions_item = UNSET
                else:
                    training_shape_versions_item = (
                        GatewayTrainingShapeVersion.from_dict(
                            _training_shape_versions_item
                        )
                    )

                training_shape_versions.append(training_shape_versions_item)

        next_page_token = d.pop("nextPageToken", UNSET)

        total_size = d.pop("totalSize", UNSET)

        gateway_list_training_shape_versions_response = cls(
            training_shape_versions=training_shape_versions,
            next_page_token=next_page_token,
            total_size=total_size,
        )

        gateway_list_training_shape_versions_response.additional_properties = d
        return gateway_list_training_shape_versions_response

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
