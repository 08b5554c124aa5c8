from enum import StrEnum


class ReinforcementLearningLossConfigMethod(StrEnum):
    """- METHOD_UNSPECIFIED: Defaults to GRPO
     - GRPO: Group Relative Policy Optimization (default for preference jobs)
     - DAPO: Decoupled Alignment Preference Optimization
     - DPO: Direct Preference Optimization
     - ORPO: Odds Ratio Preference Optimization (reference-free)
     - GSPO_TOKEN: Group Sequence Policy Optimization (token-level)

    Open: a value this spec does not list parses too, as a member-like instance with that value.
    """

    DAPO = "DAPO"
    DPO = "DPO"
    GRPO = "GRPO"
    GSPO_TOKEN = "GSPO_TOKEN"
    METHOD_UNSPECIFIED = "METHOD_UNSPECIFIED"
    ORPO = "ORPO"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "ReinforcementLearningLossConfigMethod | None":
        """Keep a value the server added after this spec was published."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
