"""The dependency rules: ``archive`` imports neither ``crawler`` nor ``search``, and the
sample web (a fixture beside the product) imports nothing of the product."""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FORBIDDEN = {"crawler", "search", "partyline"}
PRODUCT = {"crawler", "archive", "search", "partyline"}


def _imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def _offenders(package: str, forbidden: set[str]) -> dict[str, list[str]]:
    """The modules of ``package`` importing any of ``forbidden``, with what they import."""
    return {
        str(path.relative_to(REPO)): sorted(_imported_packages(path) & forbidden)
        for path in (REPO / package).rglob("*.py")
        if _imported_packages(path) & forbidden
    }


def test_archive_depends_on_nothing_of_ours() -> None:
    assert _offenders("archive", FORBIDDEN) == {}


def test_crawler_and_search_do_not_import_the_command_line() -> None:
    for package in ("crawler", "search"):
        assert _offenders(package, {"partyline"}) == {}


def test_sampleweb_imports_nothing_of_the_product() -> None:
    assert _offenders("sampleweb", PRODUCT) == {}
