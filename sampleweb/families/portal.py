"""What the other families' renderers share: chrome, listings, feeds, sitemaps, charsets.

A family built on ``PortalFamily`` names its templates ``{theme}-detail.html.j2``
and ``{theme}-listing.html.j2`` (both extending ``{theme}-layout.html.j2``),
says how its URLs look, and what an article page shows besides the article.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

from sampleweb import rendering
from sampleweb.article import Article
from sampleweb.charsets import windows_1258
from sampleweb.families.base import Family, Handler, int_or
from sampleweb.pages import RSS, TEXT, XML, Page, redirect, text_page
from sampleweb.tables import CELL_SEPARATOR

LATEST = 5
FEED_SIZE = 20


class PortalFamily(Family):
    theme = ""
    feed_generator = ""
    robots_txt = "User-agent: *\nDisallow: /administrator/\n"
    # How pages are encoded and labelled: "utf-8", "utf-8-as-latin-1" (UTF-8 bytes
    # under an iso-8859-1 label) or "windows-1258" (tones as combining marks).
    charset = "utf-8"

    # ---------------------------------------------------------------- content
    def latest(self) -> list[Article]:
        return [a for a in self.site.newest_first() if not a.special][:LATEST]

    @property
    def category_names(self) -> str:
        """The categories' aliases as a regex alternation, for route patterns."""
        return "|".join(re.escape(c.alias) for c in self.spec.categories)

    def paged_listing(self, parameter: str) -> Handler:
        """A route handler: the category is group 1, its page number the query's ``parameter``."""
        return lambda match, query: self.listing(match.group(1), int_or(query.get(parameter), 1))

    def article_at(
        self, match: re.Match[str], category: int, slug: int, article_id: int, **extra: Any
    ) -> Page | None:
        """The article a URL names by category, slug and id (groups of ``match``)."""
        found = self.lookup(int(match.group(article_id)), match.group(slug))
        if isinstance(found, Article) and found.category != match.group(category):
            return None
        return self.detail(found, **extra)

    def lookup(self, article_id: int, slug: str | None) -> Article | Page | None:
        """The article, a redirect to its current URL when the slug is stale, or None."""
        article = self.site.article(article_id)
        if article is None:
            return None
        if slug is not None and slug != article.slug:
            return redirect(self.article_path(article), 301)
        return article

    # ---------------------------------------------------------------- pages
    def template(self, page: str) -> str:
        return f"{self.theme}-{page}.html.j2"

    def chrome(self, page_title: str, path: str, **context: Any) -> dict[str, Any]:
        """What every page's layout needs."""
        return {
            "site": self.spec,
            "fam": self,
            "page_title": page_title,
            "canonical": self.url(path),
            "article": None,
            "active_category": None,
            "latest": self.latest(),
            "today": self.site.today(),
        } | context

    def encoded(self, html: str, *, nfd: bool = False, **options: Any) -> Page:
        """``html`` as this family's servers send it."""
        if self.charset == "windows-1258":
            return Page(
                body=windows_1258(html), content_type="text/html; charset=windows-1258", **options
            )
        page = text_page(html, nfd=nfd, **options)
        if self.charset == "utf-8-as-latin-1":
            return dataclasses.replace(page, content_type="text/html")
        return page

    def render(self, page: str, **context: Any) -> Page:
        return self.encoded(rendering.render(self.template(page), **context))

    def article_page(self, article: Article, html: Callable[[], str]) -> Page:
        if article.special:
            return self.site.special_page(article)
        return self.encoded(html(), nfd=article.nfd, last_modified=article.edited)

    def detail_context(self, article: Article) -> dict[str, Any]:
        """The detail template's variables beyond the chrome."""
        raise NotImplementedError

    def detail(self, found: Article | Page | None, **extra: Any) -> Page | None:
        """The article page (``extra``: more template variables, e.g. a print view's)."""
        if not isinstance(found, Article):
            return found
        article = found
        return self.article_page(
            article,
            lambda: rendering.render(
                self.template("detail"),
                **self.chrome(
                    article.title,
                    self.article_path(article),
                    article=article,
                    active_category=article.category,
                    category_name=self.category_name(article.category),
                    **self.detail_context(article),
                    **extra,
                ),
            ),
        )

    def listing(self, category: str | None, page: int, **context: Any) -> Page | None:
        """Page ``page`` of a category (None: every article), newest first."""
        if category is not None and category not in {c.alias for c in self.spec.categories}:
            return None
        items = self.site.newest_first(category)
        shown = self.page_of(items, page)
        if shown is None:
            return None
        heading = self.category_name(category) if category else "Tin mới"
        first = self.listing_path(category) if category else "/"
        return self.render(
            "listing",
            **self.chrome(
                heading if page == 1 else f"{heading} - Trang {page}",
                self.listing_path(category, page) if category else first,
                heading=heading,
                items=shown,
                pages=self.page_count(items) if category else 1,
                current=page,
                page_url=lambda number: self.listing_path(category, number) if category else "/",
                active_category=category,
                **context,
            ),
        )

    # ---------------------------------------------------------------- feeds, sitemaps
    def feed(self, category: str | None, self_path: str) -> Page:
        title = self.spec.publisher + (f" - {self.category_name(category)}" if category else "")
        xml = rendering.render(
            "rss.xml.j2",
            site=self.spec,
            title=title,
            link=self.url(self.listing_path(category) if category else "/"),
            self_url=self.url(self_path),
            description=self.spec.publisher,
            generator=self.feed_generator,
            items=self.site.newest_first(category)[:FEED_SIZE],
            url=lambda item: self.url(self.article_path(item)),
            guid_prefix=f"{self.theme}-",
        )
        return Page(body=xml.encode(), content_type=RSS)

    def urlset(self, articles: list[Article]) -> Page:
        entries = [(self.url(self.article_path(a)), a.edited) for a in articles]
        return self._urlset(entries)

    def paths_urlset(self, paths: list[str]) -> Page:
        return self._urlset([(self.url(path), None) for path in paths])

    def _urlset(self, entries: list[tuple[str, Any]]) -> Page:
        xml = rendering.render("sitemap-urlset.xml.j2", entries=entries, changefreq="weekly")
        return Page(body=xml.encode(), content_type=XML)

    def sitemap_index(self, paths: list[str]) -> Page:
        entries = [(self.url(path), None) for path in paths]
        xml = rendering.render("sitemap-index.xml.j2", entries=entries)
        return Page(body=xml.encode(), content_type=XML)

    def robots(self, match: object, query: dict[str, str]) -> Page | None:
        return text_page(self.robots_txt.format(base=self.site.base_url), TEXT)

    def furniture(self) -> list[str]:
        """Today's date as the header prints it is furniture too."""
        return [self.header_date()] if self.header_date() else []

    def header_date(self) -> str:
        """The header's "today" line, a trap for date extraction ("" when none)."""
        return ""


def table_markup(rows: list[str], attrs: str = "", header_cell: str = "td") -> Markup:
    """A data table, one ``<tr>`` per row; the first row's cells as ``header_cell``."""
    lines = []
    for number, row in enumerate(rows):
        tag = header_cell if number == 0 else "td"
        cells = "".join(f"<{tag}>{escape(cell)}</{tag}>" for cell in row.split(CELL_SEPARATOR))
        lines.append(f"<tr>{cells}</tr>")
    return Markup(f"<table{attrs}><tbody>{''.join(lines)}</tbody></table>")
