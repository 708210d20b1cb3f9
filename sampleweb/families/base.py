"""What every family renderer offers the site, the server and the ground truth."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from sampleweb.article import Article
from sampleweb.orthography import slugify
from sampleweb.pages import Page, redirect, text_page

if TYPE_CHECKING:
    from sampleweb.site import SampleSite

Handler = Callable[[re.Match[str], dict[str, str]], Page | None]

PER_PAGE = 10


class Family:
    """A CMS family's URL scheme and page renderers, bound to one site."""

    # What the real installations answer with: the Server header and extra headers.
    server_software = "nginx"
    response_headers: tuple[tuple[str, str], ...] = ()

    def __init__(self, site: SampleSite) -> None:
        self.site = site
        self.spec = site.spec
        self.routes: list[tuple[re.Pattern[str], Handler]] = []

    # ---------------------------------------------------------------- URLs
    def article_path(self, article: Article) -> str:
        raise NotImplementedError

    def listing_path(self, category: str, page: int = 1) -> str:
        raise NotImplementedError

    def listing_paths(self) -> list[str]:
        return [self.listing_path(category.alias) for category in self.spec.categories]

    def feed_paths(self) -> list[str]:
        return []

    def sitemap_paths(self) -> list[str]:
        return []

    def duplicate_paths(self, article: Article) -> list[str]:
        """Other URLs serving the same article (print views...), never canonical."""
        return []

    def related(self, article: Article) -> list[Article]:
        """Other articles whose titles the article's page shows."""
        return []

    def furniture(self) -> list[str]:
        """Site-specific strings printed on article pages beyond the family's own list."""
        return []

    def outbound(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        """Banner and advertisement clicks leave the site, as on the real ones."""
        return redirect(f"https://www.{slugify(self.spec.province).replace('-', '')}.gov.vn/")

    def url(self, path: str) -> str:
        return self.site.base_url + path

    # ---------------------------------------------------------------- serving
    def route(self, path: str, query: dict[str, str]) -> Page | None:
        for pattern, handler in self.routes:
            match = pattern.fullmatch(path)
            if match:
                return handler(match, query)
        return None

    def page_count(self, items: list[Article]) -> int:
        return max(1, math.ceil(len(items) / PER_PAGE))

    def page_of(self, items: list[Article], page: int) -> list[Article] | None:
        """Items of the 1-based ``page``, or None past the end."""
        if page < 1 or page > self.page_count(items):
            return None
        return items[(page - 1) * PER_PAGE : page * PER_PAGE]

    def article_page(self, article: Article, html: Callable[[], str]) -> Page:
        """The article rendered by ``html``, or its failure when it is a special page."""
        if article.special:
            return self.site.special_page(article)
        return text_page(html(), nfd=article.nfd, last_modified=article.edited)

    def category_name(self, alias: str) -> str:
        return self.spec.category(alias).name


def int_or(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
