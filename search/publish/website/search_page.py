"""The search page as the search server renders it for ``/search`` and ``/en/search``."""

from __future__ import annotations

from typing import Any

from search.publish.website import paths
from search.publish.website.render import render_page


def render_search_page(
    lang: str, query: str, sort: str | None, result: dict[str, Any] | None
) -> str:
    """``search.html`` for ``lang`` ("vi" at ``/search``, "en" at ``/en/search``)."""
    if lang not in paths.LANGUAGE_PREFIX:
        raise ValueError(f"unknown language {lang!r}")
    return render_page(
        "search.html", {"query": query, "sort": sort, "result": result}, "search", lang
    )
