from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gateway_sku_info import GatewaySKUInfo


T = TypeVar("T", bound="GatewayServerlessMode")


@_attrs_define
class GatewayServerlessMode:
    """ServerlessMode is one way a serverless base model can be invoked — standard
    serverless (default), Priority, Fast, or Spot — together with the invocation
    recipe customers must use for it.

    It is a child resource of the base Model: the {ServerlessModeId} segment of
    the resource name IS the mode name (default | priority | fast | spot). The
    base model is the linking key for all of its serving modes, even when a mode
    is served through a different resource (a Fast router, a Spot deployment).

    Modes split into two classes:
      - Alternate-resource modes (usage_identifier set) — e.g. fast resolves to a
        router, spot to the spot deployment's own model id.
      - Flag modes (service_tier set) — e.g. priority uses the base model id plus
        a request-body service_tier flag.

    Pricing is sourced live from Orb (keyed by the resolved model name / tier),
    so no price is stored on the mode.

        Attributes:
            name (str | Unset): The resource name, e.g.
                accounts/fireworks/models/kimi-k2p6/serverlessModes/fast.
                {AccountId} must be a serverless account (fireworks, ...);
                {ModelId} is the base model's id; {ServerlessModeId} is the mode name
                (default | priority | fast | spot).
            usage_identifier (str | Unset): Invocation recipe: the value to pass as "model" in inference requests.
                Empty means use the base model id. May reference a DIFFERENT resource
                than the base model — a model OR a router, e.g.
                accounts/fireworks/routers/kimi-k2p6-fast for fast.
            service_tier (str | Unset): Invocation recipe: the service_tier request-body flag layered on top of the
                model id (e.g. "priority"). Only the priority mode sets this today.
            sku_infos (list[GatewaySKUInfo] | Unset): Per-path token pricing, sourced live from Orb on the read path. Reuses
                the
                same SKUInfo type as Model.sku_infos (e.g. "LLM input tokens (uncached)",
                "LLM input tokens (cached)", "LLM output tokens"; google.type.Money at
                unit="1M tokens"). Resolved per tier (DEFAULT/PRIORITY/FAST/...). Empty on
                the stored config; only populated by ListServerlessModels.

                (api_only) keeps this derived field out of the database entirely (like
                Model.sku_infos): it is never persisted by the admin write path and never
                read back from storage, only computed live at read time.
            use_cases (list[str] | Unset): Curated use-case tags driving discovery filters (e.g. "coding").
            updated_by (str | Unset): The user who last mutated this mode (audit).
            create_time (datetime.datetime | Unset):
            update_time (datetime.datetime | Unset):
    """

    name: str | Unset = UNSET
    usage_identifier: str | Unset = UNSET
    service_tier: str | Unset = UNSET
    sku_infos: list[GatewaySKUInfo] | Unset = UNSET
    use_cases: list[str] | Unset = UNSET
    updated_by: str | Unset = UNSET
    create_time: datetime.datetime | Unset = UNSET
    update_time: datetime.datetime | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        usage_identifier = self.usage_identifier

        service_tier = self.service_tier

        sku_infos: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.sku_infos, Unset):
            sku_infos = []
            for sku_infos_item_data in self.sku_infos:
                sku_infos_item = sku_infos_item_data.to_dict()
                sku_infos.append(sku_infos_item)

        use_cases: list[str] | Unset = UNSET
        if not isinstance(self.use_cases, Unset):
            use_cases = self.use_cases

        updated_by = self.updated_by

        create_time: str | Unset = UNSET
        if not isinstance(self.create_time, Unset):
            create_time = self.create_time.isoformat()

        update_time: str | Unset = UNSET
        if not isinstance(self.update_time, Unset):
            update_time = self.update_time.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if usage_identifier is not UNSET:
            field_dict["usageIdentifier"] = usage_identifier
        if service_tier is not UNSET:
            field_dict["serviceTier"] = service_tier
        if sku_infos is not UNSET:
            field_dict["skuInfos"] = sku_infos
        if use_cases is not UNSET:
            field_dict["useCases"] = use_cases
        if updated_by is not UNSET:
            field_dict["updatedBy"] = updated_by
        if create_time is not UNSET:
            field_dict["createTime"] = create_time
        if update_time is not UNSET:
            field_dict["updateTime"] = update_time

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gateway_sku_info import GatewaySKUInfo

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        usage_identifier = d.pop("usageIdentifier", UNSET)

        service_tier = d.pop("serviceTier", UNSET)

        _sku_infos = d.pop("skuInfos", UNSET)
        sku_infos: list[GatewaySKUInfo] | Unset = UNSET
        if _sku_infos is not UNSET:
            sku_infos = []
            for sku_infos_item_data in _sku_infos:
                _sku_infos_item = sku_infos_item_data
                sku_infos_item: Any
                if _sku_infos_item is UNSET:
                    sku_infos_item = UNSET
                else:
                    sku_infos_item = GatewaySKUInfo.from_dict(_sku_infos_item)

                sku_infos.append(sku_infos_item)

        use_cases = cast(list[str], d.pop("useCases", UNSET))

        updated_by = d.pop("updatedBy", UNSET)

        _create_time = d.pop("createTime", UNSET)
        create_time: datetime.datetime | Unset
        if isinstance(_create_time, Unset) or _create_time is None:
            create_time = UNSET
        else:
            create_time = datetime.datetime.fromisoformat(_create_time)

        _update_time = d.pop("updateTime", UNSET)
        update_time: datetime.datetime | Unset
        if isinstance(_update_time, Unset) or _update_time is None:
            update_time = UNSET
        else:
            update_time = datetime.datetime.fromisoformat(_update_time)

        gateway_serverless_mode = cls(
            name=name,
            usage_identifier=usage_identifier,
            service_tier=service_tier,
            sku_infos=sku_infos,
            use_cases=use_cases,
            updated_by=updated_by,
            create_time=create_time,
            update_time=update_time,
        )

        gateway_serverless_mode.additional_properties = d
        return gateway_serverless_mode

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
