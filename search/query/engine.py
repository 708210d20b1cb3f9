"""Answering a search: parse, match, rank, page, highlight, count facets, suggest.

``search()`` is what the command line, the search server and the site call;
``matching_article_ids()`` is every article a query matches, for topics and
exports. Both take the full query language (``search/query/syntax.py``,
``docs/search.md``), and neither raises on a malformed query: it is answered
as well as it can be, with notes saying what was repaired.
"""

from __future__ import annotations

import html
import math
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import Row, bindparam, select

from archive.attachments import attachments_of
from archive.db import Archive
from archive.models import Article
from search.query import syntax
from search.query.docsets import DocSets
from search.query.facets import facet_counts
from search.query.facts import facts_for
from search.query.ranking import by_date, by_relevance, relevance_terms
from search.query.snippets import highlights_for, snippet
from search.query.suggest import did_you_mean
from search.site_filters import SiteInfo, load_sites, sites_from_snapshot
from search.store import IndexBusy, IndexMissing, IndexOutdated, open_searcher, read_state

__all__ = [
    "IndexBusy",
    "IndexMissing",
    "IndexOutdated",
    "matching_article_ids",
    "normalise_sort",
    "search",
]

SORT_ORDERS = ("relevance", "newest", "oldest")
MAX_PER_PAGE = 1000


def normalise_sort(sort: str | None) -> str | None:
    """``relevance``, ``newest`` (alias ``date``) or ``oldest``; None when unknown."""
    return syntax.SORTS.get((sort or "").strip().lower())


def empty_response(text: str, parsed: syntax.ParsedQuery, page: int, limit: int) -> dict:
    """The answer with no results: its shape is the JSON API's."""
    return {
        "query": text,
        "total": 0,
        "total_is_estimate": False,
        "page": page,
        "per_page": limit,
        "pages": 0,
        "sort": parsed.sort or "relevance",
        "results": [],
        "facets": {"site": [], "province": [], "province_current": [], "year": []},
        "did_you_mean": None,
        "notes": list(parsed.notes),
    }


# What a result shows of the page's articles (the text only for the snippet); built
# once, as building a statement costs more than running it.
RESULT_ROWS = select(
    Article.id,
    Article.canonical_url,
    Article.title,
    Article.published,
    Article.site_id,
    Article.author,
    Article.source,
    Article.text,
).where(Article.id.in_(bindparam("ids", expanding=True)))


def _result(article: Row, score: float, text_snippet: str, site: SiteInfo | None) -> dict:
    return {
        "url": article.canonical_url,
        "title": article.title,
        "published": article.published,
        "site": article.site_id,
        "site_name": site.name if site else article.site_id,
        "province": site.province if site else None,
        "province_current": site.province_current if site else None,
        "author": article.author,
        "source": article.source,
        "snippet": text_snippet,
        "score": round(score, 4),
        "id": article.id,
    }


def search(
    archive: Archive,
    index_dir: Path,
    text: str,
    *,
    limit: int = 10,
    page: int = 1,
    sort: str | None = None,
    facets: bool = True,
    suggest: bool = True,
) -> dict[str, Any]:
    """One page of results as ``{"query", "total", "results", "facets", ...}`` (the JSON API).

    ``sort`` is ``relevance``, ``newest`` (or ``date``) or ``oldest``; it
    overrides a ``sort:`` in the query. Without words to rank by, the newest
    come first.
    """
    limit = min(max(int(limit), 1), MAX_PER_PAGE)
    page = max(int(page), 1)
    parsed = syntax.parse(text)
    response = empty_response(text, parsed, page, limit)
    if sort is not None and normalise_sort(sort) is None:
        response["notes"].append(f"Unknown sort {sort!r}: sorted by relevance.")
    if parsed.tree is None:
        return response
    searcher = open_searcher(index_dir)
    facts = facts_for(searcher.reader())
    sites = load_sites(archive)
    docsets = DocSets(searcher, facts, sites)
    matches = docsets.matches(parsed.tree)
    response["notes"] += docsets.notes
    scoring = relevance_terms(searcher.reader(), parsed.tree)
    order = normalise_sort(sort) or parsed.sort or ("relevance" if scoring else "newest")
    wanted = page * limit
    total = int(np.count_nonzero(matches))
    if wanted - limit >= total:
        ranked: list[tuple[int, float]] = []
    elif order == "relevance":
        ranked = by_relevance(docsets.postings, scoring, matches, wanted)
    else:
        docnums = by_date(facts, matches, wanted, oldest=order == "oldest")
        ranked = [(docnum, 0.0) for docnum in docnums]
    page_hits = [
        (int(facts.article_ids[docnum]), score) for docnum, score in ranked[wanted - limit :]
    ]
    response.update(
        total=total,
        pages=math.ceil(total / limit),
        sort=order,
        results=_results(archive, page_hits, highlights_for(searcher.reader(), parsed.tree), sites),
    )
    if facets:
        response["facets"] = facet_counts(facts, matches, sites)
    if suggest:
        response["did_you_mean"] = did_you_mean(searcher.reader(), parsed)
    return response


def _results(
    archive: Archive, hits: list[tuple[int, float]], marks: Any, sites: list[SiteInfo]
) -> list[dict]:
    ids = [article_id for article_id, _ in hits]
    with archive.engine.connect() as connection:
        articles = {row.id: row for row in connection.execute(RESULT_ROWS, {"ids": ids})}
    info = {site.id: site for site in sites}
    results = []
    for article_id, score in hits:
        article = articles.get(article_id)
        if article is None:  # deleted since the index was last updated
            continue
        text = article.text
        results.append(_result(article, score, snippet(text, marks), info.get(article.site_id)))
    _document_snippets(archive, [r for r in results if "<mark" not in r["snippet"]], marks)
    return results


def _document_snippets(archive: Archive, results: list[dict], marks: Any) -> None:
    """A result whose words are in a document it attaches, not in its own text, shows
    the passage of that document, after the document's name."""
    if not results:
        return
    with archive.session() as session:
        documents = attachments_of(session, [result["id"] for result in results])
    for result in results:
        for document in documents.get(result["id"], []):
            passage = snippet(document.text, marks) if document.text else ""
            if "<mark" in passage:
                result["snippet"] = f"{html.escape(document.label)}: {passage}"
                result["matched_in"] = document.url
                break


def matching_article_ids(
    index_dir: Path, text: str, *, archive: Archive | None = None
) -> list[int]:
    """Every article id the query matches (filters included), unpaginated and sorted.

    Provinces and site names come from ``archive`` when given, otherwise from
    the snapshot of the sites table the last ``partyline index`` run kept.
    """
    parsed = syntax.parse(text)
    if parsed.tree is None:
        return []
    searcher = open_searcher(index_dir)
    facts = facts_for(searcher.reader())
    if archive is not None:
        sites = load_sites(archive)
    else:
        sites = sites_from_snapshot(read_state(index_dir).get("sites"))
    matches = DocSets(searcher, facts, sites).matches(parsed.tree)
    return np.sort(facts.article_ids[matches]).tolist()
