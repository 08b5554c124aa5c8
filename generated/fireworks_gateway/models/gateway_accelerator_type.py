from enum import StrEnum


class GatewayAcceleratorType(StrEnum):
    """Open: a value this spec does not list parses too, as a member-like instance with that value."""

    ACCELERATOR_TYPE_UNSPECIFIED = "ACCELERATOR_TYPE_UNSPECIFIED"
    AMD_MI300X_192GB = "AMD_MI300X_192GB"
    AMD_MI325X_256GB = "AMD_MI325X_256GB"
    AMD_MI350X_288GB = "AMD_MI350X_288GB"
    NVIDIA_A100_40GB = "NVIDIA_A100_40GB"
    NVIDIA_A100_80GB = "NVIDIA_A100_80GB"
    NVIDIA_A10G_24GB = "NVIDIA_A10G_24GB"
    NVIDIA_B200_180GB = "NVIDIA_B200_180GB"
    NVIDIA_B300_288GB = "NVIDIA_B300_288GB"
    NVIDIA_H100_80GB = "NVIDIA_H100_80GB"
    NVIDIA_H200_141GB = "NVIDIA_H200_141GB"
    NVIDIA_L4_24GB = "NVIDIA_L4_24GB"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "GatewayAcceleratorType | None":
        """Keep a value the server added after this spec was published."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
