"""Article pages: the key of what each shows, and the context it is rendered from.

The citation blocks come from ``archive/exports/citations.py`` (the same RIS and
BibTeX an export writes), so a page and an export cite an article identically.
"""

from __future__ import annotations

import hashlib
from typing import Any

from archive.attachments import AttachmentView
from archive.exports.citations import authors, bibtex_entry, ris_entry
from archive.exports.rows import ExportRow
from search.publish.website.catalog import ArticleMeta, ArticleRow, Catalog, SiteInfo

LANGUAGE = "vi"


def list_item(article: ArticleMeta, sites: dict[str, SiteInfo]) -> dict[str, Any]:
    """An article as listings show it."""
    site = sites.get(article.site_id)
    return {
        "id": article.id,
        "title": article.title,
        "date": article.date.isoformat() if article.date else None,
        "site_name": site.name if site else article.site_id,
    }


class ArticlePages:
    """Keys and contexts of article pages, from the catalog (no query per article)."""

    def __init__(self, catalog: Catalog, version: str) -> None:
        self.catalog = catalog
        self.version = version
        self.meta = catalog.by_id

    def related(self, article_id: int, site_id: str) -> list[dict[str, Any]]:
        """Near-identical articles of the same cluster published on other sites."""
        leader = self.catalog.cluster_of.get(article_id, article_id)
        ids = self.catalog.members.get(leader, ())
        sites = self.catalog.sites
        return [
            list_item(self.meta[other], sites)
            for other in ids
            if other != article_id and self.meta[other].site_id != site_id
        ]

    def leader_url(self, article: ArticleMeta) -> tuple[int, str]:
        leader = self.catalog.cluster_of.get(article.id, article.id)
        found = self.meta.get(leader)
        return leader, (found.url if found else article.url)

    def key(self, article: ArticleMeta) -> str:
        site = self.catalog.sites.get(article.site_id)
        parts = (
            self.version,
            article.id,
            article.updated,
            article.content_hash,
            article.capture_id,
            article.url,
            site.key() if site else None,
            self.leader_url(article),
            [tuple(item.values()) for item in self.related(article.id, article.site_id)],
        )
        return hashlib.blake2b(repr(parts).encode(), digest_size=12).hexdigest()

    def context(self, row: ArticleRow) -> dict[str, Any]:
        site = self.catalog.sites.get(row.site_id)
        meta = self.meta[row.id]
        cluster_id, first_url = self.leader_url(meta)
        export = ExportRow(
            id=row.id,
            url=row.url,
            title=row.title,
            published=row.published,
            date_source=row.published_source,
            site=row.site_id,
            site_name=site.name if site else row.site_id,
            province_at_time=site.province if site else None,
            province_current=site.province_current if site else None,
            publisher_type=site.publisher_type if site else "",
            author=row.author,
            source=row.source,
            word_count=row.word_count,
            text=None,
            capture_sha256=row.sha256,
            captured_at=row.fetched_at,
            cluster_id=cluster_id,
            first_seen_url=first_url,
            published_date=row.date,
        )
        names = authors(export)
        return {
            "article": {
                "id": row.id,
                "title": row.title,
                "published": row.published,
                "date": row.date.isoformat() if row.date else None,
                "published_source": row.published_source,
                "date_note": row.date_note,
                "author": row.author,
                "source": row.source,
                "paragraphs": [p for p in row.text.split("\n\n") if p.strip()],
                "url": row.url,
                "site_id": row.site_id,
                "site_name": export.site_name,
                "province": export.province_at_time,
                "province_current": export.province_current,
                "province_slug": site.province_slug if site else None,
                "unit_slug": site.unit_slug if site else None,
                "capture_id": row.capture_id,
                "fetched_at": f"{row.fetched_at:%Y-%m-%d %H:%M} UTC",
                "fetched_day": f"{row.fetched_at:%Y-%m-%d}",
                "sha256": row.sha256,
            },
            "attachments": [attachment_item(view) for view in row.attachments],
            "related": self.related(row.id, row.site_id),
            "cite": {"authors": names, "bibtex": bibtex_entry(export), "ris": ris_entry(export)},
            "highwire": highwire(export, names),
        }


def attachment_item(view: AttachmentView) -> dict[str, Any]:
    """A document the article attaches, as its page shows it."""
    return {
        "label": view.label,
        "url": view.url,
        "kind": (view.kind or "").upper(),
        "status": view.status,
        "note": view.note,
        "pages": view.pages,
        "words": view.word_count,
        "size_kb": round(view.body_length / 1024) if view.body_length else None,
        "capture_id": view.capture_id,
        "sha256": view.sha256,
        "paragraphs": [p for p in view.text.split("\n\n") if p.strip()],
    }


def highwire(row: ExportRow, names: list[str]) -> list[tuple[str, str]]:
    """The Highwire Press tags Zotero and Google Scholar read."""
    tags = [("citation_title", row.title)]
    tags += [("citation_author", name) for name in names]
    if row.published_date:
        tags.append(("citation_publication_date", f"{row.published_date:%Y/%m/%d}"))
    tags += [
        ("citation_journal_title", row.site_name),
        ("citation_publisher", row.site_name),
        ("citation_public_url", row.url),
        ("citation_fulltext_html_url", row.url),
        ("citation_language", LANGUAGE),
    ]
    return tags
