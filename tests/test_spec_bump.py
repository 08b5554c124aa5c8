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

from tools.spec_diff import Change, diff, render
from tools.update_spec import next_version, update

from .conftest import ROOT, SPEC_PATH
from .fault_server import Action, fault_server

STEP_PATH = "/v1/accounts/{account_id}/rlorTrainerJobs/{rlor_trainer_job_id}:executeTrainStep"
JOB_PATH = "/v1/accounts/{account_id}/rlorTrainerJobs/{rlor_trainer_job_id}"
BODY_SCHEMA = ("components", "schemas", "GatewayExecuteRlorTrainStepBody")


def base() -> dict[str, Any]:
    return yaml.safe_load(SPEC_PATH.read_text())


def body_schema(document: dict[str, Any]) -> dict[str, Any]:
    node: Any = document
    for key in BODY_SCHEMA:
        node = node[key]
    return node


def additive_bump() -> dict[str, Any]:
    """4.21.6: adds DELETE of a trainer job and an optional body field."""
    document = base()
    document["info"]["version"] = "4.21.6"
    step = document["paths"][STEP_PATH]["post"]
    document["paths"][JOB_PATH] = {
        "delete": {
            "tags": ["Gateway"],
            "summary": "Delete an RLOR trainer job",
            "operationId": "Gateway_DeleteRlorTrainerJob",
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
    changes = diff(base(), additive_bump())
    assert texts(changes, breaking=True) == []
    assert "info.version: 4.15.25 → 4.21.6" in texts(changes)
    assert any(
        "added operation DELETE " + JOB_PATH + " (Gateway_DeleteRlorTrainerJob)" in t
        for t in texts(changes)
    )
    assert any("added optional field `learningRateScale` (number)" in t for t in texts(changes))


def test_removed_operation_is_breaking_by_path_and_operation_id():
    document = base()
    del document["paths"][STEP_PATH]
    (change,) = diff(base(), document)
    assert change.breaking and change.section == "operation"
    assert change.text == f"removed operation POST {STEP_PATH} (Gateway_ExecuteRlorTrainStep)"
    assert "**BREAKING**: removed operation POST" in render([change], "a", "b")


def test_renamed_operation_id_is_breaking():
    document = base()
    document["paths"][STEP_PATH]["post"]["operationId"] = "Gateway_RunStep"
    (change,) = diff(base(), document)
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


def test_version_policy_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    for rule in ("BREAKING spec change", "additions", "only the spec's version"):
        assert rule in readme


# -- refusals leave the repository untouched --------------------------------------------------

TOUCHED = ["openapi.yaml", "generator-config.yaml", "src/fireworks_rft/_version.py", "CHANGELOG.md"]


@pytest.fixture
def small_repo(tmp_path: Path) -> Path:
    """The files update-spec reads and writes, copied."""
    repo = tmp_path / "repo"
    for name in TOUCHED:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, repo / name)
    shutil.copytree(
        ROOT / "generated", repo / "generated", ignore=shutil.ignore_patterns("__pycache__")
    )
    return repo


def snapshot(repo: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(repo)): p.read_bytes()
        for p in sorted(repo.rglob("*"))
        if p.is_file() and "build" not in p.relative_to(repo).parts and "__pycache__" not in p.parts
    }


def write_spec(path: Path, document: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


def test_removing_execute_train_step_is_refused(small_repo, tmp_path, capsys):
    document = base()
    document["info"]["version"] = "4.259.0"
    del document["paths"][STEP_PATH]
    before = snapshot(small_repo)
    code = update(str(write_spec(tmp_path / "new.yaml", document)), repo=small_repo)
    out, err = capsys.readouterr()
    assert code == 3
    assert f"**BREAKING**: removed operation POST {STEP_PATH} (Gateway_ExecuteRlorTrainStep)" in out
    assert "refused, 1 BREAKING change(s); nothing changed" in err
    assert snapshot(small_repo) == before
    report = small_repo / "build" / "spec-changes-4.15.25-to-4.259.0.md"
    assert "Gateway_ExecuteRlorTrainStep" in report.read_text()


def test_invalid_spec_is_refused(small_repo, tmp_path, capsys):
    invalid = tmp_path / "invalid.yaml"
    invalid.write_text("openapi: 3.1.0\ninfo: {title: x}\npaths: {}\n")
    before = snapshot(small_repo)
    assert update(str(invalid), repo=small_repo) == 1
    err = capsys.readouterr().err
    assert "openapi-spec-validator: 'version' is a required property" in err
    assert snapshot(small_repo) == before


def test_spec_the_generator_cannot_fully_generate_is_refused(small_repo, tmp_path, capsys):
    document = base()
    document["info"]["version"] = "4.21.7"
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
    assert update(str(write_spec(tmp_path / "xml.yaml", document)), repo=small_repo) == 1
    err = capsys.readouterr().err
    assert "--fail-on-warning" in err and "Unsupported content type application/xml" in err
    assert snapshot(small_repo) == before


def test_not_yaml_and_missing_file_are_refused(small_repo, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("openapi: [unclosed\n")
    assert update(str(bad), repo=small_repo) == 1
    assert update(str(tmp_path / "nope.yaml"), repo=small_repo) == 1
    assert "no such file" in capsys.readouterr().err


def test_breaking_bump_with_override(small_repo, tmp_path):
    document = additive_bump()
    body_schema(document)["properties"].pop("outputModel")
    body_schema(document)["required"].remove("outputModel")
    assert (
        update(str(write_spec(tmp_path / "b.yaml", document)), repo=small_repo, allow_breaking=True)
        == 0
    )
    version_file = (small_repo / "src/fireworks_rft/_version.py").read_text()
    assert '__version__ = "0.2.0"' in version_file
    assert '__spec_version__ = "4.21.6"' in version_file


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


def test_whole_bump(repo_copy: Path, tmp_path: Path):
    venv = Path(sys.executable).parent.parent
    raw = yaml.safe_dump(additive_bump(), sort_keys=False).encode()

    # The Makefile runs with this test's virtual environment, and a stamp newer than
    # pyproject.toml, so that it never sets up (or replaces) an environment of its own.
    stamp = tmp_path / "tools-stamp"
    stamp.touch()
    make = ["make", f"VENV={venv}", f"STAMP={stamp}"]

    # 1. update-spec through the Makefile, fetching the spec from a URL (a loopback server).
    served = Action(status=200, body=raw, headers=(("Content-Type", "application/yaml"),))
    with fault_server(served) as server:
        done = run([*make, "update-spec", f"SPEC={server.url}/openapi-4.21.6.yaml"], repo_copy)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "added operation DELETE" in done.stdout

    # 2. the spec, the versions, the changelog
    assert (repo_copy / "openapi.yaml").read_bytes() == raw
    version_file = (repo_copy / "src/fireworks_rft/_version.py").read_text()
    assert '__spec_version__ = "4.21.6"' in version_file
    assert '__version__ = "0.1.1"' in version_file  # additions only: the patch version (0.x)
    assert (
        "Spec bump (package 0.1.1): spec 4.15.25 → 4.21.6"
        in (repo_copy / "CHANGELOG.md").read_text()
    )

    # 3. check-generated passes on the bumped repository
    checked = run([*make, "check-generated"], repo_copy)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert (
        repo_copy / "generated/fireworks_gateway/api/gateway/gateway_delete_rlor_trainer_job.py"
    ).exists()

    # 4. the new operation and the new field work through the configured client
    pythonpath = f"{repo_copy / 'src'}{os.pathsep}{repo_copy / 'generated'}"
    probe = textwrap.dedent(
        """
        import httpx, json, fireworks_rft
        from fireworks_gateway.api.gateway import gateway_delete_rlor_trainer_job as delete
        from fireworks_gateway.models import GatewayExecuteRlorTrainStepBody
        seen = []
        def handle(request):
            seen.append(request)
            return httpx.Response(200, json={})
        http = httpx.Client(transport=httpx.MockTransport(handle))
        with fireworks_rft.Client(api_key="k", http_client=http) as client:
            response = delete.sync_detailed("acct", "job-1", client=client.gateway)
        body = GatewayExecuteRlorTrainStepBody(dataset="d", output_model="m", learning_rate_scale=0.5)
        print(response.status_code, seen[0].method, seen[0].url.path, seen[0].headers["authorization"])
        print(fireworks_rft.__spec_version__, fireworks_rft.__version__, json.dumps(body.to_dict()))
        """
    )
    probed = run([sys.executable, "-c", probe], tmp_path, PYTHONPATH=pythonpath)
    assert probed.returncode == 0, probed.stderr
    first, second = probed.stdout.splitlines()
    assert first == "200 DELETE /v1/accounts/acct/rlorTrainerJobs/job-1 Bearer k"
    assert second == '4.21.6 0.1.1 {"dataset": "d", "outputModel": "m", "learningRateScale": 0.5}'

    # 5. the old tests still pass on the bumped repository (this test excepted)
    tests = run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-x",
            "-p",
            "no:cacheprovider",
            "tests",
            "--ignore=tests/test_spec_bump.py",
        ],
        repo_copy,
        PYTHONPATH=pythonpath,
    )
    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-2000:]
    assert " passed" in tests.stdout
