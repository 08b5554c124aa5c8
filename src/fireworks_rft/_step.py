"""One step's checked arguments: a training step's, and a promotion's or a LoRA load's.

:class:`Step` is what a step names, checked before anything is sent: its job, dataset (or
checkpoint, or LoRA) and output model. A checkpoint's promotion and a LoRA's load are
recorded in a ledger like steps, so they are :class:`Step` s too.
"""

from __future__ import annotations

from typing import NamedTuple

from ._names import (
    MODELS,
    ResourceRef,
    kind_of,
    resolve,
    resolve_checkpoint,
    resolve_job,
    resolve_step_names,
)


class Step(NamedTuple):
    """A checked training step (or promotion, or LoRA load): the names it is recorded by.

    The client builds its call from these names; nothing here is sent.
    """

    job: ResourceRef
    dataset: ResourceRef
    output_model: ResourceRef
    #: A promotion's base model (whose metadata the promoted model inherits).
    base_model: ResourceRef | None = None

    @classmethod
    def checked(
        cls, job: object, dataset: object, output_model: object, account_id: str | None
    ) -> Step:
        """Check a step's arguments; nothing is sent.

        Bare dataset and model IDs take the job's account; the output model is materialized
        by the job, so it must be in the job's account.
        """
        ref = resolve_job(job, account_id=account_id)
        return cls(ref, *resolve_step_names(ref, dataset, output_model))

    @classmethod
    def promotion(cls, checkpoint: object, output_model: object, base_model: object) -> Step:
        """Check a promotion's arguments; nothing is sent.

        A promotion is recorded like a step: its job, the checkpoint in place of the dataset,
        the model it makes (in the job's account).
        """
        job, point = resolve_checkpoint(checkpoint)
        model = resolve(
            output_model, collection=MODELS, account_id=job.account_id, name="output_model"
        )
        base = None
        if base_model is not None:
            base = resolve(
                base_model, collection=MODELS, account_id=job.account_id, name="base_model"
            )
        return cls(job, point, model, base)

    @classmethod
    def lora_load(cls, lora: ResourceRef, deployment: ResourceRef) -> Step:
        """A LoRA load, recorded like a step; nothing is sent.

        The deployment in place of the job, the LoRA in place of both the dataset and the
        output model (one row per LoRA and deployment).
        """
        return cls(deployment, lora, lora)

    @property
    def kind(self) -> str:
        """``"step"``, ``"promotion"`` or ``"lora_load"``, as its record will say."""
        return kind_of(self.job.name, self.dataset.name)

    def describe(self) -> str:
        """The step in words, for messages."""
        if self.kind == "lora_load":
            return f"the load of LoRA {self.output_model.name} onto {self.job.name}"
        if self.kind == "promotion":
            return f"the promotion of {self.dataset.name} to {self.output_model.name}"
        return f"the training step on {self.job.name} with output model {self.output_model.name}"

    def explain(self, error: BaseException) -> None:
        """Tell the user how to find out whether this step, which may have run, ran."""
        if self.kind == "lora_load":
            error.add_note(
                f"LoRA {self.output_model.name} may or may not have been loaded onto "
                f"{self.job.name}: check list_deployed_models() before loading it again (with "
                "a ledger, load_lora checks it for you)."
            )
            return
        if self.kind == "promotion":
            error.add_note(
                f"The checkpoint {self.dataset.name} may or may not have been promoted: check "
                f"whether model {self.output_model.name!r} exists before promoting it again."
            )
            return
        error.add_note(
            f"The training step on {self.job.name} may or may not have run. Before sending it "
            f"again, check the job's state and whether output model {self.output_model.name!r}"
            " is being created; sending it twice trains twice on the same data."
        )
