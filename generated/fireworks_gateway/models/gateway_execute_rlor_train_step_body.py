from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GatewayExecuteRlorTrainStepBody")


@_attrs_define
class GatewayExecuteRlorTrainStepBody:
    """
    Attributes:
        dataset (str): Dataset to process for this iteration.
        output_model (str): Output model to materialize when training completes.
    """

    dataset: str
    output_model: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        dataset = self.dataset

        output_model = self.output_model

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "dataset": dataset,
                "outputModel": output_model,
            }
        )
        for omitted in [
            key for key, value in field_dict.items() if isinstance(value, Unset)
        ]:
            del field_dict[omitted]

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        dataset = d.pop("dataset", UNSET)

        output_model = d.pop("outputModel", UNSET)

        gateway_execute_rlor_train_step_body = cls(
            dataset=dataset,
            output_model=output_model,
        )

        gateway_execute_rlor_train_step_body.additional_properties = d
        return gateway_execute_rlor_train_step_body

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
