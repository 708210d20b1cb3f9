"""A quick generator of realistic Vietnamese articles for the export benchmark.

Deliberately simple and swappable: ``generate(count, seed)`` yields plain dicts
(``site``, ``slug``, ``title``, ``text``, ``published``, ``author``, ``source``);
any richer corpus generator that yields the same keys can replace it.

Sentences come from the sample web's handwritten articles (real Party-news
Vietnamese); each article mixes a lead and 8 to 16 sentences, so unrelated
articles share little text. About one article in ten is a republished copy of
an earlier one on another site, a few days later, edited the way provincial
sites edit (credit line, source tag, old tone placement, a reworded phrase).
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from sampleweb.orthography import restyle
from sampleweb.texts import handwritten

PROVINCES = (
    ("Bình Phước", "Đồng Nai"),
    ("Đồng Tháp", "Đồng Tháp"),
    ("Tiền Giang", "Đồng Tháp"),
    ("Long An", "Tây Ninh"),
    ("Quảng Trị", "Quảng Trị"),
    ("Quảng Bình", "Quảng Trị"),
    ("Lạng Sơn", "Lạng Sơn"),
    ("Hà Tĩnh", "Hà Tĩnh"),
)
PUBLISHERS = ("tinh_uy", "ban_tuyen_giao", "bao", "huyen_uy")
COPY_SHARE = 0.1
FIRST_DAY = dt.date(2016, 1, 1)
DAYS = 3400


def sites() -> list[dict[str, Any]]:
    """Four sites per province (party committee, propaganda board, paper, a district)."""
    result = []
    for number, (province, current) in enumerate(PROVINCES):
        for kind in PUBLISHERS:
            result.append(
                {
                    "id": f"{kind.replace('_', '-')}-{number}",
                    "name": f"{kind.replace('_', ' ').title()} {province}",
                    "family": "nukeviet",
                    "publisher_type": kind,
                    "province": province,
                    "province_current": current,
                    "hosts": [f"{kind}-{number}.example"],
                }
            )
    return result


@cache
def _pool() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    articles = handwritten()
    sentences = tuple(
        sentence
        for article in articles
        for paragraph in article.body
        for sentence in re.split(r"(?<=[.!?…])\s+", paragraph)
        if len(sentence.split()) > 5
    )
    authors = tuple({a.author for a in articles if a.author} | {"Thanh Mai", "Duy Khiêm"})
    return tuple(a.lead for a in articles), sentences, authors


def _article(rng: random.Random, site_ids: list[str], number: int) -> dict[str, Any]:
    leads, sentences, authors = _pool()
    body = rng.sample(sentences, k=rng.randint(8, 16))
    paragraphs = [rng.choice(leads)] + [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]
    day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
    words = " ".join(body[0].split()[:8])
    return {
        "site": rng.choice(site_ids),
        "slug": f"bai-{number}",
        "title": words.rstrip(".,;:") + f" ({number})",
        "text": "\n\n".join(paragraphs),
        "published": None
        if rng.random() < 0.03
        else f"{day.isoformat()}T08:{number % 60:02d}:00+07:00",
        "author": rng.choice(authors) if rng.random() < 0.7 else None,
        "source": rng.choice(("TTXVN", "Báo Nhân Dân")) if rng.random() < 0.15 else None,
    }


def _copy(rng: random.Random, original: dict[str, Any], site_ids: list[str], number: int):
    text = original["text"]
    edit = rng.choice(("credit", "tag", "tones", "reword"))
    if edit == "credit":
        text += "\n\nTheo " + (original["source"] or "TTXVN")
    elif edit == "tag":
        text = "(TTXVN) - " + text
    elif edit == "tones":
        text = restyle(text, "old")
    else:
        text = text.replace(" và ", " cùng ", 1)
    published = original["published"]
    if published:
        later = dt.date.fromisoformat(published[:10]) + dt.timedelta(days=rng.randint(0, 5))
        published = later.isoformat()
    return {
        **original,
        "site": rng.choice([s for s in site_ids if s != original["site"]]),
        "slug": f"bai-{number}",
        "text": text,
        "published": published,
        "author": None,
    }


def generate(count: int, seed: int = 0) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    site_ids = [site["id"] for site in sites()]
    recent: list[dict[str, Any]] = []
    for number in range(count):
        if recent and rng.random() < COPY_SHARE:
            yield _copy(rng, rng.choice(recent), site_ids, number)
            continue
        article = _article(rng, site_ids, number)
        recent = [*recent[-999:], article]
        yield article
