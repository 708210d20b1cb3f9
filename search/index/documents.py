"""What an article contributes to the index, and reading articles for indexing.

The text of the documents an article attaches (a resolution's PDF, a plan in
Word) joins the article's own index document, after its text: a search finds
the article that published the document, with its date, site and province, and
an export or a citation names that article. A document is not a publication of
its own on these sites; it has no date or title but its article's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select

from archive.attachments import AttachmentView, attachment_stamps, attachments_of, documents_digest
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


def stamp(content_hash: str, source: str | None, site_id: str, documents: str = "") -> str:
    """Changes whenever anything the index holds of an article changes (``documents``:
    the digest of its attached documents, ``archive.attachments.documents_digest``)."""
    parts = (content_hash, source or "", site_id) + ((documents,) if documents else ())
    text = "\x1f".join(parts)
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()[:20]


def article_document(row: Any) -> dict[str, Any]:
    """The index document of an article row (see ``search/schema.py``)."""
    title = nfc(row.title)
    documents: list[AttachmentView] = getattr(row, "attachments", [])
    # One string object for the three body fields: the analyser reads it once.
    body = "\n\n".join([title, nfc(row.text), *_document_texts(documents)])
    digest = documents_digest((d.url, d.status, d.capture_id) for d in documents)
    return {
        "id": str(row.id),
        "stamp": stamp(row.content_hash, row.source, row.site_id, digest).encode(),
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


def _document_texts(documents: list[AttachmentView]) -> list[str]:
    return [f"{nfc(d.label)}\n\n{nfc(d.text)}" for d in documents if d.text]


def article_rows(archive: Archive, ids: Sequence[int]) -> Iterator[Any]:
    """The rows of these articles (those that still exist), with their documents, in batches."""
    with archive.session() as session:
        for start in range(0, len(ids), LOAD_BATCH):
            batch = list(ids[start : start + LOAD_BATCH])
            rows = list(session.execute(select(*COLUMNS).where(Article.id.in_(batch))))
            documents = attachments_of(session, [row.id for row in rows])
            for row in rows:
                yield SimpleNamespace(**row._asdict(), attachments=documents.get(row.id, []))


def database_stamps(archive: Archive) -> dict[int, str]:
    """Every article id in the database with its stamp."""
    query = select(Article.id, Article.content_hash, Article.source, Article.site_id)
    with archive.session() as session:
        documents = attachment_stamps(session)
        rows = session.execute(query)
        return {
            row.id: stamp(row.content_hash, row.source, row.site_id, documents.get(row.id, ""))
            for row in rows
        }
