"""Joomla 3 (com_content, a Protostar-derived template), as on laichau.dcs.vn.

Articles ``/index.php/{menu}/{id}-{alias}``; category blogs ``/index.php/{menu}``
then ``?start=10``; feeds ``?format=feed&type=rss``; a print view
``?tmpl=component&print=1&layout=default`` linked from every article and blog item.
Traps: the author field says "Quản trị viên", created and modified dates sit
beside the published one, hits, the related-items module, the latest-news sidebar.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from sampleweb import rendering
from sampleweb.article import Article, Figure
from sampleweb.families.base import PER_PAGE, int_or
from sampleweb.families.portal import PortalFamily, table_markup
from sampleweb.pages import Page, text_page

if TYPE_CHECKING:
    from sampleweb.site import SampleSite

RELATED = 4
ADMIN = "Quản trị viên"

ROBOTS = """User-agent: *
Disallow: /administrator/
Disallow: /bin/
Disallow: /cache/
Disallow: /cli/
Disallow: /components/
Disallow: /includes/
Disallow: /installation/
Disallow: /language/
Disallow: /layouts/
Disallow: /libraries/
Disallow: /logs/
Disallow: /modules/
Disallow: /plugins/
Disallow: /tmp/
"""


def _figure(article: Article, figure: Figure, number: int) -> Markup:
    src = f"/images/tin-tuc/{article.published:%Y/%m}/{rendering.image_name(article, number)}"
    return Markup(
        f'<figure class="image"><img src="{src}" alt="" width="600">'
        f"<figcaption>{escape(figure.caption)}</figcaption></figure>"
    )


def _trailer(line: str) -> Markup:
    return Markup(f'<p style="text-align: right;"><strong>{escape(line)}</strong></p>')


def _table(rows: list[str]) -> Markup:
    return table_markup(rows, ' class="table table-bordered" border="1" cellpadding="4"')


class Joomla(PortalFamily):
    theme = "joomla"
    feed_generator = "Joomla! - Open Source Content Management"
    server_software = "Apache"
    response_headers = (("X-Powered-By", "PHP/5.6.40"),)
    robots_txt = ROBOTS

    def __init__(self, site: SampleSite) -> None:
        super().__init__(site)
        menus = self.category_names
        self.routes = [
            (re.compile(r"/(?:index\.php)?"), lambda m, q: self.listing(None, 1)),
            (re.compile(rf"/index\.php/({menus})"), self.category),
            (re.compile(rf"/index\.php/({menus})/(\d+)-([\w-]+)"), self.article),
            (re.compile(r"/index\.php/component/mailto/"), self.mailto),
            (re.compile(r"/index\.php/lien-ket/\d+"), self.outbound),
            (re.compile(r"/robots\.txt"), self.robots),
        ]

    # ---------------------------------------------------------------- URLs
    def article_path(self, article: Article) -> str:
        return f"/index.php/{article.category}/{article.id}-{article.slug}"

    def print_path(self, article: Article) -> str:
        return self.article_path(article) + "?tmpl=component&print=1&layout=default"

    def listing_path(self, category: str, page: int = 1) -> str:
        start = (page - 1) * PER_PAGE
        return f"/index.php/{category}" + (f"?start={start}" if start else "")

    def feed_paths(self) -> list[str]:
        return [f"/index.php/{c.alias}?format=feed&type=rss" for c in self.spec.categories]

    def duplicate_paths(self, article: Article) -> list[str]:
        return [self.print_path(article)]

    def related_items(self, article: Article) -> list[Article]:
        newer, older = self.site.neighbours(article, RELATED // 2, RELATED // 2)
        return newer + older

    def related(self, article: Article) -> list[Article]:
        return self.related_items(article) + self.latest()

    # ---------------------------------------------------------------- pages
    def category(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        if query.get("format") == "feed":
            return self.feed(match.group(1), f"{match.group(0)}?format=feed&type=rss")
        start = int_or(query.get("start"), 0)
        if start % PER_PAGE:
            return None
        return self.listing(match.group(1), start // PER_PAGE + 1)

    def article(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        return self.article_at(match, 1, 3, 2, printing=query.get("tmpl") == "component")

    def detail_context(self, article: Article) -> dict[str, Any]:
        return {
            "author_field": article.meta_author or ADMIN,
            "created": article.published - timedelta(hours=1 + article.id % 5),
            "body": rendering.body_html(
                article, _figure, _trailer, ' style="text-align: justify;"', table=_table
            ),
            "related": self.related_items(article),
            "print_path": self.print_path(article),
        }

    def mailto(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        html = (
            '<!DOCTYPE html><html lang="vi-vn"><head><meta charset="utf-8">'
            "<title>Gửi liên kết này cho bạn bè</title></head><body>"
            "<h2>Gửi liên kết này cho bạn bè</h2><form><input name='mailto'></form></body></html>"
        )
        return text_page(html)

    def furniture(self) -> list[str]:
        return [*super().furniture(), ADMIN]
