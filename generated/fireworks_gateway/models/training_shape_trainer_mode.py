from enum import StrEnum


class TrainingShapeTrainerMode(StrEnum):
    """Trainer execution mode used for validated launch-profile matching.

    Open: a value this spec does not list parses too, as a member-like instance with that value.
    """

    FORWARD_ONLY = "FORWARD_ONLY"
    LORA_TRAINER = "LORA_TRAINER"
    POLICY_TRAINER = "POLICY_TRAINER"
    TRAINER_MODE_UNSPECIFIED = "TRAINER_MODE_UNSPECIFIED"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "TrainingShapeTrainerMode | None":
        """Keep a value the server added after this spec was published."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
