"""A small archive of realistic articles and their republished near-copies, for tests.

Originals are the sample web's handwritten Vietnamese articles; copies are made
the way provincial sites republish: a credit line ("Theo TTXVN", "Nguồn: Báo
Nhân Dân"), a byline, a source tag in the lead, a dropped closing sentence, old
tone placement, NFD text, another site and a later date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import insert, select

from archive.articles import ArticleFields, upsert_article
from archive.captures import COMPRESSION, compress_body, store_capture
from archive.db import Archive
from archive.models import Article, Capture
from archive.sites import sync_sites
from sampleweb.orthography import restyle
from sampleweb.texts import Handwritten, handwritten

SITES = [
    {
        "id": "btg-binhphuoc",
        "name": "Ban Tuyên giáo Tỉnh ủy Bình Phước",
        "family": "nukeviet",
        "publisher_type": "ban_tuyen_giao",
        "province": "Bình Phước",
        "province_current": "Đồng Nai",
        "hosts": ["btg.binhphuoc.example"],
    },
    {
        "id": "tinhuy-dongthap",
        "name": "Tỉnh ủy Đồng Tháp",
        "family": "liferay",
        "publisher_type": "tinh_uy",
        "province": "Đồng Tháp",
        "province_current": "Đồng Tháp",
        "hosts": ["dongthap.example"],
    },
    {
        "id": "bao-longan",
        "name": "Báo Long An",
        "family": "newspaper",
        "publisher_type": "bao",
        "province": "Long An",
        "province_current": "Tây Ninh",
        "hosts": ["baolongan.example"],
    },
]
SITE_IDS = [site["id"] for site in SITES]
FETCHED = dt.datetime(2025, 8, 1, 3, 0, tzinfo=dt.UTC)


def text_of(article: Handwritten) -> str:
    return "\n\n".join([article.lead, *article.body])


def _reword(text: str) -> str:
    """Two small wording changes an editor makes: a place named, a word swapped."""
    text = text.replace("Tỉnh ủy", "Tỉnh ủy tỉnh", 1)
    return re.sub(r"\btổ chức\b", "tiến hành", text, count=1)


# How provincial sites edit what they republish: each is a realistic small change.
EDITS = {
    "theo-ttxvn": lambda text: text + "\n\nTheo TTXVN",
    "nguon-nhan-dan": lambda text: text + "\n\nNguồn: Báo Nhân Dân\n\nThanh Hà",
    "lead-tag": lambda text: "(BLA) - " + text,
    "reword": _reword,
    "old-tones": lambda text: restyle(text, "old"),
    "nfd": lambda text: unicodedata.normalize("NFD", text),
    "all-at-once": lambda text: "(TTXVN) - " + _reword(restyle(text, "old")) + "\n\nTheo TTXVN",
}


@dataclass
class Stored:
    id: int
    url: str
    site: str
    title: str
    text: str
    published: str | None


def add_article(
    archive: Archive,
    site: str,
    slug: str,
    title: str,
    text: str,
    published: str | None,
    *,
    author: str | None = None,
    source: str | None = None,
    fetched: dt.datetime = FETCHED,
) -> Stored:
    """Store a capture and its article, as extraction would (NFC fields)."""
    host = next(s["hosts"][0] for s in SITES if s["id"] == site)
    url = f"http://{host}/tin-tuc/{slug}.html"
    nfc_text = unicodedata.normalize("NFC", text)
    body = f"<html><body><h1>{title}</h1><p>{nfc_text}</p></body></html>".encode()
    with archive.session() as session:
        capture = store_capture(
            session,
            site_id=site,
            url=url,
            final_url=url,
            canonical_url=url,
            http_status=200,
            headers={"Content-Type": "text/html; charset=utf-8"},
            body=body,
            fetched_at=fetched,
        )
        session.flush()
        fields = ArticleFields(
            title=title,
            text=nfc_text,
            published=published,
            published_source="page" if published else None,
            date_note=None if published else "no date on the page",
            author=author,
            source=source,
        )
        upsert_article(session, capture, fields)
        session.flush()
        article_id = session.scalar(select(Article.id).where(Article.canonical_url == url))
    return Stored(article_id, url, site, title, nfc_text, published)


def add_sites(archive: Archive) -> None:
    with archive.session() as session:
        sync_sites(session, SITES)


def originals(count: int) -> list[Handwritten]:
    """Distinct handwritten articles (different sites' own news)."""
    return list(handwritten()[:count])


# Titles and bylines that exercise every escaping rule of the formats.
AWKWARD_TITLE = 'Hội nghị "Chỉ thị 05" {lần 2}: 100% đạt, chi phí $5 & #1_tiến độ ~ ^ \\ xong'
FORMULA_TITLE = '=HYPERLINK("http://x") - Tỉnh uỷ Bình Phước'


def fill_for_export(archive: Archive) -> list[Stored]:
    """Six originals on three sites, one undated, awkward titles, and two copies of the first."""
    add_sites(archive)
    stored = []
    articles = originals(6)
    for number, article in enumerate(articles):
        title = {1: AWKWARD_TITLE, 2: FORMULA_TITLE}.get(number, article.title)
        published = None if number == 5 else f"2023-0{number + 1}-1{number}T09:3{number}:00+07:00"
        stored.append(
            add_article(
                archive,
                SITE_IDS[number % 3],
                f"bai-{number}",
                title,
                text_of(article),
                published,
                author="Thanh Mai - Duy Khiêm" if number == 0 else article.author,
                source="TTXVN" if number == 1 else article.source,
            )
        )
    first = articles[0]
    for number, edit in enumerate(("theo-ttxvn", "old-tones"), 1):
        stored.append(
            add_article(
                archive,
                SITE_IDS[number],
                f"ban-sao-{number}",
                first.title,
                EDITS[edit](text_of(first)),
                f"2023-01-1{number + 1}",
            )
        )
    return stored


def bulk_articles(archive: Archive, count: int) -> list[int]:
    """``count`` articles inserted in bulk (texts repeat, URLs do not): for size tests."""
    add_sites(archive)
    texts = [text_of(article) for article in handwritten()]
    captures, articles = [], []
    for number in range(1, count + 1):
        text = texts[number % len(texts)]
        url = f"http://dongthap.example/tin-tuc/bai-{number}.html"
        body = f"<html><body><p>{text}</p></body></html>".encode()
        captures.append(
            {
                "id": number,
                "site_id": SITE_IDS[number % 3],
                "url": url,
                "final_url": url,
                "canonical_url": url,
                "fetched_at": FETCHED,
                "http_status": 200,
                "headers": {},
                "body": compress_body(body),
                "body_length": len(body),
                "compression": COMPRESSION,
                "sha256": hashlib.sha256(body).hexdigest(),
                "extraction_status": "ok",
            }
        )
        articles.append(
            {
                "id": number,
                "article_key": url,
                "canonical_url": url,
                "site_id": SITE_IDS[number % 3],
                "capture_id": number,
                "title": f"Bài {number}",
                "published": f"2023-{number % 12 + 1:02d}-01",
                "published_date": dt.date(2023, number % 12 + 1, 1),
                "text": text,
                "word_count": len(text.split()),
                "content_hash": hashlib.sha256(text.encode()).hexdigest(),
                "first_seen": FETCHED,
                "last_seen": FETCHED,
                "updated_at": FETCHED,
            }
        )
    with archive.session() as session:
        session.execute(insert(Capture), captures)
        session.execute(insert(Article), articles)
    return list(range(1, count + 1))
