"""fireworks-rft: a typed Python SDK for Fireworks AI keep-alive reinforcement fine-tuning.

Example::

    import fireworks_rft

    with fireworks_rft.Client() as client:  # FIREWORKS_API_KEY, FIREWORKS_ACCOUNT_ID
        result = client.execute_train_step(
            "my-job", dataset="accounts/me/datasets/d1", output_model="accounts/me/models/m1"
        )

The error classes load with the package. The clients, and with them attrs and the generated
``fireworks_gateway`` package, load on first use (``fireworks_rft.Client``), so that
``import fireworks_rft`` stays about as cheap as ``import httpx`` (see docs/benchmarks.md).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

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
    DatasetOperationRetiredError,
    FireworksError,
    InternalServerError,
    JobStoppedError,
    LeaseLostError,
    LedgerUnavailableError,
    NotFoundError,
    OperationUnavailableError,
    OutputModelGoneError,
    PermissionDeniedError,
    RateLimitError,
    ResponseTooLargeError,
    StepAlreadySentError,
    StepFailedError,
    StepStalledError,
    StepTimeoutError,
    UnprocessableEntityError,
    WaitFailedError,
    WaitTimeoutError,
)
from ._logging import show_progress
from ._version import __spec_version__, __version__

if TYPE_CHECKING:
    from ._async_client import AsyncClient
    from ._client import Client
    from ._config import ClientOptions
    from ._constants import DEFAULT_TIMEOUT
    from ._gateway import GatewayClient
    from ._ledger import LedgerStore, StepRecord, StepState
    from ._ledger_report import write_report
    from ._ledger_summary import JobSummary, SweepSummary, SweepWatch, summarize
    from ._postgres_ledger import PostgresLedger
    from ._results import CompletedStep, Deleted, DeletedJob, StepProgress, TrainStepResult
    from ._spec import spec_text
    from ._sqlite_ledger import SQLiteLedger

# A library stays silent unless its user configures logging (no "last resort" output).
logging.getLogger(__name__).addHandler(logging.NullHandler())

#: Public names loaded on first access, and the private module that defines each.
_LAZY = {
    "AsyncClient": "_async_client",
    "Client": "_client",
    "ClientOptions": "_config",
    "CompletedStep": "_results",
    "Deleted": "_results",
    "DeletedJob": "_results",
    "StepProgress": "_results",
    "DEFAULT_TIMEOUT": "_constants",
    "GatewayClient": "_gateway",
    "LedgerStore": "_ledger",
    "SQLiteLedger": "_sqlite_ledger",
    "PostgresLedger": "_postgres_ledger",
    "StepRecord": "_ledger",
    "JobSummary": "_ledger_summary",
    "SweepSummary": "_ledger_summary",
    "SweepWatch": "_ledger_summary",
    "summarize": "_ledger_summary",
    "write_report": "_ledger_report",
    "StepState": "_ledger",
    "TrainStepResult": "_results",
    "spec_text": "_spec",
}

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
    "ClientOptions",
    "CompletedStep",
    "ConfigurationError",
    "ConflictError",
    "DatasetOperationRetiredError",
    "Deleted",
    "DeletedJob",
    "FireworksError",
    "GatewayClient",
    "InternalServerError",
    "JobStoppedError",
    "JobSummary",
    "LeaseLostError",
    "LedgerStore",
    "LedgerUnavailableError",
    "NotFoundError",
    "OperationUnavailableError",
    "OutputModelGoneError",
    "PermissionDeniedError",
    "PostgresLedger",
    "RateLimitError",
    "ResponseTooLargeError",
    "SQLiteLedger",
    "StepAlreadySentError",
    "StepFailedError",
    "StepProgress",
    "StepRecord",
    "StepStalledError",
    "StepState",
    "StepTimeoutError",
    "SweepSummary",
    "SweepWatch",
    "TrainStepResult",
    "UnprocessableEntityError",
    "WaitFailedError",
    "WaitTimeoutError",
    "__spec_version__",
    "__version__",
    "show_progress",
    "spec_text",
    "summarize",
    "write_report",
]


def __getattr__(name: str) -> object:
    """Load a lazily exported name (PEP 562) and keep it in the module."""
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module_name}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
