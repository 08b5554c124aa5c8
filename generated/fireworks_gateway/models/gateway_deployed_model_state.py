from enum import StrEnum


class GatewayDeployedModelState(StrEnum):
    """- UNDEPLOYING: The model is being undeployed.
     - DEPLOYING: The model is being deployed.
     - DEPLOYED: The model is deployed and ready for inference.
     - UPDATING: there are updates happening with the deployed model

    Open: a value this spec does not list parses too, as a member-like instance with that value.
    """

    DEPLOYED = "DEPLOYED"
    DEPLOYING = "DEPLOYING"
    STATE_UNSPECIFIED = "STATE_UNSPECIFIED"
    UNDEPLOYING = "UNDEPLOYING"
    UPDATING = "UPDATING"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "GatewayDeployedModelState | None":
        """Keep a value the server added after this spec was published."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
