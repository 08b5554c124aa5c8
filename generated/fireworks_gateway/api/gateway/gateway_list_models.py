from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.gateway_list_models_response import GatewayListModelsResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    account_id: str,
    *,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    order_by: str | Unset = UNSET,
    read_mask: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["pageSize"] = page_size

    params["pageToken"] = page_token

    params["filter"] = filter_

    params["orderBy"] = order_by

    params["readMask"] = read_mask

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/accounts/{account_id}/models".format(
            account_id=quote(str(account_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GatewayListModelsResponse | None:
    if response.status_code == 200:
        _response_200 = response.json()
        response_200: Any
        if _response_200 is UNSET:
            response_200 = UNSET
        else:
            response_200 = GatewayListModelsResponse.from_dict(_response_200)

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[GatewayListModelsResponse]:
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
    *,
    client: AuthenticatedClient | Client,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    order_by: str | Unset = UNSET,
    read_mask: str | Unset = UNSET,
) -> Response[GatewayListModelsResponse]:
    """List Models

    Args:
        account_id (str):
        page_size (int | Unset):
        page_token (str | Unset):
        filter_ (str | Unset):
        order_by (str | Unset):
        read_mask (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GatewayListModelsResponse]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        page_size=page_size,
        page_token=page_token,
        filter_=filter_,
        order_by=order_by,
        read_mask=read_mask,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    order_by: str | Unset = UNSET,
    read_mask: str | Unset = UNSET,
) -> GatewayListModelsResponse | None:
    """List Models

    Args:
        account_id (str):
        page_size (int | Unset):
        page_token (str | Unset):
        filter_ (str | Unset):
        order_by (str | Unset):
        read_mask (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GatewayListModelsResponse
    """

    return sync_detailed(
        account_id=account_id,
        client=client,
        page_size=page_size,
        page_token=page_token,
        filter_=filter_,
        order_by=order_by,
        read_mask=read_mask,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    order_by: str | Unset = UNSET,
    read_mask: str | Unset = UNSET,
) -> Response[GatewayListModelsResponse]:
    """List Models

    Args:
        account_id (str):
        page_size (int | Unset):
        page_token (str | Unset):
        filter_ (str | Unset):
        order_by (str | Unset):
        read_mask (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GatewayListModelsResponse]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        page_size=page_size,
        page_token=page_token,
        filter_=filter_,
        order_by=order_by,
        read_mask=read_mask,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    page_size: int | Unset = UNSET,
    page_token: str | Unset = UNSET,
    filter_: str | Unset = UNSET,
    order_by: str | Unset = UNSET,
    read_mask: str | Unset = UNSET,
) -> GatewayListModelsResponse | None:
    """List Models

    Args:
        account_id (str):
        page_size (int | Unset):
        page_token (str | Unset):
        filter_ (str | Unset):
        order_by (str | Unset):
        read_mask (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GatewayListModelsResponse
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            client=client,
            page_size=page_size,
            page_token=page_token,
            filter_=filter_,
            order_by=order_by,
            read_mask=read_mask,
        )
    ).parsed
