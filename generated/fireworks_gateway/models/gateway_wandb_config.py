from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GatewayWandbConfig")


@_attrs_define
class GatewayWandbConfig:
    """WandbConfig is the configuration for the Weights & Biases (wandb) logging which
    will be used by a training job.

        Attributes:
            enabled (bool | Unset): Whether to enable wandb logging.
            api_key (str | Unset): The API key for the wandb service.
            project (str | Unset): The project name for the wandb service.
            entity (str | Unset): The entity name for the wandb service.
            run_id (str | Unset): The run ID for the wandb service.
            url (str | Unset): The URL for the wandb service.
    """

    enabled: bool | Unset = UNSET
    api_key: str | Unset = UNSET
    project: str | Unset = UNSET
    entity: str | Unset = UNSET
    run_id: str | Unset = UNSET
    url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        enabled = self.enabled

        api_key = self.api_key

        project = self.project

        entity = self.entity

        run_id = self.run_id

        url = self.url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if enabled is not UNSET:
            field_dict["enabled"] = enabled
        if api_key is not UNSET:
            field_dict["apiKey"] = api_key
        if project is not UNSET:
            field_dict["project"] = project
        if entity is not UNSET:
            field_dict["entity"] = entity
        if run_id is not UNSET:
            field_dict["runId"] = run_id
        if url is not UNSET:
            field_dict["url"] = url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        enabled = d.pop("enabled", UNSET)

        api_key = d.pop("apiKey", UNSET)

        project = d.pop("project", UNSET)

        entity = d.pop("entity", UNSET)

        run_id = d.pop("runId", UNSET)

        url = d.pop("url", UNSET)

        gateway_wandb_config = cls(
            enabled=enabled,
            api_key=api_key,
            project=project,
            entity=entity,
            run_id=run_id,
            url=url,
        )

        gateway_wandb_config.additional_properties = d
        return gateway_wandb_config

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
