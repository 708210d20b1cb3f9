"""Measuring an extractor against the gold set (``tests/gold/pages``).

Each gold page is the bytes a server sent (``NAME.html``) and the truth about
them (``NAME.json``: url, content type, family, title, published, author, source,
body, and the furniture strings that must never reach the body). The quality
test and ``benchmarks/extraction.py`` score with these same functions.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from archive.vietnamese import nfc

GOLD_DIR = Path(__file__).resolve().parents[2] / "tests" / "gold" / "pages"
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class GoldPage:
    name: str
    body: bytes
    url: str
    content_type: str | None
    family: str
    title: str
    published: str | None
    author: str | None
    source: str | None
    text: str
    boilerplate: tuple[str, ...]
    origin: str


def load_gold(directory: Path = GOLD_DIR) -> list[GoldPage]:
    """Every gold page, by name."""
    pages = []
    for path in sorted(directory.glob("*.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        pages.append(
            GoldPage(
                name=path.stem,
                body=path.with_suffix(".html").read_bytes(),
                url=truth["url"],
                content_type=truth.get("content_type"),
                family=truth["family"],
                title=truth["title"],
                published=truth["published"],
                author=truth["author"],
                source=truth["source"],
                text=truth["body"],
                boilerplate=tuple(truth["boilerplate"]),
                origin=truth.get("origin", ""),
            )
        )
    return pages


def _words(text: str) -> str:
    return " ".join(nfc(text).split())


def tokens(text: str) -> list[str]:
    return _WORD.findall(nfc(text).lower())


def token_f1(extracted: str, gold: str) -> float:
    """Bag-of-words F1 of the extracted body against the gold body."""
    got, want = Counter(tokens(extracted)), Counter(tokens(gold))
    common = sum((got & want).values())
    if not got and not want:
        return 1.0
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


@dataclass(frozen=True)
class Extracted:
    """What an extractor said about a page (None everywhere when it failed)."""

    title: str | None = None
    published: str | None = None
    author: str | None = None
    source: str | None = None
    text: str = ""


@dataclass(frozen=True)
class PageScore:
    name: str
    f1: float
    leaked: tuple[str, ...]
    date_right: bool  # the calendar date (or "no date") matches
    date_exact: bool  # the whole value matches, time and +07:00 included
    title_right: bool
    author_right: bool
    source_right: bool


def _same(got: str | None, want: str | None) -> bool:
    return (_words(got) if got else None) == (_words(want) if want else None)


def score_page(gold: GoldPage, extracted: Extracted) -> PageScore:
    text = _words(extracted.text)
    leaked = tuple(s for s in gold.boilerplate if _words(s) in text)
    got_day = extracted.published[:10] if extracted.published else None
    want_day = gold.published[:10] if gold.published else None
    return PageScore(
        name=gold.name,
        f1=token_f1(extracted.text, gold.text),
        leaked=leaked,
        date_right=got_day == want_day,
        date_exact=extracted.published == gold.published,
        title_right=_same(extracted.title, gold.title),
        author_right=_same(extracted.author, gold.author),
        source_right=_same(extracted.source, gold.source),
    )


@dataclass(frozen=True)
class Scores:
    pages: int
    mean_f1: float
    leaking_pages: int
    dates_right: float
    dates_exact: float
    titles_right: float
    authors_right: float
    sources_right: float


def summarise(scores: Iterable[PageScore]) -> Scores:
    scores = list(scores)
    count = len(scores)

    def share(flag: str) -> float:
        return sum(getattr(score, flag) for score in scores) / count

    return Scores(
        pages=count,
        mean_f1=sum(score.f1 for score in scores) / count,
        leaking_pages=sum(bool(score.leaked) for score in scores),
        dates_right=share("date_right"),
        dates_exact=share("date_exact"),
        titles_right=share("title_right"),
        authors_right=share("author_right"),
        sources_right=share("source_right"),
    )
