"""The dependency rules: which package may import which, and no module import loops.

``archive`` imports nothing of ours; ``crawler`` and ``search`` import ``archive``
but never each other; only the command line (``partyline``) knows all three. The
sample web is a fixture beside the product: it imports nothing of it, and only the
command line's demo imports it. Imports inside functions count too: a loop
hidden in a function is still a loop.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("archive", "crawler", "search", "partyline", "sampleweb")
# What each package must never import.
FORBIDDEN = {
    "archive": {"crawler", "search", "partyline", "sampleweb"},
    "crawler": {"search", "partyline", "sampleweb"},
    "search": {"crawler", "partyline", "sampleweb"},
    "sampleweb": {"archive", "crawler", "search", "partyline"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in PACKAGES
        for path in (REPO / package).rglob("*.py")
        if "migrations" not in path.parts
    }


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The modules of ours that ``path`` imports (``from a import b``: ``a.b`` when a module)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                names.add(submodule if submodule in modules else node.module)
    return {name for name in names if name in modules}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, modules) for name, path in modules.items()}


def test_packages_import_only_what_the_layering_allows() -> None:
    offenders = {
        module: sorted(imported)
        for module, imports in _graph().items()
        if (
            imported := {
                target
                for target in imports
                if target.split(".")[0] in FORBIDDEN.get(module.split(".")[0], ())
            }
        )
    }
    assert offenders == {}


def _loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), and self-imports."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1 or node in graph[node]:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_modules_import_each_other() -> None:
    assert _loops(_graph()) == []


def test_the_loop_finder_finds_a_loop() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _loops(graph) == [["a", "b", "c"]]
