"""The package's shape: no import cycle, no ``Any`` in what the public clients take or return."""

from __future__ import annotations

import ast
import inspect
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import fireworks_rft

PACKAGE_DIR = Path(fireworks_rft.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import that can run: module level and inside functions, not TYPE_CHECKING's."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child):
            for other in child.orelse:
                yield from _imports(other)
            continue
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child
        yield from _imports(child)


def import_graph() -> dict[str, set[str]]:
    """Each module of the package and the modules of the package it imports."""
    modules = {_module_name(p): p for p in PACKAGE_DIR.rglob("*.py")}
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = package.split(".")
                if node.level:
                    base = base[: len(base) - node.level + 1]
                prefix = ".".join(base) if node.level else ""
                module = ".".join(p for p in (prefix, node.module or "") if p)
                targets = [f"{module}.{a.name}" for a in node.names] + [module]
            for target in targets:
                if target in modules and target != name:
                    graph[name].add(target)
                    break
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of ``graph`` (its modules in order), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(module: str) -> list[str] | None:
        state[module] = 1
        stack.append(module)
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[module] = 2
        return None

    for module in sorted(graph):
        if module not in state:
            found = visit(module)
            if found:
                return found
    return None


def test_no_import_cycle_in_the_package():
    graph = import_graph()
    assert graph.get("fireworks_rft._async_client")
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def _hints_namespace() -> dict[str, Any]:
    """What the clients' annotations name: the generated models and the package's types."""
    import fireworks_gateway.models
    import fireworks_gateway.types

    from fireworks_rft import _async_client, _client

    namespace: dict[str, Any] = {}
    for module in (fireworks_gateway.models, fireworks_gateway.types, _client, _async_client):
        namespace.update({name: getattr(module, name) for name in dir(module)})
    for name in fireworks_rft.__all__:
        namespace[name] = getattr(fireworks_rft, name)
    from fireworks_rft._waits import ProgressCallback

    namespace["ProgressCallback"] = ProgressCallback
    return namespace


def _mentions_any(hint: object) -> bool:
    if hint is Any:
        return True
    return any(_mentions_any(arg) for arg in typing.get_args(hint))


def _public_methods(cls: type) -> list[str]:
    return [
        name
        for name in dir(cls)
        if not name.startswith("_")
        and callable(inspect.getattr_static(cls, name))
        and not isinstance(inspect.getattr_static(cls, name), property | staticmethod)
    ]


@pytest.mark.parametrize("client_class", ["Client", "AsyncClient"])
def test_no_any_in_what_a_public_method_takes_or_returns(client_class):
    cls = getattr(fireworks_rft, client_class)
    namespace = _hints_namespace()
    found = []
    for name in _public_methods(cls):
        hints = typing.get_type_hints(getattr(cls, name), globalns=namespace)
        found += [f"{name}({arg})" for arg, hint in hints.items() if _mentions_any(hint)]
    assert found == []


def test_the_any_check_sees_an_any():
    assert _mentions_any(dict[str, Any]) and _mentions_any(list[int] | Any)
    assert not _mentions_any(dict[str, object])


def test_the_client_loads_no_generated_code_and_no_ledger_until_used(tmp_path):
    """``from fireworks_rft import Client`` stays cheap: the generated package loads with the
    first call, the result records with the first result, the ledger's modules (and sqlite3)
    with the first client that has a ledger."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from fireworks_rft import Client\n"
        "def loaded():\n"
        "    return sorted(m for m in sys.modules if m.startswith(('fireworks_gateway',"
        " 'fireworks_rft._ledger', 'fireworks_rft._sqlite', 'sqlite3', 'fireworks_rft._results')))\n"
        "print(loaded())\n"
        f"Client(api_key='k', account_id='a', ledger={str(tmp_path / 'steps.db')!r}).close()\n"
        "print(loaded())\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=tmp_path
    ).stdout.splitlines()
    assert found[0] == "[]"
    assert "'sqlite3'" in found[1] and "'fireworks_rft._sqlite_ledger'" in found[1]
