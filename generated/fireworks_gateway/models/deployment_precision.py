from enum import StrEnum


class DeploymentPrecision(StrEnum):
    """- PRECISION_UNSPECIFIED: if left unspecified we will treat this as a legacy model created
    before
    self serve

    Open: a value this spec does not list parses too, as a member-like instance with that value.
    """

    BF16 = "BF16"
    FP16 = "FP16"
    FP4 = "FP4"
    FP4_BLOCKSCALED_MM = "FP4_BLOCKSCALED_MM"
    FP4_MX_MOE = "FP4_MX_MOE"
    FP8 = "FP8"
    FP8_AR = "FP8_AR"
    FP8_KV = "FP8_KV"
    FP8_MM = "FP8_MM"
    FP8_MM_KV_ATTN = "FP8_MM_KV_ATTN"
    FP8_MM_KV_ATTN_V2 = "FP8_MM_KV_ATTN_V2"
    FP8_MM_V2 = "FP8_MM_V2"
    FP8_V2 = "FP8_V2"
    NF4 = "NF4"
    PRECISION_UNSPECIFIED = "PRECISION_UNSPECIFIED"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "DeploymentPrecision | None":
        """Keep a value the server added after this spec was published."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
