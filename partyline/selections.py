"""Turning topics and ad-hoc queries into article selections (the index answers the query).

``archive`` never imports ``search``: this module asks the Whoosh index for
every article a query matches and hands the ids to ``archive.selection``,
which applies the explicit filters in SQL. The index is brought up to date
first (incrementally, like ``partyline index``), so a topic always reflects
the archive as it is now.
"""

from __future__ import annotations

from archive.db import Archive
from archive.home import Home
from archive.selection import Selection
from archive.topics import Filters, TopicDefinition
from partyline.progress import Progress
from search.index.update import update_index
from search.query.engine import matching_article_ids


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
