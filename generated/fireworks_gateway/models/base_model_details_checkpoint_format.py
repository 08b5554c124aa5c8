from enum import StrEnum


class BaseModelDetailsCheckpointFormat(StrEnum):
    """Open: a value this spec does not list parses too, as a member-like instance with that value."""

    CHECKPOINT_FORMAT_UNSPECIFIED = "CHECKPOINT_FORMAT_UNSPECIFIED"
    HUGGINGFACE = "HUGGINGFACE"
    NATIVE = "NATIVE"
    UNINITIALIZED = "UNINITIALIZED"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "BaseModelDetailsCheckpointFormat | None":
        """Keep a value the server added after this spec was published."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
