"""Topic pages: a saved search's articles (the index answers the query, SQL the
filters), its counts over time and its export files.

Exports are made with ``archive.exports.run_export`` into the build, one file
per format plus its manifest, and made again only when the topic's definition
or one of its articles changed (otherwise the previous build's files are reused).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from archive.clusters import ensure_clusters
from archive.db import Archive
from archive.exports import EXTENSIONS, ExportRequest, run_export
from archive.exports.manifest import manifest_about, manifest_path
from archive.models import Topic
from archive.selection import Selection, selected
from archive.topics import TopicDefinition, definition_of, list_topics
from archive.version import SOFTWARE_VERSION
from search.publish.website import paths
from search.publish.website.catalog import ArticleMeta, Catalog
from search.publish.website.charts import series
from search.publish.website.listings import Job, Listing, listing_jobs
from search.query.engine import IndexBusy, IndexMissing
from search.query.selections import topic_query, topic_selection

EXPORT_FORMATS = ("csv", "jsonl", "ris", "bibtex", "csl-json", "txt")
FORMAT_LABELS = {
    "csv": "CSV",
    "jsonl": "JSON Lines",
    "ris": "RIS",
    "bibtex": "BibTeX",
    "csl-json": "CSL-JSON",
    "txt": "TXT (zip)",
}


@dataclass
class TopicView:
    slug: str
    title: str
    description: str
    query: str
    definition: dict[str, Any]
    member_ids: list[int] | None  # None: no index to answer the query
    about: dict[str, Any] = field(default_factory=dict)  # what its export manifests say
    exports: list[dict[str, Any]] = field(default_factory=list)
    research_query: str = ""  # the topic as one query (trends, terms)
    trend: dict[str, Any] | None = None  # its share of all articles over time
    terms: dict[str, Any] | None = None  # its distinctive terms

    def filters(self) -> list[tuple[str, str]]:
        shown = []
        for name in ("from", "to"):
            if self.definition.get(name):
                shown.append((name, self.definition[name]))
        for name, key in (("provinces", "provinces"), ("sites", "sites")):
            if self.definition.get(key):
                shown.append((name, ", ".join(self.definition[key])))
        return shown


def _members(
    archive: Archive, index_dir: Path | None, definition: TopicDefinition
) -> list[int] | None:
    if index_dir is None:
        return None
    try:
        selection = topic_selection(archive, index_dir, definition)
    except (IndexMissing, IndexBusy):
        return None
    with archive.session() as session, selected(session, selection) as members:
        return sorted(session.scalars(select(members.c.article_id)))


def _view(
    archive: Archive, index_dir: Path | None, topic: Topic, definition: TopicDefinition
) -> TopicView:
    return TopicView(
        slug=topic.slug,
        title=topic.title or topic.slug,
        description=topic.description,
        query=topic.query,
        definition=definition.as_dict(),
        member_ids=_members(archive, index_dir, definition),
        about=manifest_about(query=topic.query, filters=definition.filters, topic=topic),
        research_query=topic_query(archive, definition),
    )


def resolve_topics(archive: Archive, index_dir: Path | None) -> list[TopicView]:
    """Every topic with the ids of its articles; clusters are brought up to date first
    when a topic will be exported (exports and article pages then agree)."""
    with archive.session() as session:
        topics = list_topics(session)
        views = [_view(archive, index_dir, topic, definition_of(topic)) for topic in topics]
    if any(view.member_ids for view in views):
        ensure_clusters(archive)
    return views


def export_key(view: TopicView, catalog: Catalog) -> str:
    """What the exports hold: the definition and each member's text, capture and cluster."""
    meta = catalog.by_id if view.member_ids else {}
    parts = [view.definition, SOFTWARE_VERSION]
    for article_id in view.member_ids or ():
        article = meta.get(article_id)
        if article is not None:
            parts.append(
                (
                    article_id,
                    article.content_hash,
                    article.capture_id,
                    catalog.cluster_of.get(article_id),
                )
            )
    return hashlib.blake2b(json.dumps(parts, default=str).encode(), digest_size=12).hexdigest()


def export_files(slug: str) -> list[tuple[str, str, str]]:
    """(format, file path, manifest path) of a topic's exports, paths from the site root."""
    files = []
    for name in EXPORT_FORMATS:
        path = paths.topic_export(slug, EXTENSIONS[name])
        files.append((name, path, str(manifest_path(Path(path)))))
    return files


def write_exports(archive: Archive, view: TopicView, build_dir: Path) -> None:
    """Run every export of the topic into the build."""
    for name, path, _ in export_files(view.slug):
        request = ExportRequest(
            selection=Selection(article_ids=view.member_ids or []),
            format=name,
            out=build_dir / path,
            about=view.about,
        )
        run_export(archive, request)


def _size(path: Path) -> str:
    size = path.stat().st_size
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} MB"


def describe_exports(view: TopicView, build_dir: Path) -> None:
    view.exports = [
        {
            "label": FORMAT_LABELS[name],
            "path": path,
            "manifest": manifest,
            "size": _size(build_dir / path),
        }
        for name, path, manifest in export_files(view.slug)
    ]


def topic_jobs(views: Sequence[TopicView], catalog: Catalog) -> list[Job]:
    """The topics index and each topic's pages (index with chart, month pages)."""
    meta = catalog.by_id if any(v.member_ids for v in views) else {}
    jobs: list[Job] = [
        (
            paths.TOPICS,
            "topics.html",
            {
                "topics": [
                    {
                        "slug": v.slug,
                        "title": v.title,
                        "description": v.description,
                        "total": None if v.member_ids is None else len(v.member_ids),
                    }
                    for v in views
                ]
            },
        )
    ]
    for view in views:
        articles: list[ArticleMeta] = sorted(
            (meta[i] for i in view.member_ids or () if i in meta),
            key=lambda a: (a.date is not None, a.date, a.id),
            reverse=True,
        )
        counts = Counter(a.month for a in articles if a.date)
        listing = Listing("topics", view.slug, view.title, articles)
        jobs.extend(
            listing_jobs(
                listing,
                catalog,
                template="topic.html",
                topic={
                    "slug": view.slug,
                    "description": view.description,
                    "query": view.query,
                    "filters": view.filters(),
                    "index_missing": view.member_ids is None,
                    "exports": view.exports,
                    "research_query": view.research_query,
                    "trend": view.trend,
                    "terms": view.terms,
                },
                chart=series(counts),
            )
        )
    return jobs
