from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gateway_trainer_sharding_scheme import GatewayTrainerShardingScheme


T = TypeVar("T", bound="GatewayBaseTrainingConfig")


@_attrs_define
class GatewayBaseTrainingConfig:
    """BaseTrainingConfig contains common configuration fields shared across
    different training job types.

        Attributes:
            output_model (str | Unset): The model ID to be assigned to the resulting fine-tuned model. If not specified, the
                job ID will be used.
            base_model (str | Unset): The name of the base model to be fine-tuned
                Only one of 'base_model' or 'warm_start_from' should be specified.
            warm_start_from (str | Unset): The PEFT addon model in Fireworks format to be fine-tuned from
                Only one of 'base_model' or 'warm_start_from' should be specified.
            jinja_template (str | Unset): The Jinja template for conversation formatting. If not specified, defaults to the
                base model's conversation template configuration
            learning_rate (float | Unset): The learning rate used for training.
            max_context_length (int | Unset): The maximum context length to use with the model.
            lora_rank (int | Unset): The rank of the LoRA layers.
            epochs (int | Unset): The number of epochs to train for.
            batch_size (int | Unset): The maximum packed number of tokens per batch for training in sequence packing.
            gradient_accumulation_steps (int | Unset): Number of gradient accumulation steps
            learning_rate_warmup_steps (int | Unset): Number of steps for learning rate warm up
            batch_size_samples (int | Unset): The number of samples per gradient batch.
            optimizer_weight_decay (float | Unset): Weight decay (L2 regularization) for optimizer.
            trainer_sharding_scheme (GatewayTrainerShardingScheme | Unset): Structured parallelism/sharding profile used by
                trainer launches.
            lora_alpha (int | Unset): LoRA alpha scaling factor.
                If not specified (or 0), trainer defaults are used.
            lora_dropout (float | Unset): LoRA dropout probability.
            lora_target_modules (list[str] | Unset): Optional LoRA target module names (e.g. q_proj, k_proj, v_proj).
    """

    output_model: str | Unset = UNSET
    base_model: str | Unset = UNSET
    warm_start_from: str | Unset = UNSET
    jinja_template: str | Unset = UNSET
    learning_rate: float | Unset = UNSET
    max_context_length: int | Unset = UNSET
    lora_rank: int | Unset = UNSET
    epochs: int | Unset = UNSET
    batch_size: int | Unset = UNSET
    gradient_accumulation_steps: int | Unset = UNSET
    learning_rate_warmup_steps: int | Unset = UNSET
    batch_size_samples: int | Unset = UNSET
    optimizer_weight_decay: float | Unset = UNSET
    trainer_sharding_scheme: GatewayTrainerShardingScheme | Unset = UNSET
    lora_alpha: int | Unset = UNSET
    lora_dropout: float | Unset = UNSET
    lora_target_modules: list[str] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        output_model = self.output_model

        base_model = self.base_model

        warm_start_from = self.warm_start_from

        jinja_template = self.jinja_template

        learning_rate = self.learning_rate

        max_context_length = self.max_context_length

        lora_rank = self.lora_rank

        epochs = self.epochs

        batch_size = self.batch_size

        gradient_accumulation_steps = self.gradient_accumulation_steps

        learning_rate_warmup_steps = self.learning_rate_warmup_steps

        batch_size_samples = self.batch_size_samples

        optimizer_weight_decay = self.optimizer_weight_decay

        trainer_sharding_scheme: dict[str, Any] | Unset = UNSET
        if not isinstance(self.trainer_sharding_scheme, Unset):
            trainer_sharding_scheme = self.trainer_sharding_scheme.to_dict()

        lora_alpha = self.lora_alpha

        lora_dropout = self.lora_dropout

        lora_target_modules: list[str] | Unset = UNSET
        if not isinstance(self.lora_target_modules, Unset):
            lora_target_modules = self.lora_target_modules

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if output_model is not UNSET:
            field_dict["outputModel"] = output_model
        if base_model is not UNSET:
            field_dict["baseModel"] = base_model
        if warm_start_from is not UNSET:
            field_dict["warmStartFrom"] = warm_start_from
        if jinja_template is not UNSET:
            field_dict["jinjaTemplate"] = jinja_template
        if learning_rate is not UNSET:
            field_dict["learningRate"] = learning_rate
        if max_context_length is not UNSET:
            field_dict["maxContextLength"] = max_context_length
        if lora_rank is not UNSET:
            field_dict["loraRank"] = lora_rank
        if epochs is not UNSET:
            field_dict["epochs"] = epochs
        if batch_size is not UNSET:
            field_dict["batchSize"] = batch_size
        if gradient_accumulation_steps is not UNSET:
            field_dict["gradientAccumulationSteps"] = gradient_accumulation_steps
        if learning_rate_warmup_steps is not UNSET:
            field_dict["learningRateWarmupSteps"] = learning_rate_warmup_steps
        if batch_size_samples is not UNSET:
            field_dict["batchSizeSamples"] = batch_size_samples
        if optimizer_weight_decay is not UNSET:
            field_dict["optimizerWeightDecay"] = optimizer_weight_decay
        if trainer_sharding_scheme is not UNSET:
            field_dict["trainerShardingScheme"] = trainer_sharding_scheme
        if lora_alpha is not UNSET:
            field_dict["loraAlpha"] = lora_alpha
        if lora_dropout is not UNSET:
            field_dict["loraDropout"] = lora_dropout
        if lora_target_modules is not UNSET:
            field_dict["loraTargetModules"] = lora_target_modules

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gateway_trainer_sharding_scheme import (
            GatewayTrainerShardingScheme,
        )

        d = dict(src_dict)
        output_model = d.pop("outputModel", UNSET)

        base_model = d.pop("baseModel", UNSET)

        warm_start_from = d.pop("warmStartFrom", UNSET)

        jinja_template = d.pop("jinjaTemplate", UNSET)

        learning_rate = d.pop("learningRate", UNSET)

        max_context_length = d.pop("maxContextLength", UNSET)

        lora_rank = d.pop("loraRank", UNSET)

        epochs = d.pop("epochs", UNSET)

        batch_size = d.pop("batchSize", UNSET)

        gradient_accumulation_steps = d.pop("gradientAccumulationSteps", UNSET)

        learning_rate_warmup_steps = d.pop("learningRateWarmupSteps", UNSET)

        batch_size_samples = d.pop("batchSizeSamples", UNSET)

        optimizer_weight_decay = d.pop("optimizerWeightDecay", UNSET)

        _trainer_sharding_scheme = d.pop("trainerShardingScheme", UNSET)
        trainer_sharding_scheme: GatewayTrainerShardingScheme | Unset
        if (
            isinstance(_trainer_sharding_scheme, Unset)
            or _trainer_sharding_scheme is None
        ):
            trainer_sharding_scheme = UNSET
        else:
            trainer_sharding_scheme = GatewayTrainerShardingScheme.from_dict(
                _trainer_sharding_scheme
            )

        lora_alpha = d.pop("loraAlpha", UNSET)

        lora_dropout = d.pop("loraDropout", UNSET)

        lora_target_modules = cast(list[str], d.pop("loraTargetModules", UNSET))

        gateway_base_training_config = cls(
            output_model=output_model,
            base_model=base_model,
            warm_start_from=warm_start_from,
            jinja_template=jinja_template,
            learning_rate=learning_rate,
            max_context_length=max_context_length,
            lora_rank=lora_rank,
            epochs=epochs,
            batch_size=batch_size,
            gradient_accumulation_steps=gradient_accumulation_steps,
            learning_rate_warmup_steps=learning_rate_warmup_steps,
            batch_size_samples=batch_size_samples,
            optimizer_weight_decay=optimizer_weight_decay,
            trainer_sharding_scheme=trainer_sharding_scheme,
            lora_alpha=lora_alpha,
            lora_dropout=lora_dropout,
            lora_target_modules=lora_target_modules,
        )

        gateway_base_training_config.additional_properties = d
        return gateway_base_training_config

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
