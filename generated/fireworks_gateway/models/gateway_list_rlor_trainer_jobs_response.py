from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gateway_rlor_trainer_job import GatewayRlorTrainerJob


T = TypeVar("T", bound="GatewayListRlorTrainerJobsResponse")


@_attrs_define
class GatewayListRlorTrainerJobsResponse:
    """
    Attributes:
        rlor_trainer_jobs (list[GatewayRlorTrainerJob] | Unset):
        next_page_token (str | Unset): A token, which can be sent as `page_token` to retrieve the next page.
            If this field is omitted, there are no subsequent pages.
        total_size (int | Unset): The total number of fine-tuning jobs
    """

    rlor_trainer_jobs: list[GatewayRlorTrainerJob] | Unset = UNSET
    next_page_token: str | Unset = UNSET
    total_size: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        rlor_trainer_jobs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.rlor_trainer_jobs, Unset):
            rlor_trainer_jobs = []
            for rlor_trainer_jobs_item_data in self.rlor_trainer_jobs:
                rlor_trainer_jobs_item = rlor_trainer_jobs_item_data.to_dict()
                rlor_trainer_jobs.append(rlor_trainer_jobs_item)

        next_page_token = self.next_page_token

        total_size = self.total_size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if rlor_trainer_jobs is not UNSET:
            field_dict["rlorTrainerJobs"] = rlor_trainer_jobs
        if next_page_token is not UNSET:
            field_dict["nextPageToken"] = next_page_token
        if total_size is not UNSET:
            field_dict["totalSize"] = total_size

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gateway_rlor_trainer_job import GatewayRlorTrainerJob

        d = dict(src_dict)
        _rlor_trainer_jobs = d.pop("rlorTrainerJobs", UNSET)
        rlor_trainer_jobs: list[GatewayRlorTrainerJob] | Unset = UNSET
        if _rlor_trainer_jobs is not UNSET:
            rlor_trainer_jobs = []
            for rlor_trainer_jobs_item_data in _rlor_trainer_jobs:
                _rlor_trainer_jobs_item = rlor_trainer_jobs_item_data
                rlor_trainer_jobs_item: Any
                if _rlor_trainer_jobs_item is UNSET:
                    rlor_trainer_jobs_item = UNSET
                else:
                    rlor_trainer_jobs_item = GatewayRlorTrainerJob.from_dict(
                        _rlor_trainer_jobs_item
                    )

                rlor_trainer_jobs.append(rlor_trainer_jobs_item)

        next_page_token = d.pop("nextPageToken", UNSET)

        total_size = d.pop("totalSize", UNSET)

        gateway_list_rlor_trainer_jobs_response = cls(
            rlor_trainer_jobs=rlor_trainer_jobs,
            next_page_token=next_page_token,
            total_size=total_size,
        )

        gateway_list_rlor_trainer_jobs_response.additional_properties = d
        return gateway_list_rlor_trainer_jobs_response

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
