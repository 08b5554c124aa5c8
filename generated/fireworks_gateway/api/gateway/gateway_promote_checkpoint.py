from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.gateway_promote_checkpoint_body import GatewayPromoteCheckpointBody
from ...models.gateway_promote_checkpoint_response import (
    GatewayPromoteCheckpointResponse,
)
from ...types import UNSET, Response


def _get_kwargs(
    account_id: str,
    checkpoint_id: str,
    *,
    body: GatewayPromoteCheckpointBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/accounts/{account_id}/checkpoints/{checkpoint_id}:promote".format(
            account_id=quote(str(account_id), safe=""),
            checkpoint_id=quote(str(checkpoint_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GatewayPromoteCheckpointResponse | None:
    if response.status_code == 200:
        _response_200 = response.json()
        response_200: Any
        if _response_200 is UNSET:
            response_200 = UNSET
        else:
            response_200 = GatewayPromoteCheckpointResponse.from_dict(_response_200)

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[GatewayPromoteCheckpointResponse]:
    try:
        parsed = _parse_response(client=client, response=response)
    except errors.UnexpectedStatus:
        raise
    except Exception as error:
        raise errors.response_parse_error(client, response, error) from error
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=parsed,
    )


def sync_detailed(
    account_id: str,
    checkpoint_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: GatewayPromoteCheckpointBody,
) -> Response[GatewayPromoteCheckpointResponse]:
    """Promote a checkpoint to a model.
    The checkpoint is identified by account + snapshot ID; the trainer job ID
    is passed in the request body to resolve the GCS bucket.

    Args:
        account_id (str):
        checkpoint_id (str):
        body (GatewayPromoteCheckpointBody): Promote a checkpoint to a model. When base_model is
            provided, the
            checkpoint GCS path is reconstructed from account metadata and the
            trainer/deployment ID — no trainer job database lookup is needed.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GatewayPromoteCheckpointResponse]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        checkpoint_id=checkpoint_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    checkpoint_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: GatewayPromoteCheckpointBody,
) -> GatewayPromoteCheckpointResponse | None:
    """Promote a checkpoint to a model.
    The checkpoint is identified by account + snapshot ID; the trainer job ID
    is passed in the request body to resolve the GCS bucket.

    Args:
        account_id (str):
        checkpoint_id (str):
        body (GatewayPromoteCheckpointBody): Promote a checkpoint to a model. When base_model is
            provided, the
            checkpoint GCS path is reconstructed from account metadata and the
            trainer/deployment ID — no trainer job database lookup is needed.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GatewayPromoteCheckpointResponse
    """

    return sync_detailed(
        account_id=account_id,
        checkpoint_id=checkpoint_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    checkpoint_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: GatewayPromoteCheckpointBody,
) -> Response[GatewayPromoteCheckpointResponse]:
    """Promote a checkpoint to a model.
    The checkpoint is identified by account + snapshot ID; the trainer job ID
    is passed in the request body to resolve the GCS bucket.

    Args:
        account_id (str):
        checkpoint_id (str):
        body (GatewayPromoteCheckpointBody): Promote a checkpoint to a model. When base_model is
            provided, the
            checkpoint GCS path is reconstructed from account metadata and the
            trainer/deployment ID — no trainer job database lookup is needed.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GatewayPromoteCheckpointResponse]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        checkpoint_id=checkpoint_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    checkpoint_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: GatewayPromoteCheckpointBody,
) -> GatewayPromoteCheckpointResponse | None:
    """Promote a checkpoint to a model.
    The checkpoint is identified by account + snapshot ID; the trainer job ID
    is passed in the request body to resolve the GCS bucket.

    Args:
        account_id (str):
        checkpoint_id (str):
        body (GatewayPromoteCheckpointBody): Promote a checkpoint to a model. When base_model is
            provided, the
            checkpoint GCS path is reconstructed from account metadata and the
            trainer/deployment ID — no trainer job database lookup is needed.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GatewayPromoteCheckpointResponse
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            checkpoint_id=checkpoint_id,
            client=client,
            body=body,
        )
    ).parsed
