"""A realistic archive at any scale, for benchmarks: sites, captures and articles.

``fill_archive(archive, 100_000)`` adds 60 provincial sites (one per province,
of three publisher types, with very unequal volumes) and N articles over 15
years (2011 to 2025, more in later years) whose text comes from the Markov
chain of ``benchmarks/textmodel.py``: Vietnamese with the sample web's real
syllable and word frequencies, a share of old-style tone placement
("Tỉnh uỷ"), bylines and source credits. Every article has a capture holding
a small HTML page of it, so every table is as the crawler would leave it.
``rewrite_articles`` and ``remove_articles`` change an existing archive the
way a re-extraction or a deletion would, for incremental benchmarks.

Rows are inserted in bulk with explicit ids: 100,000 articles in about three minutes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import random
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import func, insert, select, text, update

from archive.articles import ArticleFields, content_hash, delete_articles, published_date
from archive.db import Archive
from archive.models import Article, Capture, utcnow
from archive.sites import sync_sites
from archive.vietnamese import fold
from benchmarks.textmodel import SentencePool, text_model
from sampleweb.orthography import restyle

SITES = 60
FIRST_YEAR, LAST_YEAR = 2011, 2025
BATCH = 2_000
UNDATED_SHARE = 0.02
SOURCE_SHARE = 0.15
VN = dt.timezone(dt.timedelta(hours=7))

# The 63 provinces and centrally governed cities before 1 July 2025 (benchmark
# data only: the archive's own province list belongs to the sites registry).
PROVINCES = (
    "Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "An Giang",
    "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng",
    "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
    "Hà Nam", "Hà Tĩnh", "Hải Dương", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa",
    "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An",
    "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình",
    "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La",
    "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang",
    "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip
CITIES = frozenset(PROVINCES[:5])
PUBLISHERS = (
    ("tinh_uy", "nukeviet", "Cổng Thông tin điện tử {committee} {province}"),
    ("ban_tuyen_giao", "liferay", "Ban Tuyên giáo {committee} {province}"),
    ("bao", "newspaper", "Báo {province}"),
)
SOURCES = ("TTXVN", "Báo Nhân Dân", "Tạp chí Cộng sản", "VOV", "Báo Quân đội nhân dân")
BYLINES = ("Tác giả: {name}.", "{name}", "Bài và ảnh: {name}", "{name} (Tổng hợp)")


@dataclass(frozen=True)
class CorpusSite:
    id: str
    name: str
    province: str
    publisher_type: str
    family: str
    host: str
    weight: float
    old_style_share: float


def corpus_sites(count: int = SITES) -> list[CorpusSite]:
    """One site per province, publisher types in turn, volumes falling like Zipf's law."""
    sites = []
    for rank, province in enumerate(PROVINCES[:count], 1):
        kind, family, pattern = PUBLISHERS[rank % len(PUBLISHERS)]
        slug = fold(province).replace(" - ", " ").replace(" ", "")
        committee = "Thành ủy" if province in CITIES else "Tỉnh ủy"
        sites.append(
            CorpusSite(
                id=f"{slug}-{kind.replace('_', '')}",
                name=pattern.format(committee=committee, province=province),
                province=province,
                publisher_type=kind,
                family=family,
                host=f"{slug}.corpus.example",
                weight=1 / rank**0.7,
                old_style_share=(rank % 4) / 10,
            )
        )
    return sites


def _moment(rng: random.Random) -> dt.datetime:
    """A publication time; the archive grows over the years (sites publish more)."""
    years = range(FIRST_YEAR, LAST_YEAR + 1)
    year = rng.choices(years, weights=[1 + 0.2 * (y - FIRST_YEAR) for y in years])[0]
    day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    return dt.datetime(
        day.year, day.month, day.day, rng.randint(6, 22), rng.randrange(60), 0, 0, VN
    )


@dataclass
class GeneratedArticle:
    site: CorpusSite
    fields: ArticleFields
    fetched_at: dt.datetime


class ArticleFactory:
    """Draws articles from the sentence pool; deterministic for a seed."""

    def __init__(self, sites: Sequence[CorpusSite], seed: int, pool_size: int) -> None:
        self.rng = random.Random(seed)
        self.sites = list(sites)
        self.weights = [site.weight for site in self.sites]
        model = text_model()
        self.pool = SentencePool(model, pool_size, self.rng)
        self.reporters = model.reporters

    def article(self, site: CorpusSite | None = None) -> GeneratedArticle:
        rng = self.rng
        site = site or rng.choices(self.sites, weights=self.weights)[0]
        when = _moment(rng)
        paragraphs = self.pool.body(rng)
        author = rng.choice(self.reporters) if rng.random() < 0.7 else None
        source = rng.choice(SOURCES) if rng.random() < SOURCE_SHARE else None
        if author and rng.random() < 0.8:
            paragraphs.append(rng.choice(BYLINES).format(name=author))
        if source:
            paragraphs.append(f"Nguồn: {source}" if source == "TTXVN" else f"Theo {source}")
        # The pool is in the new style; some sites still write the old one.
        old_style = rng.random() < site.old_style_share
        title, body = self.pool.title(rng), "\n\n".join(paragraphs)
        dated = rng.random() >= UNDATED_SHARE
        fields = ArticleFields(
            title=restyle(title, "old") if old_style else title,
            text=restyle(body, "old") if old_style else body,
            published=when.isoformat(timespec="minutes") if dated else None,
            published_source="date_element" if dated else None,
            date_note=None if dated else "no date on the page",
            author=author,
            source=source,
            family=site.family,
        )
        return GeneratedArticle(site, fields, when + dt.timedelta(hours=rng.randint(1, 48)))


def _page(fields: ArticleFields) -> bytes:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in fields.text.split("\n\n"))
    title = html.escape(fields.title)
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    ).encode()


def _article_values(fields: ArticleFields) -> dict:
    return {
        "title": fields.title,
        "text": fields.text,
        "published": fields.published,
        "published_date": published_date(fields.published),
        "published_source": fields.published_source,
        "date_note": fields.date_note,
        "author": fields.author,
        "source": fields.source,
        "family": fields.family,
        "word_count": len(fields.text.split()),
        "content_hash": content_hash(fields),
    }


def _rows(generated: GeneratedArticle, row_id: int, now: dt.datetime) -> tuple[dict, dict]:
    site, fields = generated.site, generated.fields
    url = f"https://{site.host}/tin-tuc/bai-{row_id}.html"
    body = _page(fields)
    capture = {
        "id": row_id,
        "site_id": site.id,
        "url": url,
        "final_url": url,
        "canonical_url": url,
        "fetched_at": generated.fetched_at,
        "http_status": 200,
        "headers": {"Content-Type": "text/html; charset=utf-8"},
        "content_type": "text/html; charset=utf-8",
        "body": zlib.compress(body, 6),
        "body_length": len(body),
        "compression": "zlib",
        "sha256": hashlib.sha256(body).hexdigest(),
        "extraction_status": "ok",
        "extracted_at": now,
    }
    article = {
        "id": row_id,
        "article_key": url,
        "canonical_url": url,
        "site_id": site.id,
        "capture_id": row_id,
        "first_seen": generated.fetched_at,
        "last_seen": generated.fetched_at,
        "updated_at": now,
        **_article_values(fields),
    }
    return capture, article


def _sync_sequences(archive: Archive) -> None:
    """PostgreSQL sequences do not see explicit ids: move them past the new rows."""
    if archive.engine.dialect.name != "postgresql":
        return
    with archive.engine.begin() as connection:
        for table in ("captures", "articles"):
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
            )


def _batches(items: Iterator, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class FillSummary:
    sites: int
    articles: int
    first_id: int
    last_id: int


def fill_archive(
    archive: Archive,
    count: int,
    *,
    seed: int = 0,
    sites: int = SITES,
    progress: Callable[[int, int], None] | None = None,
) -> FillSummary:
    """Add ``count`` realistic articles (and their sites and captures) to ``archive``."""
    chosen = corpus_sites(sites)
    with archive.session() as session:
        sync_sites(
            session,
            [
                {
                    "id": s.id,
                    "name": s.name,
                    "family": s.family,
                    "publisher_type": s.publisher_type,
                    "province": s.province,
                    "hosts": [s.host],
                }
                for s in chosen
            ],
        )
        start = (session.scalar(select(func.max(Capture.id))) or 0) + 1
        start = max(start, (session.scalar(select(func.max(Article.id))) or 0) + 1)
    factory = ArticleFactory(chosen, seed, pool_size=min(max(3 * count, 5_000), 300_000))
    now = utcnow()
    done = 0
    generated = (_rows(factory.article(), start + n, now) for n in range(count))
    for batch in _batches(generated, BATCH):
        with archive.session() as session:
            session.execute(insert(Capture), [capture for capture, _ in batch])
            session.execute(insert(Article), [article for _, article in batch])
        done += len(batch)
        if progress:
            progress(done, count)
    _sync_sequences(archive)
    return FillSummary(len(chosen), count, start, start + count - 1)


def rewrite_articles(archive: Archive, ids: Sequence[int], *, seed: int = 1) -> int:
    """Give these articles new text and title, as a re-extraction would (updated_at moves)."""
    with archive.session() as session:
        query = select(Article.id, Article.site_id).where(Article.id.in_(list(ids)))
        site_ids = dict(session.execute(query).all())
        by_id = {site.id: site for site in corpus_sites(SITES)}
        known = [by_id.get(site_id) for site_id in site_ids.values()]
        factory = ArticleFactory([s for s in known if s] or corpus_sites(1), seed, 5_000)
        now = utcnow()
        for article_id, site_id in site_ids.items():
            fields = factory.article(by_id.get(site_id)).fields
            values = _article_values(fields) | {"updated_at": now}
            session.execute(update(Article).where(Article.id == article_id).values(**values))
    return len(site_ids)


def remove_articles(archive: Archive, ids: Sequence[int]) -> int:
    """Delete these articles (their captures stay: captures are kept forever)."""
    with archive.session() as session:
        return delete_articles(session, ids)
