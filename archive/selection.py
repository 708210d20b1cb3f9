"""Which articles a topic, an ad-hoc query or a frozen snapshot covers, as SQL.

The search index answers the query (the caller passes the matching ids in);
everything else is SQL: the ids go into a temporary table, and the explicit
filters (dates on ``articles.published_date``, provinces and sites) narrow the
join. The result is a subquery of ``(article_id, capture_id)`` that exports,
topic reports and snapshots join to, so no list of rows is ever held in memory.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field

from sqlalchemy import Column, Integer, MetaData, Subquery, Table, insert, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from archive.models import Article, Site, TopicSnapshotArticle
from archive.topics import Filters, province_key

ID_BATCH = 1000


@dataclass(frozen=True)
class Selection:
    """Articles matched by a query (``article_ids``; None = all) narrowed by ``filters``,
    or the frozen list of a snapshot (``snapshot_id``), which ignores both."""

    article_ids: Sequence[int] | None = None
    filters: Filters = field(default_factory=Filters)
    snapshot_id: int | None = None


def filter_site_ids(session: Session, filters: Filters) -> list[str] | None:
    """Site ids allowed by the province and site filters (None: no such filter).

    A province matches a site's province at publication or its current one,
    compared accent-insensitively (``dong thap`` = ``Đồng Tháp``). The sites
    table is small, so the folding happens here rather than in SQL.
    """
    if not filters.provinces and not filters.sites:
        return None
    wanted = {province_key(p) for p in filters.provinces}
    allowed = []
    for site_id, province, current in session.execute(
        select(Site.id, Site.province, Site.province_current)
    ):
        if filters.sites and site_id not in filters.sites:
            continue
        names = {province_key(p) for p in (province, current) if p}
        if wanted and not wanted & names:
            continue
        allowed.append(site_id)
    return allowed


def _load_ids(session: Session, ids: Sequence[int]) -> Table:
    """A temporary table holding ``ids`` (dropped by the caller)."""
    table = Table(
        f"selected_{uuid.uuid4().hex[:12]}",
        MetaData(),
        Column("article_id", Integer, primary_key=True),
        prefixes=["TEMPORARY"],
    )
    connection = session.connection()
    table.create(connection)
    unique = sorted(set(ids))
    for start in range(0, len(unique), ID_BATCH):
        connection.execute(
            insert(table), [{"article_id": i} for i in unique[start : start + ID_BATCH]]
        )
    return table


@contextmanager
def selected(session: Session, selection: Selection) -> Iterator[Subquery]:
    """A subquery of ``(article_id, capture_id)`` for the selection, valid inside the block."""
    if selection.snapshot_id is not None:
        frozen = select(
            TopicSnapshotArticle.article_id.label("article_id"),
            TopicSnapshotArticle.capture_id.label("capture_id"),
        ).where(TopicSnapshotArticle.snapshot_id == selection.snapshot_id)
        yield frozen.subquery("members")
        return
    query = select(Article.id.label("article_id"), Article.capture_id.label("capture_id"))
    filters = selection.filters
    if filters.date_from:
        query = query.where(Article.published_date >= filters.date_from)
    if filters.date_to:
        query = query.where(Article.published_date <= filters.date_to)
    site_ids = filter_site_ids(session, filters)
    if site_ids is not None:
        query = query.where(Article.site_id.in_(site_ids))
    if selection.article_ids is None:
        yield query.subquery("members")
        return
    table = _load_ids(session, selection.article_ids)
    try:
        yield query.join(table, table.c.article_id == Article.id).subquery("members")
    finally:
        # After a failure the transaction is rolled back, which removes the table anyway.
        with suppress(SQLAlchemyError):
            table.drop(session.connection(), checkfirst=True)
