"""Small archives for the website tests: corpus articles plus hand-made ones
(a hostile title and author, near-identical copies on two sites), a topic and an index."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

from sqlalchemy import select

from archive.articles import ArticleFields, upsert_article
from archive.captures import store_capture
from archive.clusters import recluster
from archive.db import Archive
from archive.models import Article
from archive.topics import TopicDefinition, add_topic
from benchmarks.corpus import corpus_sites, fill_archive

HOSTILE_TITLE = "<script>alert(1)</script> Tỉnh ủy"
HOSTILE_AUTHOR = '"><img src=x onerror=alert(2)>'
COPY_TEXT = "\n\n".join(
    f"Đoạn {n}: Ban Thường vụ Tỉnh ủy triển khai Chỉ thị 05 về học tập và làm theo tư tưởng, "
    f"đạo đức, phong cách Hồ Chí Minh tại các chi bộ, đảng bộ cơ sở trong tỉnh năm 2023."
    for n in range(6)
)


@dataclass
class Special:
    hostile: int
    original: int
    copy: int


def add_article(archive: Archive, site_id: str, path: str, fields: ArticleFields) -> int:
    """A hand-made article at ``path`` on one of the corpus sites; returns its id."""
    host = next(s.host for s in corpus_sites() if s.id == site_id)
    return store_article(archive, site_id, f"https://{host}/{path}", fields)


def store_article(archive: Archive, site_id: str, url: str, fields: ArticleFields) -> int:
    """An article as the crawler leaves it (a capture, then the article); returns its id."""
    with archive.session() as session:
        capture = store_capture(
            session,
            site_id=site_id,
            url=url,
            final_url=url,
            canonical_url=url,
            http_status=200,
            headers={"Content-Type": "text/html; charset=utf-8"},
            body=b"<html><body>archived page</body></html>",
        )
        session.flush()
        upsert_article(session, capture, fields)
        session.flush()
        return session.scalar(select(Article.id).where(Article.capture_id == capture.id))


def make_archive(folder: Path, articles: int = 60, sites: int = 3) -> tuple[Archive, Special]:
    archive = Archive(f"sqlite:///{folder / 'archive.db'}")
    fill_archive(archive, articles, sites=sites)
    first, second = (s.id for s in corpus_sites(2))
    hostile = add_article(
        archive,
        first,
        "tin-tuc/hostile.html",
        ArticleFields(
            title=HOSTILE_TITLE,
            text="<img src=x onerror=alert(3)>\n\nĐoạn hai.",
            published="2023-06-14T23:03+07:00",
            published_source="page:date",
            author=HOSTILE_AUTHOR,
        ),
    )
    original = add_article(
        archive,
        first,
        "tin-tuc/chi-thi-05.html",
        ArticleFields(
            title="Triển khai Chỉ thị 05",
            text=COPY_TEXT,
            published="2023-05-02",
            published_source="page:date",
            author="Thanh Mai - Duy Khiêm",
        ),
    )
    copy = add_article(
        archive,
        second,
        "tin/chi-thi-05-copy.html",
        ArticleFields(title="Chỉ thị 05 được triển khai", text=COPY_TEXT, date_note="no date"),
    )
    recluster(archive)
    return archive, Special(hostile, original, copy)


def add_topic_to(archive: Archive) -> None:
    with archive.session() as session:
        add_topic(
            session,
            TopicDefinition(
                slug="chi-thi-05",
                query="chỉ thị",
                title="Chỉ thị 05",
                description="Học tập và làm theo tư tưởng Hồ Chí Minh",
            ),
        )


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and (tag, name) in (("a", "href"), ("link", "href")):
                self.links.append(value)


def local_links(page: Path) -> list[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return [
        urldefrag(link)[0]
        for link in parser.links
        if not urlsplit(link).scheme and not link.startswith(("#", "?"))
    ]


# Routes the search server answers dynamically: not files of the build.
DYNAMIC = re.compile(r"(^|/)(en/)?(search|trends|shares|terms|kwic|captures/\d+)(\?.*)?$")
