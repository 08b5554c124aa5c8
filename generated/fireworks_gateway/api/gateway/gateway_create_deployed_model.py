from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.gateway_deployed_model import GatewayDeployedModel
from ...types import UNSET, Response, Unset


def _get_kwargs(
    account_id: str,
    *,
    body: GatewayDeployedModel,
    replace_merged_addon: bool | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    params: dict[str, Any] = {}

    params["replaceMergedAddon"] = replace_merged_addon

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/accounts/{account_id}/deployedModels".format(
            account_id=quote(str(account_id), safe=""),
        ),
        "params": params,
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> GatewayDeployedModel | None:
    if response.status_code == 200:
        _response_200 = response.json()
        response_200: Any
        if _response_200 is UNSET:
            response_200 = UNSET
        else:
            response_200 = GatewayDeployedModel.from_dict(_response_200)

        return response_200

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[GatewayDeployedModel]:
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
    body: GatewayDeployedModel,
    replace_merged_addon: bool | Unset = UNSET,
) -> Response[GatewayDeployedModel]:
    """Load LoRA

    Args:
        account_id (str):
        replace_merged_addon (bool | Unset):
        body (GatewayDeployedModel):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GatewayDeployedModel]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        body=body,
        replace_merged_addon=replace_merged_addon,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: GatewayDeployedModel,
    replace_merged_addon: bool | Unset = UNSET,
) -> GatewayDeployedModel | None:
    """Load LoRA

    Args:
        account_id (str):
        replace_merged_addon (bool | Unset):
        body (GatewayDeployedModel):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GatewayDeployedModel
    """

    return sync_detailed(
        account_id=account_id,
        client=client,
        body=body,
        replace_merged_addon=replace_merged_addon,
    ).parsed


async def asyncio_detailed(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: GatewayDeployedModel,
    replace_merged_addon: bool | Unset = UNSET,
) -> Response[GatewayDeployedModel]:
    """Load LoRA

    Args:
        account_id (str):
        replace_merged_addon (bool | Unset):
        body (GatewayDeployedModel):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GatewayDeployedModel]
    """

    kwargs = _get_kwargs(
        account_id=account_id,
        body=body,
        replace_merged_addon=replace_merged_addon,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    account_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: GatewayDeployedModel,
    replace_merged_addon: bool | Unset = UNSET,
) -> GatewayDeployedModel | None:
    """Load LoRA

    Args:
        account_id (str):
        replace_merged_addon (bool | Unset):
        body (GatewayDeployedModel):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GatewayDeployedModel
    """

    return (
        await asyncio_detailed(
            account_id=account_id,
            client=client,
            body=body,
            replace_merged_addon=replace_merged_addon,
        )
    ).parsed
