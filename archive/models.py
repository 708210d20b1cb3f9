"""SQLAlchemy 2 models: the archive's tables.

Captures are the ground truth (raw responses, kept forever); articles are derived
from captures by extraction and can be rebuilt; crawl runs record what happened.
Every change to these classes needs an Alembic migration in ``archive/migrations``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, backref, mapped_column, relationship


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timezone-aware UTC datetimes on every backend (SQLite drops the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    pass


class Site(Base):
    """A website in the registry, mirrored into the database so rows can refer to it."""

    __tablename__ = "sites"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    family: Mapped[str] = mapped_column(String(40))
    publisher_type: Mapped[str] = mapped_column(String(40))
    province: Mapped[str | None] = mapped_column(String(80))
    province_current: Mapped[str | None] = mapped_column(String(80))
    hosts: Mapped[list[str]] = mapped_column(JSON, default=list)
    config: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class CrawlRun(Base):
    """One run of the crawler over one or more sites."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mode: Mapped[str] = mapped_column(String(20), default="incremental")
    status: Mapped[str] = mapped_column(String(20), default="running")
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    pid: Mapped[int | None] = mapped_column(Integer)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    finish_reason: Mapped[str | None] = mapped_column(String(100))

    site_stats: Mapped[list[SiteRunStats]] = relationship(back_populates="run")


class SiteRunStats(Base):
    """What one run did on one site."""

    __tablename__ = "crawl_run_sites"

    run_id: Mapped[int] = mapped_column(ForeignKey("crawl_runs.id"), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    pages_fetched: Mapped[int] = mapped_column(Integer, default=0)
    listing_pages: Mapped[int] = mapped_column(Integer, default=0)
    captures: Mapped[int] = mapped_column(Integer, default=0)
    articles_new: Mapped[int] = mapped_column(Integer, default=0)
    articles_changed: Mapped[int] = mapped_column(Integer, default=0)
    # Refresh requests the site answered 304 Not Modified.
    not_modified: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[dict[str, int]] = mapped_column(JSON, default=dict)
    started_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # What the run found on its own before fetching (crawler/site_discovery.py):
    # feeds and sitemaps the registry lacks, and what was skipped and why.
    discovered: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    run: Mapped[CrawlRun] = relationship(back_populates="site_stats")


class CrawlError(Base):
    """A page that could not be fetched or extracted, with its kind for the run report."""

    __tablename__ = "crawl_errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    site_id: Mapped[str | None] = mapped_column(ForeignKey("sites.id"))
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(30))
    http_status: Mapped[int | None] = mapped_column(Integer)
    message: Mapped[str] = mapped_column(Text, default="")
    capture_id: Mapped[int | None] = mapped_column(ForeignKey("captures.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class Capture(Base):
    """A raw HTTP response exactly as received: the archive's ground truth."""

    __tablename__ = "captures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_runs.id"), index=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"), index=True)
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str] = mapped_column(Text)
    canonical_url: Mapped[str] = mapped_column(Text)
    fetched_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    http_status: Mapped[int] = mapped_column(Integer)
    headers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    content_type: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    body_length: Mapped[int] = mapped_column(Integer)
    # No default: the writer names how it compressed the body (archive.captures), and
    # rows of every earlier compression stay readable.
    compression: Mapped[str] = mapped_column(String(10))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    extraction_status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    extraction_error: Mapped[str | None] = mapped_column(Text)
    extracted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (Index("ix_captures_canonical_url", "canonical_url"),)


class Article(Base):
    """The clean article derived from its latest capture."""

    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # What tells this article from every other (archive/articles.py ``article_key``):
    # its canonical URL, or site + date + title where URLs are opaque state.
    article_key: Mapped[str] = mapped_column(Text)
    # The canonical URL of the capture the article was first read from.
    canonical_url: Mapped[str] = mapped_column(Text)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"), index=True)
    capture_id: Mapped[int] = mapped_column(ForeignKey("captures.id"))
    title: Mapped[str] = mapped_column(Text)
    # ISO 8601 as shown on the page: a date, or a date-time with +07:00.
    published: Mapped[str | None] = mapped_column(String(40))
    published_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    published_source: Mapped[str | None] = mapped_column(String(60))
    date_note: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    family: Mapped[str | None] = mapped_column(String(40))
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    content_hash: Mapped[str] = mapped_column(String(64))
    first_seen: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    site: Mapped[Site] = relationship()
    capture: Mapped[Capture] = relationship()

    __table_args__ = (
        UniqueConstraint("article_key", name="uq_articles_article_key"),
        Index("ix_articles_canonical_url", "canonical_url"),
    )


class ArticleFingerprint(Base):
    """An article's SimHash and the near-duplicate cluster it belongs to (``archive/clusters.py``).

    ``cluster_id`` is the id of the cluster's first copy; it is NULL until the
    clustering has seen the current fingerprint (new or changed text).
    """

    __tablename__ = "article_fingerprints"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    # 64-bit SimHash stored signed (SQL integers are signed); NULL for texts too short.
    simhash: Mapped[int | None] = mapped_column(BigInteger)
    cluster_id: Mapped[int | None] = mapped_column(Integer, index=True)

    # Deleting an article deletes its fingerprint (the row means nothing without it).
    article: Mapped[Article] = relationship(
        backref=backref("fingerprint", cascade="all, delete-orphan", uselist=False)
    )


class Topic(Base):
    """A saved search: a query plus explicit filters, re-run on the current archive."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    query: Mapped[str] = mapped_column(Text)
    date_from: Mapped[dt.date | None] = mapped_column(Date)
    date_to: Mapped[dt.date | None] = mapped_column(Date)
    provinces: Mapped[list[str]] = mapped_column(JSON, default=list)
    sites: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class TopicSnapshot(Base):
    """A topic's article list frozen at one moment, so an analysis can be reproduced."""

    __tablename__ = "topic_snapshots"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topics.id"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # The topic's definition when frozen (query and filters), whatever it becomes later.
    definition: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    software_version: Mapped[str] = mapped_column(String(40), default="")
    article_count: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (UniqueConstraint("topic_id", "name", name="uq_topic_snapshots_name"),)


class TopicSnapshotArticle(Base):
    """One article of a frozen snapshot, with the capture and text version it had."""

    __tablename__ = "topic_snapshot_articles"

    snapshot_id: Mapped[int] = mapped_column(ForeignKey("topic_snapshots.id"), primary_key=True)
    article_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    capture_id: Mapped[int] = mapped_column(Integer)
    capture_sha256: Mapped[str] = mapped_column(String(64))
    content_hash: Mapped[str] = mapped_column(String(64))


class ArticleVersion(Base):
    """An article as it read before a refresh found it changed (the capture stays too)."""

    __tablename__ = "article_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    capture_id: Mapped[int] = mapped_column(ForeignKey("captures.id"))
    title: Mapped[str] = mapped_column(Text)
    published: Mapped[str | None] = mapped_column(String(40))
    author: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64))
    # When a newer capture replaced this text.
    superseded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    # An article's earlier texts go with it when it is deleted.
    article: Mapped[Article] = relationship(
        backref=backref("versions", cascade="all, delete-orphan")
    )


class ListingWalk(Base):
    """How far walks of one listing (or sitemap) got: incremental runs trust only a
    listing that was once walked to its end, so a killed first crawl is finished later."""

    __tablename__ = "crawl_listings"

    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"), primary_key=True)
    url: Mapped[str] = mapped_column(String(1000), primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), default="listing")
    last_walked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    deepest_page: Mapped[int] = mapped_column(Integer, default=1)


class Attachment(Base):
    """A document (PDF, Word, OpenDocument) an article links to, and the text read from it.

    Found when its article is extracted (``pending``), fetched by a later request
    of the crawl (its capture), read in the extraction processes. ``status``:
    ``pending`` (not fetched yet), ``off_site`` (on another site's host: never
    fetched), ``text``, ``no_text_layer`` (a scan: pages but no text),
    ``not_extracted`` (kept, no reader for its format: ``note`` says which) or
    ``failed`` (unreadable: ``note`` says why).
    """

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("sites.id"), index=True)
    # The link as the article gives it (absolute, fragment dropped); also the URL fetched.
    url: Mapped[str] = mapped_column(Text)
    # pdf, docx, doc, odt: from the link first, then from the bytes.
    kind: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    note: Mapped[str | None] = mapped_column(Text)
    capture_id: Mapped[int | None] = mapped_column(ForeignKey("captures.id"))
    text: Mapped[str] = mapped_column(Text, default="")
    pages: Mapped[int | None] = mapped_column(Integer)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    first_seen: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    extracted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    capture: Mapped[Capture | None] = relationship()

    __table_args__ = (UniqueConstraint("site_id", "url", name="uq_attachments_site_url"),)


class ArticleAttachment(Base):
    """An article's link to a document, with the words the link shows."""

    __tablename__ = "article_attachments"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), primary_key=True)
    attachment_id: Mapped[int] = mapped_column(ForeignKey("attachments.id"), primary_key=True)
    label: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    attachment: Mapped[Attachment] = relationship()
    # An article's links go with it when it is deleted.
    article: Mapped[Article] = relationship(
        backref=backref("attachment_links", cascade="all, delete-orphan")
    )
