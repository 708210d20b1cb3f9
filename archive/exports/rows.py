"""The rows every export format is written from, streamed from SQL in export order.

Order: publication date (undated last), then id. With ``dedupe``, the
near-identical articles of one cluster that are in the selection become one
row: the earliest copy's fields plus every copy's URL (``urls``) and how many
copies were folded into it (``copies``); rows are ordered by that earliest copy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from sqlalchemy import Select, Subquery, case, func, literal, select
from sqlalchemy.orm import Session, aliased

from archive.attachments import WITH_TEXT, AttachmentView, attachments_of
from archive.models import Article, ArticleFingerprint, Capture, Site

STREAM_BATCH = 500

# Column order of the CSV (and key order of the JSON Lines): one source of truth.
FIELDS = (
    "id",
    "url",
    "title",
    "published",
    "date_source",
    "site",
    "site_name",
    "province_at_time",
    "province_current",
    "publisher_type",
    "author",
    "source",
    "word_count",
    "text",
    "capture_sha256",
    "captured_at",
    "cluster_id",
    "first_seen_url",
    # The documents the article attaches (PDF, Word, OpenDocument), and their text.
    "attachments",
    "attachments_text",
)
DEDUPE_FIELDS = ("copies", "urls")
TEXT_FIELDS = ("text", "attachments_text")
_FIELDS_WITHOUT_TEXT = tuple(name for name in FIELDS if name not in TEXT_FIELDS)


@dataclass(slots=True)
class ExportRow:
    id: int
    url: str
    title: str
    published: str | None
    date_source: str | None
    site: str
    site_name: str
    province_at_time: str | None
    province_current: str | None
    publisher_type: str
    author: str | None
    source: str | None
    word_count: int
    text: str | None
    capture_sha256: str
    captured_at: dt.datetime
    cluster_id: int
    first_seen_url: str
    published_date: dt.date | None = None
    # With --dedupe: the other copies folded into this row.
    copies: int = 0
    urls: list[str] = field(default_factory=list)
    member_ids: list[tuple[int, str]] = field(default_factory=list)  # (id, capture sha256)
    documents: list[AttachmentView] = field(default_factory=list)

    @property
    def attachments(self) -> list[str]:
        """The URLs of the documents the article attaches, in its order."""
        return [document.url for document in self.documents]

    @property
    def attachments_text(self) -> str:
        """Each document read, under a line naming it: ``label (URL)``."""
        return "\n\n".join(
            f"{document.label} ({document.url})\n\n{document.text}"
            for document in self.documents
            if document.status in WITH_TEXT and document.text
        )

    def record(self, *, include_text: bool, dedupe: bool) -> dict[str, Any]:
        """The exported fields, in ``FIELDS`` order (JSON-ready)."""
        names = FIELDS if include_text else _FIELDS_WITHOUT_TEXT
        if dedupe:
            names += DEDUPE_FIELDS
        record = {name: getattr(self, name) for name in names}
        record["captured_at"] = self.captured_at.isoformat(timespec="seconds")[:19] + "Z"
        return record


def _query(members: Subquery, include_text: bool):
    leader = aliased(Article)
    cluster = func.coalesce(ArticleFingerprint.cluster_id, Article.id)
    text = Article.text if include_text else literal(None)
    return (
        select(
            Article.id,
            Article.canonical_url,
            Article.title,
            Article.published,
            Article.published_source,
            Article.site_id,
            Site.name,
            Site.province,
            Site.province_current,
            Site.publisher_type,
            Article.author,
            Article.source,
            Article.word_count,
            text,
            Capture.sha256,
            Capture.fetched_at,
            cluster.label("cluster"),
            leader.canonical_url,
            Article.published_date,
        )
        .join(members, members.c.article_id == Article.id)
        .join(Site, Site.id == Article.site_id)
        .join(Capture, Capture.id == members.c.capture_id)
        .outerjoin(ArticleFingerprint, ArticleFingerprint.article_id == Article.id)
        .outerjoin(leader, leader.id == cluster)
    )


def _stream(session: Session, query: Select) -> Iterator[Any]:
    """Rows in batches through the Core connection: flat memory (the ORM result path
    keeps per-row bookkeeping that grows with the result)."""
    return session.connection().execute(query.execution_options(yield_per=STREAM_BATCH))


def _row(values: Any) -> ExportRow:
    row = ExportRow(*values)
    row.urls = [row.url]
    row.member_ids = [(row.id, row.capture_sha256)]
    return row


def export_rows(
    session: Session, members: Subquery, *, include_text: bool = True, dedupe: bool = False
) -> Iterator[ExportRow]:
    """Stream the selection's rows (server-side cursor on PostgreSQL, lazy on SQLite),
    each with its documents."""
    rows = _article_rows(session, members, include_text=include_text, dedupe=dedupe)
    batch: list[ExportRow] = []
    for row in rows:
        batch.append(row)
        if len(batch) == STREAM_BATCH:
            yield from _with_documents(session, batch, include_text)
            batch = []
    yield from _with_documents(session, batch, include_text)


def _with_documents(session: Session, rows: list[ExportRow], include_text: bool) -> list[ExportRow]:
    documents = attachments_of(session, [row.id for row in rows], with_text=include_text)
    for row in rows:
        row.documents = documents.get(row.id, [])
    return rows


def _article_rows(
    session: Session, members: Subquery, *, include_text: bool, dedupe: bool
) -> Iterator[ExportRow]:
    query = _query(members, include_text)
    appearance = (Article.published_date.is_(None), Article.published_date, Article.id)
    if not dedupe:
        query = query.order_by(*appearance)
        for values in _stream(session, query):
            yield _row(values)
        return
    # The first copy in the selection leads its group; groups follow their leaders.
    cluster = func.coalesce(ArticleFingerprint.cluster_id, Article.id)
    appearance_in_cluster = (
        Article.published_date.is_(None),
        Article.published_date,
        Article.first_seen,
        Article.id,
    )
    window = {"partition_by": cluster, "order_by": appearance_in_cluster}
    query = query.add_columns(
        func.first_value(Article.published_date).over(**window).label("lead_date"),
        func.first_value(Article.id).over(**window).label("lead_id"),
    ).subquery()
    ordered = select(query).order_by(
        query.c.lead_date.is_(None),
        query.c.lead_date,
        query.c.lead_id,
        case((query.c.id == query.c.lead_id, 0), else_=1),
        query.c.published_date.is_(None),
        query.c.published_date,
        query.c.id,
    )
    rows = (_row(values[:-2]) for values in _stream(session, ordered))
    for _, group in groupby(rows, key=lambda row: row.cluster_id):
        yield _merge(list(group))


def _merge(group: list[ExportRow]) -> ExportRow:
    first = group[0]
    for copy in group[1:]:
        first.urls.append(copy.url)
        first.member_ids.append((copy.id, copy.capture_sha256))
    first.copies = len(group) - 1
    return first
