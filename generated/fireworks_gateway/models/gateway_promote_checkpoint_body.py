from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GatewayPromoteCheckpointBody")


@_attrs_define
class GatewayPromoteCheckpointBody:
    """Promote a checkpoint to a model. When base_model is provided, the
    checkpoint GCS path is reconstructed from account metadata and the
    trainer/deployment ID — no trainer job database lookup is needed.

        Attributes:
            output_model (str): The desired output model resource name.
                Format: accounts/{account}/models/{model}
            trainer_job_id (str): The trainer job that wrote this checkpoint.
                Format: accounts/{account}/rlorTrainerJobs/{rlor_trainer_job}
                Used to construct the GCS path (trainer-keyed bucket) and as a
                source annotation on the promoted model.
            base_model (str): The base model for metadata inheritance (model type, context length, etc.).
                Format: accounts/{account}/models/{model}
            hot_load_deployment_id (str | Unset): Only needed when the trainer job was created with a deployment ID
                (deployment-first flow). Not needed when the deployment references
                the trainer job (trainer-first flow, recommended).
                Format: accounts/{account}/deployments/{deployment}
    """

    output_model: str
    trainer_job_id: str
    base_model: str
    hot_load_deployment_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        output_model = self.output_model

        trainer_job_id = self.trainer_job_id

        base_model = self.base_model

        hot_load_deployment_id = self.hot_load_deployment_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "outputModel": output_model,
                "trainerJobId": trainer_job_id,
                "baseModel": base_model,
            }
        )
        for omitted in [
            key for key, value in field_dict.items() if isinstance(value, Unset)
        ]:
            del field_dict[omitted]
        if hot_load_deployment_id is not UNSET:
            field_dict["hotLoadDeploymentId"] = hot_load_deployment_id

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        output_model = d.pop("outputModel", UNSET)

        trainer_job_id = d.pop("trainerJobId", UNSET)

        base_model = d.pop("baseModel", UNSET)

        hot_load_deployment_id = d.pop("hotLoadDeploymentId", UNSET)

        gateway_promote_checkpoint_body = cls(
            output_model=output_model,
            trainer_job_id=trainer_job_id,
            base_model=base_model,
            hot_load_deployment_id=hot_load_deployment_id,
        )

        gateway_promote_checkpoint_body.additional_properties = d
        return gateway_promote_checkpoint_body

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
