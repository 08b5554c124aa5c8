from enum import StrEnum


class ModelKind(StrEnum):
    """- HF_BASE_MODEL: An LLM base model.
     - HF_PEFT_ADDON: A parameter-efficent fine-tuned addon.
     - HF_TEFT_ADDON: A token-eficient fine-tuned addon.
     - FLUMINA_BASE_MODEL: A Flumina base model.
     - FLUMINA_ADDON: A Flumina addon.
     - DRAFT_ADDON: A draft model used for speculative decoding in a deployment.
     - LIVE_MERGE: A live-merge model.
     - CUSTOM_MODEL: A customized model
     - EMBEDDING_MODEL: An Embedding model.
     - SNAPSHOT_MODEL: A snapshot model.

    Open: a value this spec does not list parses too, as a member-like instance with that value.
    """

    CUSTOM_MODEL = "CUSTOM_MODEL"
    DRAFT_ADDON = "DRAFT_ADDON"
    EMBEDDING_MODEL = "EMBEDDING_MODEL"
    FLUMINA_ADDON = "FLUMINA_ADDON"
    FLUMINA_BASE_MODEL = "FLUMINA_BASE_MODEL"
    HF_BASE_MODEL = "HF_BASE_MODEL"
    HF_PEFT_ADDON = "HF_PEFT_ADDON"
    HF_TEFT_ADDON = "HF_TEFT_ADDON"
    KIND_UNSPECIFIED = "KIND_UNSPECIFIED"
    LIVE_MERGE = "LIVE_MERGE"
    SNAPSHOT_MODEL = "SNAPSHOT_MODEL"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "ModelKind | None":
        """Keep a value the server added after this spec was published."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
