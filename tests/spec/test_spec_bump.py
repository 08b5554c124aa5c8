"""Spec bumps: the change report, the version policy, refusals, and a whole bump end to end."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import fireworks_rft
from tools.fast_yaml import load as load_yaml
from tools.spec_diff import Change, diff, render
from tools.update_spec import next_version, update

from ..support.fakes import ROOT, SPEC_PATH
from ..support.fault_server import Action, fault_server

STEP_PATH = "/v1/accounts/{account_id}/rlorTrainerJobs/{rlor_trainer_job_id}:executeTrainStep"
JOB_PATH = "/v1/accounts/{account_id}/rlorTrainerJobs/{rlor_trainer_job_id}"
BODY_SCHEMA = ("components", "schemas", "GatewayExecuteRlorTrainStepBody")


def base() -> dict[str, Any]:
    return load_yaml(SPEC_PATH.read_text())


def body_schema(document: dict[str, Any]) -> dict[str, Any]:
    node: Any = document
    for key in BODY_SCHEMA:
        node = node[key]
    return node


FROB_PATH = "/v1/accounts/{account_id}/rlorTrainerJobs/{rlor_trainer_job_id}:frobnicate"
PAGE = ROOT / "tests" / "fixtures" / "synthetic-frobnicate.md"


def later_version(version: str) -> str:
    """A version after ``version`` (its last number plus one)."""
    head, _, last = version.rpartition(".")
    return f"{head}.{int(last) + 1}" if head else str(int(last) + 1)


def additive_bump() -> dict[str, Any]:
    """The current spec, a later version: adds a synthetic operation and an optional body field."""
    document = base()
    document["info"]["version"] = later_version(document["info"]["version"])
    step = document["paths"][STEP_PATH]["post"]
    document["paths"][FROB_PATH] = {
        "post": {
            "tags": ["Gateway"],
            "summary": "Frobnicate (synthetic)",
            "operationId": "Synthetic_FrobnicateRlorTrainerJob",
            "parameters": copy.deepcopy(step["parameters"]),
            "responses": {
                "200": {
                    "description": "A successful response.",
                    "content": {
                        "application/json": {"schema": {"type": "object", "properties": {}}}
                    },
                }
            },
        }
    }
    body_schema(document)["properties"]["learningRateScale"] = {"type": "number"}
    return document


def texts(changes: list[Change], breaking: bool | None = None) -> list[str]:
    return [c.text for c in changes if breaking is None or c.breaking is breaking]


# -- the change report ---------------------------------------------------------------------


def test_no_changes():
    assert diff(base(), base()) == []
    assert "No changes." in render([], "1", "1")


def test_additive_bump_is_not_breaking():
    old, new = base(), additive_bump()
    changes = diff(old, new)
    assert texts(changes, breaking=True) == []
    assert f"info.version: {old['info']['version']} → {new['info']['version']}" in texts(changes)
    assert any(
        "added operation POST " + FROB_PATH + " (Synthetic_FrobnicateRlorTrainerJob)" in t
        for t in texts(changes)
    )
    assert any("added optional field `learningRateScale` (number)" in t for t in texts(changes))


def test_removed_operation_is_breaking_by_path_and_operation_id():
    document = base()
    del document["paths"][STEP_PATH]
    changes = [c for c in diff(base(), document) if c.section == "operation"]
    (change,) = changes
    assert change.breaking
    assert change.text == f"removed operation POST {STEP_PATH} (Gateway_ExecuteRlorTrainStep)"
    assert "**BREAKING**: removed operation POST" in render([change], "a", "b")


def test_renamed_operation_id_is_breaking():
    document = base()
    document["paths"][STEP_PATH]["post"]["operationId"] = "Gateway_RunStep"
    (change,) = [c for c in diff(base(), document) if c.section == "operation"]
    assert change.breaking and "Gateway_ExecuteRlorTrainStep to Gateway_RunStep" in change.text


@pytest.mark.parametrize(
    ("mutate", "breaking", "words"),
    [
        (lambda s: s["properties"].pop("outputModel"), True, "removed field `outputModel`"),
        (
            lambda s: (
                s["properties"].update(newRequired={"type": "string"}),
                s["required"].append("newRequired"),
            ),
            True,
            "added required field `newRequired`",
        ),
        (
            lambda s: s["properties"].update(note={"type": "string"}),
            False,
            "added optional field `note`",
        ),
        (
            lambda s: s["required"].remove("dataset"),
            False,
            "`dataset` changed from required to optional",
        ),
        (
            lambda s: s["properties"]["dataset"].update(type="integer"),
            True,
            "type of `dataset` changed from string to integer",
        ),
        (
            lambda s: s["properties"]["dataset"].update(type=["string", "null"]),
            False,
            "type of `dataset` changed",
        ),
        (
            lambda s: s["properties"]["dataset"].update(enum=["a", "b"]),
            True,
            "`dataset` is now limited to the values ['a', 'b']",
        ),
    ],
    ids=[
        "removed",
        "new-required",
        "new-optional",
        "now-optional",
        "narrowed-type",
        "widened-type",
        "enum-added",
    ],
)
def test_request_field_rules(mutate, breaking, words):
    document = base()
    mutate(body_schema(document))
    changes = diff(base(), document)
    assert any(words in c.text and c.breaking is breaking for c in changes), changes


def test_optional_to_required_and_enum_values():
    old = base()
    body_schema(old)["properties"]["mode"] = {"type": "string", "enum": ["a", "b"]}
    new = copy.deepcopy(old)
    body_schema(new)["properties"]["mode"]["enum"] = ["b", "c"]
    body_schema(new)["required"].append("mode")
    changes = diff(old, new)
    assert "field `mode` changed from optional to required" in " ".join(
        texts(changes, breaking=True)
    )
    assert "enum values removed from `mode`: ['a']" in " ".join(texts(changes, breaking=True))
    assert "enum values added to `mode`: ['c']" in " ".join(texts(changes, breaking=False))


def test_parameters():
    new = base()
    params = new["paths"][STEP_PATH]["post"]["parameters"]
    params.append(
        {"name": "validateOnly", "in": "query", "required": False, "schema": {"type": "boolean"}}
    )
    params.append({"name": "region", "in": "query", "required": True, "schema": {"type": "string"}})
    changes = diff(base(), new)
    assert any(
        "added optional query parameter `validateOnly`" in t for t in texts(changes, breaking=False)
    )
    assert any(
        "added required query parameter `region`" in t for t in texts(changes, breaking=True)
    )
    removed = base()
    removed["paths"][STEP_PATH]["post"]["parameters"].pop()
    assert any(
        "removed path parameter `rlor_trainer_job_id`" in t
        for t in texts(diff(base(), removed), breaking=True)
    )


def test_response_fields():
    old = base()
    response = old["paths"][STEP_PATH]["post"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]
    response["properties"] = {"state": {"type": "string"}, "steps": {"type": "integer"}}
    response["required"] = ["state"]
    new = copy.deepcopy(old)
    new_schema = new["paths"][STEP_PATH]["post"]["responses"]["200"]["content"]["application/json"][
        "schema"
    ]
    del new_schema["properties"]["steps"]
    new_schema["properties"]["eta"] = {"type": "string"}
    new_schema["required"] = []
    changes = diff(old, new)
    assert any("response 200: removed field `steps`" in t for t in texts(changes, breaking=True))
    assert any(
        "response 200: added optional field `eta`" in t for t in texts(changes, breaking=False)
    )
    assert any(
        "`state` changed from required to optional" in t for t in texts(changes, breaking=True)
    )


# -- the version policy ----------------------------------------------------------------------

NOTE = Change("version", False, "info.version: a → b")
ADDED = Change("operation", False, "added operation X")
BROKEN = Change("operation", True, "removed operation Y")


@pytest.mark.parametrize(
    ("current", "changes", "expected"),
    [
        ("0.1.0", [NOTE], "0.1.1"),
        ("0.1.0", [NOTE, ADDED], "0.1.1"),
        ("0.1.3", [NOTE, ADDED, BROKEN], "0.2.0"),
        ("1.4.2", [NOTE], "1.4.3"),
        ("1.4.2", [NOTE, ADDED], "1.5.0"),
        ("1.4.2", [ADDED, BROKEN], "2.0.0"),
    ],
)
def test_version_policy(current, changes, expected):
    assert next_version(current, changes) == expected


def test_version_policy_is_in_the_maintainers_guide():
    readme = (ROOT / "docs" / "maintaining.md").read_text()
    for rule in ("BREAKING spec change", "additions", "only the spec's version"):
        assert rule in readme


# -- refusals leave the repository untouched --------------------------------------------------


def snapshot(repo: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(repo)): p.read_bytes()
        for p in sorted(repo.rglob("*"))
        if p.is_file() and "build" not in p.relative_to(repo).parts and "__pycache__" not in p.parts
    }


def write_spec(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def test_removing_execute_train_step_is_refused_and_names_the_facade(small_repo, capsys):
    before = snapshot(small_repo)
    code = update([], repo=small_repo, remove=["Gateway_ExecuteRlorTrainStep"])
    out, err = capsys.readouterr()
    assert code == 3
    assert f"**BREAKING**: removed operation POST {STEP_PATH} (Gateway_ExecuteRlorTrainStep)" in out
    assert "this breaks Client.ensure_step_sent, AsyncClient.ensure_step_sent, " in out
    assert "Client.execute_train_step, AsyncClient.execute_train_step" in out
    assert "Client.run_step, AsyncClient.run_step" in out
    assert "BREAKING change(s); nothing changed" in err
    assert snapshot(small_repo) == before


def test_a_single_operation_page_never_removes_the_others_and_twice_changes_nothing(
    small_repo, capsys
):
    code = update([str(PAGE)], repo=small_repo)
    assert code == 0, capsys.readouterr()
    merged = load_yaml((small_repo / "openapi.yaml").read_text())
    before = base()
    for path, item in before["paths"].items():
        for method in item:
            assert method in merged["paths"][path], (method, path)
    assert merged["paths"][FROB_PATH]["post"]["x-fireworks-source-version"] == "9.1.0"
    assert merged["info"]["version"] == "9.1.0"
    # the same source again: nothing to do, nothing changed
    after_first = snapshot(small_repo)
    capsys.readouterr()
    assert update([str(PAGE)], repo=small_repo) == 0
    assert "no API change; nothing to do" in capsys.readouterr().out
    assert snapshot(small_repo) == after_first


def test_json_source_is_stored_as_canonical_yaml(small_repo, tmp_path, capsys):
    import json

    source = tmp_path / "spec.json"
    source.write_text(json.dumps(additive_bump()))
    assert update([str(source)], repo=small_repo) == 0
    text = (small_repo / "openapi.yaml").read_text()
    assert not text.lstrip().startswith("{") and load_yaml(text)["openapi"]
    assert "OpenAPI JSON" in capsys.readouterr().out


def test_invalid_spec_is_refused(small_repo, tmp_path, capsys):
    invalid = tmp_path / "invalid.yaml"
    invalid.write_text("openapi: 3.1.0\ninfo: {title: x}\npaths: {}\n")
    before = snapshot(small_repo)
    assert update([str(invalid)], repo=small_repo) == 1
    err = capsys.readouterr().err
    assert "openapi-spec-validator: 'version' is a required property" in err
    assert snapshot(small_repo) == before


def test_spec_the_generator_cannot_fully_generate_is_refused(small_repo, tmp_path, capsys):
    document = base()
    document["info"]["version"] = later_version(document["info"]["version"])
    document["paths"]["/v1/things"] = {
        "post": {
            "operationId": "Gateway_CreateThing",
            "requestBody": {
                "required": True,
                "content": {"application/xml": {"schema": {"type": "object"}}},
            },
            "responses": {"200": {"description": "ok"}},
        }
    }
    before = snapshot(small_repo)
    assert update([str(write_spec(tmp_path / "xml.yaml", document))], repo=small_repo) == 1
    err = capsys.readouterr().err
    assert "--fail-on-warning" in err and "Unsupported content type application/xml" in err
    assert snapshot(small_repo) == before


def test_not_yaml_and_missing_file_are_refused(small_repo, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: [unclosed\n")
    assert update([str(bad)], repo=small_repo) == 1
    assert update([str(tmp_path / "nope.yaml")], repo=small_repo) == 1
    assert "no such file" in capsys.readouterr().err


def test_breaking_bump_with_override(small_repo, tmp_path):
    document = additive_bump()
    body_schema(document)["properties"].pop("outputModel")
    body_schema(document)["required"].remove("outputModel")
    spec = str(write_spec(tmp_path / "b.yaml", document))
    assert update([spec], repo=small_repo) == 3
    assert update([spec], repo=small_repo, allow_breaking=True) == 0
    version_file = (small_repo / "src/fireworks_rft/_version.py").read_text()
    major, minor, _ = fireworks_rft.__version__.split(".")
    expected = f"{int(major) + 1}.0.0" if int(major) >= 1 else f"0.{int(minor) + 1}.0"
    assert f'__version__ = "{expected}"' in version_file
    assert f'__spec_version__ = "{document["info"]["version"]}"' in version_file


# -- a whole bump, end to end ----------------------------------------------------------------


@pytest.fixture
def repo_copy(tmp_path: Path) -> Iterator[Path]:
    files = (
        subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    repo = tmp_path / "repo"
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    prism_modules = ROOT / "tests" / "prism" / "node_modules"
    if prism_modules.exists():
        (repo / "tests" / "prism" / "node_modules").symlink_to(prism_modules)
    yield repo


def run(command: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in {"CI", "MAKEFLAGS", "MAKELEVEL"}}
    environment.update(env)
    return subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, check=False, timeout=600
    )


PROBE = textwrap.dedent(
    """
    import asyncio, json, httpx, fireworks_rft
    from fireworks_gateway.api.gateway import synthetic_frobnicate_rlor_trainer_job as resume
    from fireworks_gateway.models import SyntheticFrobnicateRlorTrainerJobBody, SyntheticFrobState
    answer = {
        "name": "accounts/a/rlorTrainerJobs/j",
        "state": "FROB_STATE_FROZEN",
        "status": None,
        "lossConfig": {"klBeta": 0.1},
        "labels": {"steps": "12345678901234"},
        "checkpoint": {"id": "c1", "children": [{"id": "c2", "parent": {"id": "c1"}}]},
        "addedLater": True,
    }
    def handle(request):
        return httpx.Response(200, json=answer)
    body = SyntheticFrobnicateRlorTrainerJobBody(note="n")
    with fireworks_rft.Client(
        api_key="k", http_client=httpx.Client(transport=httpx.MockTransport(handle))
    ) as client:
        job = resume.sync("a", "j", client=client.gateway, body=body)
    async def main():
        async with fireworks_rft.AsyncClient(
            api_key="k", http_client=httpx.AsyncClient(transport=httpx.MockTransport(handle))
        ) as client:
            return await resume.asyncio("a", "j", client=client.gateway, body=body)
    ajob = asyncio.run(main())
    assert isinstance(job.state, SyntheticFrobState) and job.state == "FROB_STATE_FROZEN"
    assert job.to_dict()["state"] == "FROB_STATE_FROZEN" and ajob.state == job.state
    print(json.dumps(job.to_dict(), sort_keys=True))
    """
)


@pytest.mark.slow(seconds=20)
def test_whole_bump(repo_copy: Path, tmp_path: Path):
    """A realistic page (Next ID and Mimics titles, a grown enum, allOf, a map, a recursive
    schema) through make update-spec from a URL, then a smoke run on the bumped copy; then
    executeTrainStep removed, and the package still works."""
    venv = Path(sys.executable).parent.parent
    # The Makefile runs with this test's virtual environment, and a stamp newer than
    # pyproject.toml, so that it never sets up (or replaces) an environment of its own.
    stamp = tmp_path / "tools-stamp"
    stamp.touch()
    make = ["make", f"VENV={venv}", f"STAMP={stamp}"]
    old_version = base()["info"]["version"]

    # 1. update-spec through the Makefile, the docs page fetched from a URL (a loopback server)
    served = Action(
        status=200, body=PAGE.read_bytes(), headers=(("Content-Type", "text/markdown"),)
    )
    with fault_server(served) as server:
        done = run([*make, "update-spec", f"SPEC={server.url}/frobnicate.md"], repo_copy)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "docs page, spec 9.1.0" in done.stdout
    assert "added operation POST " + FROB_PATH in done.stdout
    assert "No breaking changes." in done.stdout

    # 2. the spec, the versions, the changelog
    version_file = (repo_copy / "src/fireworks_rft/_version.py").read_text()
    assert '__spec_version__ = "9.1.0"' in version_file
    package = next_version(fireworks_rft.__version__, [Change("operation", False, "added")])
    assert f'__version__ = "{package}"' in version_file
    changelog = (repo_copy / "CHANGELOG.md").read_text()
    assert f"Spec bump (package {package}): spec {old_version} → 9.1.0" in changelog

    # 3. check-generated passes; class names come from component keys, never from titles
    checked = run([*make, "check-generated"], repo_copy)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    models = repo_copy / "generated/fireworks_gateway/models"
    classes = [
        line.split()[1].split("(")[0].rstrip(":")
        for path in models.glob("*.py")
        for line in path.read_text().splitlines()
        if line.startswith("class ")
    ]
    assert "SyntheticFrobnicatedJob" in classes and "SyntheticCheckpoint" in classes
    assert not [c for c in classes if "NextID" in c or "Mimics" in c], classes

    # 4. the new operation parses a grown enum, a null, a map and a recursive schema, sync and
    #    async, through client.gateway
    pythonpath = f"{repo_copy / 'src'}{os.pathsep}{repo_copy / 'generated'}"
    probed = run([sys.executable, "-c", PROBE], tmp_path, PYTHONPATH=pythonpath)
    assert probed.returncode == 0, probed.stderr
    assert '"state": "FROB_STATE_FROZEN"' in probed.stdout
    assert '"addedLater": true' in probed.stdout and '"steps": "12345678901234"' in probed.stdout

    # 5. a smoke run on the bumped repository: import, emulator, step, wait, reads, delete
    #    (the spec-independent suite is not re-run here: it runs once, on the shipped spec)
    smoke = textwrap.dedent(
        """
        import fireworks_rft
        from fireworks_rft.testing import FakeGateway
        with FakeGateway(step_seconds=0) as gw, fireworks_rft.Client(
            base_url=gw.url, api_key=gw.api_key, account_id="a"
        ) as client:
            step = client.execute_train_step("j", dataset="d", output_model="m")
            done = client.wait_for_step(step, poll_interval=0.01)
            print(done.model.state, client.get_job("j").state, client.delete_job("j").name)
        """
    )
    smoked = run([sys.executable, "-c", smoke], tmp_path, PYTHONPATH=pythonpath)
    assert smoked.returncode == 0, smoked.stderr
    assert smoked.stdout.split() == ["READY", "JOB_STATE_RUNNING", "accounts/a/rlorTrainerJobs/j"]

    # 6. executeTrainStep removed by an explicit request: refused, then allowed
    refused = run([*make, "update-spec", "REMOVE=Gateway_ExecuteRlorTrainStep"], repo_copy)
    assert refused.returncode != 0 and "Client.execute_train_step" in refused.stdout
    removed = run(
        [*make, "update-spec", "REMOVE=Gateway_ExecuteRlorTrainStep", "ALLOW_BREAKING=1"],
        repo_copy,
    )
    assert removed.returncode == 0, removed.stdout + removed.stderr
    cli = [sys.executable, "-m", "fireworks_rft"]
    version = run([*cli, "version"], tmp_path, PYTHONPATH=pythonpath)
    assert version.returncode == 0 and "spec 9.1.0" in version.stdout, version.stderr
    still = textwrap.dedent(
        """
        import fireworks_rft
        from fireworks_rft.testing import FakeGateway
        with FakeGateway(step_seconds=0) as gw, fireworks_rft.Client(
            base_url=gw.url, api_key=gw.api_key, account_id="a"
        ) as client:
            print(client.get_job("j").state)
            try:
                client.execute_train_step("j", dataset="d", output_model="m")
            except fireworks_rft.OperationUnavailableError as exc:
                print(exc.operation_id)
        """
    )
    works = run([sys.executable, "-c", still], tmp_path, PYTHONPATH=pythonpath)
    assert works.returncode == 0, works.stderr
    assert works.stdout.split() == ["JOB_STATE_RUNNING", "gateway_execute_rlor_train_step"]

    # 7. the bump ran in the copy alone: this environment still imports the package from here
    where = run(
        [sys.executable, "-c", "import fireworks_rft; print(fireworks_rft.__file__)"], tmp_path
    )
    assert where.stdout.strip() == fireworks_rft.__file__, where.stdout + where.stderr


# -- the report looks inside schemas --------------------------------------------------------


def _with_job_schema(job: dict[str, Any]) -> dict[str, Any]:
    """The current spec plus a GET returning ``gatewayThing`` (a job-like schema)."""
    document = base()
    document["paths"]["/v1/things/{id}"] = {
        "get": {
            "operationId": "Gateway_GetThing",
            "parameters": [
                {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/gatewayThing"}
                        }
                    },
                }
            },
        }
    }
    document["components"]["schemas"]["gatewayThing"] = job
    document["components"]["schemas"]["gatewayLoss"] = {
        "type": "object",
        "properties": {"klBeta": {"type": "number"}, "method": {"type": "string"}},
    }
    return document


THING = {
    "type": "object",
    "title": "Next ID: 9",
    "properties": {
        "createTime": {"type": "string", "format": "date-time"},
        "loss": {"allOf": [{"$ref": "#/components/schemas/gatewayLoss"}], "description": "x"},
        "seconds": {
            "type": "object",
            "additionalProperties": {"type": "string", "format": "int64"},
        },
        "parent": {"$ref": "#/components/schemas/gatewayThing"},
        "children": {"type": "array", "items": {"$ref": "#/components/schemas/gatewayThing"}},
    },
}


def _changes(mutate) -> list[Change]:
    old = _with_job_schema(copy.deepcopy(THING))
    new = copy.deepcopy(old)
    mutate(new)
    return diff(old, new)


def test_a_dropped_format_that_changes_the_python_type_is_breaking():
    def drop(doc):
        del doc["components"]["schemas"]["gatewayThing"]["properties"]["createTime"]["format"]

    changes = _changes(drop)
    assert any(
        c.breaking and "format of `createTime` changed from date-time to none" in c.text
        for c in changes
    )


def test_fields_inside_allof_are_compared():
    def remove(doc):
        del doc["components"]["schemas"]["gatewayLoss"]["properties"]["method"]

    changes = _changes(remove)
    assert any(c.breaking and "removed field `loss.method`" in c.text for c in changes), changes


def test_map_value_types_are_compared():
    def retype(doc):
        doc["components"]["schemas"]["gatewayThing"]["properties"]["seconds"][
            "additionalProperties"
        ] = {"type": "integer"}

    changes = _changes(retype)
    assert any("`seconds{*}` changed from string (int64) to integer" in c.text for c in changes), (
        changes
    )


def test_recursive_schemas_do_not_crash_the_report():
    def add(doc):
        doc["components"]["schemas"]["gatewayThing"]["properties"]["note"] = {"type": "string"}

    changes = _changes(add)
    assert any("added optional field `note`" in c.text and not c.breaking for c in changes)


def test_titles_do_not_matter_but_component_renames_do():
    def retitle(doc):
        doc["components"]["schemas"]["gatewayThing"]["title"] = "Next ID: 10"

    assert [c for c in _changes(retitle) if c.breaking] == []

    def rename(doc):
        schemas = doc["components"]["schemas"]
        schemas["gatewayItem"] = schemas.pop("gatewayThing")
        text = yaml.safe_dump(doc).replace("schemas/gatewayThing", "schemas/gatewayItem")
        doc.clear()
        doc.update(load_yaml(text))

    changes = _changes(rename)
    assert any(
        c.breaking and "component `gatewayThing`" in c.text and "GatewayThing" in c.text
        for c in changes
    )


def test_a_changed_base_url_is_breaking():
    def move(doc):
        doc["servers"] = [{"url": "https://api.fireworks.ai/v2-gateway"}]

    (change,) = [c for c in _changes(move) if c.section == "server"]
    assert change.breaking
