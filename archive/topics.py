"""Topics: named saved searches (a query plus explicit filters) kept in the database.

A topic stores only its definition; its articles are the query re-run on the
current archive (the command layer asks the index, ``archive.selection``
narrows with the filters in SQL). Definitions travel as a YAML topics file, so
a team can share and version them.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import yaml
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from archive.models import Site, Topic, TopicSnapshot, TopicSnapshotArticle
from archive.vietnamese import fold, nfc

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
# "Tỉnh Đồng Tháp", "TP. Hồ Chí Minh" and "Đồng Tháp" name the same province.
_PROVINCE_PREFIXES = ("tinh ", "thanh pho ", "tp ")
FILE_KEYS = ("slug", "title", "description", "query", "from", "to", "provinces", "sites")


class TopicError(ValueError):
    """A topic cannot be found, saved or read; the message says what to do."""


def parse_date(text: str | dt.date, *, end: bool = False) -> dt.date:
    """``2021``, ``2021-03`` or ``2021-03-05``; a year or month means its first (or last) day."""
    if isinstance(text, dt.date):
        return text
    match = _PERIOD.match(str(text).strip())
    if not match:
        raise TopicError(f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD.")
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        if month is None:
            return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, last if end else 1)
        return dt.date(year, month, day)
    except ValueError as exc:
        raise TopicError(f"{text!r} is not a valid date ({exc}).") from exc


def province_key(name: str) -> str:
    """How provinces are compared: folded (no diacritics, đ→d), words only, no "Tỉnh" prefix."""
    key = " ".join(re.findall(r"\w+", fold(name)))
    for prefix in _PROVINCE_PREFIXES:
        if key.startswith(prefix):
            return key[len(prefix) :]
    return key


@dataclass(frozen=True)
class Filters:
    """Explicit filters on top of a query: all given kinds must hold (values of one kind: any)."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    provinces: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise TopicError(
                f"The period is empty: from {self.date_from} is after to {self.date_to}."
            )

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "provinces": list(self.provinces),
            "sites": list(self.sites),
        }

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> Filters:
        return cls(
            date_from=parse_date(values["from"]) if values.get("from") else None,
            date_to=parse_date(values["to"], end=True) if values.get("to") else None,
            provinces=tuple(nfc(str(p)) for p in values.get("provinces") or ()),
            sites=tuple(str(s) for s in values.get("sites") or ()),
        )


@dataclass(frozen=True)
class TopicDefinition:
    """Everything that defines a topic, as stored, shared in files and frozen in snapshots."""

    slug: str
    query: str
    title: str = ""
    description: str = ""
    filters: Filters = field(default_factory=Filters)

    def __post_init__(self) -> None:
        if not _SLUG.match(self.slug):
            raise TopicError(
                f"{self.slug!r} is not a valid topic slug: use lowercase letters, digits, "
                "'-' and '_' (e.g. chi-thi-05)."
            )
        if not self.query.strip():
            raise TopicError(f"Topic {self.slug!r} needs a query (--query).")

    def as_dict(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "title": self.title,
            "description": self.description,
            "query": self.query,
            **self.filters.as_dict(),
        }

    @classmethod
    def from_dict(cls, values: Mapping[str, Any]) -> TopicDefinition:
        unknown = sorted(set(values) - set(FILE_KEYS))
        if unknown:
            raise TopicError(
                f"Unknown key(s) {', '.join(unknown)} in topic {values.get('slug')!r}; "
                f"allowed: {', '.join(FILE_KEYS)}."
            )
        if not values.get("slug") or not values.get("query"):
            raise TopicError(f"Every topic needs a slug and a query: {dict(values)!r}.")
        return cls(
            slug=str(values["slug"]),
            query=nfc(str(values["query"])),
            title=nfc(str(values.get("title") or "")),
            description=nfc(str(values.get("description") or "")),
            filters=Filters.from_dict(values),
        )


def definition_of(topic: Topic) -> TopicDefinition:
    return TopicDefinition(
        slug=topic.slug,
        query=topic.query,
        title=topic.title,
        description=topic.description,
        filters=Filters(
            date_from=topic.date_from,
            date_to=topic.date_to,
            provinces=tuple(topic.provinces or ()),
            sites=tuple(topic.sites or ()),
        ),
    )


def _store(topic: Topic, definition: TopicDefinition) -> None:
    topic.slug = definition.slug
    topic.query = nfc(definition.query)
    topic.title = nfc(definition.title)
    topic.description = nfc(definition.description)
    topic.date_from = definition.filters.date_from
    topic.date_to = definition.filters.date_to
    topic.provinces = [nfc(p) for p in definition.filters.provinces]
    topic.sites = list(definition.filters.sites)


def find_topic(session: Session, slug: str) -> Topic | None:
    return session.scalar(select(Topic).where(Topic.slug == slug))


def get_topic(session: Session, slug: str) -> Topic:
    topic = find_topic(session, slug)
    if topic is None:
        raise TopicError(f"No topic {slug!r}. `partyline topic list` shows the topics.")
    return topic


def list_topics(session: Session) -> list[Topic]:
    return list(session.scalars(select(Topic).order_by(Topic.slug)))


def add_topic(session: Session, definition: TopicDefinition) -> Topic:
    if find_topic(session, definition.slug) is not None:
        raise TopicError(
            f"Topic {definition.slug!r} exists already: change it with `partyline topic edit`."
        )
    topic = Topic()
    _store(topic, definition)
    session.add(topic)
    session.flush()
    return topic


def edit_topic(session: Session, slug: str, **changes: Any) -> Topic:
    """Change some of a topic's fields: ``query``, ``title``, ``description``, ``filters``."""
    topic = get_topic(session, slug)
    definition = replace(definition_of(topic), **changes)
    _store(topic, definition)
    session.flush()
    return topic


def snapshot_names(session: Session, topic: Topic) -> list[str]:
    query = select(TopicSnapshot.name).where(TopicSnapshot.topic_id == topic.id)
    return list(session.scalars(query.order_by(TopicSnapshot.created_at)))


def remove_topic(session: Session, slug: str, *, with_snapshots: bool = False) -> None:
    """Delete a topic; its frozen snapshots too, but only when asked (they back citations)."""
    topic = get_topic(session, slug)
    names = snapshot_names(session, topic)
    if names and not with_snapshots:
        raise TopicError(
            f"Topic {slug!r} has frozen snapshot(s) {', '.join(names)} that published work may "
            "cite. Export them first; pass --delete-snapshots to remove them with the topic."
        )
    snapshots = select(TopicSnapshot.id).where(TopicSnapshot.topic_id == topic.id)
    session.execute(
        delete(TopicSnapshotArticle).where(TopicSnapshotArticle.snapshot_id.in_(snapshots))
    )
    session.execute(delete(TopicSnapshot).where(TopicSnapshot.topic_id == topic.id))
    session.delete(topic)
    session.flush()


def import_topics(session: Session, definitions: Iterable[TopicDefinition]) -> dict[str, int]:
    """Add new topics and update changed ones (by slug); returns counts per outcome."""
    counts = {"added": 0, "updated": 0, "unchanged": 0}
    for definition in definitions:
        topic = find_topic(session, definition.slug)
        if topic is None:
            add_topic(session, definition)
            counts["added"] += 1
        elif definition_of(topic) == definition:
            counts["unchanged"] += 1
        else:
            _store(topic, definition)
            counts["updated"] += 1
    session.flush()
    return counts


def read_topics_file(text: str, source: str = "topics file") -> list[TopicDefinition]:
    """Definitions from YAML: a mapping with a ``topics`` list (see docs/topics-and-exports.md)."""
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise TopicError(f"{source} is not valid YAML: {exc}") from exc
    entries = document.get("topics") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise TopicError(f"{source} needs a top-level 'topics:' list.")
    definitions = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise TopicError(f"{source}: each topic is a mapping of {', '.join(FILE_KEYS)}.")
        definitions.append(TopicDefinition.from_dict(entry))
    slugs = [d.slug for d in definitions]
    duplicates = sorted({s for s in slugs if slugs.count(s) > 1})
    if duplicates:
        raise TopicError(f"{source} defines {', '.join(duplicates)} more than once.")
    return definitions


def write_topics_file(definitions: Iterable[TopicDefinition]) -> str:
    header = "# Partyline topics: `partyline topic import` reads this file.\n"
    body = {"topics": [definition.as_dict() for definition in definitions]}
    return header + yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=100)


def unknown_filter_values(session: Session, filters: Filters) -> dict[str, list[str]]:
    """Provinces and site ids of ``filters`` that no site in the archive has (likely typos)."""
    rows = session.execute(select(Site.id, Site.province, Site.province_current)).all()
    provinces = {province_key(p) for _, *names in rows for p in names if p}
    site_ids = {site_id for site_id, *_ in rows}
    return {
        "provinces": [p for p in filters.provinces if province_key(p) not in provinces],
        "sites": [s for s in filters.sites if s not in site_ids],
    }
