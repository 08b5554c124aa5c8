from enum import StrEnum


class GatewayEncryptionState(StrEnum):
    """EncryptionState is the authoritative, per-resource CMEK marker: the single
    source of truth for whether a resource's customer-data artifacts are
    encrypted. It is stamped at resource creation from the owning account's CMEK
    config and is immutable for the resource's life, so a resource always reads
    back with the state it was created under regardless of the account's current
    flag. The encrypt-on-write / decrypt-on-read decision for the resource's
    data keys off this field.

     - ENCRYPTION_STATE_UNSPECIFIED: Unstamped/legacy rows that predate CMEK. Treated as
    PLAINTEXT.
     - ENCRYPTION_STATE_PLAINTEXT: Customer-data artifacts are stored as plaintext (Fireworks-
    owned, no CMEK).
     - ENCRYPTION_STATE_CMEK: Customer-data artifacts are CMEK-encrypted; reads MUST decrypt
    (fail-closed).

    Open: a value this spec does not list parses too, as a member-like instance with that value.
    """

    ENCRYPTION_STATE_CMEK = "ENCRYPTION_STATE_CMEK"
    ENCRYPTION_STATE_PLAINTEXT = "ENCRYPTION_STATE_PLAINTEXT"
    ENCRYPTION_STATE_UNSPECIFIED = "ENCRYPTION_STATE_UNSPECIFIED"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "GatewayEncryptionState | None":
        """Keep a value the server added after this spec was published."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
