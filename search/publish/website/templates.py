"""The Jinja2 environment of the site: autoescaping on (scraped text is untrusted),
templates compiled once per process, and the version of the template set that
every page key includes (a changed template or string rewrites every page)."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import resources
from pathlib import Path
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape

from search.publish.website import charts, i18n, paths, research_charts
from search.publish.website.research_strings import RESEARCH_STRINGS


def search_params(query: str, page: int = 1, sort: str | None = None) -> str:
    """The query string of a search link (page 1 and the default order are left out)."""
    params: dict[str, str | int] = {"q": query}
    if page > 1:
        params["page"] = page
    if sort:
        params["sort"] = sort
    return urlencode(params)


def research_chart(result: dict, lang: str, base: str) -> str:
    """A trend's line chart on a page of ``lang`` whose way to its language root is ``base``."""
    return research_charts.line_chart(
        result, RESEARCH_STRINGS[lang], lambda query: f"{base}search?{search_params(query)}"
    )


@cache
def template_environment() -> Environment:
    """Templates from ``site_templates`` (one per process: compiled templates are cached)."""
    env = Environment(
        loader=PackageLoader("site_templates", ""),
        autoescape=select_autoescape(["html", "xml"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        cache_size=-1,
    )
    env.globals.update(
        strings=i18n.STRINGS,
        prefixes=paths.LANGUAGE_PREFIX,
        language_names=i18n.LANGUAGE_NAMES,
        publisher_types=i18n.PUBLISHER_TYPES,
        format_month=i18n.format_month,
        format_published=i18n.format_published,
        date_source_label=i18n.date_source_label,
        search_params=search_params,
        bar_chart=charts.bar_chart,
        research_strings=RESEARCH_STRINGS,
        research_chart=research_chart,
    )
    return env


def _template_files() -> list[Path]:
    folder = Path(str(resources.files("site_templates")))
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


@cache
def template_set_version() -> str:
    """A hash of the templates, static files and the code that shapes pages."""
    digest = hashlib.sha256()
    code = Path(__file__).parent
    for path in [*_template_files(), *sorted(code.glob("*.py"))]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
