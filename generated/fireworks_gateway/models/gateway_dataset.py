from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.dataset_format import DatasetFormat
from ..models.gateway_dataset_state import GatewayDatasetState
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.gateway_eval_protocol import GatewayEvalProtocol
    from ..models.gateway_evaluation_result import GatewayEvaluationResult
    from ..models.gateway_splitted import GatewaySplitted
    from ..models.gateway_status import GatewayStatus
    from ..models.gateway_transformed import GatewayTransformed
    from ..models.gateway_user_uploaded import GatewayUserUploaded


T = TypeVar("T", bound="GatewayDataset")


@_attrs_define
class GatewayDataset:
    """
    Attributes:
        name (str | Unset):
        display_name (str | Unset):
        create_time (datetime.datetime | Unset):
        state (GatewayDatasetState | Unset):
        status (GatewayStatus | Unset): Mimics
            [https://github.com/googleapis/googleapis/blob/master/google/rpc/status.proto]
        example_count (str | Unset):
        user_uploaded (GatewayUserUploaded | Unset):
        evaluation_result (GatewayEvaluationResult | Unset):
        transformed (GatewayTransformed | Unset):
        splitted (GatewaySplitted | Unset):
        eval_protocol (GatewayEvalProtocol | Unset):
        external_url (str | Unset): The external URI of the dataset. e.g. gs://foo/bar/baz.jsonl
        format_ (DatasetFormat | Unset):
        created_by (str | Unset): The email address of the user who initiated this fine-tuning job.
        update_time (datetime.datetime | Unset): The update time for the dataset.
        source_job_name (str | Unset): The resource name of the job that created this dataset (e.g., batch inference
            job).
            Used for lineage tracking to understand dataset provenance.
        estimated_token_count (str | Unset): The estimated number of tokens in the dataset.
        average_turn_count (float | Unset): An estimate of the average number of turns per sample in the dataset.
    """

    name: str | Unset = UNSET
    display_name: str | Unset = UNSET
    create_time: datetime.datetime | Unset = UNSET
    state: GatewayDatasetState | Unset = UNSET
    status: GatewayStatus | Unset = UNSET
    example_count: str | Unset = UNSET
    user_uploaded: GatewayUserUploaded | Unset = UNSET
    evaluation_result: GatewayEvaluationResult | Unset = UNSET
    transformed: GatewayTransformed | Unset = UNSET
    splitted: GatewaySplitted | Unset = UNSET
    eval_protocol: GatewayEvalProtocol | Unset = UNSET
    external_url: str | Unset = UNSET
    format_: DatasetFormat | Unset = UNSET
    created_by: str | Unset = UNSET
    update_time: datetime.datetime | Unset = UNSET
    source_job_name: str | Unset = UNSET
    estimated_token_count: str | Unset = UNSET
    average_turn_count: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        display_name = self.display_name

        create_time: str | Unset = UNSET
        if not isinstance(self.create_time, Unset):
            create_time = self.create_time.isoformat()

        state: str | Unset = UNSET
        if not isinstance(self.state, Unset):
            state = self.state.value

        status: dict[str, Any] | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.to_dict()

        example_count = self.example_count

        user_uploaded: dict[str, Any] | Unset = UNSET
        if not isinstance(self.user_uploaded, Unset):
            user_uploaded = self.user_uploaded.to_dict()

        evaluation_result: dict[str, Any] | Unset = UNSET
        if not isinstance(self.evaluation_result, Unset):
            evaluation_result = self.evaluation_result.to_dict()

        transformed: dict[str, Any] | Unset = UNSET
        if not isinstance(self.transformed, Unset):
            transformed = self.transformed.to_dict()

        splitted: dict[str, Any] | Unset = UNSET
        if not isinstance(self.splitted, Unset):
            splitted = self.splitted.to_dict()

        eval_protocol: dict[str, Any] | Unset = UNSET
        if not isinstance(self.eval_protocol, Unset):
            eval_protocol = self.eval_protocol.to_dict()

        external_url = self.external_url

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_.value

        created_by = self.created_by

        update_time: str | Unset = UNSET
        if not isinstance(self.update_time, Unset):
            update_time = self.update_time.isoformat()

        source_job_name = self.source_job_name

        estimated_token_count = self.estimated_token_count

        average_turn_count = self.average_turn_count

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if display_name is not UNSET:
            field_dict["displayName"] = display_name
        if create_time is not UNSET:
            field_dict["createTime"] = create_time
        if state is not UNSET:
            field_dict["state"] = state
        if status is not UNSET:
            field_dict["status"] = status
        if example_count is not UNSET:
            field_dict["exampleCount"] = example_count
        if user_uploaded is not UNSET:
            field_dict["userUploaded"] = user_uploaded
        if evaluation_result is not UNSET:
            field_dict["evaluationResult"] = evaluation_result
        if transformed is not UNSET:
            field_dict["transformed"] = transformed
        if splitted is not UNSET:
            field_dict["splitted"] = splitted
        if eval_protocol is not UNSET:
            field_dict["evalProtocol"] = eval_protocol
        if external_url is not UNSET:
            field_dict["externalUrl"] = external_url
        if format_ is not UNSET:
            field_dict["format"] = format_
        if created_by is not UNSET:
            field_dict["createdBy"] = created_by
        if update_time is not UNSET:
            field_dict["updateTime"] = update_time
        if source_job_name is not UNSET:
            field_dict["sourceJobName"] = source_job_name
        if estimated_token_count is not UNSET:
            field_dict["estimatedTokenCount"] = estimated_token_count
        if average_turn_count is not UNSET:
            field_dict["averageTurnCount"] = average_turn_count

        return field_dict

    @classmethod
    def from_dict(cls, src_dict: Mapping[str, Any]) -> Self:
        from ..models.gateway_eval_protocol import GatewayEvalProtocol
        from ..models.gateway_evaluation_result import GatewayEvaluationResult
        from ..models.gateway_splitted import GatewaySplitted
        from ..models.gateway_status import GatewayStatus
        from ..models.gateway_transformed import GatewayTransformed
        from ..models.gateway_user_uploaded import GatewayUserUploaded

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        display_name = d.pop("displayName", UNSET)

        _create_time = d.pop("createTime", UNSET)
        create_time: datetime.datetime | Unset
        if isinstance(_create_time, Unset) or _create_time is None:
            create_time = UNSET
        else:
            create_time = datetime.datetime.fromisoformat(_create_time)

        _state = d.pop("state", UNSET)
        state: GatewayDatasetState | Unset
        if isinstance(_state, Unset) or _state is None:
            state = UNSET
        else:
            state = GatewayDatasetState(_state)

        _status = d.pop("status", UNSET)
        status: GatewayStatus | Unset
        if isinstance(_status, Unset) or _status is None:
            status = UNSET
        else:
            status = GatewayStatus.from_dict(_status)

        example_count = d.pop("exampleCount", UNSET)

        _user_uploaded = d.pop("userUploaded", UNSET)
        user_uploaded: GatewayUserUploaded | Unset
        if isinstance(_user_uploaded, Unset) or _user_uploaded is None:
            user_uploaded = UNSET
        else:
            user_uploaded = GatewayUserUploaded.from_dict(_user_uploaded)

        _evaluation_result = d.pop("evaluationResult", UNSET)
        evaluation_result: GatewayEvaluationResult | Unset
        if isinstance(_evaluation_result, Unset) or _evaluation_result is None:
            evaluation_result = UNSET
        else:
            evaluation_result = GatewayEvaluationResult.from_dict(_evaluation_result)

        _transformed = d.pop("transformed", UNSET)
        transformed: GatewayTransformed | Unset
        if isinstance(_transformed, Unset) or _transformed is None:
            transformed = UNSET
        else:
            transformed = GatewayTransformed.from_dict(_transformed)

        _splitted = d.pop("splitted", UNSET)
        splitted: GatewaySplitted | Unset
        if isinstance(_splitted, Unset) or _splitted is None:
            splitted = UNSET
        else:
            splitted = GatewaySplitted.from_dict(_splitted)

        _eval_protocol = d.pop("evalProtocol", UNSET)
        eval_protocol: GatewayEvalProtocol | Unset
        if isinstance(_eval_protocol, Unset) or _eval_protocol is None:
            eval_protocol = UNSET
        else:
            eval_protocol = GatewayEvalProtocol.from_dict(_eval_protocol)

        external_url = d.pop("externalUrl", UNSET)

        _format_ = d.pop("format", UNSET)
        format_: DatasetFormat | Unset
        if isinstance(_format_, Unset) or _format_ is None:
            format_ = UNSET
        else:
            format_ = DatasetFormat(_format_)

        created_by = d.pop("createdBy", UNSET)

        _update_time = d.pop("updateTime", UNSET)
        update_time: datetime.datetime | Unset
        if isinstance(_update_time, Unset) or _update_time is None:
            update_time = UNSET
        else:
            update_time = datetime.datetime.fromisoformat(_update_time)

        source_job_name = d.pop("sourceJobName", UNSET)

        estimated_token_count = d.pop("estimatedTokenCount", UNSET)

        average_turn_count = d.pop("averageTurnCount", UNSET)

        gateway_dataset = cls(
            name=name,
            display_name=display_name,
            create_time=create_time,
            state=state,
            status=status,
            example_count=example_count,
            user_uploaded=user_uploaded,
            evaluation_result=evaluation_result,
            transformed=transformed,
            splitted=splitted,
            eval_protocol=eval_protocol,
            external_url=external_url,
            format_=format_,
            created_by=created_by,
            update_time=update_time,
            source_job_name=source_job_name,
            estimated_token_count=estimated_token_count,
            average_turn_count=average_turn_count,
        )

        gateway_dataset.additional_properties = d
        return gateway_dataset

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
