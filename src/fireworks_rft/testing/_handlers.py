"""How the emulator answers each valid request: the step, the reads, the loop's operations.

A step is refused, before it runs, for bad names or a job that takes no steps. Job creation
(with a chosen ID; 409 ``ALREADY_EXISTS`` for a taken one), listing (pages of ``pageSize``
with an opaque ``nextPageToken``), cancel and resume, checkpoints, deployed models (load,
get, list, unload), datasets (get, list, delete), and the dataset operations Fireworks
retired on 2026-11-15 (answered 501, as the real API does). Each answer is built from
:mod:`._resources` and :mod:`._catalog`; the emulator checks it against the spec.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

from ._catalog import Catalog
from ._files import SignedFiles
from ._openapi import (
    GRPC_FAILED_PRECONDITION,
    GRPC_INVALID_ARGUMENT,
    GRPC_NOT_FOUND,
    GRPC_UNIMPLEMENTED,
    Match,
    SpecValidator,
)
from ._records import ExecutedStep
from ._resources import (
    CANCELLED,
    CREATING,
    ID_PATTERN,
    RUNNING,
    TERMINAL_JOB_STATES,
    TOMBSTONED,
    Resources,
    step_name_problem,
)
from ._server import Answer, error_answer, json_answer

GRPC_ALREADY_EXISTS = 6
#: Dataset operations Fireworks retired on 2026-11-15. The emulator answers them as the spec
#: says unless ``datasets_retired``; with it, every one of them answers 501.
UPLOAD_FLOW = frozenset(
    {"Gateway_CreateDataset", "Gateway_GetDatasetUploadEndpoint", "Gateway_ValidateDatasetUpload"}
)
RETIRED_DATASET_OPERATIONS = UPLOAD_FLOW | {
    "Gateway_UpdateDataset",
    "Gateway_SplitDataset",
    "Gateway_GetDatasetDownloadEndpoint",
}
_DEFAULT_PAGE = 50


def page(
    key: str, names: list[str], query: Mapping[str, Any], render: Callable[[str], Any]
) -> Answer:
    """One page of ``names`` under ``key`` (``pageSize``, ``pageToken``), as a list answer."""
    size = int(query.get("pageSize") or 0) or _DEFAULT_PAGE  # 0: the server's default page
    token = str(query.get("pageToken") or "")
    start = int(token) if token.isdigit() else 0
    chosen = names[start : start + max(size, 1)]
    following = start + len(chosen)
    body: dict[str, Any] = {key: [render(n) for n in chosen], "totalSize": len(names)}
    if following < len(names):
        body["nextPageToken"] = str(following)
    return json_answer(200, body)


class HandledRequest(NamedTuple):
    """A matched request, as a handler reads it."""

    checked: Match
    account: str
    params: Mapping[str, Any]
    query: Mapping[str, Any]


class Handlers:
    """Answers of the loop operations for one emulator (None: not a loop operation)."""

    def __init__(
        self,
        resources: Resources,
        catalog: Catalog,
        on_created: Callable[[str], None],
        files: SignedFiles,
        settings: LoopSettings,
    ) -> None:
        self.resources = resources
        self.catalog = catalog
        self.files = files
        self.settings = settings
        self._on_created = on_created
        self._upload_paths: dict[str, list[str]] = {}
        #: The loop's operations, by operationId, and their handlers.
        self._handlers: dict[str, Callable[[HandledRequest], Answer]] = {
            "Gateway_CreateRlorTrainerJob": self._create_rlor_trainer_job,
            "Gateway_ListRlorTrainerJobs": self._list_rlor_trainer_jobs,
            "Gateway_CancelRlorTrainerJob": self._cancel_rlor_trainer_job,
            "Gateway_ResumeRlorTrainerJob": self._resume_rlor_trainer_job,
            "Gateway_ListRlorTrainerJobCheckpoints": self._list_rlor_trainer_job_checkpoints,
            "Gateway_CreateDeployedModel": self._create_deployed_model,
            "Gateway_GetDeployedModel": self._get_deployed_model,
            "Gateway_ListDeployedModels": self._list_deployed_models,
            "Gateway_DeleteDeployedModel": self._delete_deployed_model,
            "Gateway_GetDataset": self._get_dataset,
            "Gateway_ListDatasets": self._list_datasets,
            "Gateway_DeleteDataset": self._delete_dataset,
            "Gateway_CreateDataset": self._create_dataset,
            "Gateway_GetDatasetUploadEndpoint": self._get_dataset_upload_endpoint,
            "Gateway_ValidateDatasetUpload": self._validate_dataset_upload,
            "Gateway_UpdateDataset": self._update_dataset,
            "Gateway_GetDatasetDownloadEndpoint": self._get_dataset_download_endpoint,
            "Gateway_SplitDataset": self._split_dataset,
            "Gateway_PromoteCheckpoint": self._promote_checkpoint,
            "Gateway_ListModels": self._list_models,
            "Gateway_DeleteModel": self._delete_model,
            "Gateway_ListTrainingShapes": self._list_training_shapes,
            "Gateway_GetTrainingShape": self._get_training_shape,
            "Gateway_ListTrainingShapeVersions": self._list_training_shape_versions,
            "Gateway_GetTrainingShapeVersion": self._get_training_shape_version,
            "Gateway_GetRlorTrainerJobPublicLogs": self._get_public_logs,
        }

    def answer(self, checked: Match, query: Mapping[str, Any]) -> Answer | None:
        """The answer to ``checked`` if it is a loop operation; None otherwise."""
        operation = checked.operation_id
        params = checked.path_params
        account = str(params.get("account_id", ""))
        if operation in RETIRED_DATASET_OPERATIONS and self.settings.datasets_retired:
            return error_answer(
                501, GRPC_UNIMPLEMENTED, "Not Implemented: dataset operations were retired"
            )
        handler = self._handlers.get(operation)
        return None if handler is None else handler(HandledRequest(checked, account, params, query))

    def upload_paths(self, dataset: str) -> list[str]:
        """Where the files of ``dataset``'s upload go (on the signed-URL host)."""
        return list(self._upload_paths.get(dataset, ()))

    def step_refusal(self, step: ExecutedStep) -> Answer | None:
        """Why a step is refused before it runs (bad names, a job that takes no steps)."""
        problem = step_name_problem(step.account_id, step.dataset, step.output_model)
        if problem is not None:
            return error_answer(400, GRPC_INVALID_ARGUMENT, problem)
        state = self.resources.job_state(step.job)
        stopped = self.resources.settings.inactivity_state
        if state in TERMINAL_JOB_STATES or state in (CREATING, stopped):
            return error_answer(
                400,
                GRPC_FAILED_PRECONDITION,
                f"rlor trainer job {step.job!r} is {state}: it takes no steps"
                + (" until it is resumed" if state == stopped else ""),
            )
        known = self.settings.known_datasets
        if known is not None and step.dataset not in known:
            found = self.catalog.dataset_json(step.dataset)
            if found is None or found["state"] != "READY":  # an assumption: 404 NOT_FOUND
                return error_answer(
                    404, GRPC_NOT_FOUND, f"dataset {step.dataset!r} not found (or not READY)"
                )
        return None

    def normal_answer(self, checked: Match, job: str | None, validator: SpecValidator) -> Answer:
        """The answer of a step, a delete or a read, as the gateway gives it."""
        operation = checked.operation_id
        if operation in ("Gateway_ExecuteRlorTrainStep", "Gateway_DeleteRlorTrainerJob"):
            return json_answer(200, {})
        if operation == "Gateway_GetRlorTrainerJob" and job is not None:
            return json_answer(200, self.resources.job_json(job))
        if operation == "Gateway_GetModel":
            params = checked.path_params
            name = f"accounts/{params['account_id']}/models/{params['model_id']}"
            model = self.resources.model_json(name)
            if model is None:
                return error_answer(404, GRPC_NOT_FOUND, f"model {name!r} not found")
            return json_answer(200, model)
        return json_answer(200, validator.example_response(checked))

    # -- jobs ----------------------------------------------------------------------------------

    def _create_rlor_trainer_job(self, call: HandledRequest) -> Answer:
        job_id = str(call.query.get("rlorTrainerJobId") or uuid.uuid4())
        if not ID_PATTERN.fullmatch(job_id):  # an ID chosen at creation obeys the path rule
            return error_answer(400, GRPC_INVALID_ARGUMENT, f"invalid rlorTrainerJobId {job_id!r}")
        name = f"accounts/{call.account}/rlorTrainerJobs/{job_id}"
        shape = call.query.get("trainingShape")
        if shape and not self.catalog.version_usable(str(shape)):  # an assumption: 412
            return error_answer(
                412,
                GRPC_FAILED_PRECONDITION,
                f"training shape {shape!r} is unavailable (no such validated version)",
            )
        fields = {
            k: v for k, v in dict(call.checked.body or {}).items() if k not in ("name", "state")
        }
        created = self.resources.create_job(name, fields)
        if created is None:
            return error_answer(
                409, GRPC_ALREADY_EXISTS, f"rlor trainer job {name!r} already exists"
            )
        self._on_created(name)
        return json_answer(200, created)

    def _list_rlor_trainer_jobs(self, call: HandledRequest) -> Answer:
        return page(
            "rlorTrainerJobs",
            self.resources.jobs_of(call.account),
            call.query,
            self.resources.job_json,
        )

    def _cancel_rlor_trainer_job(self, call: HandledRequest) -> Answer:
        self.resources.set_job_state(_job(call.params), CANCELLED)
        return json_answer(200, {})

    def _resume_rlor_trainer_job(self, call: HandledRequest) -> Answer:
        name = _job(call.params)
        state = self.resources.job_state(name)
        if state in TOMBSTONED:  # an assumption (no source says): a deleted job stays deleted
            return error_answer(
                400,
                GRPC_FAILED_PRECONDITION,
                f"rlor trainer job {name!r} is {state}: not resumable",
            )
        if state != RUNNING:
            self.resources.set_job_state(name, RUNNING)
        return json_answer(200, self.resources.job_json(name))

    def _list_rlor_trainer_job_checkpoints(self, call: HandledRequest) -> Answer:
        checkpoints = self.resources.checkpoints_json(_job(call.params))
        names = [c["name"] for c in checkpoints]
        by_name = {c["name"]: c for c in checkpoints}
        return page("checkpoints", names, call.query, by_name.__getitem__)

    # -- deployed models -----------------------------------------------------------------------

    def _create_deployed_model(self, call: HandledRequest) -> Answer:
        body = dict(call.checked.body or {})
        model, deployment = str(body.get("model", "")), str(body.get("deployment", ""))
        if not model or not deployment:
            return error_answer(400, 3, "a deployed model needs a model and a deployment")
        name = self.catalog.load(call.account, model, deployment, body.get("displayName"))
        return json_answer(200, self.catalog.deployed_json(name))

    def _get_deployed_model(self, call: HandledRequest) -> Answer:
        name = f"accounts/{call.account}/deployedModels/{call.params['deployed_model_id']}"
        found = self.catalog.deployed_json(name)
        if found is None:
            return error_answer(404, GRPC_NOT_FOUND, f"deployed model {name!r} not found")
        return json_answer(200, found)

    def _list_deployed_models(self, call: HandledRequest) -> Answer:
        return page(
            "deployedModels",
            self.catalog.deployed_of(call.account),
            call.query,
            self.catalog.deployed_json,
        )

    def _delete_deployed_model(self, call: HandledRequest) -> Answer:
        name = f"accounts/{call.account}/deployedModels/{call.params['deployed_model_id']}"
        if not self.catalog.unload(name):
            return error_answer(404, GRPC_NOT_FOUND, f"deployed model {name!r} not found")
        return json_answer(200, {})

    # -- datasets ------------------------------------------------------------------------------

    def _get_dataset(self, call: HandledRequest) -> Answer:
        name = self._dataset(call)
        found = self.catalog.dataset_json(name)
        if found is None:
            return error_answer(404, GRPC_NOT_FOUND, f"dataset {name!r} not found")
        return json_answer(200, found)

    def _list_datasets(self, call: HandledRequest) -> Answer:
        return page(
            "datasets",
            self.catalog.datasets_of(call.account),
            call.query,
            self.catalog.dataset_json,
        )

    def _delete_dataset(self, call: HandledRequest) -> Answer:
        name = self._dataset(call)
        if not self.catalog.delete_dataset(name):
            return error_answer(404, GRPC_NOT_FOUND, f"dataset {name!r} not found")
        return json_answer(200, {})

    def _create_dataset(self, call: HandledRequest) -> Answer:
        dataset_id = str((call.checked.body or {}).get("datasetId", ""))
        if not ID_PATTERN.fullmatch(dataset_id):  # an ID chosen at creation obeys the path rule
            return error_answer(400, GRPC_INVALID_ARGUMENT, f"invalid datasetId {dataset_id!r}")
        name = f"accounts/{call.account}/datasets/{dataset_id}"
        if not self.catalog.add_dataset(name, "UPLOADING"):
            return error_answer(409, GRPC_ALREADY_EXISTS, f"dataset {name!r} already exists")
        return json_answer(200, self.catalog.dataset_json(name))

    def _get_dataset_upload_endpoint(self, call: HandledRequest) -> Answer:
        name = self._dataset(call)
        if self.catalog.dataset_json(name) is None:
            return error_answer(404, GRPC_NOT_FOUND, f"dataset {name!r} not found")
        files = dict((call.checked.body or {}).get("filenameToSize") or {})
        paths = [f"/uploads/{name}/{filename}" for filename in files]
        self._upload_paths[name] = paths
        urls = {f: self.files.sign(p) for f, p in zip(files, paths, strict=True)}
        return json_answer(200, {"filenameToSignedUrls": urls})

    def _validate_dataset_upload(self, call: HandledRequest) -> Answer:
        name = self._dataset(call)
        paths = self._upload_paths.get(name)
        if not paths or any(self.files.upload(p) is None for p in paths):
            return error_answer(
                400, GRPC_FAILED_PRECONDITION, f"dataset {name!r}: no uploaded file to validate"
            )
        self.catalog.set_dataset_state(name, "READY")
        return json_answer(200, {})

    def _update_dataset(self, call: HandledRequest) -> Answer:
        found = self.catalog.dataset_json(self._dataset(call))
        if found is None:
            return error_answer(404, GRPC_NOT_FOUND, f"dataset {self._dataset(call)!r} not found")
        return json_answer(200, found)  # the fields the emulator keeps do not change

    def _get_dataset_download_endpoint(self, call: HandledRequest) -> Answer:
        name = self._dataset(call)
        if self.catalog.dataset_json(name) is None:
            return error_answer(404, GRPC_NOT_FOUND, f"dataset {name!r} not found")
        paths = self._upload_paths.get(name, [])
        urls = {p.rsplit("/", 1)[1]: self.files.sign(p) for p in paths}
        return json_answer(200, {"filenameToSignedUrls": urls})

    def _split_dataset(self, call: HandledRequest) -> Answer:
        """Chunks named ``{id}-chunk-{n}`` (an assumption: no source names them)."""
        name = self._dataset(call)
        if self.catalog.dataset_json(name) is None:
            return error_answer(404, GRPC_NOT_FOUND, f"dataset {name!r} not found")
        size = int((call.checked.body or {}).get("chunkSize") or 0)
        if size < 200:
            return error_answer(400, GRPC_INVALID_ARGUMENT, "chunkSize must be at least 200")
        rows = sum(
            len((self.files.upload(p) or b"").splitlines())
            for p in self._upload_paths.get(name, [])
        )
        chunks = [f"{name}-chunk-{n + 1}" for n in range(-(-rows // size))]
        for chunk in chunks:
            self.catalog.add_dataset(chunk)
        body = {
            "chunkDatasetNames": chunks,
            "chunksCreated": len(chunks),
            "totalExamples": str(rows),
        }
        return json_answer(200, body)

    @staticmethod
    def _dataset(call: HandledRequest) -> str:
        return f"accounts/{call.account}/datasets/{call.params['dataset_id']}"

    # -- models: promotion, listing, deletion ----------------------------------------------

    def _promote_checkpoint(self, call: HandledRequest) -> Answer:
        body = dict(call.checked.body or {})
        job, output = str(body.get("trainerJobId", "")), str(body.get("outputModel", ""))
        if not self.resources.has_job(job):
            return error_answer(404, GRPC_NOT_FOUND, f"rlor trainer job {job!r} not found")
        promotable = self.resources.checkpoint(job, str(call.params["checkpoint_id"]))
        if promotable is None:
            return error_answer(404, GRPC_NOT_FOUND, "checkpoint not found")
        if not promotable:
            return error_answer(400, GRPC_FAILED_PRECONDITION, "the checkpoint is not promotable")
        if not output.startswith(f"accounts/{call.account}/models/"):
            return error_answer(400, GRPC_INVALID_ARGUMENT, f"bad outputModel {output!r}")
        model = self.resources.promote(job, output, self.settings.promote_seconds)
        if model is None:
            return error_answer(409, GRPC_ALREADY_EXISTS, f"model {output!r} already exists")
        return json_answer(200, {"model": model})

    def _list_models(self, call: HandledRequest) -> Answer:
        models = self.resources.models_of(call.account)
        return page("models", models, call.query, lambda n: self.resources.model_json(n))

    def _delete_model(self, call: HandledRequest) -> Answer:
        name = f"accounts/{call.account}/models/{call.params['model_id']}"
        if not self.resources.delete_model(name):
            return error_answer(404, GRPC_NOT_FOUND, f"model {name!r} not found")
        return json_answer(200, {})

    # -- training shapes, trainer logs -----------------------------------------------------

    def _list_training_shapes(self, call: HandledRequest) -> Answer:
        shapes = self.catalog.shapes_of(call.account)
        return page("trainingShapes", shapes, call.query, self.catalog.shape_json)

    def _get_training_shape(self, call: HandledRequest) -> Answer:
        name = f"accounts/{call.account}/trainingShapes/{call.params['training_shape_id']}"
        found = self.catalog.shape_json(name)
        if found is None:
            return error_answer(404, GRPC_NOT_FOUND, f"training shape {name!r} not found")
        return json_answer(200, found)

    def _list_training_shape_versions(self, call: HandledRequest) -> Answer:
        name = f"accounts/{call.account}/trainingShapes/{call.params['training_shape_id']}"
        versions = self.catalog.versions_json(name)
        if versions is None:
            return error_answer(404, GRPC_NOT_FOUND, f"training shape {name!r} not found")
        by_name = {v["name"]: v for v in versions}
        return page("trainingShapeVersions", list(by_name), call.query, by_name.__getitem__)

    def _get_training_shape_version(self, call: HandledRequest) -> Answer:
        shape = f"accounts/{call.account}/trainingShapes/{call.params['training_shape_id']}"
        name = f"{shape}/versions/{call.params['version_id']}"
        found = [v for v in self.catalog.versions_json(shape) or [] if v["name"] == name]
        if not found:
            return error_answer(404, GRPC_NOT_FOUND, f"training shape version {name!r} not found")
        return json_answer(200, found[0])

    def _get_public_logs(self, call: HandledRequest) -> Answer:
        job = _job(call.params)
        url = self.files.sign(f"/logs/{job}.log", lambda: self.resources.log_text(job).encode())
        return json_answer(200, {"signedUrl": url})


class LoopSettings(NamedTuple):
    """Options of the loop's operations (each an emulator setting)."""

    promote_seconds: float = 1.0
    datasets_retired: bool = False
    known_datasets: frozenset[str] | None = None


def _job(params: Mapping[str, Any]) -> str:
    account, job = params["account_id"], params["rlor_trainer_job_id"]
    return f"accounts/{account}/rlorTrainerJobs/{job}"
