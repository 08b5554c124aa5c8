from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="TypeMoney")


@_attrs_define
class TypeMoney:
    """Represents an amount of money with its currency type.

    Attributes:
        currency_code (str | Unset): The three-letter currency code defined in ISO 4217.
        units (str | Unset): The whole units of the amount.
            For example if `currencyCode` is `"USD"`, then 1 unit is one US dollar.
        nanos (int | Unset): Number of nano (10^-9) units of the amount.
            The value must be between -999,999,999 and +999,999,999 inclusive.
            If `units` is positive, `nanos` must be positive or zero.
            If `units` is zero, `nanos` can be positive, zero, or negative.
            If `units` is negative, `nanos` must be negative or zero.
            For example $-1.75 is represented as `units`=-1 and `nanos`=-750,000,000.
    """

    currency_code: str | Unset = UNSET
    units: str | Unset = UNSET
    nanos: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        currency_code = self.currency_code

        units = self.units

        nanos = self.nanos

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if currency_code is not UNSET:
            field_dict["currencyCode"] = currency_code
        if units is not UNSET:
            field_dict["units"] = units
        if nanos is not UNSET:
            field_dict["nanos"] = nanos

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        currency_code = d.pop("currencyCode", UNSET)

        units = d.pop("units", UNSET)

        nanos = d.pop("nanos", UNSET)

        type_money = cls(
            currency_code=currency_code,
            units=units,
            nanos=nanos,
        )

        type_money.additional_properties = d
        return type_money

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
