"""What the site shows, read from the archive in a few streamed queries.

Every article's metadata (no text) is held in memory, newest first: listings,
the home page and page keys are computed from it without a query per page.
Article texts are read later, only for the article pages that must be written.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.attachments import AttachmentView, attachments_of
from archive.models import Article, ArticleFingerprint, Capture, CrawlRun, Site
from archive.provinces import (
    UnknownProvince,
    canonical_province,
    current_unit,
    provinces_before_reform,
    slug,
    units_after_reform,
)
from search.publish.website import paths

STREAM_BATCH = 2000


@dataclass(frozen=True, slots=True)
class SiteInfo:
    id: str
    name: str
    publisher_type: str
    hosts: tuple[str, ...]
    province: str | None  # as the registry spells it
    province_current: str | None
    province_slug: str | None  # one of the 63, when the name is known
    unit_slug: str | None  # one of the 34, when the name is known

    def key(self) -> tuple:
        return (self.name, self.province, self.province_current, self.publisher_type)


@dataclass(slots=True)
class ArticleMeta:
    id: int
    site_id: str
    title: str
    published: str | None
    date: dt.date | None
    updated: str
    content_hash: str
    url: str
    capture_id: int
    month: str  # YYYY-MM, or "undated": every listing groups by it


def month_of(day: dt.date | None) -> str:
    return f"{day.year:04d}-{day.month:02d}" if day else paths.UNDATED


@dataclass
class Catalog:
    sites: dict[str, SiteInfo]
    articles: list[ArticleMeta]  # newest first, undated last
    cluster_of: dict[int, int] = field(default_factory=dict)  # copies only: id -> first copy
    members: dict[int, list[int]] = field(default_factory=dict)  # clusters of 2+, in order
    last_crawl: str | None = None

    @cached_property
    def by_id(self) -> dict[int, ArticleMeta]:
        return {article.id: article for article in self.articles}


def _places(province: str | None, current: str | None) -> tuple[str | None, str | None]:
    """The slugs of the site's province among the 63 and of its unit among the 34."""
    historic = {p.name for p in provinces_before_reform()}
    units = {u.name for u in units_after_reform()}
    province_slug = unit_slug = None
    try:
        name = canonical_province(province) if province else None
        if name in historic:
            province_slug = slug(name)
        unit = canonical_province(current) if current else (current_unit(name) if name else None)
        if unit in units:
            unit_slug = slug(unit)
    except UnknownProvince:
        pass
    return province_slug, unit_slug


def read_sites(session: Session) -> dict[str, SiteInfo]:
    sites = {}
    for site in session.scalars(select(Site).order_by(Site.name)):
        province_slug, unit_slug = _places(site.province, site.province_current)
        sites[site.id] = SiteInfo(
            id=site.id,
            name=site.name,
            publisher_type=site.publisher_type,
            hosts=tuple(site.hosts or ()),
            province=site.province,
            province_current=site.province_current,
            province_slug=province_slug,
            unit_slug=unit_slug,
        )
    return sites


def newest_first() -> tuple:
    return (Article.published_date.desc().nulls_last(), Article.id.desc())


def read_articles(session: Session) -> list[ArticleMeta]:
    query = select(
        Article.id,
        Article.site_id,
        Article.title,
        Article.published,
        Article.published_date,
        Article.updated_at,
        Article.content_hash,
        Article.canonical_url,
        Article.capture_id,
    ).order_by(*newest_first())
    rows = session.connection().execute(query.execution_options(yield_per=STREAM_BATCH))
    return [
        ArticleMeta(i, s, t, p, d, u.isoformat(), h, url, c, month_of(d))
        for i, s, t, p, d, u, h, url, c in rows
    ]


def read_clusters(session: Session, order: Iterable[ArticleMeta]) -> tuple[dict, dict]:
    """Clusters with two or more members as they stand (NULL: not clustered yet, left out)."""
    rows = session.connection().execute(
        select(ArticleFingerprint.article_id, ArticleFingerprint.cluster_id)
        .where(ArticleFingerprint.cluster_id.is_not(None))
        .where(ArticleFingerprint.cluster_id != ArticleFingerprint.article_id)
    )
    cluster_of = dict(rows.all())
    groups: dict[int, list[int]] = defaultdict(list)
    leaders = set(cluster_of.values())
    for article in order:
        if article.id in leaders:
            groups[article.id].append(article.id)
        elif article.id in cluster_of:
            groups[cluster_of[article.id]].append(article.id)
    return cluster_of, {leader: ids for leader, ids in groups.items() if len(ids) > 1}


def read_last_crawl(session: Session) -> str | None:
    run = session.scalar(
        select(CrawlRun).where(CrawlRun.finished_at.is_not(None)).order_by(CrawlRun.id.desc())
    )
    return f"{run.finished_at:%Y-%m-%d %H:%M} UTC" if run else None


def read_catalog(session: Session) -> Catalog:
    articles = read_articles(session)
    cluster_of, members = read_clusters(session, articles)
    return Catalog(
        sites=read_sites(session),
        articles=articles,
        cluster_of=cluster_of,
        members=members,
        last_crawl=read_last_crawl(session),
    )


@dataclass(slots=True)
class ArticleRow:
    """What an article page shows beyond the metadata: text and capture."""

    id: int
    title: str
    published: str | None
    date: dt.date | None
    published_source: str | None
    date_note: str | None
    author: str | None
    source: str | None
    text: str
    word_count: int
    url: str
    site_id: str
    capture_id: int
    fetched_at: dt.datetime
    sha256: str
    # The documents it attaches (archive/attachments.py), in the order it links them.
    attachments: list[AttachmentView] = field(default_factory=list)


def _with_attachments(session: Session, rows: list[ArticleRow]) -> list[ArticleRow]:
    documents = attachments_of(session, [row.id for row in rows])
    for row in rows:
        row.attachments = documents.get(row.id, [])
    return rows


def article_rows(session: Session, ids: list[int] | None) -> Iterator[ArticleRow]:
    """Full rows of ``ids`` (all articles when None), with their documents, in batches."""
    query = select(
        Article.id,
        Article.title,
        Article.published,
        Article.published_date,
        Article.published_source,
        Article.date_note,
        Article.author,
        Article.source,
        Article.text,
        Article.word_count,
        Article.canonical_url,
        Article.site_id,
        Article.capture_id,
        Capture.fetched_at,
        Capture.sha256,
    ).join(Capture, Capture.id == Article.capture_id)
    connection = session.connection()
    if ids is None:
        result = connection.execute(query.execution_options(yield_per=STREAM_BATCH))
        for batch in result.partitions(STREAM_BATCH):
            yield from _with_attachments(session, [ArticleRow(*values) for values in batch])
        return
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = [
            ArticleRow(*values) for values in connection.execute(query.where(Article.id.in_(chunk)))
        ]
        yield from _with_attachments(session, rows)
