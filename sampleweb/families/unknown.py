"""A site of no known CMS, laid out like the Thành ủy Lạng Sơn seed page (seed d).

No generator meta and no family's markup: only a generic extraction can read it.
Articles ``/{cat}/{slug}-{id}.html``; listings ``/{cat}/`` then ``?page=N``.
The pages are windows-1258, whose tone marks are combining characters; the
date is printed without a time ("Ngày 8 tháng 4 năm 2022") after a header
showing today's date; "Ý kiến ()", a share bar, related and newest posts with
their dates and a "© 2016" footer surround the text; the ``<h1>`` is the site's
name, the title an ``<h2>``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from sampleweb import rendering, vndates
from sampleweb.article import Article, Figure
from sampleweb.families.portal import PortalFamily

if TYPE_CHECKING:
    from sampleweb.site import SampleSite

RELATED = 4


def _figure(article: Article, figure: Figure, number: int) -> Markup:
    src = f"/upload/images/{article.published:%Y%m}/{article.id}_{number}.jpg"
    return Markup(
        f'<div class="post-image"><img src="{src}" alt="" />'
        f'<p class="chuthich">{escape(figure.caption)}</p></div>'
    )


def _trailer(line: str) -> Markup:
    return Markup(f'<p style="text-align:right"><b>{escape(line)}</b></p>')


class Unknown(PortalFamily):
    theme = "unknown"
    server_software = "Apache"
    charset = "windows-1258"
    robots_txt = "User-agent: *\nDisallow: /quantri/\n"

    def __init__(self, site: SampleSite) -> None:
        super().__init__(site)
        categories = self.category_names
        self.routes = [
            (re.compile(r"/"), lambda m, q: self.listing(None, 1)),
            (re.compile(rf"/({categories})/"), self.paged_listing("page")),
            (
                re.compile(rf"/({categories})/([\w-]+)-(\d+)\.html"),
                lambda m, q: self.article_at(m, 1, 2, 3),
            ),
            (re.compile(r"/lien-ket/\d+"), self.outbound),
            (re.compile(r"/robots\.txt"), self.robots),
        ]

    def article_path(self, article: Article) -> str:
        return f"/{article.category}/{article.slug}-{article.id}.html"

    def listing_path(self, category: str, page: int = 1) -> str:
        return f"/{category}/" + (f"?page={page}" if page > 1 else "")

    def related_posts(self, article: Article) -> list[Article]:
        return self.site.neighbours(article, 0, RELATED)[1]

    def related(self, article: Article) -> list[Article]:
        return self.related_posts(article) + self.latest()

    def detail_context(self, article: Article) -> dict[str, Any]:
        return {
            "body": rendering.body_html(article, _figure, _trailer),
            "related_posts": self.related_posts(article),
        }

    def header_date(self) -> str:
        return "Hôm nay: " + vndates.newspaper_today(self.site.today())
