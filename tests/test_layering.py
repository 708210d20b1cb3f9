"""The dependency rule: ``archive`` imports neither ``crawler`` nor ``search``."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FORBIDDEN = {"crawler", "search", "partyline"}


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_archive_depends_on_nothing_of_ours() -> None:
    offenders = {
        str(path.relative_to(REPO)): sorted(_imported_packages(path) & FORBIDDEN)
        for path in (REPO / "archive").rglob("*.py")
        if _imported_packages(path) & FORBIDDEN
    }
    assert offenders == {}


def test_crawler_and_search_do_not_import_the_command_line() -> None:
    for package in ("crawler", "search"):
        for path in (REPO / package).rglob("*.py"):
            assert "partyline" not in _imported_packages(path), path
