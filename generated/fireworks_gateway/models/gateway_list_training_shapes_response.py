from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gateway_training_shape import GatewayTrainingShape


T = TypeVar("T", bound="GatewayListTrainingShapesResponse")


@_attrs_define
class GatewayListTrainingShapesResponse:
    """
    Attributes:
        training_shapes (list[GatewayTrainingShape] | Unset):
        next_page_token (str | Unset):
        total_size (int | Unset):
    """

    training_shapes: list[GatewayTrainingShape] | Unset = UNSET
    next_page_token: str | Unset = UNSET
    total_size: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        training_shapes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.training_shapes, Unset):
            training_shapes = []
            for training_shapes_item_data in self.training_shapes:
                training_shapes_item = training_shapes_item_data.to_dict()
                training_shapes.append(training_shapes_item)

        next_page_token = self.next_page_token

        total_size = self.total_size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if training_shapes is not UNSET:
            field_dict["trainingShapes"] = training_shapes
        if next_page_token is not UNSET:
            field_dict["nextPageToken"] = next_page_token
        if total_size is not UNSET:
            field_dict["totalSize"] = total_size

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gateway_training_shape import GatewayTrainingShape

        d = dict(src_dict)
        _training_shapes = d.pop("trainingShapes", UNSET)
        training_shapes: list[GatewayTrainingShape] | Unset = UNSET
        if _training_shapes is not UNSET:
            training_shapes = []
            for training_shapes_item_data in _training_shapes:
                _training_shapes_item = training_shapes_item_data
                training_shapes_item: Any
                if _training_shapes_item is UNSET:
                    training_shapes_item = UNSET
                else:
                    training_shapes_item = GatewayTrainingShape.from_dict(
                        _training_shapes_item
                    )

                training_shapes.append(training_shapes_item)

        next_page_token = d.pop("nextPageToken", UNSET)

        total_size = d.pop("totalSize", UNSET)

        gateway_list_training_shapes_response = cls(
            training_shapes=training_shapes,
            next_page_token=next_page_token,
            total_size=total_size,
        )

        gateway_list_training_shapes_response.additional_properties = d
        return gateway_list_training_shapes_response

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
