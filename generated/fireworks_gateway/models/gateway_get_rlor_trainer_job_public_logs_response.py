from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GatewayGetRlorTrainerJobPublicLogsResponse")


@_attrs_define
class GatewayGetRlorTrainerJobPublicLogsResponse:
    """
    Attributes:
        signed_url (str | Unset): Signed URL for the public trainer logs file (human-readable status updates).
            The URL expires after 24 hours and should be fetched dynamically when needed.
    """

    signed_url: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        signed_url = self.signed_url

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if signed_url is not UNSET:
            field_dict["signedUrl"] = signed_url

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        signed_url = d.pop("signedUrl", UNSET)

        gateway_get_rlor_trainer_job_public_logs_response = cls(
            signed_url=signed_url,
        )

        gateway_get_rlor_trainer_job_public_logs_response.additional_properties = d
        return gateway_get_rlor_trainer_job_public_logs_response

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
