"""IBM WebSphere Portal with Web Content Manager, as on longan.dcs.vn.

Category pages have friendly URLs (``/wps/portal/tinhuy/{cat}``) paged with WCM's
``?WCM_PI=1&WCM_Page.{portlet}=N``; articles have opaque, stateful ones,
``/wps/portal/!ut/p/z0/{state}/``, whose state encodes where the link was shown:
the same article is linked under one URL from the listing and under another from
the "Tin mới" box beside it. ``<title>`` holds only the site name, the body is
Word-pasted ``MsoNormal`` markup, dates read "27/09/2024 02:53:26PM" and a
"Màu chữ Cỡ chữ" toolbar sits above the text. No feed, no sitemap.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from sampleweb import rendering, vndates
from sampleweb.article import Article, Figure
from sampleweb.families.portal import PortalFamily, table_markup
from sampleweb.pages import Page, redirect

if TYPE_CHECKING:
    from sampleweb.site import SampleSite

PORTAL = "/wps/portal"
PORTLET = "Z7_K8A21H01L0K640AFKE3P4V1086"
LIBRARY = "tinhuylibrary/siteTinhUy"
OTHERS = 6
# Where an article link is shown: its state differs, so its URL does too.
CONTEXTS = ("list", "new", "other")

WORD_STYLE = "margin-bottom:6.0pt;text-align:justify;text-indent:36.0pt;line-height:normal"
WORD_FONT = "font-size:14.0pt;font-family:&quot;Times New Roman&quot;,serif"
WORD_HEAD = (
    "<!--[if gte mso 9]><xml><o:OfficeDocumentSettings><o:AllowPNG/>"
    "</o:OfficeDocumentSettings></xml><![endif]--><!--[if gte mso 9]><xml>"
    "<w:WordDocument><w:View>Normal</w:View><w:Zoom>0</w:Zoom><w:TrackMoves/>"
    "<w:Compatibility><w:BreakWrappedTables/></w:Compatibility></w:WordDocument>"
    "</xml><![endif]-->"
)


def _word(text: Markup, align: str = "") -> Markup:
    """One Word paragraph: the text in a styled span, then Word's empty ``<o:p>``."""
    style = "text-align:right" if align == "right" else WORD_STYLE
    attrs = ' align="right"' if align == "right" else ""
    return Markup(
        f'<p class="MsoNormal"{attrs} style="{style}"><span lang="VI" style="{WORD_FONT}">'
        f"{text}<o:p></o:p></span></p>"
    )


def _figure(article: Article, figure: Figure, number: int) -> Markup:
    src = f"/wps/wcm/connect/{LIBRARY}/{article.id}/anh-{number}.jpg?MOD=AJPERES"
    return Markup(
        f'<p class="MsoNormal" align="center" style="text-align:center"><span lang="VI">'
        f'<img width="553" height="369" src="{src}" alt=""></span></p>'
        f'<p class="MsoCaption" align="center" style="text-align:center"><i>'
        f'<span lang="VI" style="{WORD_FONT}">{escape(figure.caption)}</span></i></p>'
    )


def _trailer(line: str) -> Markup:
    return _word(Markup(f"<b>{escape(line)}</b>"), align="right")


def _table(rows: list[str]) -> Markup:
    return table_markup(
        rows, ' class="MsoTableGrid" border="1" cellspacing="0" cellpadding="0"', "td"
    )


class WebSphere(PortalFamily):
    theme = "websphere"
    server_software = "IBM_HTTP_Server"
    response_headers = (("Content-Language", "vi"), ("X-Powered-By", "Servlet/3.0"))
    robots_txt = "User-agent: *\nDisallow: /wps/myportal/\n"

    def __init__(self, site: SampleSite) -> None:
        super().__init__(site)
        pages = self.category_names
        self.routes = [
            (re.compile(r"/"), lambda m, q: redirect(f"{PORTAL}/tinhuy/trang-chu")),
            (re.compile(rf"{PORTAL}/?"), lambda m, q: redirect(f"{PORTAL}/tinhuy/trang-chu")),
            (re.compile(rf"{PORTAL}/tinhuy/trang-chu"), lambda m, q: self.listing(None, 1)),
            (re.compile(rf"{PORTAL}/tinhuy/({pages})"), self.paged_listing(f"WCM_Page.{PORTLET}")),
            (re.compile(rf"{PORTAL}/!ut/p/z0/(04_[\w-]+)/"), self.opaque),
            (re.compile(r"/lien-ket/\d+"), self.outbound),
            (re.compile(r"/robots\.txt"), self.robots),
        ]

    # ---------------------------------------------------------------- URLs
    def state(self, article: Article, context: str) -> str:
        path = f"{LIBRARY}/{article.category}/{article.slug}?id={article.id}&ctx={context}"
        token = base64.urlsafe_b64encode(zlib.compress(path.encode(), 9)).decode()
        return "04_" + token.rstrip("=")

    def article_path(self, article: Article, context: str = "list") -> str:
        return f"{PORTAL}/!ut/p/z0/{self.state(article, context)}/"

    def duplicate_paths(self, article: Article) -> list[str]:
        return [self.article_path(article, context) for context in CONTEXTS[1:]]

    def new_path(self, article: Article) -> str:
        return self.article_path(article, "new")

    def other_path(self, article: Article) -> str:
        return self.article_path(article, "other")

    def listing_path(self, category: str, page: int = 1) -> str:
        query = f"?WCM_PI=1&WCM_Page.{PORTLET}={page}" if page > 1 else ""
        return f"{PORTAL}/tinhuy/{category}{query}"

    def others(self, article: Article) -> list[Article]:
        return self.site.neighbours(article, 0, OTHERS)[1]

    def related(self, article: Article) -> list[Article]:
        return self.others(article)

    # ---------------------------------------------------------------- pages
    def opaque(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        token = match.group(1)[3:]
        try:
            path = zlib.decompress(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        except (binascii.Error, ValueError, zlib.error):
            return None
        found = re.search(rb"\?id=(\d+)&ctx=(\w+)$", path)
        article = self.site.article(int(found.group(1))) if found else None
        if article is None or self.state(article, found.group(2).decode()) != match.group(1):
            return None
        return self.detail(article)

    def detail_context(self, article: Article) -> dict[str, Any]:
        return {
            "word_head": Markup(WORD_HEAD),
            "lead": _word(Markup(f"<b>{escape(article.lead)}</b>")),
            "body": rendering.body_html(
                article, _figure, _trailer, blank_paragraphs=True, paragraph=_word, table=_table
            ),
            "others": self.others(article),
        }

    def header_date(self) -> str:
        today = self.site.today()
        return f"{vndates.weekday(today, capitalised=True)}, ngày {today:%d/%m/%Y}"
