from enum import StrEnum


class DatasetFormat(StrEnum):
    """Open: a value this spec does not list parses too, as a member-like instance with that value."""

    CHAT = "CHAT"
    COMPLETION = "COMPLETION"
    FORMAT_UNSPECIFIED = "FORMAT_UNSPECIFIED"
    RL = "RL"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "DatasetFormat | None":
        """Keep a value the server added after this spec was published."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
