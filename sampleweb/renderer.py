"""The one renderer: a theme's table and templates bound to a site.

It routes a request to a page (``views``, ``feeds``, ``api``), builds what every
page's template sees, and is what the templates call as ``fam`` (URLs, the
header date, names). Nothing here knows a CMS: that is in ``themes/*.yaml``.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cached_property
from typing import Any

from markupsafe import Markup

from sampleweb import api, features, feeds, url_fields, views, vndates
from sampleweb.article import Article
from sampleweb.body import body_html
from sampleweb.charsets import windows_1258
from sampleweb.pages import Page, text_page
from sampleweb.rendering import render
from sampleweb.roles import SiteRole
from sampleweb.theme import theme
from sampleweb.urls import Urls

PAGES = {
    "listing": views.listing,
    "tag_listing": views.tag_listing,
    "article": views.article,
    "print_view": views.print_view,
    "opaque_article": views.opaque,
    "shortlink": views.shortlink,
    "static": views.static,
    "moved": views.moved,
    "outbound": views.outbound,
    "robots": views.robots,
    "language_switch": views.language_switch,
    "feed": feeds.feed,
    "sitemap_index": feeds.sitemap_index,
    "urlset": feeds.urlset,
    "posts_api": api.posts,
}
LATEST = 5  # the "newest articles" box most themes show


@dataclasses.dataclass(frozen=True)
class Route:
    pattern: re.Pattern[str]
    page: str
    when: dict[str, Any]  # query parameters: a value to equal, true (present), false (absent)
    options: dict[str, Any]

    def accepts(self, query: dict[str, str]) -> bool:
        for name, wanted in self.when.items():
            if isinstance(wanted, bool):
                if (name in query) != wanted:
                    return False
            elif query.get(name) != str(wanted):
                return False
        return True


class Renderer:
    def __init__(self, site: SiteRole) -> None:
        self.site, self.spec = site, site.spec
        self.theme = theme(site.spec.theme)
        self.urls = Urls(site, self.theme)
        self.routes = [self._route(entry) for entry in self.theme.routes]

    def _route(self, entry: dict[str, Any]) -> Route:
        names = {
            "categories": "|".join(re.escape(c.alias) for c in self.spec.categories),
            "prefix": re.escape(self.theme.prefix),
        }
        pattern = re.sub(r"\{(categories|prefix)\}", lambda m: names[m[1]], entry["match"])
        options = {k: v for k, v in entry.items() if k not in ("match", "page", "when")}
        if entry["page"] not in PAGES:
            raise ValueError(f"themes/{self.theme.name}.yaml: no page {entry['page']!r}")
        return Route(re.compile(pattern), entry["page"], entry.get("when", {}), options)

    # ---------------------------------------------------------------- serving
    @property
    def server_software(self) -> str:
        return self.theme.server

    @property
    def response_headers(self) -> tuple[tuple[str, str], ...]:
        return self.theme.headers

    def route(self, path: str, query: dict[str, str]) -> Page | None:
        """The page of the first route matching ``path`` (and the query's conditions)."""
        for route in self.routes:
            match = route.pattern.fullmatch(path)
            if match and route.accepts(query):
                return PAGES[route.page](self, match, query, **route.options)
        return None

    def encoded(self, html: str, *, nfd: bool = False, **options: Any) -> Page:
        """``html`` as this theme's servers send it (see ``Theme.charset``)."""
        if self.theme.charset == "windows-1258":
            content_type = "text/html; charset=windows-1258"
            return Page(body=windows_1258(html), content_type=content_type, **options)
        page = text_page(html, nfd=nfd, **options)
        if self.theme.charset == "utf-8-as-latin-1":
            return dataclasses.replace(page, content_type="text/html")
        return page

    # ---------------------------------------------------------------- templates
    def render(self, page: str, variables: dict[str, Any]) -> str:
        """The theme's ``page`` template ("listing", "detail", "page")."""
        return self.render_template(f"{self.theme.templates}-{page}.html.j2", variables)

    @staticmethod
    def render_template(template: str, variables: dict[str, Any]) -> str:
        return render(template, **variables)

    def chrome(self, title: str, path: str, **context: Any) -> dict[str, Any]:
        """What every page's layout sees; ``path`` is the page's canonical path."""
        feeds_listed = self.urls.feed_paths()
        publisher = self.spec.publisher
        variables = {
            "site": self.spec,
            "fam": self,
            "base": self.site.base_url,
            "page_title": self.theme.titles["page"].format(title=title, publisher=publisher),
            "description": self.theme.description.format(publisher=publisher),
            "canonical": self.urls.url(path),
            "feed": self.urls.url(feeds_listed[0]) if feeds_listed else None,
            "article": None,
            "category_name": None,
            "active_category": None,
            "printing": False,
            "latest": self.latest(),
            "most_read": self.site.most_read(),
        } | context
        return variables | features.chrome(self, path, variables)

    def detail(self, article: Article, **extra: Any) -> Page:
        """The article's page (a special page fails its own way instead)."""
        if article.special:
            return self.site.special_page(article)
        lists = self.article_lists(article)
        variables = self.chrome(
            self.theme.titles["detail"].format(title=article.title),
            self.urls.article_path(article),
            article=article,
            description=article.lead,
            active_category=article.category,
            category_name=self.category_name(article.category),
            author_field=article.meta_author or self.theme.admin_account,
            **{name: self._shown(name, items) for name, items in lists.items()},
            **extra,
        )
        variables["body"] = self.body(article, variables)
        html = self.render("detail", variables)
        return self.encoded(html, nfd=article.nfd, last_modified=article.edited)

    def body(self, article: Article, variables: dict[str, Any]) -> Markup:
        return body_html(self.theme, article, variables)

    # ---------------------------------------------------------------- article lists
    def latest(self) -> list[Article]:
        return [a for a in self.site.newest_first() if not a.special][:LATEST]

    def article_lists(self, article: Article) -> dict[str, list[Article]]:
        """The theme's lists beside the article (``Theme.lists``), by template variable."""
        return {name: self._list(article, spec) for name, spec in self.theme.lists.items()}

    def _list(self, article: Article, spec: dict[str, Any]) -> list[Article]:
        """Neighbours in the category (``newer``, ``older`` after ``skip``, at most
        ``limit``), or the category's newest (``same_category``, special pages too)."""
        if "same_category" in spec:
            listing = self.site.newest_first(article.category)
            return [a for a in listing if a.id != article.id][: spec["same_category"]]
        skip = spec.get("skip", 0)
        newer, older = self.site.neighbours(
            article, spec.get("newer", 0), spec.get("older", 0) + skip
        )
        return (newer + older[skip:])[: spec.get("limit")]

    def _shown(self, name: str, items: list[Article]) -> list[Article] | Article | None:
        """A list as its template variable: one article (or None) when ``single``."""
        if self.theme.lists[name].get("single"):
            return items[0] if items else None
        return items

    def related(self, article: Article) -> list[Article]:
        """Other articles whose titles the article's page shows."""
        lists = self.article_lists(article)
        shown = {"latest": self.latest, "most_read": self.site.most_read}
        return [
            item
            for name in self.theme.related
            for item in (shown[name]() if name in shown else lists[name])
        ]

    @cached_property
    def _ids_by_slug(self) -> dict[str, int]:
        return {a.slug: a.id for a in self.site.articles(specials=True)}

    def article_by_slug(self, slug: str) -> Article | None:
        article_id = self._ids_by_slug.get(slug)
        return self.site.article(article_id) if article_id else None

    # ---------------------------------------------------------------- what templates call
    def article_path(self, article: Article) -> str:
        return self.urls.article_path(article)

    def path(self, shape: str, article: Article) -> str:
        return self.urls.path(shape, article)

    def listing_path(self, category: str, page: int = 1) -> str:
        return self.urls.listing_path(category, page)

    def feed_path(self, category: str | None = None) -> str:
        return self.urls.feed_path(category)

    def url(self, path: str) -> str:
        return self.urls.url(path)

    def category_name(self, alias: str) -> str:
        return self.spec.category(alias).name

    def menu_item(self, category: str) -> int:
        return url_fields.menu_item(self.theme, self.spec, category)

    def tags(self, article: Article) -> list[tuple[str, str]]:
        return features.tags(self, article)

    def comments(self, article: Article) -> list[tuple[str, str]]:
        return features.comments(self.theme, article)

    def header_date(self) -> str:
        """The header's "today" line, a trap for date extraction ("" when none)."""
        if not self.theme.header_date:
            return ""
        today = self.site.today()
        return self.theme.header_date.format(
            today=today,
            weekday=vndates.weekday(today),
            weekday_capitalised=vndates.weekday(today, capitalised=True),
        )

    def furniture(self) -> list[str]:
        """Strings every article page prints beyond the family's own list (boilerplate)."""
        header = [self.header_date()] if self.header_date() else []
        return [*header, *self.theme.furniture, *features.comment_furniture(self.theme)]
