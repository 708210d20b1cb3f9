"""WordPress 6 with a Twenty-Twenty-style theme and Jetpack.

Posts ``/{yyyy}/{mm}/{dd}/{slug}/`` (shortlinks ``/?p={id}``); categories
``/category/{cat}/`` then ``/category/{cat}/page/N/``; feeds ``/feed/`` and
``/category/{cat}/feed/``; the core sitemap ``/wp-sitemap.xml`` (posts, but also
categories and users); the REST API ``/wp-json/wp/v2/posts``.
Traps: the author is the "admin" account; ``time.updated`` beside
``time.published``; Jetpack's share buttons and related posts are appended
*inside* ``.entry-content``; post navigation, comments and widgets follow.
"""

from __future__ import annotations

import json
import math
import re
from datetime import UTC
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from sampleweb import rendering
from sampleweb.article import Article, Figure
from sampleweb.families.base import PER_PAGE, int_or
from sampleweb.families.portal import PortalFamily, table_markup
from sampleweb.pages import Page, redirect

if TYPE_CHECKING:
    from sampleweb.site import SampleSite

ADMIN = "admin"
RELATED = 3
ROBOTS = """User-agent: *
Disallow: /wp-admin/
Allow: /wp-admin/admin-ajax.php

Sitemap: {base}/wp-sitemap.xml
"""


def _figure(article: Article, figure: Figure, number: int) -> Markup:
    src = f"/wp-content/uploads/{article.published:%Y/%m}/{rendering.image_name(article, number)}"
    return Markup(
        f'<figure class="wp-block-image size-large"><img decoding="async" width="800" '
        f'height="533" src="{src}" alt="" class="wp-image-{article.id * 10 + number}"/>'
        f'<figcaption class="wp-element-caption">{escape(figure.caption)}</figcaption></figure>'
    )


def _trailer(line: str) -> Markup:
    return Markup(f'<p class="has-text-align-right"><strong>{escape(line)}</strong></p>')


def _table(rows: list[str]) -> Markup:
    return Markup('<figure class="wp-block-table">') + table_markup(rows) + Markup("</figure>")


class WordPress(PortalFamily):
    theme = "wordpress"
    feed_generator = "https://wordpress.org/?v=6.4.3"
    server_software = "nginx/1.18.0"
    response_headers = (("Link", '</wp-json/>; rel="https://api.w.org/"'),)
    robots_txt = ROBOTS

    def __init__(self, site: SampleSite) -> None:
        super().__init__(site)
        categories = self.category_names
        self.by_slug = {a.slug: a for a in site.articles(specials=True)}
        self.routes = [
            (re.compile(r"/"), self.home),
            (re.compile(r"/(\d{4})/(\d{2})/(\d{2})/([\w-]+)/"), self.post),
            (re.compile(rf"/category/({categories})/(?:page/(\d+)/)?"), self.category),
            (re.compile(rf"/category/({categories})/feed/"), self.category_feed),
            (re.compile(r"/feed/"), lambda m, q: self.feed(None, "/feed/")),
            (re.compile(r"/author/[\w-]+/"), lambda m, q: self.listing(None, 1)),
            (re.compile(r"/wp-sitemap\.xml"), self.sitemap),
            (re.compile(r"/wp-sitemap-posts-post-1\.xml"), self.post_sitemap),
            (re.compile(r"/wp-sitemap-taxonomies-category-1\.xml"), self.category_sitemap),
            (re.compile(r"/wp-sitemap-users-1\.xml"), self.user_sitemap),
            (re.compile(r"/wp-json/wp/v2/posts"), self.api_posts),
            (re.compile(r"/lien-ket/\d+"), self.outbound),
            (re.compile(r"/robots\.txt"), self.robots),
        ]

    # ---------------------------------------------------------------- URLs
    def article_path(self, article: Article) -> str:
        return f"/{article.published:%Y/%m/%d}/{article.slug}/"

    def listing_path(self, category: str, page: int = 1) -> str:
        return f"/category/{category}/" + (f"page/{page}/" if page > 1 else "")

    def feed_paths(self) -> list[str]:
        return ["/feed/"]

    def sitemap_paths(self) -> list[str]:
        return ["/wp-sitemap.xml"]

    def duplicate_paths(self, article: Article) -> list[str]:
        return [f"/?p={article.id}"]

    def related_posts(self, article: Article) -> list[Article]:
        return self.site.neighbours(article, 0, RELATED)[1]

    def related(self, article: Article) -> list[Article]:
        newer, older = self.site.neighbours(article, 1, 1)
        return self.related_posts(article) + newer + older + self.latest()

    # ---------------------------------------------------------------- pages
    def home(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        if "p" in query:
            article = self.site.article(int_or(query["p"], 0))
            return redirect(self.article_path(article), 301) if article else None
        return self.listing(None, 1)

    def post(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        article = self.by_slug.get(match.group(4))
        if article is None or self.article_path(article) != match.group(0):
            return None
        return self.detail(article)

    def category(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        return self.listing(match.group(1), int_or(match.group(2), 1))

    def category_feed(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        return self.feed(match.group(1), match.group(0))

    def detail_context(self, article: Article) -> dict[str, Any]:
        newer, older = self.site.neighbours(article, 1, 1)
        return {
            "author_field": article.meta_author or ADMIN,
            "body": rendering.body_html(article, _figure, _trailer, table=_table),
            "related_posts": self.related_posts(article),
            "previous": older[0] if older else None,
            "next": newer[0] if newer else None,
            "months": sorted({a.published.strftime("%Y-%m") for a in self.latest()}),
        }

    # ---------------------------------------------------------------- sitemaps, API
    def sitemap(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        return self.sitemap_index(
            [
                "/wp-sitemap-posts-post-1.xml",
                "/wp-sitemap-taxonomies-category-1.xml",
                "/wp-sitemap-users-1.xml",
            ]
        )

    def post_sitemap(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        return self.urlset(list(reversed(self.site.newest_first())))

    def category_sitemap(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        return self.paths_urlset(self.listing_paths())

    def user_sitemap(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        return self.paths_urlset([f"/author/{ADMIN}/"])

    def api_posts(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        """``/wp-json/wp/v2/posts?per_page=N&page=M``, with WordPress's total headers."""
        items = self.site.newest_first()
        per_page = min(100, max(1, int_or(query.get("per_page"), PER_PAGE)))
        page = int_or(query.get("page"), 1)
        shown = items[(page - 1) * per_page : page * per_page]
        if page < 1 or not shown:
            return None
        posts = [
            {
                "id": a.id,
                "date": a.published.strftime("%Y-%m-%dT%H:%M:%S"),
                "date_gmt": a.published.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S"),
                "link": self.url(self.article_path(a)),
                "title": {"rendered": a.title},
                "excerpt": {"rendered": f"<p>{escape(a.lead)}</p>"},
            }
            for a in shown
        ]
        headers = (
            ("X-WP-Total", str(len(items))),
            ("X-WP-TotalPages", str(math.ceil(len(items) / per_page))),
        )
        body = json.dumps(posts, ensure_ascii=False).encode()
        return Page(body=body, content_type="application/json; charset=UTF-8", headers=headers)
