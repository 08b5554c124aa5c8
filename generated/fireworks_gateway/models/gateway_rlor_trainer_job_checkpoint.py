from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.gateway_checkpoint_type import GatewayCheckpointType
from ..types import UNSET, Unset

T = TypeVar("T", bound="GatewayRlorTrainerJobCheckpoint")


@_attrs_define
class GatewayRlorTrainerJobCheckpoint:
    """A checkpoint saved during an RLOR trainer job. Checkpoints are stored in GCS
    and discovered on-demand (not persisted in the database).

        Attributes:
            name (str | Unset): The resource name of the checkpoint.
                Format: accounts/{account}/rlorTrainerJobs/{job}/checkpoints/{checkpoint}
            create_time (datetime.datetime | Unset): The creation time of the checkpoint (from GCS object metadata).
            update_time (datetime.datetime | Unset): The update time of the checkpoint. Equal to create_time since
                checkpoints are immutable GCS objects.
            checkpoint_type (GatewayCheckpointType | Unset): - CHECKPOINT_TYPE_INFERENCE_BASE: Inference-ready checkpoint
                (full-parameter, HuggingFace format).
                Promotable to a model for serving.
                 - CHECKPOINT_TYPE_INFERENCE_ARC_V2: Inference-ready checkpoint (XOR delta compressed, ARC v2 format).
                Not directly promotable.
                 - CHECKPOINT_TYPE_INFERENCE_LORA: Inference-ready LoRA adapter checkpoint (HuggingFace PEFT format).
                Promotable to an addon model for serving.
                 - CHECKPOINT_TYPE_TRAINING: Training checkpoint (full-parameter) with optimizer state.
                Not promotable to a model; used for training resume.
                 - CHECKPOINT_TYPE_TRAINING_LORA: Training checkpoint from a LoRA run (adapter weights + optimizer state).
                Not promotable; used for training resume.
            promotable (bool | Unset): Whether this checkpoint can be promoted to a model.
                Only INFERENCE_BASE and INFERENCE_LORA checkpoints are promotable.
                INFERENCE_ARC_V2 and TRAINING_* checkpoints cannot be promoted directly.
    """

    name: str | Unset = UNSET
    create_time: datetime.datetime | Unset = UNSET
    update_time: datetime.datetime | Unset = UNSET
    checkpoint_type: GatewayCheckpointType | Unset = UNSET
    promotable: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        create_time: str | Unset = UNSET
        if not isinstance(self.create_time, Unset):
            create_time = self.create_time.isoformat()

        update_time: str | Unset = UNSET
        if not isinstance(self.update_time, Unset):
            update_time = self.update_time.isoformat()

        checkpoint_type: str | Unset = UNSET
        if not isinstance(self.checkpoint_type, Unset):
            checkpoint_type = self.checkpoint_type.value

        promotable = self.promotable

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if create_time is not UNSET:
            field_dict["createTime"] = create_time
        if update_time is not UNSET:
            field_dict["updateTime"] = update_time
        if checkpoint_type is not UNSET:
            field_dict["checkpointType"] = checkpoint_type
        if promotable is not UNSET:
            field_dict["promotable"] = promotable

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

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

        _checkpoint_type = d.pop("checkpointType", UNSET)
        checkpoint_type: GatewayCheckpointType | Unset
        if isinstance(_checkpoint_type, Unset) or _checkpoint_type is None:
            checkpoint_type = UNSET
        else:
            checkpoint_type = GatewayCheckpointType(_checkpoint_type)

        promotable = d.pop("promotable", UNSET)

        gateway_rlor_trainer_job_checkpoint = cls(
            name=name,
            create_time=create_time,
            update_time=update_time,
            checkpoint_type=checkpoint_type,
            promotable=promotable,
        )

        gateway_rlor_trainer_job_checkpoint.additional_properties = d
        return gateway_rlor_trainer_job_checkpoint

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
