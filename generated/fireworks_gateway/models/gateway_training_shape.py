from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.gateway_accelerator_type import GatewayAcceleratorType
from ..models.gateway_weight_precision import GatewayWeightPrecision
from ..models.training_shape_trainer_mode import TrainingShapeTrainerMode
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gateway_trainer_sharding_scheme import GatewayTrainerShardingScheme


T = TypeVar("T", bound="GatewayTrainingShape")


@_attrs_define
class GatewayTrainingShape:
    """A training shape standardizes hardware/precision/parallelism defaults for training jobs
    of a given base model family and parameter bucket.

        Attributes:
            base_model (str): The base model name. e.g. accounts/fireworks/models/llama-3-70b
            trainer_image_tag (str): The validated trainer runtime image tag used for numerics verification.
            name (str | Unset): The resource name of the training shape. e.g. accounts/my-account/trainingShapes/my-
                training-shape
            display_name (str | Unset): Human-readable display name of the training shape. e.g. "Llama3 70B H200 BF16"
                Must be fewer than 64 characters long.
            description (str | Unset): The description of the training shape. Must be fewer than 1000 characters long.
            create_time (datetime.datetime | Unset): The creation time of the training shape.
            update_time (datetime.datetime | Unset): The update time for the training shape.
            deployment_shape_version (str | Unset): The validated deployment shape version used for numerics verification.
                e.g. accounts/fireworks/deploymentShapes/rft-qwen3-4b/versions/abcd1234
            trainer_mode (TrainingShapeTrainerMode | Unset): Trainer execution mode used for validated launch-profile
                matching.
            node_count (int | Unset): Node count validated for the launch profile.
            trainer_sharding_scheme (GatewayTrainerShardingScheme | Unset): Structured parallelism/sharding profile used by
                trainer launches.
            model_type (str | Unset): The model type of the base model (e.g. "llama", "qwen").
            parameter_count (str | Unset): The parameter count of the base model, used for billion-parameter bucket
                matching.
            accelerator_type (GatewayAcceleratorType | Unset):
            accelerator_count (int | Unset): Total number of accelerators used by the job.
            base_model_weight_precision (GatewayWeightPrecision | Unset): The weight precision for model training/inference.

                 - BFLOAT16: no quantization applied
                 - INT8: enable 8-bit quantization with LLM.int8()
                 - NF4: enable 4-bit quantization with LLM.nf4()
                 - FP8: base model quantization in FP8
                 - FP4_FP8: base model linear module quantization in FP4, mixed with experts and some special keys/layers in
                FP8.
            max_supported_context_length (int | Unset): Capacity limits validated for this shape.
    """

    base_model: str
    trainer_image_tag: str
    name: str | Unset = UNSET
    display_name: str | Unset = UNSET
    description: str | Unset = UNSET
    create_time: datetime.datetime | Unset = UNSET
    update_time: datetime.datetime | Unset = UNSET
    deployment_shape_version: str | Unset = UNSET
    trainer_mode: TrainingShapeTrainerMode | Unset = UNSET
    node_count: int | Unset = UNSET
    trainer_sharding_scheme: GatewayTrainerShardingScheme | Unset = UNSET
    model_type: str | Unset = UNSET
    parameter_count: str | Unset = UNSET
    accelerator_type: GatewayAcceleratorType | Unset = UNSET
    accelerator_count: int | Unset = UNSET
    base_model_weight_precision: GatewayWeightPrecision | Unset = UNSET
    max_supported_context_length: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        base_model = self.base_model

        trainer_image_tag = self.trainer_image_tag

        name = self.name

        display_name = self.display_name

        description = self.description

        create_time: str | Unset = UNSET
        if not isinstance(self.create_time, Unset):
            create_time = self.create_time.isoformat()

        update_time: str | Unset = UNSET
        if not isinstance(self.update_time, Unset):
            update_time = self.update_time.isoformat()

        deployment_shape_version = self.deployment_shape_version

        trainer_mode: str | Unset = UNSET
        if not isinstance(self.trainer_mode, Unset):
            trainer_mode = self.trainer_mode.value

        node_count = self.node_count

        trainer_sharding_scheme: dict[str, Any] | Unset = UNSET
        if not isinstance(self.trainer_sharding_scheme, Unset):
            trainer_sharding_scheme = self.trainer_sharding_scheme.to_dict()

        model_type = self.model_type

        parameter_count = self.parameter_count

        accelerator_type: str | Unset = UNSET
        if not isinstance(self.accelerator_type, Unset):
            accelerator_type = self.accelerator_type.value

        accelerator_count = self.accelerator_count

        base_model_weight_precision: str | Unset = UNSET
        if not isinstance(self.base_model_weight_precision, Unset):
            base_model_weight_precision = self.base_model_weight_precision.value

        max_supported_context_length = self.max_supported_context_length

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "baseModel": base_model,
                "trainerImageTag": trainer_image_tag,
            }
        )
        for omitted in [
            key for key, value in field_dict.items() if isinstance(value, Unset)
        ]:
            del field_dict[omitted]
        if name is not UNSET:
            field_dict["name"] = name
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if description is not UNSET:
            field_dict["description"] = description
        if create_time is not UNSET:
            field_dict["createTime"] = create_time
        if update_time is not UNSET:
            field_dict["updateTime"] = update_time
        if deployment_shape_version is not UNSET:
            field_dict["deploymentShapeVersion"] = deployment_shape_version
        if trainer_mode is not UNSET:
            field_dict["trainerMode"] = trainer_mode
        if node_count is not UNSET:
            field_dict["nodeCount"] = node_count
        if trainer_sharding_scheme is not UNSET:
            field_dict["trainerShardingScheme"] = trainer_sharding_scheme
        if model_type is not UNSET:
            field_dict["modelType"] = model_type
        if parameter_count is not UNSET:
            field_dict["parameterCount"] = parameter_count
        if accelerator_type is not UNSET:
            field_dict["acceleratorType"] = accelerator_type
        if accelerator_count is not UNSET:
            field_dict["acceleratorCount"] = accelerator_count
        if base_model_weight_precision is not UNSET:
            field_dict["baseModelWeightPrecision"] = base_model_weight_precision
        if max_supported_context_length is not UNSET:
            field_dict["maxSupportedContextLength"] = max_supported_context_length

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gateway_trainer_sharding_scheme import (
            GatewayTrainerShardingScheme,
        )

        d = dict(src_dict)
        base_model = d.pop("baseModel", UNSET)

        trainer_image_tag = d.pop("trainerImageTag", UNSET)

        name = d.pop("name", UNSET)

        display_name = d.pop("displayName", UNSET)

        description = d.pop("description", UNSET)

        _create_time = d.pop("createTime", UNSET)
        create_time: datetime.datetime | Unset
        if isinstance(_create_time, Unset) or _create_time is None:
            create_time = UNSET
        else:
            create_time = datetime.datetime.fromisoformat(_create_time)

        _update_time = d.pop("updateTime", UNSET)
        update_time: datetime.datetime | Unset
        if isinstance(_update_time, Unset) or _update_time is None:
            update_time = UNSET
        else:
            update_time = datetime.datetime.fromisoformat(_update_time)

        deployment_shape_version = d.pop("deploymentShapeVersion", UNSET)

        _trainer_mode = d.pop("trainerMode", UNSET)
        trainer_mode: TrainingShapeTrainerMode | Unset
        if isinstance(_trainer_mode, Unset) or _trainer_mode is None:
            trainer_mode = UNSET
        else:
            trainer_mode = TrainingShapeTrainerMode(_trainer_mode)

        node_count = d.pop("nodeCount", UNSET)

        _trainer_sharding_scheme = d.pop("trainerShardingScheme", UNSET)
        trainer_sharding_scheme: GatewayTrainerShardingScheme | Unset
        if (
            isinstance(_trainer_sharding_scheme, Unset)
            or _trainer_sharding_scheme is None
        ):
            trainer_sharding_scheme = UNSET
        else:
            trainer_sharding_scheme = GatewayTrainerShardingScheme.from_dict(
                _trainer_sharding_scheme
            )

        model_type = d.pop("modelType", UNSET)

        parameter_count = d.pop("parameterCount", UNSET)

        _accelerator_type = d.pop("acceleratorType", UNSET)
        accelerator_type: GatewayAcceleratorType | Unset
        if isinstance(_accelerator_type, Unset) or _accelerator_type is None:
            accelerator_type = UNSET
        else:
            accelerator_type = GatewayAcceleratorType(_accelerator_type)

        accelerator_count = d.pop("acceleratorCount", UNSET)

        _base_model_weight_precision = d.pop("baseModelWeightPrecision", UNSET)
        base_model_weight_precision: GatewayWeightPrecision | Unset
        if (
            isinstance(_base_model_weight_precision, Unset)
            or _base_model_weight_precision is None
        ):
            base_model_weight_precision = UNSET
        else:
            base_model_weight_precision = GatewayWeightPrecision(
                _base_model_weight_precision
            )

        max_supported_context_length = d.pop("maxSupportedContextLength", UNSET)

        gateway_training_shape = cls(
            base_model=base_model,
            trainer_image_tag=trainer_image_tag,
            name=name,
            display_name=display_name,
            description=description,
            create_time=create_time,
            update_time=update_time,
            deployment_shape_version=deployment_shape_version,
            trainer_mode=trainer_mode,
            node_count=node_count,
            trainer_sharding_scheme=trainer_sharding_scheme,
            model_type=model_type,
            parameter_count=parameter_count,
            accelerator_type=accelerator_type,
            accelerator_count=accelerator_count,
            base_model_weight_precision=base_model_weight_precision,
            max_supported_context_length=max_supported_context_length,
        )

        gateway_training_shape.additional_properties = d
        return gateway_training_shape

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
