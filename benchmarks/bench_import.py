"""Import time, in fresh processes: fireworks_rft against httpx and the official SDK.

Also at a synthetic grpc-gateway-style spec of 150 more operations and 300 more schemas,
generated into a temporary folder by the repository's own pipeline (tools/generate.py), to
show that import time does not grow with the spec.

    python benchmarks/bench_import.py [--rounds 21] [--generator-python .venv/bin/python]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from harness import ROOT, child_env, interleaved, summary

IMPORTS = {
    "httpx": "import httpx",
    "fireworks_rft": "import fireworks_rft",
    "fireworks_rft.Client": "from fireworks_rft import Client",
    "httpx first Client()": "import httpx; httpx.Client()",
    "fireworks_rft first Client()": "from fireworks_rft import Client; Client(api_key='k')",
    "fireworks (official)": "import fireworks",
}
#: How many generated modules a statement loaded, printed after its time.
_COUNT = "import sys; print(sum(m.startswith('fireworks_gateway') for m in sys.modules))"


def import_time(statement: str, pythonpath: str | None = None) -> tuple[float, int]:
    """Milliseconds ``statement`` takes in a fresh process, and the generated modules it loaded."""
    code = f"import time; t = time.perf_counter(); {statement}; t = time.perf_counter() - t; {_COUNT}; print(t)"
    env = child_env(**({"PYTHONPATH": pythonpath} if pythonpath else {}))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    modules, seconds = done.stdout.split()
    return float(seconds) * 1000.0, int(modules)


def run(rounds: int) -> dict[str, Any]:
    """Median import times of IMPORTS, interleaved."""
    for statement in IMPORTS.values():  # warm the bytecode and file caches
        import_time(statement)
    runs = interleaved(
        {name: (lambda s=s: import_time(s)[0]) for name, s in IMPORTS.items()}, rounds
    )
    return {name: summary(values) for name, values in runs.items()}


def synthetic_spec(operations: int) -> dict[str, Any]:
    """openapi.yaml plus ``operations`` reads in the Gateway's style, two schemas each."""
    document: dict[str, Any] = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    params = [
        {"name": "account_id", "in": "path", "required": True, "schema": {"type": "string"}},
        {"name": "thing_id", "in": "path", "required": True, "schema": {"type": "string"}},
    ]
    schemas = document["components"]["schemas"]
    for i in range(operations):
        name = f"gatewayThing{i}"
        document["paths"][f"/v1/accounts/{{account_id}}/things{i}/{{thing_id}}"] = {
            "get": {
                "tags": ["Gateway"],
                "operationId": f"Gateway_GetThing{i}",
                "parameters": params,
                "responses": {
                    "200": {
                        "description": "A successful response.",
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}
                        },
                    }
                },
            }
        }
        schemas[name] = {
            "type": "object",
            "title": f"Next ID: {i + 3}",
            "properties": {
                "name": {"type": "string"},
                "createTime": {"type": "string", "format": "date-time"},
                "count": {"type": "string", "format": "int64"},
                "state": {"$ref": f"#/components/schemas/{name}State"},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
            },
        }
        schemas[f"{name}State"] = {
            "type": "string",
            "enum": [f"STATE_{j}" for j in range(6)],
            "title": "Mimics [https://github.com/googleapis/googleapis]",
        }
    return document


def run_spec_size(rounds: int, operations: int, generator_python: str) -> dict[str, Any]:
    """``from fireworks_rft import Client`` at today's spec and at a synthetic large one."""
    with tempfile.TemporaryDirectory() as tmp:
        spec = Path(tmp) / "openapi.yaml"
        spec.write_text(yaml.safe_dump(synthetic_spec(operations), sort_keys=False))
        out = Path(tmp) / "generated" / "fireworks_gateway"
        subprocess.run(
            [
                generator_python,
                "-m",
                "tools.generate",
                "write",
                "--spec",
                str(spec),
                "--out",
                str(out),
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        generated = str(out.parent)
        modules = sum(1 for _ in out.rglob("*.py"))
        statement = "from fireworks_rft import Client"
        first = statement + "; Client(api_key='k')"
        cases = {
            "httpx": lambda: import_time("import httpx")[0],
            "today's spec": lambda: import_time(statement)[0],
            f"+{operations} operations": lambda: import_time(statement, generated)[0],
            f"+{operations} operations, first Client()": lambda: import_time(first, generated)[0],
        }
        for case in cases.values():
            case()
        runs = interleaved(cases, rounds)
        loaded = import_time(first, generated)[1]
    return {
        "operations": operations,
        "generated_modules": modules,
        "modules_loaded_by_first_client": loaded,
        "times": {name: summary(values) for name, values in runs.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--operations", type=int, default=150)
    parser.add_argument("--generator-python", default=str(ROOT / ".venv" / "bin" / "python"))
    args = parser.parse_args()
    print(json.dumps({"imports": run(args.rounds)}, indent=2))
    print(json.dumps(run_spec_size(args.rounds, args.operations, args.generator_python), indent=2))


if __name__ == "__main__":
    main()
