from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="GatewayDpoConfig")


@_attrs_define
class GatewayDpoConfig:
    """Hyperparameters for Direct Preference Optimization (DPO) training.

    Attributes:
        beta (float | Unset): DPO temperature parameter (beta in the paper).
        ref_cache_concurrency (int | Unset): Max concurrent reference forward passes during cache warm-up.
        ref_cache_batch_size (int | Unset): Number of preference pairs per reference forward call during caching.
    """

    beta: float | Unset = UNSET
    ref_cache_concurrency: int | Unset = UNSET
    ref_cache_batch_size: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        beta = self.beta

        ref_cache_concurrency = self.ref_cache_concurrency

        ref_cache_batch_size = self.ref_cache_batch_size

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if beta is not UNSET:
            field_dict["beta"] = beta
        if ref_cache_concurrency is not UNSET:
            field_dict["refCacheConcurrency"] = ref_cache_concurrency
        if ref_cache_batch_size is not UNSET:
            field_dict["refCacheBatchSize"] = ref_cache_batch_size

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        beta = d.pop("beta", UNSET)

        ref_cache_concurrency = d.pop("refCacheConcurrency", UNSET)

        ref_cache_batch_size = d.pop("refCacheBatchSize", UNSET)

        gateway_dpo_config = cls(
            beta=beta,
            ref_cache_concurrency=ref_cache_concurrency,
            ref_cache_batch_size=ref_cache_batch_size,
        )

        gateway_dpo_config.additional_properties = d
        return gateway_dpo_config

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
