from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.gateway_region import GatewayRegion
from ..types import UNSET, Unset

T = TypeVar("T", bound="GatewayBaseTrainingConfig")


@_attrs_define
class GatewayBaseTrainingConfig:
    """BaseTrainingConfig contains common configuration fields shared across
    different training job types.
    Next ID: 22

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
            region (GatewayRegion | Unset): Next ID: 35

                - US_IOWA_1: GCP us-central1 (Iowa)
                 - US_VIRGINIA_1: AWS us-east-1 (N. Virginia)
                 - US_VIRGINIA_2: OCI us-ashburn-1 [HIDE_FROM_DOCS]
                 - US_ILLINOIS_1: OCI us-chicago-1
                 - AP_TOKYO_1: OCI ap-tokyo-1
                 - EU_LONDON_1: OCI uk-london-1 [HIDE_FROM_DOCS]
                 - US_ARIZONA_1: OCI us-phoenix-1
                 - US_TEXAS_1: Lambda us-south-3 (C. Texas)
                 - US_ILLINOIS_2: Lambda us-midwest-1 (Illinois)
                 - EU_FRANKFURT_1: OCI eu-frankfurt-1
                 - US_TEXAS_2: Lambda us-south-2 (N. Texas)
                 - EU_PARIS_1: Nebius eu-west1 [HIDE_FROM_DOCS]
                 - EU_HELSINKI_1: Nebius eu-north1 [HIDE_FROM_DOCS]
                 - US_NEVADA_1: GCP us-west4 [HIDE_FROM_DOCS]
                 - EU_ICELAND_1: Crusoe eu-iceland1
                 - EU_ICELAND_2: Crusoe eu-iceland1 (network1)
                 - US_WASHINGTON_1: Voltage Park us-pyl-1 (Detach audio cluster from control_plane)
                 - US_WASHINGTON_2: Voltage Park us-seattle-2
                 - EU_ICELAND_DEV_1: Crusoe eu-iceland1 (dev) [HIDE_FROM_DOCS]
                 - US_WASHINGTON_3: Vultr Seattle 1
                 - US_ARIZONA_2: Azure westus3 (Anysphere BYOC) [HIDE_FROM_DOCS]
                 - AP_TOKYO_2: AWS ap-northeast-1
                 - US_CALIFORNIA_1: AWS us-west-1 (N. California)
                 - US_MISSOURI_1: Nebius us-central1 (Anysphere BYOC) [HIDE_FROM_DOCS]
                 - US_UTAH_1: GCP us-west3 (Utah)
                 - US_TEXAS_3: Crusoe us-southcentral1 [HIDE_FROM_DOCS]
                 - US_ARIZONA_3: Coreweave us-west-04a-1 [HIDE_FROM_DOCS]
                 - US_GEORGIA_1: DigitalOcean us-atl1
                 - US_GEORGIA_2: Vultr Atlanta 1
                 - US_WASHINGTON_4: Coreweave us-west-09b-1
                 - US_GEORGIA_3: Alicloud us-southeast-1
                 - NA_BRITISHCOLUMBIA_1: Fluidstack ca-west-1
                 - US_GEORGIA_4: DigitalOcean us-atl1 MI350X
                 - EU_ICELAND_3: Crusoe eu-iceland1 (Anysphere BYOC) [HIDE_FROM_DOCS]
                 - US_OHIO_1: Lambda us-midwest-2 (Ohio)
            epochs (int | Unset): The number of epochs to train for.
            batch_size (int | Unset): The maximum packed number of tokens per batch for training in sequence packing.
            gradient_accumulation_steps (int | Unset): Number of gradient accumulation steps
            learning_rate_warmup_steps (int | Unset): Number of steps for learning rate warm up
            batch_size_samples (int | Unset): The number of samples per gradient batch.
            optimizer_weight_decay (float | Unset): Weight decay (L2 regularization) for optimizer.
    """

    output_model: str | Unset = UNSET
    base_model: str | Unset = UNSET
    warm_start_from: str | Unset = UNSET
    jinja_template: str | Unset = UNSET
    learning_rate: float | Unset = UNSET
    max_context_length: int | Unset = UNSET
    lora_rank: int | Unset = UNSET
    region: GatewayRegion | Unset = UNSET
    epochs: int | Unset = UNSET
    batch_size: int | Unset = UNSET
    gradient_accumulation_steps: int | Unset = UNSET
    learning_rate_warmup_steps: int | Unset = UNSET
    batch_size_samples: int | Unset = UNSET
    optimizer_weight_decay: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        output_model = self.output_model

        base_model = self.base_model

        warm_start_from = self.warm_start_from

        jinja_template = self.jinja_template

        learning_rate = self.learning_rate

        max_context_length = self.max_context_length

        lora_rank = self.lora_rank

        region: str | Unset = UNSET
        if not isinstance(self.region, Unset):
            region = self.region.value

        epochs = self.epochs

        batch_size = self.batch_size

        gradient_accumulation_steps = self.gradient_accumulation_steps

        learning_rate_warmup_steps = self.learning_rate_warmup_steps

        batch_size_samples = self.batch_size_samples

        optimizer_weight_decay = self.optimizer_weight_decay

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
        if region is not UNSET:
            field_dict["region"] = region
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

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        d = dict(src_dict)
        output_model = d.pop("outputModel", UNSET)

        base_model = d.pop("baseModel", UNSET)

        warm_start_from = d.pop("warmStartFrom", UNSET)

        jinja_template = d.pop("jinjaTemplate", UNSET)

        learning_rate = d.pop("learningRate", UNSET)

        max_context_length = d.pop("maxContextLength", UNSET)

        lora_rank = d.pop("loraRank", UNSET)

        _region = d.pop("region", UNSET)
        region: GatewayRegion | Unset
        if isinstance(_region, Unset) or _region is None:
            region = UNSET
        else:
            region = GatewayRegion(_region)

        epochs = d.pop("epochs", UNSET)

        batch_size = d.pop("batchSize", UNSET)

        gradient_accumulation_steps = d.pop("gradientAccumulationSteps", UNSET)

        learning_rate_warmup_steps = d.pop("learningRateWarmupSteps", UNSET)

        batch_size_samples = d.pop("batchSizeSamples", UNSET)

        optimizer_weight_decay = d.pop("optimizerWeightDecay", UNSET)

        gateway_base_training_config = cls(
            output_model=output_model,
            base_model=base_model,
            warm_start_from=warm_start_from,
            jinja_template=jinja_template,
            learning_rate=learning_rate,
            max_context_length=max_context_length,
            lora_rank=lora_rank,
            region=region,
            epochs=epochs,
            batch_size=batch_size,
            gradient_accumulation_steps=gradient_accumulation_steps,
            learning_rate_warmup_steps=learning_rate_warmup_steps,
            batch_size_samples=batch_size_samples,
            optimizer_weight_decay=optimizer_weight_decay,
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
