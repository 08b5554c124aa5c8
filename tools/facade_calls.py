"""Which public client methods call which generated operation: a static call graph.

The facade imports each generated operation inside the method (or private helper) that
calls it (``import fireworks_gateway.api.gateway.<module> as ...``). This reads
``src/fireworks_rft/_async_client.py``, the one source of both clients, with ``ast``: for
each function, the generated modules it imports and the helpers it uses (``self._x`` and
module-level functions); a public method calls every module its helpers import, however
deep. ``make update-spec`` names, for a removed operation, the methods it breaks; the tests
check that every module imported exists in the spec. Nothing is imported or run.

    python -m tools.facade_calls   # print each public method and the operations it calls
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("src") / "fireworks_rft" / "_async_client.py"
GENERATED_API = "fireworks_gateway.api.gateway."
CLIENTS = ("Client", "AsyncClient")
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")


def module_name(operation_id: str) -> str:
    """The generated module's name of an operationId, as openapi-python-client names it."""
    return "_".join(word.lower() for word in _WORDS.findall(operation_id))


class _Uses(ast.NodeVisitor):
    """What one function's body imports from the generated API and which helpers it uses."""

    def __init__(self, functions: set[str]) -> None:
        self.functions = functions
        self.modules: set[str] = set()
        self.calls: set[str] = set()

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name.startswith(GENERATED_API):
                self.modules.add(alias.name.removeprefix(GENERATED_API))

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.value, ast.Name) and node.value.id == "self":
            self.calls.add(f"self.{node.attr}")
        self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if node.id in self.functions:
            self.calls.add(node.id)


def _functions(tree: ast.Module) -> dict[str, ast.FunctionDef | ast.AsyncFunctionDef]:
    """The module's functions by name, and the client class's methods as ``self.<name>``."""
    found: dict[str, ast.FunctionDef | ast.AsyncFunctionDef] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found[node.name] = node
        if isinstance(node, ast.ClassDef) and node.name == "AsyncClient":
            for item in node.body:
                if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                    found[f"self.{item.name}"] = item
    return found


def modules_by_method(source: str) -> dict[str, set[str]]:
    """Each public method of the client and the generated modules it calls, transitively."""
    functions = _functions(ast.parse(source))
    uses: dict[str, _Uses] = {}
    module_functions = {name for name in functions if not name.startswith("self.")}
    for name, function in functions.items():
        visitor = _Uses(module_functions)
        for statement in function.body:
            visitor.visit(statement)
        uses[name] = visitor
    result: dict[str, set[str]] = {}
    for name in functions:
        method = name.removeprefix("self.")
        if not name.startswith("self.") or method.startswith("_"):
            continue
        seen, todo, modules = {name}, [name], set()
        while todo:
            current = uses[todo.pop()]
            modules |= current.modules
            for callee in current.calls - seen:
                if callee in uses:
                    seen.add(callee)
                    todo.append(callee)
        result[method] = modules
    return result


def methods_by_operation(
    operation_ids: Iterable[str], repo: Path = ROOT
) -> dict[str, tuple[str, ...]]:
    """For each operationId the facade calls, the methods (``Client.x``, ``AsyncClient.x``)."""
    by_method = modules_by_method((repo / SOURCE).read_text(encoding="utf-8"))
    found: dict[str, tuple[str, ...]] = {}
    for operation_id in operation_ids:
        module = module_name(operation_id)
        methods = sorted(m for m, modules in by_method.items() if module in modules)
        if methods:
            found[operation_id] = tuple(f"{c}.{m}" for m in methods for c in CLIENTS)
    return found


def imported_modules(repo: Path = ROOT) -> Mapping[str, set[str]]:
    """Every generated module the facade imports, and the public methods that need it."""
    by_method = modules_by_method((repo / SOURCE).read_text(encoding="utf-8"))
    found: dict[str, set[str]] = {}
    for method, modules in by_method.items():
        for module in modules:
            found.setdefault(module, set()).add(method)
    return found


def main() -> int:
    """Print each public method and the generated modules it calls."""
    for method, modules in sorted(modules_by_method((ROOT / SOURCE).read_text()).items()):
        print(f"{method}: {', '.join(sorted(modules)) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
