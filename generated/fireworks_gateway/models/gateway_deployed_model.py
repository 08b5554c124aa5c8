from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.gateway_deployed_model_state import GatewayDeployedModelState
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gateway_status import GatewayStatus


T = TypeVar("T", bound="GatewayDeployedModel")


@_attrs_define
class GatewayDeployedModel:
    """
    Attributes:
        name (str | Unset): The resource name. e.g. accounts/my-account/deployedModels/my-deployed-model
        display_name (str | Unset):
        description (str | Unset): Description of the resource.
        create_time (datetime.datetime | Unset): The creation time of the resource.
        model (str | Unset): The resource name of the model to be deployed.
            e.g. accounts/my-account/models/my-model
        deployment (str | Unset): The resource name of the base deployment the model is deployed to.
        default (bool | Unset): If true, this is the default target when querying this model without
            the `#<deployment>` suffix.
            The first deployment a model is deployed to will have this field set to true.
        state (GatewayDeployedModelState | Unset): - UNDEPLOYING: The model is being undeployed.
             - DEPLOYING: The model is being deployed.
             - DEPLOYED: The model is deployed and ready for inference.
             - UPDATING: there are updates happening with the deployed model
        serverless (bool | Unset): True if the underlying deployment is managed by Fireworks
        status (GatewayStatus | Unset): Mimics
            [https://github.com/googleapis/googleapis/blob/master/google/rpc/status.proto]
        public (bool | Unset): If true, the deployed model will be publicly reachable.
        update_time (datetime.datetime | Unset): The update time for the deployed model.
    """

    name: str | Unset = UNSET
    display_name: str | Unset = UNSET
    description: str | Unset = UNSET
    create_time: datetime.datetime | Unset = UNSET
    model: str | Unset = UNSET
    deployment: str | Unset = UNSET
    default: bool | Unset = UNSET
    state: GatewayDeployedModelState | Unset = UNSET
    serverless: bool | Unset = UNSET
    status: GatewayStatus | Unset = UNSET
    public: bool | Unset = UNSET
    update_time: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        display_name = self.display_name

        description = self.description

        create_time: str | Unset = UNSET
        if not isinstance(self.create_time, Unset):
            create_time = self.create_time.isoformat()

        model = self.model

        deployment = self.deployment

        default = self.default

        state: str | Unset = UNSET
        if not isinstance(self.state, Unset):
            state = self.state.value

        serverless = self.serverless

        status: dict[str, Any] | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.to_dict()

        public = self.public

        update_time: str | Unset = UNSET
        if not isinstance(self.update_time, Unset):
            update_time = self.update_time.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if description is not UNSET:
            field_dict["description"] = description
        if create_time is not UNSET:
            field_dict["createTime"] = create_time
        if model is not UNSET:
            field_dict["model"] = model
        if deployment is not UNSET:
            field_dict["deployment"] = deployment
        if default is not UNSET:
            field_dict["default"] = default
        if state is not UNSET:
            field_dict["state"] = state
        if serverless is not UNSET:
            field_dict["serverless"] = serverless
        if status is not UNSET:
            field_dict["status"] = status
        if public is not UNSET:
            field_dict["public"] = public
        if update_time is not UNSET:
            field_dict["updateTime"] = update_time

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gateway_status import GatewayStatus

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        display_name = d.pop("displayName", UNSET)

        description = d.pop("description", UNSET)

        _create_time = d.pop("createTime", UNSET)
        create_time: datetime.datetime | Unset
        if isinstance(_create_time, Unset) or _create_time is None:
            create_time = UNSET
        else:
            create_time = datetime.datetime.fromisoformat(_create_time)

        model = d.pop("model", UNSET)

        deployment = d.pop("deployment", UNSET)

        default = d.pop("default", UNSET)

        _state = d.pop("state", UNSET)
        state: GatewayDeployedModelState | Unset
        if isinstance(_state, Unset) or _state is None:
            state = UNSET
        else:
            state = GatewayDeployedModelState(_state)

        serverless = d.pop("serverless", UNSET)

        _status = d.pop("status", UNSET)
        status: GatewayStatus | Unset
        if isinstance(_status, Unset) or _status is None:
            status = UNSET
        else:
            status = GatewayStatus.from_dict(_status)

        public = d.pop("public", UNSET)

        _update_time = d.pop("updateTime", UNSET)
        update_time: datetime.datetime | Unset
        if isinstance(_update_time, Unset) or _update_time is None:
            update_time = UNSET
        else:
            update_time = datetime.datetime.fromisoformat(_update_time)

        gateway_deployed_model = cls(
            name=name,
            display_name=display_name,
            description=description,
            create_time=create_time,
            model=model,
            deployment=deployment,
            default=default,
            state=state,
            serverless=serverless,
            status=status,
            public=public,
            update_time=update_time,
        )

        gateway_deployed_model.additional_properties = d
        return gateway_deployed_model

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
