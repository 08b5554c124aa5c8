from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.gateway_deployed_model_state import GatewayDeployedModelState
from ..types import UNSET, Unset

T = TypeVar("T", bound="GatewayDeployedModelRef")


@_attrs_define
class GatewayDeployedModelRef:
    """
    Attributes:
        name (str | Unset): The resource name. e.g. accounts/my-account/deployedModels/my-deployed-model
        deployment (str | Unset): The resource name of the base deployment the model is deployed to.
        state (GatewayDeployedModelState | Unset): - UNDEPLOYING: The model is being undeployed.
             - DEPLOYING: The model is being deployed.
             - DEPLOYED: The model is deployed and ready for inference.
             - UPDATING: there are updates happening with the deployed model
        default (bool | Unset): If true, this is the default target when querying this model without
            the `#<deployment>` suffix.
            The first deployment a model is deployed to will have this field set to
            true automatically.
        public (bool | Unset): If true, the deployed model will be publicly reachable.
    """

    name: str | Unset = UNSET
    deployment: str | Unset = UNSET
    state: GatewayDeployedModelState | Unset = UNSET
    default: bool | Unset = UNSET
    public: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        deployment = self.deployment

        state: str | Unset = UNSET
        if not isinstance(self.state, Unset):
            state = self.state.value

        default = self.default

        public = self.public

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if deployment is not UNSET:
            field_dict["deployment"] = deployment
        if state is not UNSET:
            field_dict["state"] = state
        if default is not UNSET:
            field_dict["default"] = default
        if public is not UNSET:
            field_dict["public"] = public

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        deployment = d.pop("deployment", UNSET)

        _state = d.pop("state", UNSET)
        state: GatewayDeployedModelState | Unset
        if isinstance(_state, Unset) or _state is None:
            state = UNSET
        else:
            state = GatewayDeployedModelState(_state)

        default = d.pop("default", UNSET)

        public = d.pop("public", UNSET)

        gateway_deployed_model_ref = cls(
            name=name,
            deployment=deployment,
            state=state,
            default=default,
            public=public,
        )

        gateway_deployed_model_ref.additional_properties = d
        return gateway_deployed_model_ref

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
