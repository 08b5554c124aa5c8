from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gateway_rlor_trainer_job_checkpoint import (
        GatewayRlorTrainerJobCheckpoint,
    )


T = TypeVar("T", bound="GatewayListRlorTrainerJobCheckpointsResponse")


@_attrs_define
class GatewayListRlorTrainerJobCheckpointsResponse:
    """
    Attributes:
        checkpoints (list[GatewayRlorTrainerJobCheckpoint] | Unset):
        next_page_token (str | Unset):
        total_size (int | Unset):
    """

    checkpoints: list[GatewayRlorTrainerJobCheckpoint] | Unset = UNSET
    next_page_token: str | Unset = UNSET
    total_size: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        checkpoints: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.checkpoints, Unset):
            checkpoints = []
            for checkpoints_item_data in self.checkpoints:
                checkpoints_item = checkpoints_item_data.to_dict()
                checkpoints.append(checkpoints_item)

        next_page_token = self.next_page_token

        total_size = self.total_size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if checkpoints is not UNSET:
            field_dict["checkpoints"] = checkpoints
        if next_page_token is not UNSET:
            field_dict["nextPageToken"] = next_page_token
        if total_size is not UNSET:
            field_dict["totalSize"] = total_size

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gateway_rlor_trainer_job_checkpoint import (
            GatewayRlorTrainerJobCheckpoint,
        )

        d = dict(src_dict)
        _checkpoints = d.pop("checkpoints", UNSET)
        checkpoints: list[GatewayRlorTrainerJobCheckpoint] | Unset = UNSET
        if _checkpoints is not UNSET:
            checkpoints = []
            for checkpoints_item_data in _checkpoints:
                _checkpoints_item = checkpoints_item_data
                checkpoints_item: Any
                if _checkpoints_item is UNSET:
                    checkpoints_item = UNSET
                else:
                    checkpoints_item = GatewayRlorTrainerJobCheckpoint.from_dict(
                        _checkpoints_item
                    )

                checkpoints.append(checkpoints_item)

        next_page_token = d.pop("nextPageToken", UNSET)

        total_size = d.pop("totalSize", UNSET)

        gateway_list_rlor_trainer_job_checkpoints_response = cls(
            checkpoints=checkpoints,
            next_page_token=next_page_token,
            total_size=total_size,
        )

        gateway_list_rlor_trainer_job_checkpoints_response.additional_properties = d
        return gateway_list_rlor_trainer_job_checkpoints_response

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
