"""Keyword in context: every place a query's words stand in the matching articles, with the
text to their left and right.

The marks are the search's own (``snippets.marked_spans``): a phrase where its
words stand together, a word typed without diacritics in every spelling, old
and new tone placement alike, on the text as published. Words under NOT are
not marked; words typed side by side and found side by side are one match.
Titles and texts are both read (``field`` says which).

Articles are taken oldest first (undated last, then by id), a batch at a
time from the database, so lines stream in constant memory however many
there are. A batch ends at a cursor (the last article's date and id), so
the server can fetch the next one in another request or process.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import bindparam, select

from archive.db import Archive
from archive.models import Article
from search.analysis import WORD, ensure_nfc
from search.query import syntax
from search.query.masks import Snapshot, measure
from search.query.snippets import highlights_for, marked_spans

DEFAULT_WIDTH = 60
MAX_WIDTH = 300
BATCH_ARTICLES = 500
UNDATED_KEY = 99_999_999
ID_SPAN = 10**10  # article ids stay below this: (date, id) fits one int64 key
PARAGRAPH = " ¶ "
_BREAKS = re.compile(r"\s*\n\s*\n\s*")

ROWS = select(
    Article.id,
    Article.title,
    Article.text,
    Article.published,
    Article.site_id,
    Article.canonical_url,
).where(Article.id.in_(bindparam("ids", expanding=True)))

KWIC_COLUMNS = (
    "left",
    "match",
    "right",
    "title",
    "published",
    "site",
    "site_name",
    "url",
    "article_id",
    "field",
    "offset",
)


def _flat(text: str) -> str:
    """One line: paragraph breaks as ¶, every run of spaces as one (kept at the ends)."""
    if "\n\n" in text:
        text = _BREAKS.sub(PARAGRAPH, text)
    inner = " ".join(text.split())
    if not inner:
        return " " if text else ""
    return (" " if text[0].isspace() else "") + inner + (" " if text[-1].isspace() else "")


def left_context(text: str, start: int, width: int) -> str:
    """Up to ``width`` characters before ``start``, on one line, not starting mid-word."""
    reach = max(0, start - 3 * width)
    before = _flat(text[reach:start])
    if len(before) <= width and reach == 0:
        return before.lstrip()
    kept = before[-width:]
    if len(before) > width and before[-width - 1].isspace():
        return kept.lstrip()
    space = kept.find(" ")
    return kept[space + 1 :] if space != -1 else kept


def right_context(text: str, end: int, width: int) -> str:
    """Up to ``width`` characters after ``end``, on one line, not ending mid-word."""
    reach = min(len(text), end + 3 * width)
    after = _flat(text[end:reach])
    if len(after) <= width and reach == len(text):
        return after.rstrip()
    kept = after[:width]
    if len(after) > width and after[width].isspace():
        return kept.rstrip()
    space = kept.rfind(" ")
    return kept[:space] if space != -1 else kept


@dataclass(frozen=True)
class Cursor:
    """Where a batch ended: the last article's sort key (date, then id)."""

    key: int = -1


class Concordance:
    """A query's concordance over one index snapshot: its matching articles in order (oldest
    first, undated last, then by id) and how to mark them."""

    def __init__(self, archive: Archive, index_dir: Path, query: str, width: int) -> None:
        self.archive = archive
        self.width = max(1, min(int(width), MAX_WIDTH))
        snapshot = Snapshot.open(archive, index_dir)
        measured = measure(snapshot, query)
        ids = snapshot.facts.article_ids[measured.matches]
        dates = snapshot.facts.dates[measured.matches]
        keys = np.where(dates > 0, dates, UNDATED_KEY) * ID_SPAN + ids
        order = np.argsort(keys, kind="stable")
        self.ids, self.keys, self.notes = ids[order], keys[order], measured.notes
        self.marks = highlights_for(snapshot.searcher.reader(), syntax.parse(query).tree)
        self.site_names = {site.id: site.name for site in snapshot.sites}

    def after(self, cursor: Cursor) -> int:
        """The position of the first article after ``cursor``."""
        return int(np.searchsorted(self.keys, cursor.key, side="right"))

    def batch(self, first: int, count: int) -> Batch:
        """The lines of ``count`` articles from position ``first``."""
        chosen = self.ids[first : first + count].tolist()
        with self.archive.engine.connect() as connection:
            rows = {row.id: row for row in connection.execute(ROWS, {"ids": chosen})}
        lines = [
            line
            for article_id in chosen
            if article_id in rows
            for line in _lines_of(rows[article_id], self.marks, self.width, self.site_names)
        ]
        done = first + len(chosen) >= len(self.ids)
        cursor = None if done else Cursor(int(self.keys[first + len(chosen) - 1]))
        return Batch(lines, cursor, len(self.ids), self.notes, first)


def _lines_of(row: Any, marks: Any, width: int, site_names: dict[str, str]) -> Iterator[dict]:
    for field, raw in (("title", row.title or ""), ("text", row.text or "")):
        text = ensure_nfc(raw)
        for start, end in marked_spans(text, marks):
            yield {
                "left": left_context(text, start, width),
                "match": _flat(text[start:end]),
                "right": right_context(text, end, width),
                "title": row.title,
                "published": row.published,
                "site": row.site_id,
                "site_name": site_names.get(row.site_id, row.site_id),
                "url": row.canonical_url,
                "article_id": row.id,
                "field": field,
                "offset": start,
            }


@dataclass
class Batch:
    lines: list[dict[str, Any]]
    cursor: Cursor | None  # None: no article is left
    articles: int  # matching articles in all
    notes: list[str]
    first: int = 0  # the position of the batch's first article among them


def kwic_batch(
    archive: Archive,
    index_dir: Path,
    query: str,
    *,
    width: int = DEFAULT_WIDTH,
    after: Cursor = Cursor(),
    articles: int = BATCH_ARTICLES,
) -> Batch:
    """The lines of the next ``articles`` matching articles after ``after`` (the server
    fetches a concordance this way, a batch per call to a worker)."""
    concordance = Concordance(archive, index_dir, query, width)
    return concordance.batch(concordance.after(after), articles)


def kwic_page(
    archive: Archive,
    index_dir: Path,
    query: str,
    *,
    width: int = DEFAULT_WIDTH,
    page: int = 1,
    articles: int = BATCH_ARTICLES,
) -> Batch:
    """The lines of the ``page``-th run of ``articles`` matching articles (a web page)."""
    return Concordance(archive, index_dir, query, width).batch((page - 1) * articles, articles)


def kwic_lines(
    archive: Archive,
    index_dir: Path,
    query: str,
    *,
    width: int = DEFAULT_WIDTH,
    articles: int = BATCH_ARTICLES,
) -> Iterator[dict[str, Any]]:
    """Every line of the concordance, oldest article first, read ``articles`` at a time."""
    concordance = Concordance(archive, index_dir, query, width)
    for first in range(0, len(concordance.ids), articles):
        yield from concordance.batch(first, articles).lines


def neighbour_words(line: dict[str, Any], side: str, count: int = 3) -> list[str]:
    """The ``count`` words nearest the match on ``side`` (``left``: nearest first)."""
    words = WORD.findall(line[side])
    return list(reversed(words[-count:])) if side == "left" else words[:count]
