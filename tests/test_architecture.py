"""The package's shape: no import cycles (function-level imports included), small modules.

Every module's imports are read with :mod:`ast`, wherever they stand (top of
the file or inside a function), so a cycle hidden in a function body is found
too. Imports under ``if TYPE_CHECKING:`` are left out: they never run.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "simulation"
MAX_LINES = 400
# Modules allowed to be longer, each with its reason.
LONG_MODULES = {
    "simulation.scenario.schema": "the schema: one declaration (name, unit, default, source) "
                                  "per parameter; splitting it would scatter the list users read",
    "simulation.experiment.spec": "the experiment file's schema and its checks, read as one",
}


def module_name(path: Path) -> str:
    """``simulation/engine/model.py`` -> ``simulation.engine.model``."""
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """Ids of import nodes that sit under ``if TYPE_CHECKING:``."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                skip.update(id(n) for n in ast.walk(inner))
    return skip


def imports_of(name: str) -> set[str]:
    """The package modules ``name`` imports at run time, wherever the import stands."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    skip = _type_checking_nodes(tree)
    is_package = MODULES[name].name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative import
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base
                       for a in node.names]
        else:
            continue
        found.update(t for t in targets if t in MODULES and t != name)
    return found


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules, or ``None`` (depth-first search)."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def test_no_import_cycle() -> None:
    """No module reaches itself through imports, function-level ones included."""
    graph = {name: imports_of(name) for name in MODULES}
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_cycle_finder_finds_a_hidden_cycle() -> None:
    """The search itself works: a three-module cycle is reported."""
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_function_level_imports_are_seen() -> None:
    """Imports inside function bodies count (the run command imports the runner lazily)."""
    assert "simulation.runs.single" in imports_of("simulation.cli.run")


def test_modules_are_small_or_say_why() -> None:
    """No module is over about 400 lines without a reason written above."""
    long = {name: len(path.read_text(encoding="utf-8").splitlines())
            for name, path in MODULES.items()}
    over = {n: k for n, k in long.items() if k > MAX_LINES and n not in LONG_MODULES}
    assert not over, f"modules over {MAX_LINES} lines without a stated reason: {over}"
    assert set(LONG_MODULES) <= set(MODULES), "a stated reason names a module that is gone"
