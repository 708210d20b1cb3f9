"""A CMS theme's data table (``themes/{name}.yaml``), loaded and checked once.

A table says everything about a theme that is data: its URL shapes, listings
and their pagination, feeds, routes, server software and headers, charset,
robots.txt, furniture, the article lists beside an article, and the named
features (``features.py``) it switches on. The markup is in its templates.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any

import yaml

THEMES_DIR = Path(__file__).parent / "themes"


@dataclass(frozen=True)
class Theme:
    name: str
    templates: str  # template names are "{templates}-{layout,detail,listing,page}.html.j2"
    body: dict[str, Any]  # "macros": the body macros' template; blank_paragraphs, separator
    urls: dict[str, str]  # named URL shapes of an article ("article" is the canonical one)
    listings: dict[str, dict[str, str]]  # named listing shapes: path, and "next" for page 2+
    routes: tuple[dict[str, Any], ...]  # pattern -> page (views.PAGES) and its options
    server: str = "nginx"
    headers: tuple[tuple[str, str], ...] = ()
    charset: str = "utf-8"  # or "utf-8-as-latin-1" (a false label), "windows-1258"
    prefix: str = ""  # a language prefix before every path ("/vi")
    titles: dict[str, str] = field(default_factory=dict)
    description: str = "{publisher}"
    header_date: str = ""  # the header's "today" line (a date trap), a format string
    admin_account: str = ""  # the author field when no reporter posted the article
    furniture: tuple[str, ...] = ()
    duplicates: tuple[str, ...] = ()  # URL shapes serving the article again, never canonical
    feeds: dict[str, Any] = field(default_factory=dict)
    sitemap: str = ""  # the sitemap the registry names
    robots: str = "User-agent: *\nDisallow: /administrator/\n"
    lists: dict[str, dict[str, Any]] = field(default_factory=dict)
    related: tuple[str, ...] = ()  # the lists whose titles an article page shows
    features: dict[str, Any] = field(default_factory=dict)
    values: dict[str, Any] = field(default_factory=dict)  # free values its templates read


DEFAULT_TITLES = {
    "page": "{title}",
    "detail": "{title}",
    "listing_next": "{heading} - Trang {page}",
}


def _table(name: str) -> dict[str, Any]:
    """The YAML table of ``name``, over the table it ``extends`` (top-level keys replace)."""
    table = yaml.safe_load((THEMES_DIR / f"{name}.yaml").read_text(encoding="utf-8"))
    base = table.pop("extends", None)
    return {**_table(base), **table} if base else table


@cache
def theme(name: str) -> Theme:
    table = _table(name)
    known = {f.name for f in fields(Theme)}
    unknown = set(table) - known
    if unknown:
        raise ValueError(f"themes/{name}.yaml: unknown keys {sorted(unknown)}")
    table.setdefault("templates", name)
    table["titles"] = DEFAULT_TITLES | table.get("titles", {})
    table["headers"] = tuple(tuple(pair) for pair in table.get("headers", ()))
    for key in ("routes", "furniture", "duplicates", "related"):
        table[key] = tuple(table.get(key, ()))
    return Theme(name=name, **{k: v for k, v in table.items() if k != "name"})
