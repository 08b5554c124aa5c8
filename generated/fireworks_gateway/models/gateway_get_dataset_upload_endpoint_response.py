from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gateway_get_dataset_upload_endpoint_response_filename_to_signed_urls import (
        GatewayGetDatasetUploadEndpointResponseFilenameToSignedUrls,
    )


T = TypeVar("T", bound="GatewayGetDatasetUploadEndpointResponse")


@_attrs_define
class GatewayGetDatasetUploadEndpointResponse:
    """
    Attributes:
        filename_to_signed_urls (GatewayGetDatasetUploadEndpointResponseFilenameToSignedUrls | Unset): Signed URLs for
            uploading dataset files
    """

    filename_to_signed_urls: (
        GatewayGetDatasetUploadEndpointResponseFilenameToSignedUrls | Unset
    ) = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        filename_to_signed_urls: dict[str, Any] | Unset = UNSET
        if not isinstance(self.filename_to_signed_urls, Unset):
            filename_to_signed_urls = self.filename_to_signed_urls.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if filename_to_signed_urls is not UNSET:
            field_dict["filenameToSignedUrls"] = filename_to_signed_urls

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gateway_get_dataset_upload_endpoint_response_filename_to_signed_urls import (
            GatewayGetDatasetUploadEndpointResponseFilenameToSignedUrls,
        )

        d = dict(src_dict)
        _filename_to_signed_urls = d.pop("filenameToSignedUrls", UNSET)
        filename_to_signed_urls: (
            GatewayGetDatasetUploadEndpointResponseFilenameToSignedUrls | Unset
        )
        if (
            isinstance(_filename_to_signed_urls, Unset)
            or _filename_to_signed_urls is None
        ):
            filename_to_signed_urls = UNSET
        else:
            filename_to_signed_urls = (
                GatewayGetDatasetUploadEndpointResponseFilenameToSignedUrls.from_dict(
                    _filename_to_signed_urls
                )
            )

        gateway_get_dataset_upload_endpoint_response = cls(
            filename_to_signed_urls=filename_to_signed_urls,
        )

        gateway_get_dataset_upload_endpoint_response.additional_properties = d
        return gateway_get_dataset_upload_endpoint_response

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
