from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GatewayEvaluationResult")


@_attrs_define
class GatewayEvaluationResult:
    """
    Attributes:
        evaluation_job_id (str):
    """

    evaluation_job_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        evaluation_job_id = self.evaluation_job_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "evaluationJobId": evaluation_job_id,
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
        evaluation_job_id = d.pop("evaluationJobId", UNSET)

        gateway_evaluation_result = cls(
            evaluation_job_id=evaluation_job_id,
        )

        gateway_evaluation_result.additional_properties = d
        return gateway_evaluation_result

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
