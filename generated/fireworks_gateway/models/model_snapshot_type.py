from enum import StrEnum


class ModelSnapshotType(StrEnum):
    """Open: a value this spec does not list parses too, as a member-like instance with that value."""

    FULL_SNAPSHOT = "FULL_SNAPSHOT"
    INCREMENTAL_SNAPSHOT = "INCREMENTAL_SNAPSHOT"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "ModelSnapshotType | None":
        """Keep a value the server added after this spec was published."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
