"""Contains all the data models used in inputs/outputs"""

from .gateway_execute_rlor_train_step_body import GatewayExecuteRlorTrainStepBody
from .gateway_execute_rlor_train_step_response_200 import (
    GatewayExecuteRlorTrainStepResponse200,
)

__all__ = (
    "GatewayExecuteRlorTrainStepBody",
    "GatewayExecuteRlorTrainStepResponse200",
)
