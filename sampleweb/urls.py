"""A site's URLs, built from its theme's shapes (format strings) and the site's data.

An article shape may use ``{id}``, ``{slug}``, ``{category}``, ``{published:%Y/%m}``,
``{prefix}``, ``{detail_instance}`` and what the theme's features add (``{itemid}``,
``{state[list]}``); a listing shape ``{category}``, ``{instance}``, ``{itemid}``,
``{tag}`` and, in its ``next`` part for page 2 on, ``{page}``, ``{start}``, ``{per_page}``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Protocol

from sampleweb import url_fields
from sampleweb.article import Article
from sampleweb.specs import SiteSpec

if TYPE_CHECKING:
    from sampleweb.theme import Theme

PER_PAGE = 10


class Addressed(Protocol):
    """What URLs need of a site: its data and where it is served now."""

    spec: SiteSpec
    base_url: str


class Urls:
    def __init__(self, site: Addressed, theme: Theme) -> None:
        self.site, self.spec, self.theme = site, site.spec, theme
        self.feeds: dict[str, Any] = theme.feeds

    def _site_fields(self) -> dict[str, Any]:
        return {"prefix": self.theme.prefix, "detail_instance": self.spec.categories[0].instance}

    def fields(self, article: Article) -> dict[str, Any]:
        values = self._site_fields() | {
            "id": article.id,
            "slug": article.slug,
            "category": article.category,
            "published": article.published,
        }
        return values | url_fields.url_fields(self.theme, self.spec, article)

    # ---------------------------------------------------------------- articles
    def path(self, shape: str, article: Article) -> str:
        """The article's URL of the named shape ("article", "print", ...)."""
        return self.theme.urls[shape].format(**self.fields(article))

    def article_path(self, article: Article) -> str:
        return self.path(url_fields.canonical_shape(self.theme, article), article)

    def duplicate_paths(self, article: Article) -> list[str]:
        shapes = url_fields.duplicate_shapes(self.theme, article)
        return [self.path(shape, article) for shape in shapes]

    # ---------------------------------------------------------------- listings
    def listing(self, shape: str, page: int = 1, **values: Any) -> str:
        """Page ``page`` of the named listing shape (pages past the first add ``next``)."""
        listing = self.theme.listings[shape]
        values = self.listing_values(values.get("category")) | values
        path = listing["path"].format(**values)
        if page == 1 or "next" not in listing:
            return path
        start = (page - 1) * PER_PAGE
        return path + listing["next"].format(page=page, start=start, per_page=PER_PAGE, **values)

    def listing_values(self, category: str | None) -> dict[str, Any]:
        """What a listing's shapes may use: the category's portlet instance and menu item."""
        site = self._site_fields()
        instance = self.spec.category(category).instance if category else site["detail_instance"]
        extra = url_fields.listing_fields(self.theme, self.spec, category)
        return site | {"category": category, "instance": instance} | extra

    def listing_path(self, category: str, page: int = 1) -> str:
        return self.listing("category", page, category=category)

    def listing_paths(self) -> list[str]:
        return [self.listing_path(category.alias) for category in self.spec.categories]

    # ---------------------------------------------------------------- feeds, sitemaps
    def feed_path(self, category: str | None = None) -> str:
        shape = self.feeds["category" if category else "all"]
        return shape.format(**self.listing_values(category))

    def feed_paths(self) -> list[str]:
        """The feeds the registry names: the site's whole feed, or one per category."""
        if self.feeds.get("listed") == "all":
            return [self.feed_path()]
        if self.feeds.get("listed") == "categories":
            return [self.feed_path(category.alias) for category in self.spec.categories]
        return []

    def sitemap_paths(self) -> list[str]:
        return [self.theme.sitemap] if self.theme.sitemap else []

    # ---------------------------------------------------------------- pages
    @staticmethod
    def page_count(items: list[Article]) -> int:
        return max(1, math.ceil(len(items) / PER_PAGE))

    def page_of(self, items: list[Article], page: int) -> list[Article] | None:
        """Items of the 1-based ``page``, or None past the end."""
        if page < 1 or page > self.page_count(items):
            return None
        return items[(page - 1) * PER_PAGE : page * PER_PAGE]

    def url(self, path: str) -> str:
        return self.site.base_url + path
