from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.reinforcement_learning_loss_config_method import (
    ReinforcementLearningLossConfigMethod,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gateway_dpo_config import GatewayDpoConfig
    from ..models.gateway_orpo_config import GatewayOrpoConfig


T = TypeVar("T", bound="GatewayReinforcementLearningLossConfig")


@_attrs_define
class GatewayReinforcementLearningLossConfig:
    """Loss method + hyperparameters for reinforcement-learning-style fine-tuning (e.g. RFT / RL trainers).
    For preference jobs (DPO API), the default loss method is GRPO when METHOD_UNSPECIFIED.

        Attributes:
            method (ReinforcementLearningLossConfigMethod | Unset): - METHOD_UNSPECIFIED: Defaults to GRPO
                 - GRPO: Group Relative Policy Optimization (default for preference jobs)
                 - DAPO: Decoupled Alignment Preference Optimization
                 - DPO: Direct Preference Optimization
                 - ORPO: Odds Ratio Preference Optimization (reference-free)
                 - GSPO_TOKEN: Group Sequence Policy Optimization (token-level)
            kl_beta (float | Unset): KL coefficient (beta) override for GRPO-like methods.
                If unset, the trainer default is used.
            dpo (GatewayDpoConfig | Unset): Hyperparameters for Direct Preference Optimization (DPO) training.
            orpo (GatewayOrpoConfig | Unset): Hyperparameters for Odds Ratio Preference Optimization (ORPO) training.
    """

    method: ReinforcementLearningLossConfigMethod | Unset = UNSET
    kl_beta: float | Unset = UNSET
    dpo: GatewayDpoConfig | Unset = UNSET
    orpo: GatewayOrpoConfig | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        method: str | Unset = UNSET
        if not isinstance(self.method, Unset):
            method = self.method.value

        kl_beta = self.kl_beta

        dpo: dict[str, Any] | Unset = UNSET
        if not isinstance(self.dpo, Unset):
            dpo = self.dpo.to_dict()

        orpo: dict[str, Any] | Unset = UNSET
        if not isinstance(self.orpo, Unset):
            orpo = self.orpo.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if method is not UNSET:
            field_dict["method"] = method
        if kl_beta is not UNSET:
            field_dict["klBeta"] = kl_beta
        if dpo is not UNSET:
            field_dict["dpo"] = dpo
        if orpo is not UNSET:
            field_dict["orpo"] = orpo

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gateway_dpo_config import GatewayDpoConfig
        from ..models.gateway_orpo_config import GatewayOrpoConfig

        d = dict(src_dict)
        _method = d.pop("method", UNSET)
        method: ReinforcementLearningLossConfigMethod | Unset
        if isinstance(_method, Unset) or _method is None:
            method = UNSET
        else:
            method = ReinforcementLearningLossConfigMethod(_method)

        kl_beta = d.pop("klBeta", UNSET)

        _dpo = d.pop("dpo", UNSET)
        dpo: GatewayDpoConfig | Unset
        if isinstance(_dpo, Unset) or _dpo is None:
            dpo = UNSET
        else:
            dpo = GatewayDpoConfig.from_dict(_dpo)

        _orpo = d.pop("orpo", UNSET)
        orpo: GatewayOrpoConfig | Unset
        if isinstance(_orpo, Unset) or _orpo is None:
            orpo = UNSET
        else:
            orpo = GatewayOrpoConfig.from_dict(_orpo)

        gateway_reinforcement_learning_loss_config = cls(
            method=method,
            kl_beta=kl_beta,
            dpo=dpo,
            orpo=orpo,
        )

        gateway_reinforcement_learning_loss_config.additional_properties = d
        return gateway_reinforcement_learning_loss_config

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
