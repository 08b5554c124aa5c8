from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.gateway_encryption_state import GatewayEncryptionState
from ..models.gateway_model_state import GatewayModelState
from ..models.model_kind import ModelKind
from ..models.model_snapshot_type import ModelSnapshotType
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gateway_base_model_details import GatewayBaseModelDetails
    from ..models.gateway_conversation_config import GatewayConversationConfig
    from ..models.gateway_deployed_model_ref import GatewayDeployedModelRef
    from ..models.gateway_model_default_sampling_params import (
        GatewayModelDefaultSamplingParams,
    )
    from ..models.gateway_peft_details import GatewayPEFTDetails
    from ..models.gateway_serverless_mode import GatewayServerlessMode
    from ..models.gateway_status import GatewayStatus
    from ..models.gateway_teft_details import GatewayTEFTDetails
    from ..models.type_date import TypeDate


T = TypeVar("T", bound="GatewayModel")


@_attrs_define
class GatewayModel:
    """
    Attributes:
        name (str | Unset): The resource name of the model. e.g. accounts/my-account/models/my-model
        display_name (str | Unset): Human-readable display name of the model. e.g. "My Model"
            Must be fewer than 64 characters long.
        description (str | Unset): The description of the model. Must be fewer than 1000 characters long.
        create_time (datetime.datetime | Unset): The creation time of the model.
        state (GatewayModelState | Unset): - UPLOADING: The model is still being uploaded (upload is asynchronous).
             - READY: The model is ready to be used.
        status (GatewayStatus | Unset): Mimics
            [https://github.com/googleapis/googleapis/blob/master/google/rpc/status.proto]
        kind (ModelKind | Unset): - HF_BASE_MODEL: An LLM base model.
             - HF_PEFT_ADDON: A parameter-efficent fine-tuned addon.
             - HF_TEFT_ADDON: A token-eficient fine-tuned addon.
             - FLUMINA_BASE_MODEL: A Flumina base model.
             - FLUMINA_ADDON: A Flumina addon.
             - DRAFT_ADDON: A draft model used for speculative decoding in a deployment.
             - LIVE_MERGE: A live-merge model.
             - CUSTOM_MODEL: A customized model
             - EMBEDDING_MODEL: An Embedding model.
             - SNAPSHOT_MODEL: A snapshot model.
        github_url (str | Unset): The URL to GitHub repository of the model.
        hugging_face_url (str | Unset): The URL to the Hugging Face model.
        base_model_details (GatewayBaseModelDetails | Unset):
        peft_details (GatewayPEFTDetails | Unset): PEFT addon details.
        teft_details (GatewayTEFTDetails | Unset):
        public (bool | Unset): If true, the model will be publicly readable.
        conversation_config (GatewayConversationConfig | Unset):
        context_length (int | Unset): The maximum context length supported by the model.
        supports_image_input (bool | Unset): If set, images can be provided as input to the model.
        supports_tools (bool | Unset): If set, tools (i.e. functions) can be provided as input to the model,
            and the model may respond with one or more tool calls.
        imported_from (str | Unset): The name of the the model from which this was imported. This field is empty
            if the model was not imported.
        fine_tuning_job (str | Unset): If the model was created from a fine-tuning job, this is the fine-tuning
            job name.
        default_draft_model (str | Unset): The default draft model to use when creating a deployment. If empty,
            speculative decoding is disabled by default.
        default_draft_token_count (int | Unset): The default draft token count to use when creating a deployment.
            Must be specified if default_draft_model is specified.
        deployed_model_refs (list[GatewayDeployedModelRef] | Unset): Populated from GetModel API call only.
        cluster (str | Unset): The resource name of the BYOC cluster to which this model belongs.
            e.g. accounts/my-account/clusters/my-cluster. Empty if it belongs to
            a Fireworks cluster.
        deprecation_date (TypeDate | Unset): Represents a whole or partial calendar date, such as a birthday. The time
            of
            day and time zone are either specified elsewhere or are insignificant. The
            date is relative to the Gregorian Calendar. This can represent one of the
            following:

            * A full date, with non-zero year, month, and day values
            * A month and day value, with a zero year, such as an anniversary
            * A year on its own, with zero month and day values
            * A year and month value, with a zero day, such as a credit card expiration
            date

            Related types are [google.type.TimeOfDay][google.type.TimeOfDay] and
            `google.protobuf.Timestamp`.
        calibrated (bool | Unset): If true, the model is calibrated and can be deployed to non-FP16 precisions.
        tunable (bool | Unset): Deprecated: V1 training stack only — LoRA only, limited architecture support.
            If the model has use_training_v2=true, use supervised_lora_tunable and
            supervised_full_parameter_tunable instead.
        supports_lora (bool | Unset): Whether this model supports LoRA.
        use_hf_apply_chat_template (bool | Unset): If true, the model will use the Hugging Face apply_chat_template API
            to apply the chat template.
        update_time (datetime.datetime | Unset): The update time for the model.
        default_sampling_params (GatewayModelDefaultSamplingParams | Unset): A json object that contains the default
            sampling parameters for the model.
        rl_tunable (bool | Unset): Deprecated: V1 training stack only — LoRA only, limited architecture support.
            If the model has use_training_v2=true, use rl_lora_tunable and
            rl_full_parameter_tunable instead.
        training_context_length (int | Unset): The maximum context length supported by the model.
        snapshot_type (ModelSnapshotType | Unset):
        supports_serverless (bool | Unset): If true, the model has a serverless deployment.
        use_training_v2 (bool | Unset): If true, SFT jobs for this base model use service-mode (StatefulSet +
            orchestration sidecar) instead of the legacy batch Job path.
        supervised_lora_tunable (bool | Unset): V2 only. Whether the model supports LoRA supervised fine-tuning and DPO
            (lora_rank > 0).
            True when a validated LORA_TRAINER training shape exists.
        supervised_full_parameter_tunable (bool | Unset): V2 only. Whether the model supports full-parameter supervised
            fine-tuning and DPO (lora_rank = 0).
            True when a validated POLICY_TRAINER training shape exists.
        rl_lora_tunable (bool | Unset): V2 only. Whether the model supports LoRA reinforcement learning (lora_rank > 0).
            True when a validated LORA_TRAINER training shape exists plus a deployment shape.
        rl_full_parameter_tunable (bool | Unset): V2 only. Whether the model supports full-parameter reinforcement
            learning (lora_rank = 0).
            True when validated POLICY_TRAINER + LORA_TRAINER training shapes exist plus a deployment shape.
        encryption_state (GatewayEncryptionState | Unset): EncryptionState is the authoritative, per-resource CMEK
            marker: the single
            source of truth for whether a resource's customer-data artifacts are
            encrypted. It is stamped at resource creation from the owning account's CMEK
            config and is immutable for the resource's life, so a resource always reads
            back with the state it was created under regardless of the account's current
            flag. The encrypt-on-write / decrypt-on-read decision for the resource's
            data keys off this field.

             - ENCRYPTION_STATE_UNSPECIFIED: Unstamped/legacy rows that predate CMEK. Treated as PLAINTEXT.
             - ENCRYPTION_STATE_PLAINTEXT: Customer-data artifacts are stored as plaintext (Fireworks-owned, no CMEK).
             - ENCRYPTION_STATE_CMEK: Customer-data artifacts are CMEK-encrypted; reads MUST decrypt (fail-closed).
        serverless_modes (list[GatewayServerlessMode] | Unset): The serverless modes this base model is available on —
            the serverless read
            shape. Populated on read (e.g. the serverless catalog read path); one entry
            per serving mode. Empty for non-serverless models.
    """

    name: str | Unset = UNSET
    display_name: str | Unset = UNSET
    description: str | Unset = UNSET
    create_time: datetime.datetime | Unset = UNSET
    state: GatewayModelState | Unset = UNSET
    status: GatewayStatus | Unset = UNSET
    kind: ModelKind | Unset = UNSET
    github_url: str | Unset = UNSET
    hugging_face_url: str | Unset = UNSET
    base_model_details: GatewayBaseModelDetails | Unset = UNSET
    peft_details: GatewayPEFTDetails | Unset = UNSET
    teft_details: GatewayTEFTDetails | Unset = UNSET
    public: bool | Unset = UNSET
    conversation_config: GatewayConversationConfig | Unset = UNSET
    context_length: int | Unset = UNSET
    supports_image_input: bool | Unset = UNSET
    supports_tools: bool | Unset = UNSET
    imported_from: str | Unset = UNSET
    fine_tuning_job: str | Unset = UNSET
    default_draft_model: str | Unset = UNSET
    default_draft_token_count: int | Unset = UNSET
    deployed_model_refs: list[GatewayDeployedModelRef] | Unset = UNSET
    cluster: str | Unset = UNSET
    deprecation_date: TypeDate | Unset = UNSET
    calibrated: bool | Unset = UNSET
    tunable: bool | Unset = UNSET
    supports_lora: bool | Unset = UNSET
    use_hf_apply_chat_template: bool | Unset = UNSET
    update_time: datetime.datetime | Unset = UNSET
    default_sampling_params: GatewayModelDefaultSamplingParams | Unset = UNSET
    rl_tunable: bool | Unset = UNSET
    training_context_length: int | Unset = UNSET
    snapshot_type: ModelSnapshotType | Unset = UNSET
    supports_serverless: bool | Unset = UNSET
    use_training_v2: bool | Unset = UNSET
    supervised_lora_tunable: bool | Unset = UNSET
    supervised_full_parameter_tunable: bool | Unset = UNSET
    rl_lora_tunable: bool | Unset = UNSET
    rl_full_parameter_tunable: bool | Unset = UNSET
    encryption_state: GatewayEncryptionState | Unset = UNSET
    serverless_modes: list[GatewayServerlessMode] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        display_name = self.display_name

        description = self.description

        create_time: str | Unset = UNSET
        if not isinstance(self.create_time, Unset):
            create_time = self.create_time.isoformat()

        state: str | Unset = UNSET
        if not isinstance(self.state, Unset):
            state = self.state.value

        status: dict[str, Any] | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.to_dict()

        kind: str | Unset = UNSET
        if not isinstance(self.kind, Unset):
            kind = self.kind.value

        github_url = self.github_url

        hugging_face_url = self.hugging_face_url

        base_model_details: dict[str, Any] | Unset = UNSET
        if not isinstance(self.base_model_details, Unset):
            base_model_details = self.base_model_details.to_dict()

        peft_details: dict[str, Any] | Unset = UNSET
        if not isinstance(self.peft_details, Unset):
            peft_details = self.peft_details.to_dict()

        teft_details: dict[str, Any] | Unset = UNSET
        if not isinstance(self.teft_details, Unset):
            teft_details = self.teft_details.to_dict()

        public = self.public

        conversation_config: dict[str, Any] | Unset = UNSET
        if not isinstance(self.conversation_config, Unset):
            conversation_config = self.conversation_config.to_dict()

        context_length = self.context_length

        supports_image_input = self.supports_image_input

        supports_tools = self.supports_tools

        imported_from = self.imported_from

        fine_tuning_job = self.fine_tuning_job

        default_draft_model = self.default_draft_model

        default_draft_token_count = self.default_draft_token_count

        deployed_model_refs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.deployed_model_refs, Unset):
            deployed_model_refs = []
            for deployed_model_refs_item_data in self.deployed_model_refs:
                deployed_model_refs_item = deployed_model_refs_item_data.to_dict()
                deployed_model_refs.append(deployed_model_refs_item)

        cluster = self.cluster

        deprecation_date: dict[str, Any] | Unset = UNSET
        if not isinstance(self.deprecation_date, Unset):
            deprecation_date = self.deprecation_date.to_dict()

        calibrated = self.calibrated

        tunable = self.tunable

        supports_lora = self.supports_lora

        use_hf_apply_chat_template = self.use_hf_apply_chat_template

        update_time: str | Unset = UNSET
        if not isinstance(self.update_time, Unset):
            update_time = self.update_time.isoformat()

        default_sampling_params: dict[str, Any] | Unset = UNSET
        if not isinstance(self.default_sampling_params, Unset):
            default_sampling_params = self.default_sampling_params.to_dict()

        rl_tunable = self.rl_tunable

        training_context_length = self.training_context_length

        snapshot_type: str | Unset = UNSET
        if not isinstance(self.snapshot_type, Unset):
            snapshot_type = self.snapshot_type.value

        supports_serverless = self.supports_serverless

        use_training_v2 = self.use_training_v2

        supervised_lora_tunable = self.supervised_lora_tunable

        supervised_full_parameter_tunable = self.supervised_full_parameter_tunable

        rl_lora_tunable = self.rl_lora_tunable

        rl_full_parameter_tunable = self.rl_full_parameter_tunable

        encryption_state: str | Unset = UNSET
        if not isinstance(self.encryption_state, Unset):
            encryption_state = self.encryption_state.value

        serverless_modes: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.serverless_modes, Unset):
            serverless_modes = []
            for serverless_modes_item_data in self.serverless_modes:
                serverless_modes_item = serverless_modes_item_data.to_dict()
                serverless_modes.append(serverless_modes_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if description is not UNSET:
            field_dict["description"] = description
        if create_time is not UNSET:
            field_dict["createTime"] = create_time
        if state is not UNSET:
            field_dict["state"] = state
        if status is not UNSET:
            field_dict["status"] = status
        if kind is not UNSET:
            field_dict["kind"] = kind
        if github_url is not UNSET:
            field_dict["githubUrl"] = github_url
        if hugging_face_url is not UNSET:
            field_dict["huggingFaceUrl"] = hugging_face_url
        if base_model_details is not UNSET:
            field_dict["baseModelDetails"] = base_model_details
        if peft_details is not UNSET:
            field_dict["peftDetails"] = peft_details
        if teft_details is not UNSET:
            field_dict["teftDetails"] = teft_details
        if public is not UNSET:
            field_dict["public"] = public
        if conversation_config is not UNSET:
            field_dict["conversationConfig"] = conversation_config
        if context_length is not UNSET:
            field_dict["contextLength"] = context_length
        if supports_image_input is not UNSET:
            field_dict["supportsImageInput"] = supports_image_input
        if supports_tools is not UNSET:
            field_dict["supportsTools"] = supports_tools
        if imported_from is not UNSET:
            field_dict["importedFrom"] = imported_from
        if fine_tuning_job is not UNSET:
            field_dict["fineTuningJob"] = fine_tuning_job
        if default_draft_model is not UNSET:
            field_dict["defaultDraftModel"] = default_draft_model
        if default_draft_token_count is not UNSET:
            field_dict["defaultDraftTokenCount"] = default_draft_token_count
        if deployed_model_refs is not UNSET:
            field_dict["deployedModelRefs"] = deployed_model_refs
        if cluster is not UNSET:
            field_dict["cluster"] = cluster
        if deprecation_date is not UNSET:
            field_dict["deprecationDate"] = deprecation_date
        if calibrated is not UNSET:
            field_dict["calibrated"] = calibrated
        if tunable is not UNSET:
            field_dict["tunable"] = tunable
        if supports_lora is not UNSET:
            field_dict["supportsLora"] = supports_lora
        if use_hf_apply_chat_template is not UNSET:
            field_dict["useHfApplyChatTemplate"] = use_hf_apply_chat_template
        if update_time is not UNSET:
            field_dict["updateTime"] = update_time
        if default_sampling_params is not UNSET:
            field_dict["defaultSamplingParams"] = default_sampling_params
        if rl_tunable is not UNSET:
            field_dict["rlTunable"] = rl_tunable
        if training_context_length is not UNSET:
            field_dict["trainingContextLength"] = training_context_length
        if snapshot_type is not UNSET:
            field_dict["snapshotType"] = snapshot_type
        if supports_serverless is not UNSET:
            field_dict["supportsServerless"] = supports_serverless
        if use_training_v2 is not UNSET:
            field_dict["useTrainingV2"] = use_training_v2
        if supervised_lora_tunable is not UNSET:
            field_dict["supervisedLoraTunable"] = supervised_lora_tunable
        if supervised_full_parameter_tunable is not UNSET:
            field_dict["supervisedFullParameterTunable"] = (
                supervised_full_parameter_tunable
            )
        if rl_lora_tunable is not UNSET:
            field_dict["rlLoraTunable"] = rl_lora_tunable
        if rl_full_parameter_tunable is not UNSET:
            field_dict["rlFullParameterTunable"] = rl_full_parameter_tunable
        if encryption_state is not UNSET:
            field_dict["encryptionState"] = encryption_state
        if serverless_modes is not UNSET:
            field_dict["serverlessModes"] = serverless_modes

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gateway_base_model_details import GatewayBaseModelDetails
        from ..models.gateway_conversation_config import GatewayConversationConfig
        from ..models.gateway_deployed_model_ref import GatewayDeployedModelRef
        from ..models.gateway_model_default_sampling_params import (
            GatewayModelDefaultSamplingParams,
        )
        from ..models.gateway_peft_details import GatewayPEFTDetails
        from ..models.gateway_serverless_mode import GatewayServerlessMode
        from ..models.gateway_status import GatewayStatus
        from ..models.gateway_teft_details import GatewayTEFTDetails
        from ..models.type_date import TypeDate

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        display_name = d.pop("displayName", UNSET)

        description = d.pop("description", UNSET)

        _create_time = d.pop("createTime", UNSET)
        create_time: datetime.datetime | Unset
        if isinstance(_create_time, Unset) or _create_time is None:
            create_time = UNSET
        else:
            create_time = datetime.datetime.fromisoformat(_create_time)

        _state = d.pop("state", UNSET)
        state: GatewayModelState | Unset
        if isinstance(_state, Unset) or _state is None:
            state = UNSET
        else:
            state = GatewayModelState(_state)

        _status = d.pop("status", UNSET)
        status: GatewayStatus | Unset
        if isinstance(_status, Unset) or _status is None:
            status = UNSET
        else:
            status = GatewayStatus.from_dict(_status)

        _kind = d.pop("kind", UNSET)
        kind: ModelKind | Unset
        if isinstance(_kind, Unset) or _kind is None:
            kind = UNSET
        else:
            kind = ModelKind(_kind)

        github_url = d.pop("githubUrl", UNSET)

        hugging_face_url = d.pop("huggingFaceUrl", UNSET)

        _base_model_details = d.pop("baseModelDetails", UNSET)
        base_model_details: GatewayBaseModelDetails | Unset
        if isinstance(_base_model_details, Unset) or _base_model_details is None:
            base_model_details = UNSET
        else:
            base_model_details = GatewayBaseModelDetails.from_dict(_base_model_details)

        _peft_details = d.pop("peftDetails", UNSET)
        peft_details: GatewayPEFTDetails | Unset
        if isinstance(_peft_details, Unset) or _peft_details is None:
            peft_details = UNSET
        else:
            peft_details = GatewayPEFTDetails.from_dict(_peft_details)

        _teft_details = d.pop("teftDetails", UNSET)
        teft_details: GatewayTEFTDetails | Unset
        if isinstance(_teft_details, Unset) or _teft_details is None:
            teft_details = UNSET
        else:
            teft_details = GatewayTEFTDetails.from_dict(_teft_details)

        public = d.pop("public", UNSET)

        _conversation_config = d.pop("conversationConfig", UNSET)
        conversation_config: GatewayConversationConfig | Unset
        if isinstance(_conversation_config, Unset) or _conversation_config is None:
            conversation_config = UNSET
        else:
            conversation_config = GatewayConversationConfig.from_dict(
                _conversation_config
            )

        context_length = d.pop("contextLength", UNSET)

        supports_image_input = d.pop("supportsImageInput", UNSET)

        supports_tools = d.pop("supportsTools", UNSET)

        imported_from = d.pop("importedFrom", UNSET)

        fine_tuning_job = d.pop("fineTuningJob", UNSET)

        default_draft_model = d.pop("defaultDraftModel", UNSET)

        default_draft_token_count = d.pop("defaultDraftTokenCount", UNSET)

        _deployed_model_refs = d.pop("deployedModelRefs", UNSET)
        deployed_model_refs: list[GatewayDeployedModelRef] | Unset = UNSET
        if _deployed_model_refs is not UNSET:
            deployed_model_refs = []
            for deployed_model_refs_item_data in _deployed_model_refs:
                _deployed_model_refs_item = deployed_model_refs_item_data
                deployed_model_refs_item: Any
                if _deployed_model_refs_item is UNSET:
                    deployed_model_refs_item = UNSET
                else:
                    deployed_model_refs_item = GatewayDeployedModelRef.from_dict(
                        _deployed_model_refs_item
                    )

                deployed_model_refs.append(deployed_model_refs_item)

        cluster = d.pop("cluster", UNSET)

        _deprecation_date = d.pop("deprecationDate", UNSET)
        deprecation_date: TypeDate | Unset
        if isinstance(_deprecation_date, Unset) or _deprecation_date is None:
            deprecation_date = UNSET
        else:
            deprecation_date = TypeDate.from_dict(_deprecation_date)

        calibrated = d.pop("calibrated", UNSET)

        tunable = d.pop("tunable", UNSET)

        supports_lora = d.pop("supportsLora", UNSET)

        use_hf_apply_chat_template = d.pop("useHfApplyChatTemplate", UNSET)

        _update_time = d.pop("updateTime", UNSET)
        update_time: datetime.datetime | Unset
        if isinstance(_update_time, Unset) or _update_time is None:
            update_time = UNSET
        else:
            update_time = datetime.datetime.fromisoformat(_update_time)

        _default_sampling_params = d.pop("defaultSamplingParams", UNSET)
        default_sampling_params: GatewayModelDefaultSamplingParams | Unset
        if (
            isinstance(_default_sampling_params, Unset)
            or _default_sampling_params is None
        ):
            default_sampling_params = UNSET
        else:
            default_sampling_params = GatewayModelDefaultSamplingParams.from_dict(
                _default_sampling_params
            )

        rl_tunable = d.pop("rlTunable", UNSET)

        training_context_length = d.pop("trainingContextLength", UNSET)

        _snapshot_type = d.pop("snapshotType", UNSET)
        snapshot_type: ModelSnapshotType | Unset
        if isinstance(_snapshot_type, Unset) or _snapshot_type is None:
            snapshot_type = UNSET
        else:
            snapshot_type = ModelSnapshotType(_snapshot_type)

        supports_serverless = d.pop("supportsServerless", UNSET)

        use_training_v2 = d.pop("useTrainingV2", UNSET)

        supervised_lora_tunable = d.pop("supervisedLoraTunable", UNSET)

        supervised_full_parameter_tunable = d.pop(
            "supervisedFullParameterTunable", UNSET
        )

        rl_lora_tunable = d.pop("rlLoraTunable", UNSET)

        rl_full_parameter_tunable = d.pop("rlFullParameterTunable", UNSET)

        _encryption_state = d.pop("encryptionState", UNSET)
        encryption_state: GatewayEncryptionState | Unset
        if isinstance(_encryption_state, Unset) or _encryption_state is None:
            encryption_state = UNSET
        else:
            encryption_state = GatewayEncryptionState(_encryption_state)

        _serverless_modes = d.pop("serverlessModes", UNSET)
        serverless_modes: list[GatewayServerlessMode] | Unset = UNSET
        if _serverless_modes is not UNSET:
            serverless_modes = []
            for serverless_modes_item_data in _serverless_modes:
                _serverless_modes_item = serverless_modes_item_data
                serverless_modes_item: Any
                if _serverless_modes_item is UNSET:
                    serverless_modes_item = UNSET
                else:
                    serverless_modes_item = GatewayServerlessMode.from_dict(
                        _serverless_modes_item
                    )

                serverless_modes.append(serverless_modes_item)

        gateway_model = cls(
            name=name,
            display_name=display_name,
            description=description,
            create_time=create_time,
            state=state,
            status=status,
            kind=kind,
            github_url=github_url,
            hugging_face_url=hugging_face_url,
            base_model_details=base_model_details,
            peft_details=peft_details,
            teft_details=teft_details,
            public=public,
            conversation_config=conversation_config,
            context_length=context_length,
            supports_image_input=supports_image_input,
            supports_tools=supports_tools,
            imported_from=imported_from,
            fine_tuning_job=fine_tuning_job,
            default_draft_model=default_draft_model,
            default_draft_token_count=default_draft_token_count,
            deployed_model_refs=deployed_model_refs,
            cluster=cluster,
            deprecation_date=deprecation_date,
            calibrated=calibrated,
            tunable=tunable,
            supports_lora=supports_lora,
            use_hf_apply_chat_template=use_hf_apply_chat_template,
            update_time=update_time,
            default_sampling_params=default_sampling_params,
            rl_tunable=rl_tunable,
            training_context_length=training_context_length,
            snapshot_type=snapshot_type,
            supports_serverless=supports_serverless,
            use_training_v2=use_training_v2,
            supervised_lora_tunable=supervised_lora_tunable,
            supervised_full_parameter_tunable=supervised_full_parameter_tunable,
            rl_lora_tunable=rl_lora_tunable,
            rl_full_parameter_tunable=rl_full_parameter_tunable,
            encryption_state=encryption_state,
            serverless_modes=serverless_modes,
        )

        gateway_model.additional_properties = d
        return gateway_model

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
