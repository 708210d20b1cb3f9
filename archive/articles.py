"""Turning extraction results into article rows, and reading them back.

An article is identified by its ``article_key``. Most families key it by the
canonical URL of its page. Portals whose URLs are opaque navigation state
(IBM WebSphere: one article, many URLs) key it by site, publication date and
title instead: the extraction result says which (``keyed_by``), from the
family profile.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from archive.clusters import COMPUTE, record_fingerprint
from archive.models import (
    Article,
    ArticleAttachment,
    ArticleFingerprint,
    ArticleVersion,
    Capture,
    utcnow,
)
from archive.vietnamese import nfc, unify_tone_placement

ArticleChange = Literal["new", "changed", "unchanged"]
KEYED_BY_URL = "url"
KEYED_BY_TITLE_DATE = "title+date"
UNDATED = "undated"


@dataclass(frozen=True)
class ArticleFields:
    """What extraction found in one capture (all text already NFC)."""

    title: str
    text: str
    published: str | None = None
    published_source: str | None = None
    date_note: str | None = None
    author: str | None = None
    source: str | None = None
    family: str | None = None
    keyed_by: str = KEYED_BY_URL


def title_key(title: str) -> str:
    """A title as an identity: NFC, one tone-placement style, case and spacing ignored."""
    return " ".join(unify_tone_placement(title).casefold().split())


def article_key(site_id: str, canonical_url: str, fields: ArticleFields) -> str:
    """What tells this article from every other one in the archive."""
    if fields.keyed_by != KEYED_BY_TITLE_DATE:
        return canonical_url
    day = fields.published[:10] if fields.published else UNDATED
    return f"{site_id}|{day}|{title_key(fields.title)}"


def content_hash(fields: ArticleFields) -> str:
    """Hash of everything extraction reports: a change here is a changed article."""
    parts = (
        fields.title,
        fields.published or "",
        fields.author or "",
        fields.source or "",
        fields.text,
        fields.published_source or "",
        fields.date_note or "",
        fields.family or "",
    )
    return hashlib.sha256("\x1f".join(nfc(part) for part in parts).encode()).hexdigest()


def stored_fields(article: Article) -> ArticleFields:
    """What the row says extraction found (to compare with a new result)."""
    return ArticleFields(
        title=article.title,
        text=article.text,
        published=article.published,
        published_source=article.published_source,
        date_note=article.date_note,
        author=article.author,
        source=article.source,
        family=article.family,
    )


def published_date(published: str | None) -> dt.date | None:
    """The calendar date of an ISO date or date-time string."""
    if not published:
        return None
    return dt.date.fromisoformat(published[:10])


def _apply(article: Article, capture: Capture, fields: ArticleFields, digest: str) -> None:
    article.capture_id = capture.id
    article.title = fields.title
    article.text = fields.text
    article.published = fields.published
    article.published_date = published_date(fields.published)
    article.published_source = fields.published_source
    article.date_note = fields.date_note
    article.author = fields.author
    article.source = fields.source
    article.family = fields.family
    article.word_count = len(fields.text.split())
    article.content_hash = digest


def _version_of(article: Article) -> ArticleVersion:
    """The article's current text, kept as an earlier version."""
    return ArticleVersion(
        article_id=article.id,
        capture_id=article.capture_id,
        title=article.title,
        published=article.published,
        author=article.author,
        source=article.source,
        text=article.text,
        content_hash=article.content_hash,
    )


def article_versions(session: Session, article_id: int) -> list[ArticleVersion]:
    """Earlier texts of an article, oldest first (the article row holds the newest)."""
    query = (
        select(ArticleVersion)
        .where(ArticleVersion.article_id == article_id)
        .order_by(ArticleVersion.superseded_at, ArticleVersion.id)
    )
    return list(session.scalars(query))


def upsert_article(
    session: Session,
    capture: Capture,
    fields: ArticleFields,
    *,
    previous: Article | None = None,
    loaded: dict[str, Article] | None = None,
    fingerprint: object = COMPUTE,
) -> ArticleChange:
    """Create or update the article ``capture`` shows.

    ``previous`` is the article this capture produced before (re-extraction): when
    the new result has another key (a better title, a found date) that no other
    article holds, that article is re-keyed rather than duplicated.

    ``loaded``: for batch writers, every existing article of the batch's keys, by
    key (looked up in one query beforehand); articles created here are added to it.
    ``fingerprint``: the text's fingerprint when computed beforehand.
    """
    now = utcnow()
    digest = content_hash(fields)
    key = article_key(capture.site_id, capture.canonical_url, fields)
    if loaded is None:
        article = session.scalar(select(Article).where(Article.article_key == key))
    else:
        article = loaded.get(key)
    if article is None and previous is not None and capture.fetched_at >= previous.last_seen:
        article = previous
        article.article_key = key
        if loaded is not None:
            loaded[key] = article
    if article is None:
        article = Article(
            article_key=key,
            canonical_url=capture.canonical_url,
            site_id=capture.site_id,
            first_seen=capture.fetched_at,
            last_seen=capture.fetched_at,
            updated_at=now,
        )
        _apply(article, capture, fields, digest)
        session.add(article)
        if loaded is not None:
            loaded[key] = article
        record_fingerprint(session, article, fingerprint)
        return "new"
    article.first_seen = min(article.first_seen, capture.fetched_at)
    if capture.fetched_at < article.last_seen:
        return "unchanged"  # an older copy (an ingested WARC): the newer one stands
    article.last_seen = capture.fetched_at
    # The row itself, not its stored hash, is compared: rows edited by hand or by
    # older code still count as changed when the new result differs.
    if content_hash(stored_fields(article)) == digest:
        article.capture_id = max(article.capture_id, capture.id)
        return "unchanged"
    if capture.id != article.capture_id:
        # A new capture with another text (a refresh found an edit): the earlier
        # text stays readable beside its own capture. Re-extraction of the same
        # capture only corrects our reading of it and keeps no version.
        session.add(_version_of(article))
    _apply(article, capture, fields, digest)
    article.updated_at = now
    record_fingerprint(session, article, fingerprint)
    return "changed"


def delete_articles(session: Session, article_ids: Iterable[int]) -> int:
    """Remove articles and the rows that only describe them (fingerprint, earlier texts,
    links to their documents).

    Their captures stay: they are the archive's ground truth.
    """
    ids = list(article_ids)
    if not ids:
        return 0
    session.execute(delete(ArticleFingerprint).where(ArticleFingerprint.article_id.in_(ids)))
    session.execute(delete(ArticleVersion).where(ArticleVersion.article_id.in_(ids)))
    session.execute(delete(ArticleAttachment).where(ArticleAttachment.article_id.in_(ids)))
    return session.execute(delete(Article).where(Article.id.in_(ids))).rowcount
