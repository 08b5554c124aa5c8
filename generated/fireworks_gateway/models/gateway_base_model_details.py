from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.base_model_details_checkpoint_format import (
    BaseModelDetailsCheckpointFormat,
)
from ..models.deployment_precision import DeploymentPrecision
from ..types import UNSET, Unset

T = TypeVar("T", bound="GatewayBaseModelDetails")


@_attrs_define
class GatewayBaseModelDetails:
    """
    Attributes:
        world_size (int | Unset): The default number of GPUs the model is served with.
            If not specified, the default is 1.
        checkpoint_format (BaseModelDetailsCheckpointFormat | Unset):
        huggingface_files (list[str] | Unset): A list of Hugging Face files associated with this model. Specified if and
            only if
            the checkpoint_format is HUGGINGFACE.
        parameter_count (str | Unset): The number of model parameters. For serverless models, this determines the
            price per token.
        moe (bool | Unset): If true, this is a Mixture of Experts (MoE) model. For serverless models,
            this affects the price per token.
        tunable (bool | Unset): Deprecated: V1 training stack only. Use per-category tunable flags on Model instead.
        model_type (str | Unset): The type of the model.
        supports_fireattention (bool | Unset): Whether this model supports fireattention.
        default_precision (DeploymentPrecision | Unset): - PRECISION_UNSPECIFIED: if left unspecified we will treat this
            as a legacy model created before
            self serve
        supports_mtp (bool | Unset): If true, this model supports MTP.
    """

    world_size: int | Unset = UNSET
    checkpoint_format: BaseModelDetailsCheckpointFormat | Unset = UNSET
    huggingface_files: list[str] | Unset = UNSET
    parameter_count: str | Unset = UNSET
    moe: bool | Unset = UNSET
    tunable: bool | Unset = UNSET
    model_type: str | Unset = UNSET
    supports_fireattention: bool | Unset = UNSET
    default_precision: DeploymentPrecision | Unset = UNSET
    supports_mtp: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        world_size = self.world_size

        checkpoint_format: str | Unset = UNSET
        if not isinstance(self.checkpoint_format, Unset):
            checkpoint_format = self.checkpoint_format.value

        huggingface_files: list[str] | Unset = UNSET
        if not isinstance(self.huggingface_files, Unset):
            huggingface_files = self.huggingface_files

        parameter_count = self.parameter_count

        moe = self.moe

        tunable = self.tunable

        model_type = self.model_type

        supports_fireattention = self.supports_fireattention

        default_precision: str | Unset = UNSET
        if not isinstance(self.default_precision, Unset):
            default_precision = self.default_precision.value

        supports_mtp = self.supports_mtp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if world_size is not UNSET:
            field_dict["worldSize"] = world_size
        if checkpoint_format is not UNSET:
            field_dict["checkpointFormat"] = checkpoint_format
        if huggingface_files is not UNSET:
            field_dict["huggingfaceFiles"] = huggingface_files
        if parameter_count is not UNSET:
            field_dict["parameterCount"] = parameter_count
        if moe is not UNSET:
            field_dict["moe"] = moe
        if tunable is not UNSET:
            field_dict["tunable"] = tunable
        if model_type is not UNSET:
            field_dict["modelType"] = model_type
        if supports_fireattention is not UNSET:
            field_dict["supportsFireattention"] = supports_fireattention
        if default_precision is not UNSET:
            field_dict["defaultPrecision"] = default_precision
        if supports_mtp is not UNSET:
            field_dict["supportsMtp"] = supports_mtp

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        world_size = d.pop("worldSize", UNSET)

        _checkpoint_format = d.pop("checkpointFormat", UNSET)
        checkpoint_format: BaseModelDetailsCheckpointFormat | Unset
        if isinstance(_checkpoint_format, Unset) or _checkpoint_format is None:
            checkpoint_format = UNSET
        else:
            checkpoint_format = BaseModelDetailsCheckpointFormat(_checkpoint_format)

        huggingface_files = cast(list[str], d.pop("huggingfaceFiles", UNSET))

        parameter_count = d.pop("parameterCount", UNSET)

        moe = d.pop("moe", UNSET)

        tunable = d.pop("tunable", UNSET)

        model_type = d.pop("modelType", UNSET)

        supports_fireattention = d.pop("supportsFireattention", UNSET)

        _default_precision = d.pop("defaultPrecision", UNSET)
        default_precision: DeploymentPrecision | Unset
        if isinstance(_default_precision, Unset) or _default_precision is None:
            default_precision = UNSET
        else:
            default_precision = DeploymentPrecision(_default_precision)

        supports_mtp = d.pop("supportsMtp", UNSET)

        gateway_base_model_details = cls(
            world_size=world_size,
            checkpoint_format=checkpoint_format,
            huggingface_files=huggingface_files,
            parameter_count=parameter_count,
            moe=moe,
            tunable=tunable,
            model_type=model_type,
            supports_fireattention=supports_fireattention,
            default_precision=default_precision,
            supports_mtp=supports_mtp,
        )

        gateway_base_model_details.additional_properties = d
        return gateway_base_model_details

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
