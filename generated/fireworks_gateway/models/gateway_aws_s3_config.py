from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GatewayAwsS3Config")


@_attrs_define
class GatewayAwsS3Config:
    """AwsS3Config is the configuration for AWS S3 dataset access which
    will be used by a training job.

        Attributes:
            credentials_secret (str | Unset): Reference to a Secret resource containing AWS access key credentials.
                Format: accounts/{account_id}/secrets/{secret_id}
                The secret value must be JSON: {"aws_access_key_id": "AKIA...", "aws_secret_access_key": "..."}
            iam_role_arn (str | Unset): IAM role ARN to assume for accessing S3 datasets via GCP OIDC federation.
                Format: arn:aws:iam::account-id:role/role-name
    """

    credentials_secret: str | Unset = UNSET
    iam_role_arn: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        credentials_secret = self.credentials_secret

        iam_role_arn = self.iam_role_arn

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if credentials_secret is not UNSET:
            field_dict["credentialsSecret"] = credentials_secret
        if iam_role_arn is not UNSET:
            field_dict["iamRoleArn"] = iam_role_arn

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        credentials_secret = d.pop("credentialsSecret", UNSET)

        iam_role_arn = d.pop("iamRoleArn", UNSET)

        gateway_aws_s3_config = cls(
            credentials_secret=credentials_secret,
            iam_role_arn=iam_role_arn,
        )

        gateway_aws_s3_config.additional_properties = d
        return gateway_aws_s3_config

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
