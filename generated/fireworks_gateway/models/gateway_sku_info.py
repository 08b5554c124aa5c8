from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.type_money import TypeMoney


T = TypeVar("T", bound="GatewaySKUInfo")


@_attrs_define
class GatewaySKUInfo:
    """
    Attributes:
        sku (str | Unset):
        amount (TypeMoney | Unset): Represents an amount of money with its currency type.
        unit (str | Unset): e.g.
            1M tokens, hour
    """

    sku: str | Unset = UNSET
    amount: TypeMoney | Unset = UNSET
    unit: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        sku = self.sku

        amount: dict[str, Any] | Unset = UNSET
        if not isinstance(self.amount, Unset):
            amount = self.amount.to_dict()

        unit = self.unit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if sku is not UNSET:
            field_dict["sku"] = sku
        if amount is not UNSET:
            field_dict["amount"] = amount
        if unit is not UNSET:
            field_dict["unit"] = unit

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.type_money import TypeMoney

        d = dict(src_dict)
        sku = d.pop("sku", UNSET)

        _amount = d.pop("amount", UNSET)
        amount: TypeMoney | Unset
        if isinstance(_amount, Unset) or _amount is None:
            amount = UNSET
        else:
            amount = TypeMoney.from_dict(_amount)

        unit = d.pop("unit", UNSET)

        gateway_sku_info = cls(
            sku=sku,
            amount=amount,
            unit=unit,
        )

        gateway_sku_info.additional_properties = d
        return gateway_sku_info

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
