from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gateway_model import GatewayModel


T = TypeVar("T", bound="GatewayPromoteCheckpointResponse")


@_attrs_define
class GatewayPromoteCheckpointResponse:
    """
    Attributes:
        model (GatewayModel | Unset):
    """

    model: GatewayModel | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        model: dict[str, Any] | Unset = UNSET
        if not isinstance(self.model, Unset):
            model = self.model.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if model is not UNSET:
            field_dict["model"] = model

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gateway_model import GatewayModel

        d = dict(src_dict)
        _model = d.pop("model", UNSET)
        model: GatewayModel | Unset
        if isinstance(_model, Unset) or _model is None:
            model = UNSET
        else:
            model = GatewayModel.from_dict(_model)

        gateway_promote_checkpoint_response = cls(
            model=model,
        )

        gateway_promote_checkpoint_response.additional_properties = d
        return gateway_promote_checkpoint_response

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
