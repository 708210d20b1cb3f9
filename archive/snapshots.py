"""Frozen snapshots: a topic's article list recorded at one moment, for reproducible work.

A snapshot keeps each article's id, the capture it was read from (id and
SHA-256) and the hash of its text, plus the topic's definition at that moment.
Exporting a snapshot later exports exactly those articles, from those
captures, whatever the crawler added or the topic became since.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import func, insert, literal, select
from sqlalchemy.orm import Session

from archive.models import Article, Capture, Topic, TopicSnapshot, TopicSnapshotArticle, utcnow
from archive.selection import Selection, selected
from archive.topics import TopicDefinition, TopicError

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")


def default_name(now: dt.datetime | None = None) -> str:
    return (now or utcnow()).strftime("%Y-%m-%d")


def freeze(
    session: Session,
    topic: Topic,
    definition: TopicDefinition,
    selection: Selection,
    *,
    name: str | None = None,
    software_version: str = "",
) -> TopicSnapshot:
    """Record the articles ``selection`` covers now as snapshot ``name`` of ``topic``."""
    name = name or default_name()
    if not _NAME.match(name):
        raise TopicError(f"{name!r} is not a valid snapshot name: letters, digits, '.', '-', '_'.")
    if find_snapshot(session, topic, name) is not None:
        raise TopicError(
            f"Topic {topic.slug!r} already has a snapshot {name!r}; choose another --name."
        )
    snapshot = TopicSnapshot(
        topic_id=topic.id,
        name=name,
        definition=definition.as_dict(),
        software_version=software_version,
    )
    session.add(snapshot)
    session.flush()
    with selected(session, selection) as members:
        rows = (
            select(
                literal(snapshot.id),
                Article.id,
                Article.capture_id,
                Capture.sha256,
                Article.content_hash,
            )
            .join(members, members.c.article_id == Article.id)
            .join(Capture, Capture.id == Article.capture_id)
        )
        session.execute(
            insert(TopicSnapshotArticle).from_select(
                ["snapshot_id", "article_id", "capture_id", "capture_sha256", "content_hash"], rows
            )
        )
    snapshot.article_count = (
        session.scalar(select(func.count()).where(TopicSnapshotArticle.snapshot_id == snapshot.id))
        or 0
    )
    session.flush()
    return snapshot


def find_snapshot(session: Session, topic: Topic, name: str) -> TopicSnapshot | None:
    return session.scalar(
        select(TopicSnapshot).where(TopicSnapshot.topic_id == topic.id, TopicSnapshot.name == name)
    )


def list_snapshots(session: Session, topic: Topic) -> list[TopicSnapshot]:
    query = select(TopicSnapshot).where(TopicSnapshot.topic_id == topic.id)
    return list(session.scalars(query.order_by(TopicSnapshot.created_at, TopicSnapshot.id)))


def get_snapshot(session: Session, topic: Topic, name: str) -> TopicSnapshot:
    snapshot = find_snapshot(session, topic, name)
    if snapshot is None:
        names = ", ".join(s.name for s in list_snapshots(session, topic)) or "none yet"
        raise TopicError(f"Topic {topic.slug!r} has no snapshot {name!r} (snapshots: {names}).")
    return snapshot


@dataclass
class SnapshotDrift:
    """How the archive moved under a snapshot: what an exporter should tell the reader."""

    missing: list[int]  # articles no longer in the archive
    text_changed: list[int]  # re-extracted since: the export carries today's text


def snapshot_drift(session: Session, snapshot: TopicSnapshot) -> SnapshotDrift:
    frozen = TopicSnapshotArticle
    rows = session.execute(
        select(frozen.article_id, Article.id, frozen.content_hash, Article.content_hash)
        .outerjoin(Article, Article.id == frozen.article_id)
        .where(frozen.snapshot_id == snapshot.id)
        .where((Article.id.is_(None)) | (Article.content_hash != frozen.content_hash))
        .order_by(frozen.article_id)
    ).all()
    return SnapshotDrift(
        missing=[r[0] for r in rows if r[1] is None],
        text_changed=[r[0] for r in rows if r[1] is not None],
    )
