"""The Ban Tuyên giáo Trung ương site's layout (tuyengiao.vn).

Articles ``/{cat}/{slug}-{id}`` (no extension); listings ``/{cat}`` then
``?page=N``; RSS ``/rss/{cat}.rss``; a sitemap index of monthly sitemaps.
The date reads "Thứ Năm, 8/6/2023 14:46'(GMT+7)"; a "Tin liên quan" box sits
*inside* the article text after its second paragraph; bylines are in capitals;
comments, tags and same-category lists with dates follow.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from sampleweb import rendering, vndates
from sampleweb.article import Article, Figure
from sampleweb.families.portal import PortalFamily, table_markup
from sampleweb.pages import Page

if TYPE_CHECKING:
    from sampleweb.site import SampleSite

INLINE_RELATED = 3
SAME_CATEGORY = 6
INLINE_AFTER = 2  # body paragraphs before the inline "Tin liên quan" box


def _figure(article: Article, figure: Figure, number: int) -> Markup:
    src = f"https://cdn.tuyengiao.vn/Uploads/{article.published:%Y/%m/%d}/{article.id}-{number}.jpg"
    return Markup(
        f'<figure class="expNoEdit"><img src="{src}" alt="{escape(figure.caption)}" />'
        f"<figcaption><em>{escape(figure.caption)}</em></figcaption></figure>"
    )


def _trailer(line: str) -> Markup:
    if line.startswith(("Nguồn:", "Theo ")):
        return Markup(f'<p style="text-align: right;"><em>{escape(line)}</em></p>')
    return Markup(f'<p style="text-align: right;"><strong>{escape(line)}</strong></p>')


class TuyenGiao(PortalFamily):
    theme = "tuyengiao"
    feed_generator = "tuyengiao.vn"
    server_software = "Microsoft-IIS/10.0"
    robots_txt = "User-agent: *\nDisallow: /Admin/\nSitemap: {base}/sitemap.xml\n"

    def __init__(self, site: SampleSite) -> None:
        super().__init__(site)
        categories = self.category_names
        self.routes = [
            (re.compile(r"/"), lambda m, q: self.listing(None, 1)),
            (re.compile(rf"/({categories})"), self.paged_listing("page")),
            (
                re.compile(rf"/({categories})/([\w-]+)-(\d+)"),
                lambda m, q: self.article_at(m, 1, 2, 3),
            ),
            (re.compile(rf"/rss/({categories})\.rss"), lambda m, q: self.feed(m[1], m[0])),
            (re.compile(r"/sitemap\.xml"), self.sitemap),
            (re.compile(r"/sitemaps/(\d{4})-(\d{2})\.xml"), self.month_sitemap),
            (re.compile(r"/lien-ket/\d+"), self.outbound),
            (re.compile(r"/robots\.txt"), self.robots),
        ]

    def article_path(self, article: Article) -> str:
        return f"/{article.category}/{article.slug}-{article.id}"

    def listing_path(self, category: str, page: int = 1) -> str:
        return f"/{category}" + (f"?page={page}" if page > 1 else "")

    def feed_paths(self) -> list[str]:
        return [f"/rss/{c.alias}.rss" for c in self.spec.categories]

    def sitemap_paths(self) -> list[str]:
        return ["/sitemap.xml"]

    def inline_related(self, article: Article) -> list[Article]:
        return self.site.neighbours(article, 0, INLINE_RELATED)[1]

    def same_category(self, article: Article) -> list[Article]:
        older = self.site.neighbours(article, 0, INLINE_RELATED + SAME_CATEGORY)[1]
        return older[INLINE_RELATED:]

    def related(self, article: Article) -> list[Article]:
        return self.inline_related(article) + self.same_category(article) + self.latest()

    def months(self) -> dict[str, list[Article]]:
        by_month: dict[str, list[Article]] = {}
        for article in self.site.newest_first():
            by_month.setdefault(f"{article.published:%Y-%m}", []).append(article)
        return by_month

    def sitemap(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        return self.sitemap_index([f"/sitemaps/{month}.xml" for month in self.months()])

    def month_sitemap(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        items = self.months().get(f"{match.group(1)}-{match.group(2)}")
        return self.urlset(items) if items else None

    def inline_box(self, article: Article) -> Markup:
        items = "".join(
            f'<li><a href="{self.article_path(item)}">{escape(item.title)}</a></li>'
            for item in self.inline_related(article)
        )
        return Markup(
            '<div class="box-related-inline"><div class="box-related-title">Tin liên quan</div>'
            f"<ul>{items}</ul></div>"
        )

    def detail_context(self, article: Article) -> dict[str, Any]:
        box = self.inline_box(article)
        count = 0

        def paragraph(text: Markup) -> Markup:
            nonlocal count
            count += 1
            markup = Markup(f'<p style="text-align: justify;">{text}</p>')
            return markup + box if count == INLINE_AFTER else markup

        body = rendering.body_html(
            article,
            _figure,
            _trailer,
            paragraph=paragraph,
            table=lambda rows: table_markup(rows, ' class="table" border="1"'),
        )
        return {"body": body, "same_category": self.same_category(article)}

    def header_date(self) -> str:
        return vndates.newspaper_today(self.site.today())
