"""Documents attached to articles: the links extraction found, the text read, reading back.

An attachment is one document URL of a site (``Attachment``), linked from one or
more articles (``ArticleAttachment``, with the words of the link). Extraction
records the links of each article (``link_attachments``); the crawl fetches the
pending ones (``documents_to_fetch``); extraction reads the captured bytes and
stores the text (``store_document``). Articles are touched when their documents'
text arrives, so the index and the website pick the change up.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from archive.models import Article, ArticleAttachment, Attachment, Capture, utcnow

PENDING = "pending"
OFF_SITE = "off_site"
# Statuses with text to search and show.
WITH_TEXT = ("text",)


@dataclass(frozen=True)
class AttachmentView:
    """What a page, an export or the index shows of one attached document."""

    url: str
    label: str
    kind: str | None
    status: str
    note: str | None
    pages: int | None
    word_count: int
    text: str
    capture_id: int | None
    sha256: str | None
    body_length: int | None


def link_attachments(
    session: Session, found: Sequence[tuple[Article, str, Sequence[Mapping[str, Any]]]]
) -> None:
    """Record the document links of freshly extracted articles: ``(article, site id,
    [{"url", "label", "kind", "off_site"}])``; an article's earlier links are replaced."""
    linked_before = _articles_with_links(session, [a.id for a, _, _ in found if a.id is not None])
    changed = [(a, site, links) for a, site, links in found if links or a.id in linked_before]
    if not changed:
        return
    rows = _attachment_rows(session, changed)
    for article, site_id, links in changed:
        wanted = [(rows[(site_id, link["url"])], link.get("label") or "") for link in links]
        current = [(link.attachment, link.label) for link in article.attachment_links]
        if [(a.url, label) for a, label in current] == [(a.url, label) for a, label in wanted]:
            continue
        article.attachment_links = [
            ArticleAttachment(attachment=row, label=label, position=position)
            for position, (row, label) in enumerate(wanted)
        ]


def _articles_with_links(session: Session, article_ids: list[int]) -> set[int]:
    if not article_ids:
        return set()
    query = select(ArticleAttachment.article_id).where(
        ArticleAttachment.article_id.in_(article_ids)
    )
    return set(session.scalars(query.distinct()))


def _attachment_rows(
    session: Session, found: Sequence[tuple[Article, str, Sequence[Mapping[str, Any]]]]
) -> dict[tuple[str, str], Attachment]:
    """The attachment row of every (site, URL) linked, created when new (one query)."""
    wanted = {(site, link["url"]): link for _, site, links in found for link in links}
    rows: dict[tuple[str, str], Attachment] = {}
    if wanted:
        urls = sorted({url for _, url in wanted})
        query = select(Attachment).where(Attachment.url.in_(urls))
        found = ((row.site_id, row.url, row) for row in session.scalars(query))
        rows = {(site, url): row for site, url, row in found if (site, url) in wanted}
    for (site_id, url), link in wanted.items():
        if (site_id, url) not in rows:
            row = Attachment(
                site_id=site_id,
                url=url,
                kind=link.get("kind"),
                status=OFF_SITE if link.get("off_site") else PENDING,
                text="",
                word_count=0,
                first_seen=utcnow(),
            )
            session.add(row)
            rows[(site_id, url)] = row
    return rows


def documents_to_fetch(session: Session, site_ids: Iterable[str]) -> list[tuple[str, str]]:
    """``(site id, URL)`` of linked documents on the sites' own hosts never fetched yet."""
    query = (
        select(Attachment.site_id, Attachment.url)
        .where(
            Attachment.site_id.in_(list(site_ids)),
            Attachment.status == PENDING,
            Attachment.capture_id.is_(None),
            Attachment.id.in_(select(ArticleAttachment.attachment_id)),
        )
        .order_by(Attachment.id)
    )
    return [(site_id, url) for site_id, url in session.execute(query)]


def store_document(session: Session, capture: Capture, document: Mapping[str, Any]) -> Attachment:
    """Store what reading a captured document gave (``DocumentText.as_dict()``)."""
    row = None
    for url in dict.fromkeys((capture.url, capture.canonical_url)):
        row = session.scalar(
            select(Attachment).where(Attachment.site_id == capture.site_id, Attachment.url == url)
        )
        if row is not None:
            break
    if row is None:  # a document fetched as a page: kept, with no article linking it
        row = Attachment(site_id=capture.site_id, url=capture.url, first_seen=capture.fetched_at)
        session.add(row)
    text = document.get("text") or ""
    row.capture_id = capture.id
    row.kind = document["kind"]
    row.status = document["status"]
    row.note = document.get("note")
    row.text = text
    row.pages = document.get("pages")
    row.word_count = len(text.split())
    row.extracted_at = utcnow()
    if row.id is not None:
        linked = select(ArticleAttachment.article_id).where(
            ArticleAttachment.attachment_id == row.id
        )
        session.execute(
            update(Article)
            .where(Article.id.in_(linked))
            .values(updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    return row


_VIEW_COLUMNS = (
    ArticleAttachment.article_id,
    ArticleAttachment.label,
    Attachment.url,
    Attachment.kind,
    Attachment.status,
    Attachment.note,
    Attachment.pages,
    Attachment.word_count,
    Attachment.text,
    Attachment.capture_id,
    Capture.sha256,
    Capture.body_length,
)


def attachments_of(
    session: Session, article_ids: Iterable[int], *, with_text: bool = True
) -> dict[int, list[AttachmentView]]:
    """Each article's documents, in the order the article links them."""
    ids = list(article_ids)
    views: dict[int, list[AttachmentView]] = {}
    if not ids:
        return views
    query = (
        select(*_VIEW_COLUMNS)
        .join(Attachment, Attachment.id == ArticleAttachment.attachment_id)
        .outerjoin(Capture, Capture.id == Attachment.capture_id)
        .where(ArticleAttachment.article_id.in_(ids))
        .order_by(ArticleAttachment.article_id, ArticleAttachment.position)
    )
    for row in session.execute(query):
        views.setdefault(row.article_id, []).append(
            AttachmentView(
                url=row.url,
                label=row.label,
                kind=row.kind,
                status=row.status,
                note=row.note,
                pages=row.pages,
                word_count=row.word_count,
                text=row.text if with_text else "",
                capture_id=row.capture_id,
                sha256=row.sha256,
                body_length=row.body_length,
            )
        )
    return views


def documents_digest(documents: Iterable[tuple[str, str, int | None]]) -> str:
    """A digest of ``(URL, status, capture id)`` of an article's documents: it changes
    when one is linked, unlinked, fetched again or read otherwise ("" for none)."""
    items = sorted(f"{url}\x1f{status}\x1f{capture_id}" for url, status, capture_id in documents)
    if not items:
        return ""
    return hashlib.sha1("\x1e".join(items).encode(), usedforsecurity=False).hexdigest()[:12]


def attachment_stamps(session: Session) -> dict[int, str]:
    """``documents_digest`` of every article with documents."""
    query = select(
        ArticleAttachment.article_id, Attachment.url, Attachment.status, Attachment.capture_id
    ).join(Attachment, Attachment.id == ArticleAttachment.attachment_id)
    documents: dict[int, list[tuple[str, str, int | None]]] = {}
    for article_id, url, status, capture_id in session.execute(query):
        documents.setdefault(article_id, []).append((url, status, capture_id))
    return {article_id: documents_digest(items) for article_id, items in documents.items()}


def attachment_counts(session: Session, run_id: int, site_id: str) -> dict[str, int]:
    """Documents captured by a run at a site, by what reading them gave."""
    query = (
        select(Attachment.status)
        .join(Capture, Capture.id == Attachment.capture_id)
        .where(Capture.run_id == run_id, Capture.site_id == site_id)
    )
    counts: dict[str, int] = {}
    for status in session.scalars(query):
        counts[status] = counts.get(status, 0) + 1
    return counts
