"""The articles of a topic or an ad-hoc query: the index answers the words, SQL the filters.

``archive`` never imports ``search``, so this is where a saved search becomes
an ``archive.selection.Selection``: every article id the query matches, narrowed
by the topic's explicit filters (dates, provinces, sites) in SQL. The command
line, the website's topic pages and the tests all go through here; exports also
take a topic's frozen snapshot, with what their manifest says about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive.db import Archive
from archive.exports.manifest import manifest_about
from archive.selection import Selection, filter_site_ids
from archive.snapshots import get_snapshot, snapshot_drift
from archive.topics import Filters, TopicDefinition, definition_of, get_topic
from search.query.engine import matching_article_ids

NO_SITE = "-"  # a site id no site has: a topic whose provinces hold no site matches nothing


def query_selection(archive: Archive, index_dir: Path, query: str, filters: Filters) -> Selection:
    """The articles ``query`` matches, narrowed by ``filters``."""
    ids = matching_article_ids(index_dir, query, archive=archive)
    return Selection(article_ids=ids, filters=filters)


def topic_selection(archive: Archive, index_dir: Path, definition: TopicDefinition) -> Selection:
    """A topic's articles as its definition says now."""
    return query_selection(archive, index_dir, definition.query, definition.filters)


def topic_query(archive: Archive, definition: TopicDefinition) -> str:
    """The topic as one query of the search language: its query, then its filters
    (dates, and its provinces and sites as the site ids they select), so trends, terms
    and the concordance take a topic like any query."""
    parts = [f"({definition.query.strip()})"]
    filters = definition.filters
    if filters.date_from or filters.date_to:
        first = filters.date_from.isoformat() if filters.date_from else ""
        last = filters.date_to.isoformat() if filters.date_to else ""
        parts.append(f"date:{first}..{last}")
    with archive.session() as session:
        site_ids = filter_site_ids(session, filters)
    if site_ids is not None:
        terms = [f"site:{site_id}" for site_id in sorted(site_ids)] or [f"site:{NO_SITE}"]
        parts.append(terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")")
    return " ".join(parts)


@dataclass(frozen=True)
class Chosen:
    """The articles an export writes, and what its manifest says about where they came from."""

    selection: Selection
    about: dict[str, Any]


def query_articles(archive: Archive, index_dir: Path, query: str, filters: Filters) -> Chosen:
    """An ad-hoc query with its filters."""
    selection = query_selection(archive, index_dir, query, filters)
    return Chosen(selection, manifest_about(query=query, filters=filters))


def topic_articles(
    archive: Archive, index_dir: Path, slug: str, snapshot_name: str | None = None
) -> Chosen:
    """A topic's articles as it is defined now, or as one of its snapshots froze them."""
    with archive.session() as session:
        topic = get_topic(session, slug)
        definition = definition_of(topic)
        if snapshot_name:
            snapshot = get_snapshot(session, topic, snapshot_name)
            about = manifest_about(
                query=snapshot.definition["query"],
                filters=Filters.from_dict(snapshot.definition),
                topic=topic,
                snapshot=snapshot,
                drift=snapshot_drift(session, snapshot),
            )
            return Chosen(Selection(snapshot_id=snapshot.id), about)
        about = manifest_about(query=definition.query, filters=definition.filters, topic=topic)
    return Chosen(topic_selection(archive, index_dir, definition), about)
