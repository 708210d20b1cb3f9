"""What an article contributes to the index, and reading articles for indexing."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import select

from archive.db import Archive
from archive.models import Article
from archive.vietnamese import nfc

LOAD_BATCH = 500

COLUMNS = (
    Article.id,
    Article.site_id,
    Article.title,
    Article.text,
    Article.published_date,
    Article.author,
    Article.source,
    Article.content_hash,
)


def stamp(content_hash: str, source: str | None, site_id: str) -> str:
    """Changes whenever anything the index holds of an article changes."""
    text = "\x1f".join((content_hash, source or "", site_id))
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:20]


def article_document(row: Any) -> dict[str, Any]:
    """The index document of an article row (see ``search/schema.py``)."""
    title = nfc(row.title)
    # One string object for the three body fields: the analyser reads it once.
    body = f"{title}\n\n{nfc(row.text)}"
    return {
        "id": str(row.id),
        "stamp": stamp(row.content_hash, row.source, row.site_id).encode(),
        "site": row.site_id,
        "date": int(row.published_date.strftime("%Y%m%d")) if row.published_date else 0,
        "title": title,
        "title_f": title,
        "text": body,
        "text_f": body,
        "pairs": body,
        "author": nfc(row.author or ""),
        "source": nfc(row.source or ""),
    }


def article_rows(archive: Archive, ids: Sequence[int]) -> Iterator[Any]:
    """The rows of these articles (those that still exist), in batches."""
    with archive.session() as session:
        for start in range(0, len(ids), LOAD_BATCH):
            batch = list(ids[start : start + LOAD_BATCH])
            yield from session.execute(select(*COLUMNS).where(Article.id.in_(batch)))


def database_stamps(archive: Archive) -> dict[int, str]:
    """Every article id in the database with its stamp."""
    query = select(Article.id, Article.content_hash, Article.source, Article.site_id)
    with archive.session() as session:
        rows = session.execute(query)
        return {row.id: stamp(row.content_hash, row.source, row.site_id) for row in rows}
