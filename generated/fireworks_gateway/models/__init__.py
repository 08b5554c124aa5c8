"""Contains all the data models used in inputs/outputs

Each model loads on first use (PEP 562): importing this package costs the same whatever the
size of the spec.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .base_model_details_checkpoint_format import BaseModelDetailsCheckpointFormat
    from .deployment_precision import DeploymentPrecision
    from .gateway_aws_s3_config import GatewayAwsS3Config
    from .gateway_base_model_details import GatewayBaseModelDetails
    from .gateway_base_training_config import GatewayBaseTrainingConfig
    from .gateway_code import GatewayCode
    from .gateway_conversation_config import GatewayConversationConfig
    from .gateway_delete_rlor_trainer_job_response_200 import (
        GatewayDeleteRlorTrainerJobResponse200,
    )
    from .gateway_deployed_model_ref import GatewayDeployedModelRef
    from .gateway_deployed_model_state import GatewayDeployedModelState
    from .gateway_encryption_state import GatewayEncryptionState
    from .gateway_execute_rlor_train_step_body import GatewayExecuteRlorTrainStepBody
    from .gateway_execute_rlor_train_step_response_200 import (
        GatewayExecuteRlorTrainStepResponse200,
    )
    from .gateway_job_state import GatewayJobState
    from .gateway_model import GatewayModel
    from .gateway_model_default_sampling_params import GatewayModelDefaultSamplingParams
    from .gateway_model_state import GatewayModelState
    from .gateway_peft_details import GatewayPEFTDetails
    from .gateway_region import GatewayRegion
    from .gateway_reinforcement_learning_loss_config import (
        GatewayReinforcementLearningLossConfig,
    )
    from .gateway_rlor_trainer_job import GatewayRlorTrainerJob
    from .gateway_rlor_trainer_job_accelerator_seconds import (
        GatewayRlorTrainerJobAcceleratorSeconds,
    )
    from .gateway_serverless_mode import GatewayServerlessMode
    from .gateway_sku_info import GatewaySKUInfo
    from .gateway_status import GatewayStatus
    from .gateway_teft_details import GatewayTEFTDetails
    from .gateway_wandb_config import GatewayWandbConfig
    from .model_kind import ModelKind
    from .model_snapshot_type import ModelSnapshotType
    from .reinforcement_learning_loss_config_method import (
        ReinforcementLearningLossConfigMethod,
    )
    from .type_date import TypeDate
    from .type_money import TypeMoney

#: Each model's name, and the module that defines it.
_MODULES = {
    "BaseModelDetailsCheckpointFormat": ".base_model_details_checkpoint_format",
    "DeploymentPrecision": ".deployment_precision",
    "GatewayAwsS3Config": ".gateway_aws_s3_config",
    "GatewayBaseModelDetails": ".gateway_base_model_details",
    "GatewayBaseTrainingConfig": ".gateway_base_training_config",
    "GatewayCode": ".gateway_code",
    "GatewayConversationConfig": ".gateway_conversation_config",
    "GatewayDeleteRlorTrainerJobResponse200": ".gateway_delete_rlor_trainer_job_response_200",
    "GatewayDeployedModelRef": ".gateway_deployed_model_ref",
    "GatewayDeployedModelState": ".gateway_deployed_model_state",
    "GatewayEncryptionState": ".gateway_encryption_state",
    "GatewayExecuteRlorTrainStepBody": ".gateway_execute_rlor_train_step_body",
    "GatewayExecuteRlorTrainStepResponse200": ".gateway_execute_rlor_train_step_response_200",
    "GatewayJobState": ".gateway_job_state",
    "GatewayModel": ".gateway_model",
    "GatewayModelDefaultSamplingParams": ".gateway_model_default_sampling_params",
    "GatewayModelState": ".gateway_model_state",
    "GatewayPEFTDetails": ".gateway_peft_details",
    "GatewayRegion": ".gateway_region",
    "GatewayReinforcementLearningLossConfig": ".gateway_reinforcement_learning_loss_config",
    "GatewayRlorTrainerJob": ".gateway_rlor_trainer_job",
    "GatewayRlorTrainerJobAcceleratorSeconds": ".gateway_rlor_trainer_job_accelerator_seconds",
    "GatewayServerlessMode": ".gateway_serverless_mode",
    "GatewaySKUInfo": ".gateway_sku_info",
    "GatewayStatus": ".gateway_status",
    "GatewayTEFTDetails": ".gateway_teft_details",
    "GatewayWandbConfig": ".gateway_wandb_config",
    "ModelKind": ".model_kind",
    "ModelSnapshotType": ".model_snapshot_type",
    "ReinforcementLearningLossConfigMethod": ".reinforcement_learning_loss_config_method",
    "TypeDate": ".type_date",
    "TypeMoney": ".type_money",
}

__all__ = (
    "BaseModelDetailsCheckpointFormat",
    "DeploymentPrecision",
    "GatewayAwsS3Config",
    "GatewayBaseModelDetails",
    "GatewayBaseTrainingConfig",
    "GatewayCode",
    "GatewayConversationConfig",
    "GatewayDeleteRlorTrainerJobResponse200",
    "GatewayDeployedModelRef",
    "GatewayDeployedModelState",
    "GatewayEncryptionState",
    "GatewayExecuteRlorTrainStepBody",
    "GatewayExecuteRlorTrainStepResponse200",
    "GatewayJobState",
    "GatewayModel",
    "GatewayModelDefaultSamplingParams",
    "GatewayModelState",
    "GatewayPEFTDetails",
    "GatewayRegion",
    "GatewayReinforcementLearningLossConfig",
    "GatewayRlorTrainerJob",
    "GatewayRlorTrainerJobAcceleratorSeconds",
    "GatewaySKUInfo",
    "GatewayServerlessMode",
    "GatewayStatus",
    "GatewayTEFTDetails",
    "GatewayWandbConfig",
    "ModelKind",
    "ModelSnapshotType",
    "ReinforcementLearningLossConfigMethod",
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
