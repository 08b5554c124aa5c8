from enum import StrEnum


class GatewayWeightPrecision(StrEnum):
    """The weight precision for model training/inference.

     - BFLOAT16: no quantization applied
     - INT8: enable 8-bit quantization with LLM.int8()
     - NF4: enable 4-bit quantization with LLM.nf4()
     - FP8: base model quantization in FP8
     - FP4_FP8: base model linear module quantization in FP4, mixed with experts and some
    special keys/layers in FP8.

    Open: a value this spec does not list parses too, as a member-like instance with that value.
    """

    BFLOAT16 = "BFLOAT16"
    FP4_FP8 = "FP4_FP8"
    FP8 = "FP8"
    INT8 = "INT8"
    NF4 = "NF4"
    WEIGHT_PRECISION_UNSPECIFIED = "WEIGHT_PRECISION_UNSPECIFIED"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "GatewayWeightPrecision | None":
        """Keep a value the server added after this spec was published."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
