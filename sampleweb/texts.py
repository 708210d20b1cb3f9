"""The texts: handwritten articles and the composer's bank, read from ``data/``.

All text is normalised on load (NFC, one space between words, new-style tone
placement) so that the composer decides every article's spelling in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from sampleweb.orthography import restyle
from sampleweb.specs import DATA_DIR


def clean(text: str) -> str:
    """One line, single spaces, NFC, new-style tone placement."""
    return restyle(re.sub(r"\s+", " ", text).strip(), "new")


@dataclass(frozen=True)
class Handwritten:
    site_id: str
    topic: str
    published: str  # "YYYY-MM-DD HH:MM", Vietnam time
    title: str
    lead: str
    body: tuple[str, ...]
    author: str | None = None
    byline_form: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class Kind:
    """One kind of event the composer can report on."""

    id: str
    topic: str
    titles: tuple[str, ...]
    leads: tuple[str, ...]
    paragraphs: tuple[str, ...]
    years: tuple[int, int] | None = None
    months: tuple[int, ...] | None = None

    def fits(self, year: int, month: int) -> bool:
        if self.years and not self.years[0] <= year <= self.years[1]:
            return False
        return not self.months or month in self.months


@dataclass(frozen=True)
class Bank:
    kinds: tuple[Kind, ...]
    limits: dict[str, tuple[str, ...]]
    directions: dict[str, tuple[str, ...]]
    closings: tuple[str, ...]
    captions: tuple[str, ...]


def _handwritten(site_id: str, entry: dict[str, Any]) -> Handwritten:
    return Handwritten(
        site_id=site_id,
        topic=entry["topic"],
        published=entry["published"],
        title=clean(entry["title"]),
        lead=clean(entry["lead"]),
        body=tuple(clean(paragraph) for paragraph in entry["body"]),
        author=clean(entry["author"]) if entry.get("author") else None,
        byline_form=entry.get("byline_form"),
        source=entry.get("source"),
    )


@cache
def handwritten() -> tuple[Handwritten, ...]:
    """Every handwritten article, all sites, in file order."""
    articles: list[Handwritten] = []
    for path in sorted(DATA_DIR.glob("articles-*.yaml")):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        articles += [_handwritten(document["site"], entry) for entry in document["articles"]]
    return tuple(articles)


def _years(value: str | None) -> tuple[int, int] | None:
    if not value:
        return None
    first, last = value.split("-")
    return int(first), int(last)


def _texts(values: list[str]) -> tuple[str, ...]:
    return tuple(clean(value) for value in values)


@cache
def bank() -> Bank:
    document = yaml.safe_load((DATA_DIR / "bank.yaml").read_text(encoding="utf-8"))
    kinds = tuple(
        Kind(
            id=entry["id"],
            topic=entry["topic"],
            titles=_texts(entry["titles"]),
            leads=_texts(entry["leads"]),
            paragraphs=_texts(entry["paragraphs"]),
            years=_years(entry.get("years")),
            months=tuple(entry["months"]) if entry.get("months") else None,
        )
        for entry in document["kinds"]
    )
    topics = document["topic_paragraphs"]
    return Bank(
        kinds=kinds,
        limits={topic: _texts(parts["limits"]) for topic, parts in topics.items()},
        directions={topic: _texts(parts["directions"]) for topic, parts in topics.items()},
        closings=_texts(document["closing_paragraphs"]),
        captions=_texts(document["captions"]),
    )
