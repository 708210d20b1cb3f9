"""Joomla with the K2 component, laid out like lyluanchinhtri.vn.

Items ``/{menu}/item/{id}-{alias}.html``; category listings ``/{menu}`` then
``?start=10``; feeds ``?format=feed&type=rss``; author pages
``/{menu}/itemlist/user/{id}-{alias}``. The header prints the date and the hits
on one line ("Thứ tư, 08 Tháng 9 2021 15:09 24114 Lượt xem"); the author field
says "Viết bởi Quản trị viên" unless a reporter posted the item; a "last
modified" date, a rating block, related items and comments follow the text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from sampleweb import rendering, vndates
from sampleweb.article import Article, Figure
from sampleweb.families.base import PER_PAGE, int_or
from sampleweb.families.joomla import ADMIN, ROBOTS
from sampleweb.families.portal import PortalFamily, table_markup
from sampleweb.pages import Page

if TYPE_CHECKING:
    from sampleweb.site import SampleSite

RELATED = 4


def _figure(article: Article, figure: Figure, number: int) -> Markup:
    src = f"/media/k2/items/src/{article.id:x}{number}.jpg"
    return Markup(
        '<div class="itemImageBlock"><span class="itemImage">'
        f'<img src="{src}" alt="{escape(article.title)}" style="width:600px; height:auto;" />'
        f'</span><span class="itemImageCaption">{escape(figure.caption)}</span>'
        '<div class="clr"></div></div>'
    )


def _trailer(line: str) -> Markup:
    return Markup(f'<p style="text-align: right;"><em><strong>{escape(line)}</strong></em></p>')


class K2(PortalFamily):
    theme = "k2"
    feed_generator = "Joomla! - Open Source Content Management"
    server_software = "Apache/2.4.41 (Ubuntu)"
    robots_txt = ROBOTS

    def __init__(self, site: SampleSite) -> None:
        super().__init__(site)
        menus = self.category_names
        self.routes = [
            (re.compile(r"/"), lambda m, q: self.listing(None, 1)),
            (re.compile(rf"/({menus})"), self.category),
            (
                re.compile(rf"/({menus})/item/(\d+)-([\w-]+)\.html"),
                lambda m, q: self.article_at(m, 1, 3, 2),
            ),
            (re.compile(rf"/(?:{menus})/itemlist/user/\d+-[\w-]+"), self.author),
            (re.compile(r"/lien-ket/\d+"), self.outbound),
            (re.compile(r"/robots\.txt"), self.robots),
        ]

    def article_path(self, article: Article) -> str:
        return f"/{article.category}/item/{article.id}-{article.slug}.html"

    def listing_path(self, category: str, page: int = 1) -> str:
        start = (page - 1) * PER_PAGE
        return f"/{category}" + (f"?start={start}" if start else "")

    def feed_paths(self) -> list[str]:
        return [f"/{c.alias}?format=feed&type=rss" for c in self.spec.categories]

    def author_path(self, article: Article) -> str:
        return f"/{article.category}/itemlist/user/42-quantrivien"

    def related_items(self, article: Article) -> list[Article]:
        return self.site.neighbours(article, 0, RELATED)[1]

    def related(self, article: Article) -> list[Article]:
        return self.related_items(article) + self.latest()

    def category(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        if query.get("format") == "feed":
            return self.feed(match.group(1), f"{match.group(0)}?format=feed&type=rss")
        start = int_or(query.get("start"), 0)
        return None if start % PER_PAGE else self.listing(match.group(1), start // PER_PAGE + 1)

    def author(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        return self.listing(None, 1)

    def detail_context(self, article: Article) -> dict[str, Any]:
        newer, older = self.site.neighbours(article, 1, 1)
        return {
            "author_field": article.meta_author or ADMIN,
            "body": rendering.body_html(
                article,
                _figure,
                _trailer,
                ' style="text-align: justify;"',
                table=lambda rows: table_markup(rows, ' border="1" cellpadding="5" width="100%"'),
            ),
            "related": self.related_items(article),
            "previous": older[0] if older else None,
            "next": newer[0] if newer else None,
        }

    def header_date(self) -> str:
        return vndates.newspaper_today(self.site.today())

    def furniture(self) -> list[str]:
        return [*super().furniture(), ADMIN]
