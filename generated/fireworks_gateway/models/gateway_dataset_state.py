from enum import StrEnum


class GatewayDatasetState(StrEnum):
    """Open: a value this spec does not list parses too, as a member-like instance with that value."""

    READY = "READY"
    STATE_UNSPECIFIED = "STATE_UNSPECIFIED"
    UPLOADING = "UPLOADING"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "GatewayDatasetState | None":
        """Keep a value the server added after this spec was published."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
