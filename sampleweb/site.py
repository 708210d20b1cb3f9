"""One sample site in memory: its articles, its theme's renderer, and a cache of rendered pages."""

from __future__ import annotations

import dataclasses
import threading
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

from sampleweb.article import Article
from sampleweb.orthography import restyle
from sampleweb.pages import NOT_FOUND, Page, static_asset, text_page
from sampleweb.renderer import Renderer
from sampleweb.specs import SiteSpec
from sampleweb.vndates import now_vn

MOST_READ = "\x00most-read"  # cache key beside the category listings

# Cut mid-<head>, then bytes no decoder makes sense of: no article can be recovered.
MALFORMED_BODY = (
    b'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">\n'
    b'<meta name="generator" content="NukeViet v4.5">\n<title>T\xe1\xba\xadp hu\xe1\xba'
    b"\x00\x00\xff\xfe\x8f\x9c<scr\x00ipt>\x1b[0m\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
)


class SampleSite:
    """Holds a site's articles; renders and caches its pages on demand."""

    scheme = "http"  # the failing sites (failures.py) may serve https

    def __init__(self, spec: SiteSpec, articles: list[Article], slow_seconds: float = 20) -> None:
        self.spec = spec
        self.slow_seconds = slow_seconds
        self.base_url = ""
        self._articles = articles  # oldest first, special pages included
        self._by_id = {article.id: article for article in articles}
        self._cache: dict[str, Page] = {}
        self._generation = 0  # bumped by every change, so no stale render is cached
        self._listings: dict[str | None, list[Article]] = {}
        self._lock = threading.Lock()
        self.renderer = Renderer(self)

    # ------------------------------------------------------------------ content
    def article(self, article_id: int) -> Article | None:
        return self._by_id.get(article_id)

    def articles(self, *, specials: bool = False) -> list[Article]:
        """Oldest first; the special pages only when asked for."""
        return [a for a in self._articles if specials or not a.special]

    def newest_first(self, category: str | None = None) -> list[Article]:
        """A listing's items (special pages included, as the CMS would list them)."""
        listing = self._listings.get(category)
        if listing is None:
            listing = sorted(
                (a for a in self._articles if category in (None, a.category)),
                key=lambda a: (a.published, a.id),
                reverse=True,
            )
            self._listings[category] = listing
        return listing

    def neighbours(
        self, article: Article, newer: int, older: int
    ) -> tuple[list[Article], list[Article]]:
        """Articles of the same category just newer and just older (special pages skipped)."""
        listing = [a for a in self.newest_first(article.category) if not a.special]
        index = next(i for i, a in enumerate(listing) if a.id == article.id)
        return listing[max(0, index - newer) : index], listing[index + 1 : index + 1 + older]

    def most_read(self, count: int = 5) -> list[Article]:
        ranking = self._listings.get(MOST_READ)
        if ranking is None:
            ranking = sorted(self.articles(), key=lambda a: (-a.hits, a.id))
            self._listings[MOST_READ] = ranking
        return ranking[:count]

    def today(self) -> date:
        return now_vn().date()

    # ------------------------------------------------------------------ changes
    def edit(self, article_id: int, extra_paragraph: str) -> Article:
        """Append a paragraph (in the article's tone style); the page changes with it."""
        with self._lock:
            old = self._by_id[article_id]
            if old.special:
                raise ValueError(f"article {article_id} is a special page")
            paragraph = restyle(" ".join(extra_paragraph.split()), old.tone_style)
            new = dataclasses.replace(
                old,
                paragraphs=(*old.paragraphs, paragraph),
                # Last-Modified has one-second resolution: every edit must move it.
                edited=max(now_vn(), old.edited + timedelta(seconds=1)),
                version=old.version + 1,
            )
            self._by_id[article_id] = new
            self._articles = [new if a.id == article_id else a for a in self._articles]
            self._listings.clear()
            self._cache.clear()
            self._generation += 1
            return new

    def wrap_server(self, server: object) -> None:
        """Plain HTTP: nothing to wrap (the broken-TLS failure site adds TLS here)."""

    def reset_cache(self) -> None:
        """Forget rendered pages (their absolute URLs change when the port does)."""
        with self._lock:
            self._cache.clear()
            self._generation += 1

    # ------------------------------------------------------------------ serving
    def respond(self, target: str) -> Page:
        page = self._cache.get(target)
        if page is not None:
            return page
        generation = self._generation
        parts = urlsplit(target)
        query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        page = self.renderer.route(parts.path, query) or static_asset(parts.path) or NOT_FOUND
        with self._lock:
            if page.cacheable and generation == self._generation:
                self._cache[target] = page
        return page

    def special_page(self, article: Article) -> Page:
        """What a special page answers: a 500, a very late 504, or unusable bytes."""
        if article.special == "error-500":
            html = (
                '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Lỗi hệ thống</title>'
                "</head><body><h1>Lỗi kết nối cơ sở dữ liệu</h1><p>Sorry! Could not connect to "
                "data server.</p></body></html>"
            )
            return text_page(html, status=500, validators=False)
        if article.special == "slow":
            html = "<!DOCTYPE html><html><body><h1>504 Gateway Time-out</h1></body></html>"
            return text_page(html, status=504, validators=False, delay=self.slow_seconds)
        return Page(body=MALFORMED_BODY, validators=False)
