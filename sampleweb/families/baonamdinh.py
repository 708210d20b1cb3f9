"""A provincial newspaper laid out like Báo Nam Định (an ASP.NET CMS).

Articles ``/channel/{cat}/{yyyymm}/{slug}-{id}/``; listings ``/channel/{cat}/``
then ``?trang=N``; RSS ``/rss/{cat}.rss``; one ``/sitemap.xml`` of every article.
The date reads "Cập nhật lúc: 18:00 |22/05/2022"; the header prints today's
date; image captions sit in a ``td.image_desc`` of a layout table; the whole
page is one ASP.NET form with a large ``__VIEWSTATE``.
"""

from __future__ import annotations

import base64
import random
import re
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from sampleweb import rendering, vndates
from sampleweb.article import Article, Figure
from sampleweb.families.portal import PortalFamily

if TYPE_CHECKING:
    from sampleweb.site import SampleSite

SAME_CATEGORY = 6
VIEWSTATE_BYTES = 6000


def _figure(article: Article, figure: Figure, number: int) -> Markup:
    src = f"/Uploads/Images/{article.published:%Y/%m}/{rendering.image_name(article, number)}"
    return Markup(
        '<table class="image" align="center" cellspacing="0" cellpadding="0"><tbody>'
        f'<tr><td><img src="{src}" alt="" width="600"></td></tr>'
        f'<tr><td class="image_desc">{escape(figure.caption)}</td></tr></tbody></table>'
    )


def _trailer(line: str) -> Markup:
    return Markup(f'<p align="right"><strong>{escape(line)}</strong></p>')


class BaoNamDinh(PortalFamily):
    theme = "baonamdinh"
    feed_generator = "baonamdinh.vn"
    server_software = "Microsoft-IIS/8.5"
    response_headers = (("X-AspNet-Version", "4.0.30319"), ("X-Powered-By", "ASP.NET"))
    robots_txt = "User-agent: *\nDisallow: /Admin/\nSitemap: {base}/sitemap.xml\n"

    def __init__(self, site: SampleSite) -> None:
        super().__init__(site)
        channels = self.category_names
        self.routes = [
            (re.compile(r"/"), lambda m, q: self.listing(None, 1)),
            (re.compile(rf"/channel/({channels})/"), self.paged_listing("trang")),
            (
                re.compile(rf"/channel/({channels})/\d{{6}}/([\w-]+)-(\d+)/"),
                lambda m, q: self.article_at(m, 1, 2, 3),
            ),
            (re.compile(rf"/rss/({channels})\.rss"), lambda m, q: self.feed(m[1], m[0])),
            (re.compile(r"/sitemap\.xml"), lambda m, q: self.urlset(self.site.newest_first())),
            (re.compile(r"/quang-cao/\d+"), self.outbound),
            (re.compile(r"/robots\.txt"), self.robots),
        ]

    def article_path(self, article: Article) -> str:
        return f"/channel/{article.category}/{article.published:%Y%m}/{article.slug}-{article.id}/"

    def listing_path(self, category: str, page: int = 1) -> str:
        return f"/channel/{category}/" + (f"?trang={page}" if page > 1 else "")

    def feed_paths(self) -> list[str]:
        return [f"/rss/{c.alias}.rss" for c in self.spec.categories]

    def sitemap_paths(self) -> list[str]:
        return ["/sitemap.xml"]

    def same_category(self, article: Article) -> list[Article]:
        return self.site.neighbours(article, 0, SAME_CATEGORY)[1]

    def related(self, article: Article) -> list[Article]:
        return self.same_category(article) + self.latest()

    def detail_context(self, article: Article) -> dict[str, Any]:
        return {
            "body": rendering.body_html(article, _figure, _trailer, ' align="justify"'),
            "same_category": self.same_category(article),
        }

    def chrome(self, page_title: str, path: str, **context: Any) -> dict[str, Any]:
        state = random.Random(path).randbytes(VIEWSTATE_BYTES)
        viewstate = base64.b64encode(state).decode()
        return super().chrome(page_title, path, **context) | {"viewstate": viewstate}

    def header_date(self) -> str:
        today = self.site.today()
        return f"{vndates.weekday(today, capitalised=True)}, ngày {today:%d/%m/%Y}"
