from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gateway_get_dataset_upload_endpoint_body_filename_to_size import (
        GatewayGetDatasetUploadEndpointBodyFilenameToSize,
    )


T = TypeVar("T", bound="GatewayGetDatasetUploadEndpointBody")


@_attrs_define
class GatewayGetDatasetUploadEndpointBody:
    """
    Attributes:
        filename_to_size (GatewayGetDatasetUploadEndpointBodyFilenameToSize): A mapping from the file name to its size
            in bytes.
        read_mask (str | Unset): The fields to be returned in the response. If empty or "*", all fields will be
            returned.
    """

    filename_to_size: GatewayGetDatasetUploadEndpointBodyFilenameToSize
    read_mask: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        filename_to_size: Any
        if isinstance(
            self.filename_to_size, Unset
        ):  # omitted by the server (proto3 JSON)
            filename_to_size = UNSET
        else:
            filename_to_size = self.filename_to_size.to_dict()

        read_mask = self.read_mask

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "filenameToSize": filename_to_size,
            }
        )
        for omitted in [
            key for key, value in field_dict.items() if isinstance(value, Unset)
        ]:
            del field_dict[omitted]
        if read_mask is not UNSET:
            field_dict["readMask"] = read_mask

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gateway_get_dataset_upload_endpoint_body_filename_to_size import (
            GatewayGetDatasetUploadEndpointBodyFilenameToSize,
        )

        d = dict(src_dict)
        _filename_to_size = d.pop("filenameToSize", UNSET)
        filename_to_size: Any
        if _filename_to_size is UNSET:
            filename_to_size = UNSET
        else:
            filename_to_size = (
                GatewayGetDatasetUploadEndpointBodyFilenameToSize.from_dict(
                    _filename_to_size
                )
            )

        read_mask = d.pop("readMask", UNSET)

        gateway_get_dataset_upload_endpoint_body = cls(
            filename_to_size=filename_to_size,
            read_mask=read_mask,
        )

        gateway_get_dataset_upload_endpoint_body.additional_properties = d
        return gateway_get_dataset_upload_endpoint_body

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
