"""The research pages the server renders: trends, shares, distinctive terms, keyword in context.

Each page shows its numbers three ways: a chart (inline SVG, every mark a
link to the search that finds its articles), a table, and downloads (CSV and
JSON, the same files as the command line's ``--csv`` and ``--json``), with
the command that reproduces them. Vietnamese at ``/trends``, English at
``/en/trends`` (and likewise for the other pages).
"""

from __future__ import annotations

import shlex
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from search.publish.website import paths
from search.publish.website.render import render_page
from search.publish.website.research_charts import legend, line_chart, share_bars, small_multiples
from search.publish.website.research_strings import RESEARCH_STRINGS
from search.publish.website.templates import search_params

PAGES = ("trends", "shares", "terms", "kwic")
WEB_SAMPLE = 5_000  # articles counted for distinctive terms on the site (the time stays bounded)
DOWNLOADS = {
    "trends": ("csv", "json"),
    "shares": ("csv", "json"),
    "terms": ("csv", "json"),
    "kwic": ("csv", "jsonl"),
}


@dataclass
class ResearchRequest:
    """What a research page was asked: its form's fields as given."""

    page: str
    queries: list[str]
    fields: dict[str, str] = field(default_factory=dict)  # by, per, top, sort, …

    def query_string(self, **changes: Any) -> str:
        fields = {**self.fields, **{k: str(v) for k, v in changes.items()}}
        pairs = [("q", query) for query in self.queries if query.strip()]
        pairs += [(name, value) for name, value in fields.items() if value not in ("", None)]
        return urlencode(pairs)


def command(request: ResearchRequest) -> str:
    """The command line that prints the page's data (its JSON)."""
    words = ["partyline", request.page, *[q for q in request.queries if q.strip()]]
    options = {
        "trends": (("by", "--by"), ("per", "--per"), ("top", "--top")),
        "shares": (("per", "--per"),),
        "terms": (("against", "--against"), ("top", "--top"), ("min_count", "--min-count")),
        "kwic": (("width", "--width"), ("sort", "--sort")),
    }[request.page]
    for name, flag in options:
        if request.fields.get(name):
            words += [flag, request.fields[name]]
    if request.page == "terms":
        words += ["--sample", str(WEB_SAMPLE)]
    words.append("--csv" if request.page == "kwic" else "--json")
    return shlex.join(words)


def _base(page: str, lang: str) -> str:
    return paths.root_for(page, lang) + paths.LANGUAGE_PREFIX[lang]


def render_research_page(
    request: ResearchRequest,
    lang: str,
    result: dict[str, Any] | None,
    *,
    error: str | None = None,
    notes: Sequence[str] = (),
) -> str:
    """``<page>.html`` for ``lang`` with the result's chart, table and downloads."""
    if lang not in paths.LANGUAGE_PREFIX:
        raise ValueError(f"unknown language {lang!r}")
    page = request.page
    base = _base(page, lang)
    strings = RESEARCH_STRINGS[lang]

    def link(query: str) -> str:
        return f"{base}search?{search_params(query)}"

    context: dict[str, Any] = {
        "request": request,
        "r": strings,
        "result": result,
        "error": error,
        "notes": list(notes),
        "query": request.queries[0] if request.queries else "",
        "pages": PAGES,
        "command": command(request) if result else None,
        "downloads": [
            (kind.upper(), f"{paths.root_for(page, lang)}{page}.{kind}?{request.query_string()}")
            for kind in DOWNLOADS[page]
        ]
        if result
        else [],
        "search_link": link,
    }
    if result and page == "trends":
        context["chart"] = line_chart(result, strings, link)
        context["legend"] = legend(result)
        if result["per"]:
            context["multiples"] = small_multiples(result, strings, link)
    if result and page == "shares":
        context["chart"] = share_bars(result, strings, link)
    return render_page(f"{page}.html", context, page, lang)
