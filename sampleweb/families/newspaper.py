"""A provincial party newspaper laid out like Báo Long An (baolongan.vn).

Articles ``/{slug}-a{id}.html``; listings ``/{cat}/`` then ``?page=N``; RSS
``/rss/home.rss`` and ``/rss/{cat}.rss``; a sitemap index of monthly sitemaps.
The header prints today's date, a trap for date extraction.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from sampleweb import rendering, vndates
from sampleweb.article import Article, Figure
from sampleweb.families.base import Family, int_or
from sampleweb.pages import RSS, TEXT, XML, Page, redirect, text_page

if TYPE_CHECKING:
    from sampleweb.site import SampleSite

FEED_SIZE = 30
RELATED = 3
SAME_CATEGORY = 5

ROBOTS = """User-agent: *
Disallow: /Admin/
Disallow: /tim-kiem/
Sitemap: {base}/sitemap.xml
"""


def _figure(article: Article, figure: Figure, number: int) -> Markup:
    """The caption table of older Vietnamese newspaper CMSs."""
    src = f"/uploads/{article.published:%Y/%m}/{rendering.image_name(article, number)}"
    return Markup(
        '<table class="tplCaption" align="center" border="0" cellpadding="2" cellspacing="0">'
        f'<tbody><tr><td><img alt="{escape(figure.caption)}" src="{src}" width="620"></td></tr>'
        f'<tr><td class="caption"><p>{escape(figure.caption)}</p></td></tr></tbody></table>'
    )


def _trailer(line: str) -> Markup:
    if line.startswith(("Nguồn:", "Theo ")):
        return Markup(
            f'<p class="article-source" style="text-align: right;"><em>{escape(line)}</em></p>'
        )
    return Markup(
        f'<p class="article-author" style="text-align: right;"><strong>{escape(line)}</strong></p>'
    )


class Newspaper(Family):
    server_software = "Microsoft-IIS/10.0"
    response_headers = (("X-Powered-By", "ASP.NET"),)

    def __init__(self, site: SampleSite) -> None:
        super().__init__(site)
        categories = "|".join(re.escape(c.alias) for c in self.spec.categories)
        self.routes = [
            (re.compile(r"/"), self.home),
            (re.compile(r"/([\w-]+)-a(\d+)\.html"), self.detail),
            (re.compile(rf"/({categories})/"), self.listing),
            (re.compile(rf"/rss/(home|{categories})\.rss"), self.feed),
            (re.compile(r"/sitemap\.xml"), self.sitemap_index),
            (re.compile(r"/sitemaps/(\d{4})-(\d{2})\.xml"), self.month_sitemap),
            (re.compile(r"/robots\.txt"), self.robots),
            (re.compile(r"/gioi-thieu/"), self.about),
            (re.compile(r"/en/"), self.english),
            (re.compile(r"/quang-cao/\d+"), self.outbound),
        ]

    # ---------------------------------------------------------------- URLs
    def article_path(self, article: Article) -> str:
        return f"/{article.slug}-a{article.id}.html"

    def listing_path(self, category: str, page: int = 1) -> str:
        return f"/{category}/" + (f"?page={page}" if page > 1 else "")

    def feed_paths(self) -> list[str]:
        return ["/rss/home.rss"]

    def sitemap_paths(self) -> list[str]:
        return ["/sitemap.xml"]

    def same_category(self, article: Article) -> list[Article]:
        listing = [a for a in self.site.newest_first(article.category) if a.id != article.id]
        return listing[:SAME_CATEGORY]

    def related_news(self, article: Article) -> list[Article]:
        return self.site.neighbours(article, 0, RELATED)[1]

    def related(self, article: Article) -> list[Article]:
        return self.related_news(article) + self.same_category(article) + self.site.most_read()

    # ---------------------------------------------------------------- pages
    def chrome(self, page_title: str, path: str, **context: object) -> dict[str, object]:
        return {
            "site": self.spec,
            "fam": self,
            "page_title": f"{page_title} - Báo Long An",
            "description": "Báo Long An điện tử",
            "canonical": self.url(path),
            "feed": self.url(self.feed_paths()[0]),
            "today": vndates.newspaper_today(self.site.today()),
            "article": None,
            "active_category": None,
            "most_read": self.site.most_read(),
        } | context

    def detail(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        article = self.site.article(int(match.group(2)))
        if article is None:
            return None
        if match.group(1) != article.slug:
            return redirect(self.article_path(article), 301)
        return self.article_page(article, lambda: self.detail_html(article))

    def detail_html(self, article: Article) -> str:
        context = self.chrome(
            article.title,
            self.article_path(article),
            description=article.lead,
            article=article,
            category_name=self.category_name(article.category),
            active_category=article.category,
            published_text=vndates.newspaper_detail(article.published),
            body=rendering.body_html(article, _figure, _trailer, ' style="text-align: justify;"'),
            related=self.related_news(article),
            same_category=self.same_category(article),
        )
        return rendering.render("newspaper-detail.html.j2", **context)

    def listing(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        category = match.group(1)
        items = self.site.newest_first(category)
        page = int_or(query.get("page"), 1)
        shown = self.page_of(items, page)
        if shown is None:
            return None
        name = self.category_name(category)
        context = self.chrome(
            name if page == 1 else f"{name} - Trang {page}",
            self.listing_path(category, page),
            heading=name,
            items=shown,
            pages=self.page_count(items),
            current=page,
            page_url=lambda number: self.listing_path(category, number),
            active_category=category,
        )
        return text_page(rendering.render("newspaper-listing.html.j2", **context))

    def home(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        context = self.chrome(
            "Trang chủ",
            "/",
            heading="Tin mới",
            items=self.site.newest_first()[:10],
            pages=1,
            current=1,
            page_url=lambda number: "/",
        )
        return text_page(rendering.render("newspaper-listing.html.j2", **context))

    def static_page(self, heading: str, path: str, lines: list[str]) -> Page:
        context = self.chrome(heading, path, heading=heading, lines=lines)
        return text_page(rendering.render("newspaper-page.html.j2", **context))

    def about(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        return self.static_page(
            "Giới thiệu", "/gioi-thieu/", ["Báo Long An - cơ quan của Đảng bộ tỉnh."]
        )

    def english(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        return self.static_page("Long An Online", "/en/", ["The English edition is being updated."])

    # ---------------------------------------------------------------- feeds, sitemaps
    def feed(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        name = match.group(1)
        category = None if name == "home" else name
        xml = rendering.render(
            "rss.xml.j2",
            site=self.spec,
            title="Báo Long An" + (f" - {self.category_name(category)}" if category else ""),
            link=self.url(self.listing_path(category) if category else "/"),
            self_url=self.url(match.group(0)),
            description="Báo Long An điện tử",
            generator="baolongan.vn",
            items=self.site.newest_first(category)[:FEED_SIZE],
            url=lambda item: self.url(self.article_path(item)),
            guid_prefix="a",
        )
        return text_page(xml, RSS)

    def months(self) -> dict[str, list[Article]]:
        by_month: dict[str, list[Article]] = {}
        for article in self.site.newest_first():
            by_month.setdefault(f"{article.published:%Y-%m}", []).append(article)
        return by_month

    def sitemap_index(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        entries = [
            (self.url(f"/sitemaps/{month}.xml"), max(a.edited for a in items))
            for month, items in self.months().items()
        ]
        return text_page(rendering.render("sitemap-index.xml.j2", entries=entries), XML)

    def month_sitemap(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        items = self.months().get(f"{match.group(1)}-{match.group(2)}")
        if not items:
            return None
        entries = [(self.url(self.article_path(a)), a.edited) for a in items]
        xml = rendering.render("sitemap-urlset.xml.j2", entries=entries, changefreq="monthly")
        return text_page(xml, XML)

    def robots(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        return text_page(ROBOTS.format(base=self.site.base_url), TEXT)
