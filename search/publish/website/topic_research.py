"""A topic's research figures on its page: its share of all articles over time and its
distinctive terms, computed at build time and kept as files beside its exports.

The topic is written as one query (``selections.topic_query``: its query, then
its dates and sites), so the figures are exactly what ``partyline trends
--topic SLUG`` and ``partyline terms --topic SLUG --sample 5000`` print. The
files (``<slug>.trends.json``/``.csv``, ``<slug>.terms.json``/``.csv``) are
made again only when the topic's articles or the archive's monthly counts
changed (both the denominator and the reference corpus move with the
archive).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from archive.db import Archive
from search.publish.website import paths
from search.publish.website.catalog import Catalog
from search.publish.website.research_pages import WEB_SAMPLE
from search.query.delimited import csv_text
from search.query.terms import term_rows, terms_for_queries
from search.query.trends import TREND_COLUMNS, trend_rows, trends

MONTHLY_UP_TO = 36  # longer spans are shown per year
TOPIC_TERMS = 25
KINDS = (".trends.json", ".trends.csv", ".terms.json", ".terms.csv")


def research_files(slug: str) -> list[str]:
    """The topic's research files, paths from the site root."""
    return [paths.topic_export(slug, kind) for kind in KINDS]


def archive_fingerprint(catalog: Catalog) -> str:
    """Changes when any site's count of articles in any month changes."""
    counts = Counter((a.site_id, a.month) for a in catalog.articles)
    payload = json.dumps(sorted(counts.items(), key=str), default=str).encode()
    return hashlib.blake2b(payload, digest_size=12).hexdigest()


def _trend(archive: Archive, index_dir: Path, query: str, title: str) -> dict[str, Any]:
    result = trends(archive, index_dir, [query], period="month")
    if len(result["periods"]) > MONTHLY_UP_TO:
        result = trends(archive, index_dir, [query], period="year")
    for series in result["series"]:
        series["label"] = title
    return result


def write_research(
    archive: Archive, index_dir: Path, slug: str, title: str, query: str, build_dir: Path
) -> None:
    """Compute the topic's trend and terms and write them into the build."""
    trend = _trend(archive, index_dir, query, title)
    terms = terms_for_queries(archive, index_dir, [query], sample=WEB_SAMPLE, top=TOPIC_TERMS)
    terms["columns"][0]["study"]["label"] = title
    rows, columns = term_rows(terms)
    texts = {
        ".trends.json": json.dumps(trend, ensure_ascii=False, indent=2),
        ".trends.csv": "".join(csv_text(trend_rows(trend), TREND_COLUMNS)),
        ".terms.json": json.dumps(terms, ensure_ascii=False, indent=2),
        ".terms.csv": "".join(csv_text(rows, columns)),
    }
    for kind, text in texts.items():
        target = build_dir / paths.topic_export(slug, kind)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def read_research(slug: str, build_dir: Path) -> tuple[dict | None, dict | None]:
    """(trend, terms) as written into the build; None for what is not there."""
    found = []
    for kind in (".trends.json", ".terms.json"):
        path = build_dir / paths.topic_export(slug, kind)
        found.append(json.loads(path.read_text(encoding="utf-8")) if path.exists() else None)
    return found[0], found[1]
