"""Search results as plain text for a terminal: marks in [brackets], counts at the end."""

from __future__ import annotations

import html
import re
from typing import Any

_MARK_OPEN = re.compile(r"<mark[^>]*>")
_MARK_CLOSE = re.compile(r"</mark>")

FACETS_SHOWN = 8


def _plain_snippet(snippet: str) -> str:
    """The HTML snippet for a terminal: marks as [brackets], entities decoded."""
    return html.unescape(_MARK_CLOSE.sub("]", _MARK_OPEN.sub("[", snippet)))


def _facet_line(title: str, rows: list[dict[str, Any]]) -> str | None:
    if not rows:
        return None
    shown = [f"{row.get('label', row['value'])} {row['count']}" for row in rows[:FACETS_SHOWN]]
    more = f", … ({len(rows) - FACETS_SHOWN} more)" if len(rows) > FACETS_SHOWN else ""
    return f"{title}: {', '.join(shown)}{more}"


def format_results(result: dict[str, Any]) -> str:
    """Readable terminal output of a search: results, then counts by site, province, year."""
    total = f"{result['total']:,}" + (" (estimated)" if result.get("total_is_estimate") else "")
    header = f"{total} result(s) for {result['query']!r}"
    if result.get("pages"):
        header += f", page {result['page']} of {result['pages']}, by {result['sort']}"
    lines = [header]
    if result.get("did_you_mean"):
        lines.append(f"Did you mean: {result['did_you_mean']}")
    lines += [f"note: {note}" for note in result.get("notes", [])]
    first = (result.get("page", 1) - 1) * result.get("per_page", len(result["results"]))
    for number, hit in enumerate(result["results"], first + 1):
        place = f" ({hit['province']})" if hit.get("province") else ""
        lines.append("")
        lines.append(f"{number}. {hit['title']}")
        site = hit.get("site_name") or hit["site"]
        lines.append(f"   {hit['published'] or 'undated'} · {site}{place}")
        lines.append(f"   {hit['url']}")
        lines.append(f"   {_plain_snippet(hit['snippet'])}")
    facets = result.get("facets") or {}
    summary = [
        _facet_line("By site", facets.get("site", [])),
        _facet_line("By province", facets.get("province", [])),
        _facet_line("By province today", facets.get("province_current", [])),
        _facet_line("By year", facets.get("year", [])),
    ]
    if any(summary):
        lines.append("")
        lines += [line for line in summary if line]
    return "\n".join(lines)
