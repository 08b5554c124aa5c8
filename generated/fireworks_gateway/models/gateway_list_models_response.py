from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gateway_model import GatewayModel


T = TypeVar("T", bound="GatewayListModelsResponse")


@_attrs_define
class GatewayListModelsResponse:
    """
    Attributes:
        models (list[GatewayModel] | Unset):
        next_page_token (str | Unset): A token, which can be sent as `page_token` to retrieve the next page.
            If this field is omitted, there are no subsequent pages.
        total_size (int | Unset): The total number of models
    """

    models: list[GatewayModel] | Unset = UNSET
    next_page_token: str | Unset = UNSET
    total_size: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        models: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.models, Unset):
            models = []
            for models_item_data in self.models:
                models_item = models_item_data.to_dict()
                models.append(models_item)

        next_page_token = self.next_page_token

        total_size = self.total_size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if models is not UNSET:
            field_dict["models"] = models
        if next_page_token is not UNSET:
            field_dict["nextPageToken"] = next_page_token
        if total_size is not UNSET:
            field_dict["totalSize"] = total_size

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gateway_model import GatewayModel

        d = dict(src_dict)
        _models = d.pop("models", UNSET)
        models: list[GatewayModel] | Unset = UNSET
        if _models is not UNSET:
            models = []
            for models_item_data in _models:
                _models_item = models_item_data
                models_item: Any
                if _models_item is UNSET:
                    models_item = UNSET
                else:
                    models_item = GatewayModel.from_dict(_models_item)

                models.append(models_item)

        next_page_token = d.pop("nextPageToken", UNSET)

        total_size = d.pop("totalSize", UNSET)

        gateway_list_models_response = cls(
            models=models,
            next_page_token=next_page_token,
            total_size=total_size,
        )

        gateway_list_models_response.additional_properties = d
        return gateway_list_models_response

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
