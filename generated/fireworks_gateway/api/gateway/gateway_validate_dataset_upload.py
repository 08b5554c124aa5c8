from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.gateway_validate_dataset_upload_body import (
    GatewayValidateDatasetUploadBody,
)
from ...models.gateway_validate_dataset_upload_response_200 import (
    GatewayValidateDatasetUploadResponse200,
)
from ...types import UNSET, Response


def _get_kwargs(
    account_id: str,
    dataset_id: str,
    *,
    body: GatewayValidateDatasetUploadBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/accounts/{account_id}/datasets/{dataset_id}:validateUpload".format(
            account_id=quote(str(account_id), safe=""),
            dataset_id=quote(str(dataset_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GatewayValidateDatasetUploadResponse200 | None:
    if response.status_code == 200:
        _response_200 = response.json()
        response_200: Any
        if _response_200 is UNSET:
            response_200 = UNSET
        else:
            response_200 = GatewayValidateDatasetUploadResponse200.from_dict(
                _response_200
            )

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[GatewayValidateDatasetUploadResponse200]:
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
    dataset_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: GatewayValidateDatasetUploadBody,
) -> Response[GatewayValidateDatasetUploadResponse200]:
    """Validate Dataset Upload

    Args:
        account_id (str):
        dataset_id (str):
        body (GatewayValidateDatasetUploadBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GatewayValidateDatasetUploadResponse200]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        dataset_id=dataset_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    dataset_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: GatewayValidateDatasetUploadBody,
) -> GatewayValidateDatasetUploadResponse200 | None:
    """Validate Dataset Upload

    Args:
        account_id (str):
        dataset_id (str):
        body (GatewayValidateDatasetUploadBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GatewayValidateDatasetUploadResponse200
    """

    return sync_detailed(
        account_id=account_id,
        dataset_id=dataset_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    dataset_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: GatewayValidateDatasetUploadBody,
) -> Response[GatewayValidateDatasetUploadResponse200]:
    """Validate Dataset Upload

    Args:
        account_id (str):
        dataset_id (str):
        body (GatewayValidateDatasetUploadBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GatewayValidateDatasetUploadResponse200]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        dataset_id=dataset_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    dataset_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: GatewayValidateDatasetUploadBody,
) -> GatewayValidateDatasetUploadResponse200 | None:
    """Validate Dataset Upload

    Args:
        account_id (str):
        dataset_id (str):
        body (GatewayValidateDatasetUploadBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GatewayValidateDatasetUploadResponse200
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            dataset_id=dataset_id,
            client=client,
            body=body,
        )
    ).parsed
