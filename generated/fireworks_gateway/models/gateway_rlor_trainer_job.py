from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.gateway_job_state import GatewayJobState
from ..models.gateway_purpose import GatewayPurpose
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gateway_aws_s3_config import GatewayAwsS3Config
    from ..models.gateway_azure_blob_storage_config import GatewayAzureBlobStorageConfig
    from ..models.gateway_base_training_config import GatewayBaseTrainingConfig
    from ..models.gateway_job_progress import GatewayJobProgress
    from ..models.gateway_reinforcement_learning_loss_config import (
        GatewayReinforcementLearningLossConfig,
    )
    from ..models.gateway_rlor_trainer_job_accelerator_seconds import (
        GatewayRlorTrainerJobAcceleratorSeconds,
    )
    from ..models.gateway_status import GatewayStatus
    from ..models.gateway_wandb_config import GatewayWandbConfig


T = TypeVar("T", bound="GatewayRlorTrainerJob")


@_attrs_define
class GatewayRlorTrainerJob:
    """Next ID: 36 (field 34 reserved for removed public_logs_signed_url)

    Attributes:
        name (str | Unset):
        display_name (str | Unset):
        create_time (datetime.datetime | Unset):
        completed_time (datetime.datetime | Unset):
        dataset (str | Unset): The name of the dataset used for training.
        evaluation_dataset (str | Unset): The name of a separate dataset to use for evaluation.
        eval_auto_carveout (bool | Unset): Whether to auto-carve the dataset for eval.
        state (GatewayJobState | Unset): JobState represents the state an asynchronous job can be in.

             - JOB_STATE_PAUSED: Job is paused, typically due to account suspension or manual intervention.
             - JOB_STATE_DELETED: Job has been deleted.
        status (GatewayStatus | Unset): Mimics
            [https://github.com/googleapis/googleapis/blob/master/google/rpc/status.proto]
        created_by (str | Unset): The email address of the user who initiated this fine-tuning job.
        training_config (GatewayBaseTrainingConfig | Unset): BaseTrainingConfig contains common configuration fields
            shared across
            different training job types.
        reward_weights (list[str] | Unset): A list of reward metrics to use for training in format of
            "<reward_name>=<weight>".
        wandb_config (GatewayWandbConfig | Unset): WandbConfig is the configuration for the Weights & Biases (wandb)
            logging which
            will be used by a training job.
        aws_s3_config (GatewayAwsS3Config | Unset): AwsS3Config is the configuration for AWS S3 dataset access which
            will be used by a training job.
        azure_blob_storage_config (GatewayAzureBlobStorageConfig | Unset): AzureBlobStorageConfig is the configuration
            for Azure Blob Storage dataset access
            which will be used by a training job.
        job_progress (GatewayJobProgress | Unset): Progress of a job, e.g. RLOR, EVJ, BIJ etc.
        keep_alive (bool | Unset): indicates this RLOR trainer job should run in keep-alive mode
        rollout_deployment_name (str | Unset): Rollout deployment name associated with this RLOR trainer job.
            This is optional. If not set, trainer will not trigger weight sync to rollout engine.
        loss_config (GatewayReinforcementLearningLossConfig | Unset): Loss method + hyperparameters for reinforcement-
            learning-style fine-tuning (e.g. RFT / RL trainers).
            For preference jobs (DPO API), the default loss method is GRPO when METHOD_UNSPECIFIED.
        node_count (int | Unset): The number of nodes to use for the fine-tuning job.
            If not specified, the default is 1.
        accelerator_seconds (GatewayRlorTrainerJobAcceleratorSeconds | Unset): Accelerator seconds used by the job,
            keyed by accelerator type (e.g., "NVIDIA_H100_80GB").
            Updated periodically.
        service_mode (bool | Unset): Whether to deploy as a service with tinker-style api endpoints exposure
        direct_route_handle (str | Unset): Only valid when service_mode enabled
            The direct route handle for the trainer in service mode (tinker api)
        hot_load_deployment_id (str | Unset): The deployment ID used for hot loading. When set, checkpoints are saved
            to this deployment's hot load bucket, enabling weight swaps on inference.
            Only valid for service-mode or keep-alive jobs.
        purpose (GatewayPurpose | Unset): Scheduling purpose for training jobs and deployments.
        forward_only (bool | Unset): When true, run the trainer in forward-only mode (no backward/optimizer).
            Used for reference models in GRPO that only need forward passes.
        managed_by (str | Unset): For managed service use only. Users do not need to set this field.
    """

    name: str | Unset = UNSET
    display_name: str | Unset = UNSET
    create_time: datetime.datetime | Unset = UNSET
    completed_time: datetime.datetime | Unset = UNSET
    dataset: str | Unset = UNSET
    evaluation_dataset: str | Unset = UNSET
    eval_auto_carveout: bool | Unset = UNSET
    state: GatewayJobState | Unset = UNSET
    status: GatewayStatus | Unset = UNSET
    created_by: str | Unset = UNSET
    training_config: GatewayBaseTrainingConfig | Unset = UNSET
    reward_weights: list[str] | Unset = UNSET
    wandb_config: GatewayWandbConfig | Unset = UNSET
    aws_s3_config: GatewayAwsS3Config | Unset = UNSET
    azure_blob_storage_config: GatewayAzureBlobStorageConfig | Unset = UNSET
    job_progress: GatewayJobProgress | Unset = UNSET
    keep_alive: bool | Unset = UNSET
    rollout_deployment_name: str | Unset = UNSET
    loss_config: GatewayReinforcementLearningLossConfig | Unset = UNSET
    node_count: int | Unset = UNSET
    accelerator_seconds: GatewayRlorTrainerJobAcceleratorSeconds | Unset = UNSET
    service_mode: bool | Unset = UNSET
    direct_route_handle: str | Unset = UNSET
    hot_load_deployment_id: str | Unset = UNSET
    purpose: GatewayPurpose | Unset = UNSET
    forward_only: bool | Unset = UNSET
    managed_by: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        display_name = self.display_name

        create_time: str | Unset = UNSET
        if not isinstance(self.create_time, Unset):
            create_time = self.create_time.isoformat()

        completed_time: str | Unset = UNSET
        if not isinstance(self.completed_time, Unset):
            completed_time = self.completed_time.isoformat()

        dataset = self.dataset

        evaluation_dataset = self.evaluation_dataset

        eval_auto_carveout = self.eval_auto_carveout

        state: str | Unset = UNSET
        if not isinstance(self.state, Unset):
            state = self.state.value

        status: dict[str, Any] | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.to_dict()

        created_by = self.created_by

        training_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.training_config, Unset):
            training_config = self.training_config.to_dict()

        reward_weights: list[str] | Unset = UNSET
        if not isinstance(self.reward_weights, Unset):
            reward_weights = self.reward_weights

        wandb_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.wandb_config, Unset):
            wandb_config = self.wandb_config.to_dict()

        aws_s3_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.aws_s3_config, Unset):
            aws_s3_config = self.aws_s3_config.to_dict()

        azure_blob_storage_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.azure_blob_storage_config, Unset):
            azure_blob_storage_config = self.azure_blob_storage_config.to_dict()

        job_progress: dict[str, Any] | Unset = UNSET
        if not isinstance(self.job_progress, Unset):
            job_progress = self.job_progress.to_dict()

        keep_alive = self.keep_alive

        rollout_deployment_name = self.rollout_deployment_name

        loss_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.loss_config, Unset):
            loss_config = self.loss_config.to_dict()

        node_count = self.node_count

        accelerator_seconds: dict[str, Any] | Unset = UNSET
        if not isinstance(self.accelerator_seconds, Unset):
            accelerator_seconds = self.accelerator_seconds.to_dict()

        service_mode = self.service_mode

        direct_route_handle = self.direct_route_handle

        hot_load_deployment_id = self.hot_load_deployment_id

        purpose: str | Unset = UNSET
        if not isinstance(self.purpose, Unset):
            purpose = self.purpose.value

        forward_only = self.forward_only

        managed_by = self.managed_by

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if create_time is not UNSET:
            field_dict["createTime"] = create_time
        if completed_time is not UNSET:
            field_dict["completedTime"] = completed_time
        if dataset is not UNSET:
            field_dict["dataset"] = dataset
        if evaluation_dataset is not UNSET:
            field_dict["evaluationDataset"] = evaluation_dataset
        if eval_auto_carveout is not UNSET:
            field_dict["evalAutoCarveout"] = eval_auto_carveout
        if state is not UNSET:
            field_dict["state"] = state
        if status is not UNSET:
            field_dict["status"] = status
        if created_by is not UNSET:
            field_dict["createdBy"] = created_by
        if training_config is not UNSET:
            field_dict["trainingConfig"] = training_config
        if reward_weights is not UNSET:
            field_dict["rewardWeights"] = reward_weights
        if wandb_config is not UNSET:
            field_dict["wandbConfig"] = wandb_config
        if aws_s3_config is not UNSET:
            field_dict["awsS3Config"] = aws_s3_config
        if azure_blob_storage_config is not UNSET:
            field_dict["azureBlobStorageConfig"] = azure_blob_storage_config
        if job_progress is not UNSET:
            field_dict["jobProgress"] = job_progress
        if keep_alive is not UNSET:
            field_dict["keepAlive"] = keep_alive
        if rollout_deployment_name is not UNSET:
            field_dict["rolloutDeploymentName"] = rollout_deployment_name
        if loss_config is not UNSET:
            field_dict["lossConfig"] = loss_config
        if node_count is not UNSET:
            field_dict["nodeCount"] = node_count
        if accelerator_seconds is not UNSET:
            field_dict["acceleratorSeconds"] = accelerator_seconds
        if service_mode is not UNSET:
            field_dict["serviceMode"] = service_mode
        if direct_route_handle is not UNSET:
            field_dict["directRouteHandle"] = direct_route_handle
        if hot_load_deployment_id is not UNSET:
            field_dict["hotLoadDeploymentId"] = hot_load_deployment_id
        if purpose is not UNSET:
            field_dict["purpose"] = purpose
        if forward_only is not UNSET:
            field_dict["forwardOnly"] = forward_only
        if managed_by is not UNSET:
            field_dict["managedBy"] = managed_by

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gateway_aws_s3_config import GatewayAwsS3Config
        from ..models.gateway_azure_blob_storage_config import (
            GatewayAzureBlobStorageConfig,
        )
        from ..models.gateway_base_training_config import GatewayBaseTrainingConfig
        from ..models.gateway_job_progress import GatewayJobProgress
        from ..models.gateway_reinforcement_learning_loss_config import (
            GatewayReinforcementLearningLossConfig,
        )
        from ..models.gateway_rlor_trainer_job_accelerator_seconds import (
            GatewayRlorTrainerJobAcceleratorSeconds,
        )
        from ..models.gateway_status import GatewayStatus
        from ..models.gateway_wandb_config import GatewayWandbConfig

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        display_name = d.pop("displayName", UNSET)

        _create_time = d.pop("createTime", UNSET)
        create_time: datetime.datetime | Unset
        if isinstance(_create_time, Unset) or _create_time is None:
            create_time = UNSET
        else:
            create_time = datetime.datetime.fromisoformat(_create_time)

        _completed_time = d.pop("completedTime", UNSET)
        completed_time: datetime.datetime | Unset
        if isinstance(_completed_time, Unset) or _completed_time is None:
            completed_time = UNSET
        else:
            completed_time = datetime.datetime.fromisoformat(_completed_time)

        dataset = d.pop("dataset", UNSET)

        evaluation_dataset = d.pop("evaluationDataset", UNSET)

        eval_auto_carveout = d.pop("evalAutoCarveout", UNSET)

        _state = d.pop("state", UNSET)
        state: GatewayJobState | Unset
        if isinstance(_state, Unset) or _state is None:
            state = UNSET
        else:
            state = GatewayJobState(_state)

        _status = d.pop("status", UNSET)
        status: GatewayStatus | Unset
        if isinstance(_status, Unset) or _status is None:
            status = UNSET
        else:
            status = GatewayStatus.from_dict(_status)

        created_by = d.pop("createdBy", UNSET)

        _training_config = d.pop("trainingConfig", UNSET)
        training_config: GatewayBaseTrainingConfig | Unset
        if isinstance(_training_config, Unset) or _training_config is None:
            training_config = UNSET
        else:
            training_config = GatewayBaseTrainingConfig.from_dict(_training_config)

        reward_weights = cast(list[str], d.pop("rewardWeights", UNSET))

        _wandb_config = d.pop("wandbConfig", UNSET)
        wandb_config: GatewayWandbConfig | Unset
        if isinstance(_wandb_config, Unset) or _wandb_config is None:
            wandb_config = UNSET
        else:
            wandb_config = GatewayWandbConfig.from_dict(_wandb_config)

        _aws_s3_config = d.pop("awsS3Config", UNSET)
        aws_s3_config: GatewayAwsS3Config | Unset
        if isinstance(_aws_s3_config, Unset) or _aws_s3_config is None:
            aws_s3_config = UNSET
        else:
            aws_s3_config = GatewayAwsS3Config.from_dict(_aws_s3_config)

        _azure_blob_storage_config = d.pop("azureBlobStorageConfig", UNSET)
        azure_blob_storage_config: GatewayAzureBlobStorageConfig | Unset
        if (
            isinstance(_azure_blob_storage_config, Unset)
            or _azure_blob_storage_config is None
        ):
            azure_blob_storage_config = UNSET
        else:
            azure_blob_storage_config = GatewayAzureBlobStorageConfig.from_dict(
                _azure_blob_storage_config
            )

        _job_progress = d.pop("jobProgress", UNSET)
        job_progress: GatewayJobProgress | Unset
        if isinstance(_job_progress, Unset) or _job_progress is None:
            job_progress = UNSET
        else:
            job_progress = GatewayJobProgress.from_dict(_job_progress)

        keep_alive = d.pop("keepAlive", UNSET)

        rollout_deployment_name = d.pop("rolloutDeploymentName", UNSET)

        _loss_config = d.pop("lossConfig", UNSET)
        loss_config: GatewayReinforcementLearningLossConfig | Unset
        if isinstance(_loss_config, Unset) or _loss_config is None:
            loss_config = UNSET
        else:
            loss_config = GatewayReinforcementLearningLossConfig.from_dict(_loss_config)

        node_count = d.pop("nodeCount", UNSET)

        _accelerator_seconds = d.pop("acceleratorSeconds", UNSET)
        accelerator_seconds: GatewayRlorTrainerJobAcceleratorSeconds | Unset
        if isinstance(_accelerator_seconds, Unset) or _accelerator_seconds is None:
            accelerator_seconds = UNSET
        else:
            accelerator_seconds = GatewayRlorTrainerJobAcceleratorSeconds.from_dict(
                _accelerator_seconds
            )

        service_mode = d.pop("serviceMode", UNSET)

        direct_route_handle = d.pop("directRouteHandle", UNSET)

        hot_load_deployment_id = d.pop("hotLoadDeploymentId", UNSET)

        _purpose = d.pop("purpose", UNSET)
        purpose: GatewayPurpose | Unset
        if isinstance(_purpose, Unset) or _purpose is None:
            purpose = UNSET
        else:
            purpose = GatewayPurpose(_purpose)

        forward_only = d.pop("forwardOnly", UNSET)

        managed_by = d.pop("managedBy", UNSET)

        gateway_rlor_trainer_job = cls(
            name=name,
            display_name=display_name,
            create_time=create_time,
            completed_time=completed_time,
            dataset=dataset,
            evaluation_dataset=evaluation_dataset,
            eval_auto_carveout=eval_auto_carveout,
            state=state,
            status=status,
            created_by=created_by,
            training_config=training_config,
            reward_weights=reward_weights,
            wandb_config=wandb_config,
            aws_s3_config=aws_s3_config,
            azure_blob_storage_config=azure_blob_storage_config,
            job_progress=job_progress,
            keep_alive=keep_alive,
            rollout_deployment_name=rollout_deployment_name,
            loss_config=loss_config,
            node_count=node_count,
            accelerator_seconds=accelerator_seconds,
            service_mode=service_mode,
            direct_route_handle=direct_route_handle,
            hot_load_deployment_id=hot_load_deployment_id,
            purpose=purpose,
            forward_only=forward_only,
            managed_by=managed_by,
        )

        gateway_rlor_trainer_job.additional_properties = d
        return gateway_rlor_trainer_job

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
