from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.gateway_dataset import GatewayDataset
from ...models.gateway_update_dataset_body import GatewayUpdateDatasetBody
from ...types import UNSET, Response


def _get_kwargs(
    account_id: str,
    dataset_id: str,
    *,
    body: GatewayUpdateDatasetBody,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/accounts/{account_id}/datasets/{dataset_id}".format(
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
) -> GatewayDataset | None:
    if response.status_code == 200:
        _response_200 = response.json()
        response_200: Any
        if _response_200 is UNSET:
            response_200 = UNSET
        else:
            response_200 = GatewayDataset.from_dict(_response_200)

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[GatewayDataset]:
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
    body: GatewayUpdateDatasetBody,
) -> Response[GatewayDataset]:
    """Update Dataset

    Args:
        account_id (str):
        dataset_id (str):
        body (GatewayUpdateDatasetBody): The properties of the Dataset being updated.
            `dataset.name` must
            be populated with the updated resource's name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GatewayDataset]
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
    body: GatewayUpdateDatasetBody,
) -> GatewayDataset | None:
    """Update Dataset

    Args:
        account_id (str):
        dataset_id (str):
        body (GatewayUpdateDatasetBody): The properties of the Dataset being updated.
            `dataset.name` must
            be populated with the updated resource's name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GatewayDataset
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
    body: GatewayUpdateDatasetBody,
) -> Response[GatewayDataset]:
    """Update Dataset

    Args:
        account_id (str):
        dataset_id (str):
        body (GatewayUpdateDatasetBody): The properties of the Dataset being updated.
            `dataset.name` must
            be populated with the updated resource's name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GatewayDataset]
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
    body: GatewayUpdateDatasetBody,
) -> GatewayDataset | None:
    """Update Dataset

    Args:
        account_id (str):
        dataset_id (str):
        body (GatewayUpdateDatasetBody): The properties of the Dataset being updated.
            `dataset.name` must
            be populated with the updated resource's name.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GatewayDataset
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            dataset_id=dataset_id,
            client=client,
            body=body,
        )
    ).parsed
