"""Turning topics and ad-hoc queries into article selections (the index answers the query).

``archive`` never imports ``search``: this module asks the Whoosh index for
every article a query matches and hands the ids to ``archive.selection``,
which applies the explicit filters in SQL. The index is brought up to date
first (incrementally, like ``partyline index``), so a topic always reflects
the archive as it is now.
"""

from __future__ import annotations

from typing import Any

from archive.db import Archive
from archive.home import Home
from archive.models import Topic, TopicSnapshot
from archive.selection import Selection
from archive.snapshots import SnapshotDrift
from archive.topics import Filters, TopicDefinition
from partyline import __version__
from partyline.progress import Progress
from search.indexer import update_index
from search.querying import matching_article_ids


def refresh_index(archive: Archive, home: Home) -> None:
    """Index whatever changed since the last ``partyline index`` (nothing to do: fast)."""
    progress = Progress("index")
    summary = update_index(archive, home.index_dir, progress=progress.update)
    progress.close()
    if summary.added:
        progress.message(f"indexed {summary.added} new or changed article(s) first")


def query_selection(archive: Archive, home: Home, query: str, filters: Filters) -> Selection:
    refresh_index(archive, home)
    ids = matching_article_ids(home.index_dir, query, archive=archive)
    return Selection(article_ids=ids, filters=filters)


def topic_selection(archive: Archive, home: Home, definition: TopicDefinition) -> Selection:
    return query_selection(archive, home, definition.query, definition.filters)


def manifest_about(
    *,
    query: str,
    filters: Filters,
    topic: Topic | None = None,
    snapshot: TopicSnapshot | None = None,
    drift: SnapshotDrift | None = None,
) -> dict[str, Any]:
    """What an export's manifest says about where its articles came from."""
    about: dict[str, Any] = {
        "partyline_version": __version__,
        "topic": None,
        "query": query,
        "filters": filters.as_dict(),
        "snapshot": None,
    }
    if topic is not None:
        about["topic"] = {
            "slug": topic.slug,
            "title": topic.title,
            "description": topic.description,
        }
    if snapshot is not None:
        about["snapshot"] = {
            "name": snapshot.name,
            "frozen_at": snapshot.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "frozen_with_partyline": snapshot.software_version,
            "article_count": snapshot.article_count,
            "definition": snapshot.definition,
            "articles_missing_since": drift.missing if drift else [],
            "articles_reextracted_since": drift.text_changed if drift else [],
        }
    return about
