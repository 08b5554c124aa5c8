"""Contains all the data models used in inputs/outputs

Each model loads on first use (PEP 562): importing this package costs the same whatever the
size of the spec.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .base_model_details_checkpoint_format import BaseModelDetailsCheckpointFormat
    from .dataset_format import DatasetFormat
    from .deployment_precision import DeploymentPrecision
    from .gateway_accelerator_type import GatewayAcceleratorType
    from .gateway_aws_s3_config import GatewayAwsS3Config
    from .gateway_azure_blob_storage_config import GatewayAzureBlobStorageConfig
    from .gateway_base_model_details import GatewayBaseModelDetails
    from .gateway_base_training_config import GatewayBaseTrainingConfig
    from .gateway_cancel_rlor_trainer_job_body import GatewayCancelRlorTrainerJobBody
    from .gateway_cancel_rlor_trainer_job_response_200 import (
        GatewayCancelRlorTrainerJobResponse200,
    )
    from .gateway_checkpoint_type import GatewayCheckpointType
    from .gateway_code import GatewayCode
    from .gateway_conversation_config import GatewayConversationConfig
    from .gateway_create_dataset_body import GatewayCreateDatasetBody
    from .gateway_dataset import GatewayDataset
    from .gateway_dataset_state import GatewayDatasetState
    from .gateway_delete_dataset_response_200 import GatewayDeleteDatasetResponse200
    from .gateway_delete_deployed_model_response_200 import (
        GatewayDeleteDeployedModelResponse200,
    )
    from .gateway_delete_model_response_200 import GatewayDeleteModelResponse200
    from .gateway_delete_rlor_trainer_job_response_200 import (
        GatewayDeleteRlorTrainerJobResponse200,
    )
    from .gateway_deployed_model import GatewayDeployedModel
    from .gateway_deployed_model_ref import GatewayDeployedModelRef
    from .gateway_deployed_model_state import GatewayDeployedModelState
    from .gateway_dpo_config import GatewayDpoConfig
    from .gateway_encryption_state import GatewayEncryptionState
    from .gateway_eval_protocol import GatewayEvalProtocol
    from .gateway_evaluation_result import GatewayEvaluationResult
    from .gateway_execute_rlor_train_step_body import GatewayExecuteRlorTrainStepBody
    from .gateway_execute_rlor_train_step_response_200 import (
        GatewayExecuteRlorTrainStepResponse200,
    )
    from .gateway_get_dataset_download_endpoint_response import (
        GatewayGetDatasetDownloadEndpointResponse,
    )
    from .gateway_get_dataset_download_endpoint_response_filename_to_signed_urls import (
        GatewayGetDatasetDownloadEndpointResponseFilenameToSignedUrls,
    )
    from .gateway_get_dataset_upload_endpoint_body import (
        GatewayGetDatasetUploadEndpointBody,
    )
    from .gateway_get_dataset_upload_endpoint_body_filename_to_size import (
        GatewayGetDatasetUploadEndpointBodyFilenameToSize,
    )
    from .gateway_get_dataset_upload_endpoint_response import (
        GatewayGetDatasetUploadEndpointResponse,
    )
    from .gateway_get_dataset_upload_endpoint_response_filename_to_signed_urls import (
        GatewayGetDatasetUploadEndpointResponseFilenameToSignedUrls,
    )
    from .gateway_get_rlor_trainer_job_public_logs_response import (
        GatewayGetRlorTrainerJobPublicLogsResponse,
    )
    from .gateway_job_progress import GatewayJobProgress
    from .gateway_job_state import GatewayJobState
    from .gateway_list_datasets_response import GatewayListDatasetsResponse
    from .gateway_list_deployed_models_response import GatewayListDeployedModelsResponse
    from .gateway_list_models_response import GatewayListModelsResponse
    from .gateway_list_rlor_trainer_job_checkpoints_response import (
        GatewayListRlorTrainerJobCheckpointsResponse,
    )
    from .gateway_list_rlor_trainer_jobs_response import (
        GatewayListRlorTrainerJobsResponse,
    )
    from .gateway_list_training_shape_versions_response import (
        GatewayListTrainingShapeVersionsResponse,
    )
    from .gateway_list_training_shapes_response import GatewayListTrainingShapesResponse
    from .gateway_model import GatewayModel
    from .gateway_model_default_sampling_params import GatewayModelDefaultSamplingParams
    from .gateway_model_state import GatewayModelState
    from .gateway_orpo_config import GatewayOrpoConfig
    from .gateway_peft_details import GatewayPEFTDetails
    from .gateway_promote_checkpoint_body import GatewayPromoteCheckpointBody
    from .gateway_promote_checkpoint_response import GatewayPromoteCheckpointResponse
    from .gateway_purpose import GatewayPurpose
    from .gateway_reinforcement_learning_loss_config import (
        GatewayReinforcementLearningLossConfig,
    )
    from .gateway_resume_rlor_trainer_job_body import GatewayResumeRlorTrainerJobBody
    from .gateway_rlor_trainer_job import GatewayRlorTrainerJob
    from .gateway_rlor_trainer_job_accelerator_seconds import (
        GatewayRlorTrainerJobAcceleratorSeconds,
    )
    from .gateway_rlor_trainer_job_checkpoint import GatewayRlorTrainerJobCheckpoint
    from .gateway_serverless_mode import GatewayServerlessMode
    from .gateway_sku_info import GatewaySKUInfo
    from .gateway_split_dataset_body import GatewaySplitDatasetBody
    from .gateway_split_dataset_response import GatewaySplitDatasetResponse
    from .gateway_splitted import GatewaySplitted
    from .gateway_status import GatewayStatus
    from .gateway_teft_details import GatewayTEFTDetails
    from .gateway_trainer_sharding_scheme import GatewayTrainerShardingScheme
    from .gateway_training_shape import GatewayTrainingShape
    from .gateway_training_shape_version import GatewayTrainingShapeVersion
    from .gateway_transformed import GatewayTransformed
    from .gateway_update_dataset_body import GatewayUpdateDatasetBody
    from .gateway_user_uploaded import GatewayUserUploaded
    from .gateway_validate_dataset_upload_body import GatewayValidateDatasetUploadBody
    from .gateway_validate_dataset_upload_response_200 import (
        GatewayValidateDatasetUploadResponse200,
    )
    from .gateway_wandb_config import GatewayWandbConfig
    from .gateway_weight_precision import GatewayWeightPrecision
    from .model_kind import ModelKind
    from .model_snapshot_type import ModelSnapshotType
    from .reinforcement_learning_loss_config_method import (
        ReinforcementLearningLossConfigMethod,
    )
    from .training_shape_trainer_mode import TrainingShapeTrainerMode
    from .type_date import TypeDate
    from .type_money import TypeMoney

#: Each model's name, and the module that defines it.
_MODULES = {
    "BaseModelDetailsCheckpointFormat": ".base_model_details_checkpoint_format",
    "DatasetFormat": ".dataset_format",
    "DeploymentPrecision": ".deployment_precision",
    "GatewayAcceleratorType": ".gateway_accelerator_type",
    "GatewayAwsS3Config": ".gateway_aws_s3_config",
    "GatewayAzureBlobStorageConfig": ".gateway_azure_blob_storage_config",
    "GatewayBaseModelDetails": ".gateway_base_model_details",
    "GatewayBaseTrainingConfig": ".gateway_base_training_config",
    "GatewayCancelRlorTrainerJobBody": ".gateway_cancel_rlor_trainer_job_body",
    "GatewayCancelRlorTrainerJobResponse200": ".gateway_cancel_rlor_trainer_job_response_200",
    "GatewayCheckpointType": ".gateway_checkpoint_type",
    "GatewayCode": ".gateway_code",
    "GatewayConversationConfig": ".gateway_conversation_config",
    "GatewayCreateDatasetBody": ".gateway_create_dataset_body",
    "GatewayDataset": ".gateway_dataset",
    "GatewayDatasetState": ".gateway_dataset_state",
    "GatewayDeleteDatasetResponse200": ".gateway_delete_dataset_response_200",
    "GatewayDeleteDeployedModelResponse200": ".gateway_delete_deployed_model_response_200",
    "GatewayDeleteModelResponse200": ".gateway_delete_model_response_200",
    "GatewayDeleteRlorTrainerJobResponse200": ".gateway_delete_rlor_trainer_job_response_200",
    "GatewayDeployedModel": ".gateway_deployed_model",
    "GatewayDeployedModelRef": ".gateway_deployed_model_ref",
    "GatewayDeployedModelState": ".gateway_deployed_model_state",
    "GatewayDpoConfig": ".gateway_dpo_config",
    "GatewayEncryptionState": ".gateway_encryption_state",
    "GatewayEvalProtocol": ".gateway_eval_protocol",
    "GatewayEvaluationResult": ".gateway_evaluation_result",
    "GatewayExecuteRlorTrainStepBody": ".gateway_execute_rlor_train_step_body",
    "GatewayExecuteRlorTrainStepResponse200": ".gateway_execute_rlor_train_step_response_200",
    "GatewayGetDatasetDownloadEndpointResponse": ".gateway_get_dataset_download_endpoint_response",
    "GatewayGetDatasetDownloadEndpointResponseFilenameToSignedUrls": ".gateway_get_dataset_download_endpoint_response_filename_to_signed_urls",
    "GatewayGetDatasetUploadEndpointBody": ".gateway_get_dataset_upload_endpoint_body",
    "GatewayGetDatasetUploadEndpointBodyFilenameToSize": ".gateway_get_dataset_upload_endpoint_body_filename_to_size",
    "GatewayGetDatasetUploadEndpointResponse": ".gateway_get_dataset_upload_endpoint_response",
    "GatewayGetDatasetUploadEndpointResponseFilenameToSignedUrls": ".gateway_get_dataset_upload_endpoint_response_filename_to_signed_urls",
    "GatewayGetRlorTrainerJobPublicLogsResponse": ".gateway_get_rlor_trainer_job_public_logs_response",
    "GatewayJobProgress": ".gateway_job_progress",
    "GatewayJobState": ".gateway_job_state",
    "GatewayListDatasetsResponse": ".gateway_list_datasets_response",
    "GatewayListDeployedModelsResponse": ".gateway_list_deployed_models_response",
    "GatewayListModelsResponse": ".gateway_list_models_response",
    "GatewayListRlorTrainerJobCheckpointsResponse": ".gateway_list_rlor_trainer_job_checkpoints_response",
    "GatewayListRlorTrainerJobsResponse": ".gateway_list_rlor_trainer_jobs_response",
    "GatewayListTrainingShapeVersionsResponse": ".gateway_list_training_shape_versions_response",
    "GatewayListTrainingShapesResponse": ".gateway_list_training_shapes_response",
    "GatewayModel": ".gateway_model",
    "GatewayModelDefaultSamplingParams": ".gateway_model_default_sampling_params",
    "GatewayModelState": ".gateway_model_state",
    "GatewayOrpoConfig": ".gateway_orpo_config",
    "GatewayPEFTDetails": ".gateway_peft_details",
    "GatewayPromoteCheckpointBody": ".gateway_promote_checkpoint_body",
    "GatewayPromoteCheckpointResponse": ".gateway_promote_checkpoint_response",
    "GatewayPurpose": ".gateway_purpose",
    "GatewayReinforcementLearningLossConfig": ".gateway_reinforcement_learning_loss_config",
    "GatewayResumeRlorTrainerJobBody": ".gateway_resume_rlor_trainer_job_body",
    "GatewayRlorTrainerJob": ".gateway_rlor_trainer_job",
    "GatewayRlorTrainerJobAcceleratorSeconds": ".gateway_rlor_trainer_job_accelerator_seconds",
    "GatewayRlorTrainerJobCheckpoint": ".gateway_rlor_trainer_job_checkpoint",
    "GatewayServerlessMode": ".gateway_serverless_mode",
    "GatewaySKUInfo": ".gateway_sku_info",
    "GatewaySplitDatasetBody": ".gateway_split_dataset_body",
    "GatewaySplitDatasetResponse": ".gateway_split_dataset_response",
    "GatewaySplitted": ".gateway_splitted",
    "GatewayStatus": ".gateway_status",
    "GatewayTEFTDetails": ".gateway_teft_details",
    "GatewayTrainerShardingScheme": ".gateway_trainer_sharding_scheme",
    "GatewayTrainingShape": ".gateway_training_shape",
    "GatewayTrainingShapeVersion": ".gateway_training_shape_version",
    "GatewayTransformed": ".gateway_transformed",
    "GatewayUpdateDatasetBody": ".gateway_update_dataset_body",
    "GatewayUserUploaded": ".gateway_user_uploaded",
    "GatewayValidateDatasetUploadBody": ".gateway_validate_dataset_upload_body",
    "GatewayValidateDatasetUploadResponse200": ".gateway_validate_dataset_upload_response_200",
    "GatewayWandbConfig": ".gateway_wandb_config",
    "GatewayWeightPrecision": ".gateway_weight_precision",
    "ModelKind": ".model_kind",
    "ModelSnapshotType": ".model_snapshot_type",
    "ReinforcementLearningLossConfigMethod": ".reinforcement_learning_loss_config_method",
    "TrainingShapeTrainerMode": ".training_shape_trainer_mode",
    "TypeDate": ".type_date",
    "TypeMoney": ".type_money",
}

__all__ = (
    "BaseModelDetailsCheckpointFormat",
    "DatasetFormat",
    "DeploymentPrecision",
    "GatewayAcceleratorType",
    "GatewayAwsS3Config",
    "GatewayAzureBlobStorageConfig",
    "GatewayBaseModelDetails",
    "GatewayBaseTrainingConfig",
    "GatewayCancelRlorTrainerJobBody",
    "GatewayCancelRlorTrainerJobResponse200",
    "GatewayCheckpointType",
    "GatewayCode",
    "GatewayConversationConfig",
    "GatewayCreateDatasetBody",
    "GatewayDataset",
    "GatewayDatasetState",
    "GatewayDeleteDatasetResponse200",
    "GatewayDeleteDeployedModelResponse200",
    "GatewayDeleteModelResponse200",
    "GatewayDeleteRlorTrainerJobResponse200",
    "GatewayDeployedModel",
    "GatewayDeployedModelRef",
    "GatewayDeployedModelState",
    "GatewayDpoConfig",
    "GatewayEncryptionState",
    "GatewayEvalProtocol",
    "GatewayEvaluationResult",
    "GatewayExecuteRlorTrainStepBody",
    "GatewayExecuteRlorTrainStepResponse200",
    "GatewayGetDatasetDownloadEndpointResponse",
    "GatewayGetDatasetDownloadEndpointResponseFilenameToSignedUrls",
    "GatewayGetDatasetUploadEndpointBody",
    "GatewayGetDatasetUploadEndpointBodyFilenameToSize",
    "GatewayGetDatasetUploadEndpointResponse",
    "GatewayGetDatasetUploadEndpointResponseFilenameToSignedUrls",
    "GatewayGetRlorTrainerJobPublicLogsResponse",
    "GatewayJobProgress",
    "GatewayJobState",
    "GatewayListDatasetsResponse",
    "GatewayListDeployedModelsResponse",
    "GatewayListModelsResponse",
    "GatewayListRlorTrainerJobCheckpointsResponse",
    "GatewayListRlorTrainerJobsResponse",
    "GatewayListTrainingShapeVersionsResponse",
    "GatewayListTrainingShapesResponse",
    "GatewayModel",
    "GatewayModelDefaultSamplingParams",
    "GatewayModelState",
    "GatewayOrpoConfig",
    "GatewayPEFTDetails",
    "GatewayPromoteCheckpointBody",
    "GatewayPromoteCheckpointResponse",
    "GatewayPurpose",
    "GatewayReinforcementLearningLossConfig",
    "GatewayResumeRlorTrainerJobBody",
    "GatewayRlorTrainerJob",
    "GatewayRlorTrainerJobAcceleratorSeconds",
    "GatewayRlorTrainerJobCheckpoint",
    "GatewaySKUInfo",
    "GatewayServerlessMode",
    "GatewaySplitDatasetBody",
    "GatewaySplitDatasetResponse",
    "GatewaySplitted",
    "GatewayStatus",
    "GatewayTEFTDetails",
    "GatewayTrainerShardingScheme",
    "GatewayTrainingShape",
    "GatewayTrainingShapeVersion",
    "GatewayTransformed",
    "GatewayUpdateDatasetBody",
    "GatewayUserUploaded",
    "GatewayValidateDatasetUploadBody",
    "GatewayValidateDatasetUploadResponse200",
    "GatewayWandbConfig",
    "GatewayWeightPrecision",
    "ModelKind",
    "ModelSnapshotType",
    "ReinforcementLearningLossConfigMethod",
    "TrainingShapeTrainerMode",
    "TypeDate",
    "TypeMoney",
)


if not TYPE_CHECKING:  # type checkers read the imports above, and accept no other name

    def __getattr__(name: str) -> Any:
        module = _MODULES.get(name)
        if module is None:
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        value = getattr(import_module(module, __name__), name)
        globals()[name] = value
        return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_MODULES))
