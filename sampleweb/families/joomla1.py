"""A legacy Joomla 1.0 site whose whole page is one table (seed page c, Quảng Trị).

Articles ``/index.php?option=com_content&task=view&id={id}&Itemid={menu}``, the
``Itemid`` differing by the menu that links them; category blogs
``…&task=blogcategory&id={cat}`` paged with ``&limit=10&limitstart=10``; the feed
``/index2.php?option=com_rss&feed=RSS2.0&no_html=1``; print views ``/index2.php?…&pop=1``.

The content cell holds the article as ``<br>``-separated text (no ``<p>``), then
the hits and "Go top", the poll, the who's-online counter and readers' comments:
the layout that defeats trafilatura. The pages are UTF-8 but labelled
iso-8859-1 (Joomla 1.0's English default, never changed).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from sampleweb import rendering, vndates
from sampleweb.article import Article, Figure
from sampleweb.families.base import PER_PAGE, int_or
from sampleweb.families.joomla import ADMIN
from sampleweb.families.portal import PortalFamily
from sampleweb.pages import Page

if TYPE_CHECKING:
    from sampleweb.site import SampleSite

HOME_ITEMID = 1
BREAKS = Markup("<br /><br />")
NEWER, OLDER = 3, 5
# Readers' comments shown under articles; every one is furniture, never text.
COMMENTS = (
    ("Nguyễn Văn Bình", "Bài viết rất thiết thực, mong được đọc thêm nhiều tin như vậy."),
    ("Trần Thị Lan", "Cảm ơn tòa soạn đã đưa tin kịp thời về hoạt động của địa phương."),
    ("Lê Minh Đức", "Đề nghị trang đăng thêm hình ảnh các buổi sinh hoạt chi bộ ở cơ sở."),
)


def _figure(article: Article, figure: Figure, number: int) -> Markup:
    src = f"/images/stories/tin{article.published:%Y}/{rendering.image_name(article, number)}"
    return Markup(
        '<div class="mosimage" style="border-width: 0px; margin: 5px; width: 400px;" '
        f'align="center"><img src="{src}" hspace="6" alt="Image" title="Image" border="0" '
        'width="400" height="266" align="middle" />'
        f'<div class="mosimage_caption" style="width: 400px;">{escape(figure.caption)}</div></div>'
    )


def _trailer(line: str) -> Markup:
    """Right-aligned by a run of no-break spaces, as the seed page's "Lệ Như"."""
    return Markup("&nbsp;" * 86) + escape(line)


class Joomla1(PortalFamily):
    theme = "joomla1"
    feed_generator = "Joomla! 1.0"
    server_software = "Apache/2.2.3 (CentOS)"
    response_headers = (("X-Powered-By", "PHP/5.1.6"),)
    charset = "utf-8-as-latin-1"
    robots_txt = "User-agent: *\nDisallow: /administrator/\nDisallow: /cache/\n"

    def __init__(self, site: SampleSite) -> None:
        super().__init__(site)
        self.itemids = {c.alias: 45 + n for n, c in enumerate(self.spec.categories)}
        self.routes = [
            (re.compile(r"/(?:index\.php)?"), self.dispatch),
            (re.compile(r"/index2\.php"), self.popup),
            (re.compile(r"/robots\.txt"), self.robots),
            (re.compile(r"/lienket/\d+"), self.outbound),
        ]

    # ---------------------------------------------------------------- URLs
    def article_path(self, article: Article, itemid: int | None = None) -> str:
        itemid = itemid or self.itemids[article.category]
        return f"/index.php?option=com_content&task=view&id={article.id}&Itemid={itemid}"

    def home_path(self, article: Article) -> str:
        """The same article linked from the home page's module: another Itemid."""
        return self.article_path(article, HOME_ITEMID)

    def listing_path(self, category: str, page: int = 1) -> str:
        path = (
            "/index.php?option=com_content&task=blogcategory"
            f"&id={category}&Itemid={self.itemids[category]}"
        )
        start = (page - 1) * PER_PAGE
        return path + (f"&limit={PER_PAGE}&limitstart={start}" if start else "")

    def feed_paths(self) -> list[str]:
        return ["/index2.php?option=com_rss&feed=RSS2.0&no_html=1"]

    def duplicate_paths(self, article: Article) -> list[str]:
        return [self.home_path(article)]

    def neighbours(self, article: Article) -> tuple[list[Article], list[Article]]:
        return self.site.neighbours(article, NEWER, OLDER)

    def related(self, article: Article) -> list[Article]:
        newer, older = self.neighbours(article)
        return newer + older + self.latest()

    # ---------------------------------------------------------------- pages
    def dispatch(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        task = query.get("task")
        if task == "view":
            article = self.site.article(int_or(query.get("id"), 0))
            return self.detail(article, printing=False)
        if task == "blogcategory":
            start = int_or(query.get("limitstart"), 0)
            if start % PER_PAGE:
                return None
            return self.listing(query.get("id"), start // PER_PAGE + 1)
        return self.listing(None, 1) if not task else None

    def popup(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        if query.get("option") == "com_rss":
            return self.feed(None, "/index2.php?option=com_rss&feed=RSS2.0&no_html=1")
        article = self.site.article(int_or(query.get("id"), 0))
        return self.detail(article, printing=True) if query.get("pop") == "1" else None

    def detail_context(self, article: Article) -> dict[str, Any]:
        newer, older = self.neighbours(article)
        first = article.id % len(COMMENTS)
        return {
            "body": rendering.body_html(
                article, _figure, _trailer, paragraph=lambda text: text, separator=BREAKS
            ),
            "newer": newer,
            "older": older,
            "comments": [COMMENTS[(first + n) % len(COMMENTS)] for n in range(1 + article.id % 2)],
            "modified": article.edited,
        }

    def header_date(self) -> str:
        today = self.site.today()
        return f"{vndates.weekday(today)}, {today:%d} Tháng {today.month} {today:%Y}"

    def furniture(self) -> list[str]:
        return [*super().furniture(), ADMIN, *(text for _, text in COMMENTS)]
