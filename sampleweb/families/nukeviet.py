"""NukeViet 4 news module: the default theme and the eGovernment (egov) theme.

URL scheme (modules/news, and the .htaccess rewrite rules):
``/news/{cat}/{alias}-{id}.html``, listings ``/news/{cat}/`` then ``/page-N``,
``/news/print/…`` and ``/news/savefile/…`` duplicates, ``/news/rss/[{cat}/]``
(30 newest), ``/sitemap.xml`` -> ``/sitemap-vi.news.xml`` (1000 newest).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from sampleweb import rendering, vndates
from sampleweb.article import Article, Figure
from sampleweb.families.base import Family, int_or
from sampleweb.orthography import slugify
from sampleweb.pages import RSS, TEXT, XML, Page, redirect, text_page

if TYPE_CHECKING:
    from sampleweb.site import SampleSite

FEED_SIZE = 30
SITEMAP_SIZE = 1000
RELATED = 5  # "Những tin mới hơn" / "Những tin cũ hơn" items each
LATEST = 5  # the "Tin mới nhất" sidebar block (default theme)
ALL_NEWS_TAG = "tuyen-giao"

ROBOTS = """User-agent: *
Disallow: /admin/
Disallow: /assets/
Disallow: /data/
Disallow: /includes/
Disallow: /install/
Disallow: /modules/
Disallow: /vendor/
Disallow: /web.config
Disallow: /CJzip.php
Disallow: /index.php?nv=users
Disallow: /users/
Sitemap: {base}/sitemap.xml
"""


def _figure(article: Article, figure: Figure, number: int) -> Markup:
    """CKEditor 4 image2 markup, as NukeViet 4.5 bodies store it."""
    src = f"/uploads/news/{article.published:%Y_%m}/{rendering.image_name(article, number)}"
    return Markup(
        '<figure class="image" style="display:inline-block">'
        f'<img alt="{escape(figure.caption)}" height="533" src="{src}" width="800">'
        f"<figcaption>{escape(figure.caption)}</figcaption></figure>"
    )


def _trailer(line: str) -> Markup:
    return Markup(f'<p style="text-align: right;"><strong>{escape(line)}</strong></p>')


class NukeViet(Family):
    theme = "default"
    prefix = ""

    def __init__(self, site: SampleSite) -> None:
        super().__init__(site)
        news = re.escape(f"{self.prefix}/news")
        home = r"/" if not self.prefix else rf"/|{re.escape(self.prefix)}/?"
        self.routes = [
            (re.compile(home), self.home),
            (re.compile(rf"{news}/(?:page-(\d+))?"), self.all_news),
            (re.compile(rf"{news}/rss/(?:([\w-]+)/)?"), self.feed),
            (re.compile(rf"{news}/(print|savefile)/([\w-]+)/([\w-]+)-(\d+)\.html"), self.duplicate),
            (re.compile(rf"{news}/tag/([\w-]+)(?:/page-(\d+))?"), self.tag),
            (re.compile(rf"{news}/([\w-]+)/(?:page-(\d+))?"), self.listing),
            (re.compile(rf"{news}/([\w-]+)/([\w-]+)-(\d+)\.html"), self.detail),
            (re.compile(r"/sitemap\.xml"), self.sitemap_index),
            (re.compile(r"/sitemap-vi\.news\.xml"), self.news_sitemap),
            (re.compile(r"/robots\.txt"), self.robots),
            (re.compile(rf"{re.escape(self.prefix)}/about/gioi-thieu\.html"), self.about),
            (re.compile(rf"{re.escape(self.prefix)}/contact/"), self.contact),
            (re.compile(r"/banners/click/"), self.outbound),
        ]

    # ---------------------------------------------------------------- URLs
    def article_path(self, article: Article, view: str = "") -> str:
        view = f"{view}/" if view else ""
        return f"{self.prefix}/news/{view}{article.category}/{article.slug}-{article.id}.html"

    def listing_path(self, category: str, page: int = 1) -> str:
        return f"{self.prefix}/news/{category}/" + (f"page-{page}" if page > 1 else "")

    def feed_paths(self) -> list[str]:
        return [f"{self.prefix}/news/rss/"]

    def sitemap_paths(self) -> list[str]:
        return ["/sitemap.xml"]

    def duplicate_paths(self, article: Article) -> list[str]:
        return [self.article_path(article, "print"), self.article_path(article, "savefile")]

    def related(self, article: Article) -> list[Article]:
        newer, older = self.site.neighbours(article, RELATED, RELATED)
        return newer + older + self.latest()

    def latest(self) -> list[Article]:
        return [a for a in self.site.newest_first() if not a.special][:LATEST]

    # ---------------------------------------------------------------- pages
    def template(self, page: str) -> str:
        return f"nukeviet-{self.theme}-{page}.html.j2"

    def chrome(self, page_title: str, canonical: str, **context: object) -> dict[str, object]:
        """What the layout needs on every page."""
        return {
            "site": self.spec,
            "fam": self,
            "base": self.site.base_url,
            "page_title": f"{page_title} - {self.spec.publisher}",
            "description": context.pop("description", self.spec.publisher),
            "canonical": self.url(canonical),
            "feed": self.url(self.feed_paths()[0]),
            "article": None,
            "category_name": None,
            "active_category": None,
            "latest": self.latest(),
        } | context

    def body(self, article: Article) -> Markup:
        return rendering.body_html(
            article, _figure, _trailer, ' style="text-align: justify;"', blank_paragraphs=True
        )

    def tags(self, article: Article) -> list[tuple[str, str]]:
        name = self.category_name(article.category)
        return [
            ("tuyên giáo", f"{self.prefix}/news/tag/{ALL_NEWS_TAG}"),
            (name.lower(), f"{self.prefix}/news/tag/{slugify(name)}"),
        ]

    def detail(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        category, alias, article_id = match.group(1), match.group(2), int(match.group(3))
        article = self.site.article(article_id)
        if article is None:
            return None
        canonical = self.article_path(article)
        if (category, alias) != (article.category, article.slug):
            return redirect(canonical, 301)  # NukeViet sends stale aliases to the current URL
        return self.article_page(article, lambda: self.detail_html(article))

    def detail_html(self, article: Article) -> str:
        newer, older = self.site.neighbours(article, RELATED, RELATED)
        context = self.chrome(
            article.title,
            self.article_path(article),
            description=article.lead,
            article=article,
            category_name=self.category_name(article.category),
            active_category=article.category,
            published_text=vndates.nukeviet_detail(article.published),
            body=self.body(article),
            print_path=self.article_path(article, "print"),
            savefile_path=self.article_path(article, "savefile"),
            sendmail_path=self.article_path(article, "sendmail"),
            tags=self.tags(article),
            newer=newer,
            older=older,
        )
        return rendering.render(self.template("detail"), **context)

    def duplicate(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        view, article_id = match.group(1), int(match.group(4))
        article = self.site.article(article_id)
        if article is None or article.category != match.group(2):
            return None
        if article.special:
            return self.site.special_page(article)
        html = rendering.render(
            "nukeviet-print.html.j2",
            site=self.spec,
            base=self.site.base_url,
            theme=self.theme,
            article=article,
            published_text=vndates.nukeviet_detail(article.published),
            body=self.body(article),
            canonical=self.url(self.article_path(article)),
        )
        headers: tuple[tuple[str, str], ...] = ()
        if view == "savefile":
            headers = (("Content-Disposition", f'attachment; filename="{article.slug}.html"'),)
        return text_page(html, nfd=article.nfd, headers=headers, last_modified=article.edited)

    def listing_page(
        self, items: list[Article], page: int, heading: str, path_for, active=None
    ) -> Page | None:
        shown = self.page_of(items, page)
        if shown is None:
            return None
        context = self.chrome(
            heading if page == 1 else f"{heading} - Trang {page}",
            path_for(page),
            heading=heading,
            items=shown,
            pages=self.page_count(items),
            current=page,
            page_url=path_for,
            active_category=active,
            category_name=self.category_name(active) if active else None,
        )
        return text_page(rendering.render(self.template("listing"), **context))

    def listing(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        category = match.group(1)
        if category not in {c.alias for c in self.spec.categories}:
            return None
        return self.listing_page(
            self.site.newest_first(category),
            int_or(match.group(2), 1),
            self.category_name(category),
            lambda page: self.listing_path(category, page),
            category,
        )

    def all_news(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        def path_for(page: int) -> str:
            return f"{self.prefix}/news/" + (f"page-{page}" if page > 1 else "")

        return self.listing_page(
            self.site.newest_first(), int_or(match.group(1), 1), "Tin Tức", path_for
        )

    def tag(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        alias = match.group(1)
        by_tag = {slugify(c.name): c for c in self.spec.categories}
        if alias != ALL_NEWS_TAG and alias not in by_tag:
            return None
        category = by_tag[alias].alias if alias in by_tag else None
        items = [a for a in self.site.newest_first(category) if not a.special]

        def path_for(page: int) -> str:
            return f"{self.prefix}/news/tag/{alias}" + (f"/page-{page}" if page > 1 else "")

        return self.listing_page(
            items, int_or(match.group(2), 1), alias.replace("-", " "), path_for
        )

    def home(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        items = self.site.newest_first()[:10]
        context = self.chrome(
            "Trang nhất",
            f"{self.prefix}/",
            heading="Tin mới",
            items=items,
            pages=1,
            current=1,
            page_url=lambda page: f"{self.prefix}/",
        )
        return text_page(rendering.render(self.template("listing"), **context))

    def static_page(self, heading: str, path: str, lines: list[str]) -> Page:
        context = self.chrome(heading, path, heading=heading, lines=lines)
        return text_page(rendering.render(self.template("page"), **context))

    def about(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        return self.static_page(
            "Giới thiệu",
            f"{self.prefix}/about/gioi-thieu.html",
            [f"Trang thông tin điện tử của {self.spec.publisher}.", "Cơ quan chủ quản: Tỉnh ủy."],
        )

    def contact(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        return self.static_page("Liên hệ", f"{self.prefix}/contact/", [f"Email: {self.spec.email}"])

    # ---------------------------------------------------------------- feeds, sitemaps
    def feed(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        category = match.group(1)
        if category and category not in {c.alias for c in self.spec.categories}:
            return None
        name = self.category_name(category) if category else "Tin Tức"
        xml = rendering.render(
            "rss.xml.j2",
            site=self.spec,
            title=f"{self.spec.publisher} - {name}",
            link=self.url(self.listing_path(category) if category else f"{self.prefix}/news/"),
            self_url=self.url(match.group(0)),
            description=self.spec.publisher,
            generator="NukeViet v4.5",
            items=self.site.newest_first(category)[:FEED_SIZE],
            url=lambda item: self.url(self.article_path(item)),
            guid_prefix="news_",
        )
        return text_page(xml, RSS)

    def sitemap_index(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        newest = self.site.newest_first()
        entries = [(self.url("/sitemap-vi.news.xml"), newest[0].published if newest else None)]
        return text_page(rendering.render("sitemap-index.xml.j2", entries=entries), XML)

    def news_sitemap(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        entries = [
            (self.url(self.article_path(a)), a.published)
            for a in self.site.newest_first()[:SITEMAP_SIZE]
        ]
        xml = rendering.render("sitemap-urlset.xml.j2", entries=entries, changefreq="daily")
        return text_page(xml, XML)

    def robots(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        return text_page(ROBOTS.format(base=self.site.base_url), TEXT)


class NukeVietDefault(NukeViet):
    theme = "default"


class NukeVietEgov(NukeViet):
    """The egov theme, served under the ``/vi/`` language prefix."""

    theme = "egov"
    prefix = "/vi"

    def related(self, article: Article) -> list[Article]:
        newer, older = self.site.neighbours(article, RELATED, RELATED)
        return newer + older
