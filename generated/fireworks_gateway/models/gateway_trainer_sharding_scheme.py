from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GatewayTrainerShardingScheme")


@_attrs_define
class GatewayTrainerShardingScheme:
    """Structured parallelism/sharding profile used by trainer launches.

    Attributes:
        tensor_parallelism (int | Unset): Tensor-parallel degree. 0 means unspecified (server defaults to 1).
        pipeline_parallelism (int | Unset): Pipeline-parallel degree. 0 means unspecified (server defaults to 1).
        context_parallelism (int | Unset): Context-parallel degree. 0 means unspecified (server defaults to 1).
        expert_parallelism (int | Unset): Expert-parallel degree. 0 means unspecified (server defaults to 1).
        sequence_parallelism (bool | Unset): Whether sequence parallelism should be enabled.
    """

    tensor_parallelism: int | Unset = UNSET
    pipeline_parallelism: int | Unset = UNSET
    context_parallelism: int | Unset = UNSET
    expert_parallelism: int | Unset = UNSET
    sequence_parallelism: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        tensor_parallelism = self.tensor_parallelism

        pipeline_parallelism = self.pipeline_parallelism

        context_parallelism = self.context_parallelism

        expert_parallelism = self.expert_parallelism

        sequence_parallelism = self.sequence_parallelism

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if tensor_parallelism is not UNSET:
            field_dict["tensorParallelism"] = tensor_parallelism
        if pipeline_parallelism is not UNSET:
            field_dict["pipelineParallelism"] = pipeline_parallelism
        if context_parallelism is not UNSET:
            field_dict["contextParallelism"] = context_parallelism
        if expert_parallelism is not UNSET:
            field_dict["expertParallelism"] = expert_parallelism
        if sequence_parallelism is not UNSET:
            field_dict["sequenceParallelism"] = sequence_parallelism

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        tensor_parallelism = d.pop("tensorParallelism", UNSET)

        pipeline_parallelism = d.pop("pipelineParallelism", UNSET)

        context_parallelism = d.pop("contextParallelism", UNSET)

        expert_parallelism = d.pop("expertParallelism", UNSET)

        sequence_parallelism = d.pop("sequenceParallelism", UNSET)

        gateway_trainer_sharding_scheme = cls(
            tensor_parallelism=tensor_parallelism,
            pipeline_parallelism=pipeline_parallelism,
            context_parallelism=context_parallelism,
            expert_parallelism=expert_parallelism,
            sequence_parallelism=sequence_parallelism,
        )

        gateway_trainer_sharding_scheme.additional_properties = d
        return gateway_trainer_sharding_scheme

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
