from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GatewayPEFTDetails")


@_attrs_define
class GatewayPEFTDetails:
    """PEFT addon details.

    Attributes:
        base_model (str): The base model name. e.g. accounts/fireworks/models/falcon-7b
        r (int): The rank of the update matrices.
            Must be between 4 and 64, inclusive.
        target_modules (list[str]): This is the target modules for an adapter that we extract from
            for more information what target module means, check out
            https://huggingface.co/docs/peft/conceptual_guides/lora#common-lora-parameters-in-peft
        base_model_type (str | Unset): The type of the model.
        merge_addon_model_name (str | Unset): The resource name of the model to merge with base model, e.g
            accounts/fireworks/models/falcon-7b-lora
    """

    base_model: str
    r: int
    target_modules: list[str]
    base_model_type: str | Unset = UNSET
    merge_addon_model_name: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        base_model = self.base_model

        r = self.r

        target_modules: Any
        if isinstance(
            self.target_modules, Unset
        ):  # omitted by the server (proto3 JSON)
            target_modules = UNSET
        else:
            target_modules = self.target_modules

        base_model_type = self.base_model_type

        merge_addon_model_name = self.merge_addon_model_name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "baseModel": base_model,
                "r": r,
                "targetModules": target_modules,
            }
        )
        for omitted in [
            key for key, value in field_dict.items() if isinstance(value, Unset)
        ]:
            del field_dict[omitted]
        if base_model_type is not UNSET:
            field_dict["baseModelType"] = base_model_type
        if merge_addon_model_name is not UNSET:
            field_dict["mergeAddonModelName"] = merge_addon_model_name

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        base_model = d.pop("baseModel", UNSET)

        r = d.pop("r", UNSET)

        target_modules = cast(list[str], d.pop("targetModules", UNSET))

        base_model_type = d.pop("baseModelType", UNSET)

        merge_addon_model_name = d.pop("mergeAddonModelName", UNSET)

        gateway_peft_details = cls(
            base_model=base_model,
            r=r,
            target_modules=target_modules,
            base_model_type=base_model_type,
            merge_addon_model_name=merge_addon_model_name,
        )

        gateway_peft_details.additional_properties = d
        return gateway_peft_details

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
