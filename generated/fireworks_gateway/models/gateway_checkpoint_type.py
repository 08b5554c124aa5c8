from enum import StrEnum


class GatewayCheckpointType(StrEnum):
    """- CHECKPOINT_TYPE_INFERENCE_BASE: Inference-ready checkpoint (full-parameter, HuggingFace
    format).
    Promotable to a model for serving.
     - CHECKPOINT_TYPE_INFERENCE_ARC_V2: Inference-ready checkpoint (XOR delta compressed, ARC
    v2 format).
    Not directly promotable.
     - CHECKPOINT_TYPE_INFERENCE_LORA: Inference-ready LoRA adapter checkpoint (HuggingFace PEFT
    format).
    Promotable to an addon model for serving.
     - CHECKPOINT_TYPE_TRAINING: Training checkpoint (full-parameter) with optimizer state.
    Not promotable to a model; used for training resume.
     - CHECKPOINT_TYPE_TRAINING_LORA: Training checkpoint from a LoRA run (adapter weights +
    optimizer state).
    Not promotable; used for training resume.

    Open: a value this spec does not list parses too, as a member-like instance with that value.
    """

    CHECKPOINT_TYPE_INFERENCE_ARC_V2 = "CHECKPOINT_TYPE_INFERENCE_ARC_V2"
    CHECKPOINT_TYPE_INFERENCE_BASE = "CHECKPOINT_TYPE_INFERENCE_BASE"
    CHECKPOINT_TYPE_INFERENCE_LORA = "CHECKPOINT_TYPE_INFERENCE_LORA"
    CHECKPOINT_TYPE_TRAINING = "CHECKPOINT_TYPE_TRAINING"
    CHECKPOINT_TYPE_TRAINING_LORA = "CHECKPOINT_TYPE_TRAINING_LORA"
    CHECKPOINT_TYPE_UNSPECIFIED = "CHECKPOINT_TYPE_UNSPECIFIED"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "GatewayCheckpointType | None":
        """Keep a value the server added after this spec was published."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
