"""The articles of a topic or an ad-hoc query: the index answers the words, SQL the filters.

``archive`` never imports ``search``, so this is where a saved search becomes
an ``archive.selection.Selection``: every article id the query matches, narrowed
by the topic's explicit filters (dates, provinces, sites) in SQL. The command
line, the website's topic pages and the tests all go through here.
"""

from __future__ import annotations

from pathlib import Path

from archive.db import Archive
from archive.selection import Selection
from archive.topics import Filters, TopicDefinition
from search.query.engine import matching_article_ids


def query_selection(archive: Archive, index_dir: Path, query: str, filters: Filters) -> Selection:
    """The articles ``query`` matches, narrowed by ``filters``."""
    ids = matching_article_ids(index_dir, query, archive=archive)
    return Selection(article_ids=ids, filters=filters)


def topic_selection(archive: Archive, index_dir: Path, definition: TopicDefinition) -> Selection:
    """A topic's articles as its definition says now."""
    return query_selection(archive, index_dir, definition.query, definition.filters)
