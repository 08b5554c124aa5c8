from enum import StrEnum


class GatewayJobState(StrEnum):
    """JobState represents the state an asynchronous job can be in.

     - JOB_STATE_PAUSED: Job is paused, typically due to account suspension or manual
    intervention.
     - JOB_STATE_DELETED: Job has been deleted.

    Open: a value this spec does not list parses too, as a member-like instance with that value.
    """

    JOB_STATE_CANCELLED = "JOB_STATE_CANCELLED"
    JOB_STATE_CANCELLING = "JOB_STATE_CANCELLING"
    JOB_STATE_COMPLETED = "JOB_STATE_COMPLETED"
    JOB_STATE_CREATING = "JOB_STATE_CREATING"
    JOB_STATE_CREATING_INPUT_DATASET = "JOB_STATE_CREATING_INPUT_DATASET"
    JOB_STATE_DELETED = "JOB_STATE_DELETED"
    JOB_STATE_DELETING = "JOB_STATE_DELETING"
    JOB_STATE_DELETING_CLEANING_UP = "JOB_STATE_DELETING_CLEANING_UP"
    JOB_STATE_EARLY_STOPPED = "JOB_STATE_EARLY_STOPPED"
    JOB_STATE_EXPIRED = "JOB_STATE_EXPIRED"
    JOB_STATE_FAILED = "JOB_STATE_FAILED"
    JOB_STATE_IDLE = "JOB_STATE_IDLE"
    JOB_STATE_PAUSED = "JOB_STATE_PAUSED"
    JOB_STATE_PENDING = "JOB_STATE_PENDING"
    JOB_STATE_RE_QUEUEING = "JOB_STATE_RE_QUEUEING"
    JOB_STATE_RUNNING = "JOB_STATE_RUNNING"
    JOB_STATE_UNSPECIFIED = "JOB_STATE_UNSPECIFIED"
    JOB_STATE_VALIDATING = "JOB_STATE_VALIDATING"
    JOB_STATE_WRITING_RESULTS = "JOB_STATE_WRITING_RESULTS"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def _missing_(cls, value: object) -> "GatewayJobState | None":
        """Keep a value the server added after this spec was published."""
        if not isinstance(value, str):
            return None
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member
