"""fireworks-rft: a typed Python SDK for Fireworks AI keep-alive reinforcement fine-tuning.

import fireworks_rft

with fireworks_rft.Client() as client:  # FIREWORKS_API_KEY, FIREWORKS_ACCOUNT_ID
    result = client.execute_train_step(
        "my-job", dataset="accounts/me/datasets/step-1", output_model="accounts/me/models/m-1"
    )
"""

from ._client import AsyncClient, Client
from ._config import DEFAULT_TIMEOUT
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    FireworksError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from ._gateway import GatewayClient
from ._spec import spec_text
from ._types import TrainStepResult
from ._version import __spec_version__, __version__

__all__ = [
    "DEFAULT_TIMEOUT",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncClient",
    "AuthenticationError",
    "BadRequestError",
    "Client",
    "ConfigurationError",
    "ConflictError",
    "FireworksError",
    "GatewayClient",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "TrainStepResult",
    "UnprocessableEntityError",
    "__spec_version__",
    "__version__",
    "spec_text",
]
