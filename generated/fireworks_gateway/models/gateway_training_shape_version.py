from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gateway_training_shape import GatewayTrainingShape


T = TypeVar("T", bound="GatewayTrainingShapeVersion")


@_attrs_define
class GatewayTrainingShapeVersion:
    """A training shape version is a specific immutable snapshot of a training shape.
    Versions are immutable, created on updates, and deleted when the parent training shape is deleted.

        Attributes:
            name (str | Unset): The resource name, e.g. accounts/.../trainingShapes/.../versions/{version_id}
            create_time (datetime.datetime | Unset): Creation time (used for ordering desc by default)
            snapshot (GatewayTrainingShape | Unset): A training shape standardizes hardware/precision/parallelism defaults
                for training jobs
                of a given base model family and parameter bucket.
            validated (bool | Unset): Whether this version has been validated through capacity tests.
                Only superusers can set this flag.
            public (bool | Unset): If true, this version will be publicly readable.
            latest_validated (bool | Unset): If true, this version is the latest validated version (at most one per shape).
            update_time (datetime.datetime | Unset): Last update time of mutable fields such as validated/public.
    """

    name: str | Unset = UNSET
    create_time: datetime.datetime | Unset = UNSET
    snapshot: GatewayTrainingShape | Unset = UNSET
    validated: bool | Unset = UNSET
    public: bool | Unset = UNSET
    latest_validated: bool | Unset = UNSET
    update_time: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        create_time: str | Unset = UNSET
        if not isinstance(self.create_time, Unset):
            create_time = self.create_time.isoformat()

        snapshot: dict[str, Any] | Unset = UNSET
        if not isinstance(self.snapshot, Unset):
            snapshot = self.snapshot.to_dict()

        validated = self.validated

        public = self.public

        latest_validated = self.latest_validated

        update_time: str | Unset = UNSET
        if not isinstance(self.update_time, Unset):
            update_time = self.update_time.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if create_time is not UNSET:
            field_dict["createTime"] = create_time
        if snapshot is not UNSET:
            field_dict["snapshot"] = snapshot
        if validated is not UNSET:
            field_dict["validated"] = validated
        if public is not UNSET:
            field_dict["public"] = public
        if latest_validated is not UNSET:
            field_dict["latestValidated"] = latest_validated
        if update_time is not UNSET:
            field_dict["updateTime"] = update_time

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gateway_training_shape import GatewayTrainingShape

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        _create_time = d.pop("createTime", UNSET)
        create_time: datetime.datetime | Unset
        if isinstance(_create_time, Unset) or _create_time is None:
            create_time = UNSET
        else:
            create_time = datetime.datetime.fromisoformat(_create_time)

        _snapshot = d.pop("snapshot", UNSET)
        snapshot: GatewayTrainingShape | Unset
        if isinstance(_snapshot, Unset) or _snapshot is None:
            snapshot = UNSET
        else:
            snapshot = GatewayTrainingShape.from_dict(_snapshot)

        validated = d.pop("validated", UNSET)

        public = d.pop("public", UNSET)

        latest_validated = d.pop("latestValidated", UNSET)

        _update_time = d.pop("updateTime", UNSET)
        update_time: datetime.datetime | Unset
        if isinstance(_update_time, Unset) or _update_time is None:
            update_time = UNSET
        else:
            update_time = datetime.datetime.fromisoformat(_update_time)

        gateway_training_shape_version = cls(
            name=name,
            create_time=create_time,
            snapshot=snapshot,
            validated=validated,
            public=public,
            latest_validated=latest_validated,
            update_time=update_time,
        )

        gateway_training_shape_version.additional_properties = d
        return gateway_training_shape_version

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
