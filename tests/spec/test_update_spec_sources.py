"""update-spec on what Fireworks really publishes: many operations at once, one of them
invalid, pages older than what openapi.yaml holds, ONLY=, servers, re-tags, legacy pages."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from tools.fast_yaml import load as load_yaml
from tools.generate import servers_module
from tools.spec_merge import merge, referenced_components
from tools.spec_sources import SourceError, parse
from tools.update_spec import SpecRejected, _read_sources, report_file, servers_notes, update

from ..support.fakes import ROOT
from .test_spec_bump import (
    FROB_PATH,
    JOB_PATH,
    PAGE,
    STEP_PATH,
    base,
    later_version,
    write_spec,
)

WHOLE = ROOT.parent / "shared" / "spec" / "gateway-openapi-4.259.0.yaml"
BROKEN_PATH = "/v1/accounts/{account_id}/things/accounts/{account_id}"


def with_broken_operation(document: dict[str, Any]) -> dict[str, Any]:
    """``document`` plus an operation whose path parameter ``thingId`` resolves nowhere."""
    broken = copy.deepcopy(document)
    get_job = copy.deepcopy(broken["paths"][JOB_PATH]["get"])
    get_job["operationId"] = "Synthetic_GetBrokenThing"
    get_job["parameters"] = [
        *[p for p in get_job.get("parameters") or [] if p.get("in") != "path"],
        {"name": "account_id", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": "thingId", "in": "path", "required": True, "schema": {"type": "string"}},
    ]
    broken["paths"][BROKEN_PATH] = {"get": get_job}
    return broken


@pytest.mark.slow(seconds=10)
def test_an_invalid_operation_is_skipped_and_never_blocks_the_others(small_repo, tmp_path, capsys):
    document = with_broken_operation(base())
    document["info"]["version"] = later_version(document["info"]["version"])
    step = document["paths"][STEP_PATH]["post"]
    step["description"] = "A newer description."
    assert update([str(write_spec(tmp_path / "all.yaml", document))], repo=small_repo) == 0
    err = capsys.readouterr().err
    assert "SKIPPED Synthetic_GetBrokenThing" in err and "thingId" in err
    merged = load_yaml((small_repo / "openapi.yaml").read_text())
    assert BROKEN_PATH not in merged["paths"]
    assert merged["paths"][STEP_PATH]["post"]["description"] == "A newer description."
    report = next((small_repo / "build").glob("spec-changes-*.md")).read_text()
    assert report.startswith("Summary: ") and "1 operation(s) skipped as invalid" in report
    assert "**SKIPPED** Synthetic_GetBrokenThing" in report


def _merged(sources: list[str], **options: Any) -> tuple[dict[str, Any], list[str]]:
    """openapi.yaml with ``sources`` merged in (nothing written, nothing generated); notes."""
    return _merged_into(base(), sources, **options)


def _merged_into(
    held: dict[str, Any], sources: list[str], **options: Any
) -> tuple[dict[str, Any], list[str]]:
    """``held`` with ``sources`` merged in; the notes."""
    notes: list[str] = []
    read, _ = _read_sources(sources, options.pop("only", ()))
    return merge(held, read, notes=notes, **options), notes


def test_an_older_source_never_replaces_a_newer_operation_or_component(tmp_path):
    check_an_older_source_never_replaces_a_newer_operation_or_component(base(), tmp_path)


def test_the_precedence_check_survives_a_bump_from_a_page_that_shares_nothing(tmp_path):
    """An additive bump from a newer page whose one operation shares no component with the
    others (the newest operation then shares nothing): the check still finds its pair."""
    page = {
        "openapi": "3.1.0",
        "info": {"title": "Gateway", "version": "99.0.0"},
        "paths": {
            "/v1/accounts/{account_id}/loneThings": {
                "get": {
                    "operationId": "Synthetic_ListLoneThings",
                    "parameters": [
                        {
                            "name": "account_id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "OK",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/syntheticLoneThings"}
                                }
                            },
                        }
                    },
                }
            }
        },
        "components": {"schemas": {"syntheticLoneThings": {"type": "object"}}},
    }
    bumped, _ = _merged([str(write_spec(tmp_path / "lone.yaml", page))])
    assert "/v1/accounts/{account_id}/loneThings" in bumped["paths"]
    (tmp_path / "check").mkdir()
    check_an_older_source_never_replaces_a_newer_operation_or_component(bumped, tmp_path / "check")


def check_an_older_source_never_replaces_a_newer_operation_or_component(held, tmp_path):
    held = copy.deepcopy(held)
    versions = {
        op["operationId"]: op["x-fireworks-source-version"]
        for item in held["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    }
    operations = {
        op["operationId"]: op
        for item in held["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    }

    def key(name: str) -> list[int]:
        return [int(p) for p in versions[name].split(".")]

    def shared_with_older(name: str) -> list[tuple[str, str]]:
        older = [operations[n] for n in operations if key(n) < key(name)]
        return sorted(
            referenced_components(held, [operations[name]]) & referenced_components(held, older)
        )

    # The newest operation that shares a component with an older one (after any additive
    # bump there is one: the spec ships operations of several versions that share schemas):
    # a source between the two versions replaces the older operation, but must keep the
    # newer component.
    newest = max((n for n in operations if shared_with_older(n)), key=key)
    shared = shared_with_older(newest)[0][1]
    middle = copy.deepcopy(held)
    middle["info"]["version"] = "5.0.0"
    for item in middle["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and operation.get("operationId") == newest:
                operation["description"] = "An older description."
    middle["components"]["schemas"][shared]["description"] = "An older schema description."
    source = str(write_spec(tmp_path / "older.yaml", middle))

    merged, notes = _merged_into(held, [source])
    assert f"kept {newest} from {versions[newest]}: {source} is older (5.0.0)" in "\n".join(notes)
    assert any(note.startswith(f"kept component {shared} ") for note in notes), notes
    text = yaml.safe_dump(merged)
    assert "An older description." not in text and "An older schema description." not in text

    downgraded, _ = _merged_into(held, [source], allow_downgrade=True)
    text = yaml.safe_dump(downgraded)
    assert "An older description." in text and "An older schema description." in text


def test_only_takes_the_named_operations(tmp_path):
    document = base()
    document["info"]["version"] = later_version(document["info"]["version"])
    document["paths"][STEP_PATH]["post"]["description"] = "Step, newer."
    document["paths"][JOB_PATH]["get"]["description"] = "Job, newer."
    source = str(write_spec(tmp_path / "two.yaml", document))
    merged, _ = _merged([source], only=["Gateway_GetRlorTrainerJob"])
    assert merged["paths"][JOB_PATH]["get"]["description"] == "Job, newer."
    assert merged["paths"][STEP_PATH]["post"].get("description") != "Step, newer."
    with pytest.raises(SpecRejected, match="Synthetic_Nothing"):
        _read_sources([source], only=["Synthetic_Nothing"])


@pytest.mark.skipif(not WHOLE.exists(), reason="../shared/spec is not beside the project")
def test_the_whole_published_spec_skips_its_one_broken_operation(capsys):
    read, skipped = _read_sources(
        [str(WHOLE)], only=["Gateway_GetApiKey", "Gateway_CreateRlorTrainerJob"]
    )
    (source,) = read
    kept = [
        op["operationId"]
        for item in source.document["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    ]
    assert kept == ["Gateway_CreateRlorTrainerJob"]
    assert len(skipped) == 1 and skipped[0].startswith("Gateway_GetApiKey ")


def test_reports_never_overwrite_each_other(tmp_path):
    first = report_file(tmp_path, "1.0.0", "1.1.0")
    assert first.parent == tmp_path / "build" and not first.exists()
    first.parent.mkdir()
    first.write_text("an earlier run's report")
    second = report_file(tmp_path, "1.0.0", "1.1.0")
    assert second != first and not second.exists()
    assert second.name.startswith("spec-changes-1.0.0-to-1.1.0-")


def test_a_legacy_mintlify_page_is_refused_by_name():
    page = b"---\ntitle: Get Model\nopenapi: get /v1/accounts/{account_id}/models/{model_id}\n---\n\nText.\n"
    with pytest.raises(SourceError, match="legacy Mintlify docs page.*get /v1/accounts"):
        parse(page, "get-model.md")
    block = b"# Get\n\n```yaml\nopenapi: openapi.json GET /v1/models\n```\n"
    with pytest.raises(SourceError, match="legacy Mintlify"):
        parse(block, "old.md")


def test_servers_of_another_source_stay_with_its_operations(tmp_path):
    page = PAGE.read_text().split("````yaml", 1)[1].split("\n", 1)[1].split("````", 1)[0]
    document = load_yaml(page)
    document["servers"] = [{"url": "https://inference.example/v1"}]
    merged, _ = _merged([str(write_spec(tmp_path / "page.yaml", document))])
    assert merged["servers"] == base()["servers"]  # the others are not re-routed
    operation = merged["paths"][FROB_PATH]["post"]
    assert operation["servers"] == [{"url": "https://inference.example/v1"}]
    assert any(
        "goes to https://inference.example/v1 (operation-level servers)" in note
        for note in servers_notes(merged)
    )
    routes: list[tuple[Any, ...]] = []
    for document_ in (merged, base()):
        namespace: dict[str, Any] = {}
        exec(compile(servers_module(document_), "_operation_servers.py", "exec"), namespace)
        routes.append(namespace["OPERATION_SERVERS"])
    # This one more, and the routes openapi.yaml already had (operations of their own servers).
    assert set(routes[0]) == {("POST", FROB_PATH, "https://inference.example/v1"), *routes[1]}


def test_a_retag_regenerates(small_repo, tmp_path, capsys):
    document = base()
    for item in document["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict):
                operation["tags"] = ["Training"]
    document["tags"] = [{"name": "Training"}]
    generated = small_repo / "generated/fireworks_gateway/api/gateway"
    (generated / "stale.py").write_text("# a stale module\n")
    assert update([str(write_spec(tmp_path / "retag.yaml", document))], repo=small_repo) == 0
    assert (
        "no API change; openapi.yaml rewritten and generated/ regenerated"
        in capsys.readouterr().out
    )
    assert not (generated / "stale.py").exists()  # regenerated: modules stay under api/gateway
    assert (generated / "gateway_execute_rlor_train_step.py").exists()
