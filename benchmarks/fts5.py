"""The baseline: the same articles in SQLite FTS5 (``unicode61 remove_diacritics 2``).

It answers the benchmark's query kinds the way a plain FTS5 search would:
ranked top ten with snippets and a count, a date range through a side table
sorted by date, and facet counts with GROUP BY. Its matching is not
Partyline's: it folds every diacritic (an accented query matches unaccented
text too), keeps đ apart from d, and does not unify tone placement itself.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select

from archive.db import Archive
from archive.models import Article

TOP = 10
BATCH = 1_000


def _rows(archive: Archive, ids: Sequence[int] | None = None) -> Iterator[tuple]:
    query = select(Article.id, Article.title, Article.text, Article.site_id, Article.published_date)
    with archive.session() as session:
        if ids is None:
            yield from session.execute(query.order_by(Article.id)).yield_per(BATCH)
            return
        for start in range(0, len(ids), BATCH):
            batch = list(ids[start : start + BATCH])
            yield from session.execute(query.where(Article.id.in_(batch)))


def _meta(row: Any) -> tuple:
    date = int(row.published_date.strftime("%Y%m%d")) if row.published_date else 0
    return (row.id, row.site_id, date)


class Fts5Index:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path)

    def build(self, archive: Archive) -> int:
        self.db.executescript(
            """
            DROP TABLE IF EXISTS docs; DROP TABLE IF EXISTS meta;
            CREATE VIRTUAL TABLE docs USING fts5(title, body,
                tokenize = 'unicode61 remove_diacritics 2');
            CREATE TABLE meta (id INTEGER PRIMARY KEY, site TEXT, date INTEGER);
            CREATE INDEX meta_date ON meta (date);
            """
        )
        return self.write(archive, None)

    def write(self, archive: Archive, ids: Sequence[int] | None) -> int:
        """Add (or replace) these articles, all of them when ``ids`` is None."""
        count = 0
        with self.db:
            for row in _rows(archive, ids):
                if ids is not None:
                    self.db.execute("DELETE FROM docs WHERE rowid = ?", (row.id,))
                self.db.execute(
                    "INSERT INTO docs (rowid, title, body) VALUES (?, ?, ?)",
                    (row.id, row.title, row.text),
                )
                self.db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?, ?)", _meta(row))
                count += 1
        return count

    def delete(self, ids: Sequence[int]) -> None:
        with self.db:
            for article_id in ids:
                self.db.execute("DELETE FROM docs WHERE rowid = ?", (article_id,))
                self.db.execute("DELETE FROM meta WHERE id = ?", (article_id,))

    def size(self) -> int:
        return self.path.stat().st_size

    def top(self, match: str) -> tuple[list[tuple], int]:
        rows = self.db.execute(
            "SELECT rowid, snippet(docs, 1, '<mark>', '</mark>', '…', 24) FROM docs "
            "WHERE docs MATCH ? ORDER BY rank LIMIT ?",
            (match, TOP),
        ).fetchall()
        total = self.db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (match,)).fetchone()
        return rows, total[0]

    def newest_between(self, match: str, first: int, last: int) -> tuple[list[tuple], int]:
        joined = (
            "FROM docs JOIN meta ON meta.id = docs.rowid "
            "WHERE docs MATCH ? AND meta.date BETWEEN ? AND ?"
        )
        rows = self.db.execute(
            f"SELECT docs.rowid, snippet(docs, 1, '<mark>', '</mark>', '…', 24) {joined} "
            "ORDER BY meta.date DESC LIMIT ?",
            (match, first, last, TOP),
        ).fetchall()
        total = self.db.execute(f"SELECT count(*) {joined}", (match, first, last)).fetchone()
        return rows, total[0]

    def facets(self, match: str) -> dict[str, list[tuple]]:
        joined = "FROM docs JOIN meta ON meta.id = docs.rowid WHERE docs MATCH ?"
        return {
            "site": self.db.execute(
                f"SELECT meta.site, count(*) {joined} GROUP BY meta.site", (match,)
            ).fetchall(),
            "year": self.db.execute(
                f"SELECT meta.date / 10000, count(*) {joined} GROUP BY 1", (match,)
            ).fetchall(),
        }
