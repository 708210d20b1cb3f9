"""Liferay 7 Asset Publisher, as on the Đồng Tháp party-site farm.

Articles: ``/web/btg/chi-tiet-bai-viet/-/asset_publisher/{instance}/content/id/{id}``
or ``…/content/{urlTitle}``; listings ``/web/btg/{page}`` paginated with the
portlet's namespaced ``_cur`` parameter; Atom feed ``…/-/asset_publisher/{instance}/rss``.

The trap: every page links ``/c/portal/update_language?…&redirect=<this page>``
for each locale, answered with a 302 back to the page (and a cookie).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from markupsafe import Markup, escape

from sampleweb import rendering, vndates
from sampleweb.article import Article, Figure
from sampleweb.families.base import PER_PAGE, Family, int_or
from sampleweb.pages import ATOM, TEXT, XML, Page, redirect, text_page

if TYPE_CHECKING:
    from sampleweb.site import SampleSite

SITE_PATH = "/web/btg"
DETAIL_PAGE = f"{SITE_PATH}/chi-tiet-bai-viet"
PORTLET = "com_liferay_asset_publisher_web_portlet_AssetPublisherPortlet"
FEED_SIZE = 20
LANGUAGES = (
    ("English (United States)", "en-US", "en_US"),
    ("suomi (Suomi)", "fi-FI", "fi_FI"),
    ("中文 (中国)", "zh-CN", "zh_CN"),
    ("Tiếng Việt (Việt Nam)", "vi-VN", "vi_VN"),
)
# Layout (page) ids, printed in every update_language link.
PLID_HOME, PLID_DETAIL, PLID_ABOUT, PLID_FIRST_CATEGORY = 20101, 20110, 20113, 20104
OTHERS = 5  # the "Tin khác" portlet beside the article
LINKS = 3  # related assets under the article

ROBOTS = "User-Agent: *\nDisallow:\nSitemap: {base}/sitemap.xml\n"


def _figure(article: Article, figure: Figure, number: int) -> Markup:
    src = f"/documents/20143/0/{rendering.image_name(article, number)}/{article.id:x}-{number}?t=1"
    return Markup(
        f'<figure class="image"><img alt="" src="{src}">'
        f"<figcaption>{escape(figure.caption)}</figcaption></figure>"
    )


def _trailer(line: str) -> Markup:
    kind = "nguon" if line.startswith(("Nguồn:", "Theo ")) else "tac-gia"
    return Markup(f'<p class="{kind}" style="text-align: right;"><em>{escape(line)}</em></p>')


class Liferay(Family):
    server_software = "Apache-Coyote/1.1"
    response_headers = (("Liferay-Portal", "Liferay Community Edition Portal 7.0.4 GA5"),)

    def __init__(self, site: SampleSite) -> None:
        super().__init__(site)
        self.detail_instance = self.spec.categories[0].instance
        pages = "|".join(re.escape(c.alias) for c in self.spec.categories)
        content = rf"{re.escape(DETAIL_PAGE)}/-/asset_publisher/\w+/content/"
        self.routes = [
            (re.compile(r"/"), lambda m, q: redirect(f"{SITE_PATH}/trang-chu")),
            (re.compile(rf"{SITE_PATH}(?:/trang-chu)?/?"), self.home),
            (re.compile(rf"{content}id/(\d+)(?:/\d+)?"), self.detail_by_id),
            (re.compile(rf"{content}([\w-]+)(?:/\d+)?"), self.detail_by_url_title),
            (re.compile(rf"{SITE_PATH}/({pages})/-/asset_publisher/(\w+)/rss"), self.feed),
            (re.compile(rf"{SITE_PATH}/({pages})"), self.listing),
            (re.compile(re.escape(DETAIL_PAGE)), self.detail_page_listing),
            (re.compile(rf"{SITE_PATH}/gioi-thieu"), self.about),
            (re.compile(r"/c/portal/update_language"), self.update_language),
            (re.compile(r"/sitemap\.xml"), self.sitemap),
            (re.compile(r"/robots\.txt"), self.robots),
        ]
        self.ids_by_url_title = {a.slug: a.id for a in site.articles(specials=True)}

    # ---------------------------------------------------------------- URLs
    def article_path(self, article: Article) -> str:
        tail = article.slug if article.url_title else f"id/{article.id}"
        return f"{DETAIL_PAGE}/-/asset_publisher/{self.detail_instance}/content/{tail}"

    def instance(self, category: str) -> str:
        return self.spec.category(category).instance

    def page_path(self, path: str, instance: str, page: int) -> str:
        if page == 1:
            return path
        namespace = f"_{PORTLET}_INSTANCE_{instance}_"
        query = {
            "p_p_id": f"{PORTLET}_INSTANCE_{instance}",
            "p_p_lifecycle": "0",
            "p_p_state": "normal",
            "p_p_mode": "view",
            f"{namespace}cur": str(page),
            f"{namespace}delta": str(PER_PAGE),
        }
        return f"{path}?{urlencode(query)}"

    def listing_path(self, category: str, page: int = 1) -> str:
        return self.page_path(f"{SITE_PATH}/{category}", self.instance(category), page)

    def feed_path(self, category: str) -> str:
        return f"{SITE_PATH}/{category}/-/asset_publisher/{self.instance(category)}/rss"

    def feed_paths(self) -> list[str]:
        return [self.feed_path(category.alias) for category in self.spec.categories]

    def sitemap_paths(self) -> list[str]:
        return ["/sitemap.xml"]

    def duplicate_paths(self, article: Article) -> list[str]:
        other = f"id/{article.id}" if article.url_title else article.slug
        return [f"{DETAIL_PAGE}/-/asset_publisher/{self.detail_instance}/content/{other}"]

    def others(self, article: Article) -> list[Article]:
        newer, older = self.site.neighbours(article, 2, OTHERS)
        return (newer + older)[:OTHERS]

    def links(self, article: Article) -> list[Article]:
        return self.site.neighbours(article, 0, OTHERS + LINKS)[1][OTHERS:]

    def related(self, article: Article) -> list[Article]:
        return self.others(article) + self.links(article)

    # ---------------------------------------------------------------- pages
    def chrome(self, page_title: str, path: str, plid: int, **context: object) -> dict[str, object]:
        languages = [
            (
                label,
                lang,
                "/c/portal/update_language?"
                + urlencode(
                    {"p_l_id": plid, "redirect": path, "languageId": language_id}, quote_via=quote
                ),
            )
            for label, lang, language_id in LANGUAGES
        ]
        return {
            "site": self.spec,
            "fam": self,
            "page_title": f"{page_title} - {self.spec.publisher}",
            "description": "",
            "canonical": self.url(path),
            "plid": plid,
            "languages": languages,
            "active_category": None,
        } | context

    def published_text(self, article: Article) -> str:
        moment = article.published
        return vndates.dmy_hm(moment) if article.shows_time else vndates.dmy(moment)

    def detail_by_id(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        return self.detail(self.site.article(int(match.group(1))))

    def detail_by_url_title(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        article_id = self.ids_by_url_title.get(match.group(1))
        return self.detail(self.site.article(article_id) if article_id else None)

    def detail(self, article: Article | None) -> Page | None:
        if article is None:
            return None
        return self.article_page(article, lambda: self.detail_html(article))

    def detail_html(self, article: Article) -> str:
        path = self.article_path(article)
        context = self.chrome(
            f"{article.title} - Chi tiết bài viết",
            path,
            PLID_DETAIL,
            description=article.lead,
            article=article,
            instance=self.detail_instance,
            category_name=self.category_name(article.category),
            active_category=article.category,
            published_text=self.published_text(article),
            body=rendering.body_html(article, _figure, _trailer, ' style="text-align: justify;"'),
            others=self.others(article),
            links=self.links(article),
        )
        return rendering.render("liferay-detail.html.j2", **context)

    def listing_page(
        self,
        items: list[Article],
        path: str,
        instance: str,
        plid: int,
        heading: str,
        query: dict[str, str],
        category: str | None,
    ) -> Page | None:
        page = int_or(query.get(f"_{PORTLET}_INSTANCE_{instance}_cur"), 1)
        shown = self.page_of(items, page)
        if shown is None:
            return None
        context = self.chrome(
            heading,
            self.page_path(path, instance, page),
            plid,
            heading=heading,
            instance=instance,
            items=shown,
            pages=self.page_count(items),
            current=page,
            first=(page - 1) * PER_PAGE + 1,
            last=(page - 1) * PER_PAGE + len(shown),
            total=len(items),
            page_url=lambda number: self.page_path(path, instance, number),
            feed=self.feed_path(category or self.spec.categories[0].alias),
            active_category=category,
        )
        return text_page(rendering.render("liferay-listing.html.j2", **context))

    def listing(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        category = match.group(1)
        index = [c.alias for c in self.spec.categories].index(category)
        return self.listing_page(
            self.site.newest_first(category),
            f"{SITE_PATH}/{category}",
            self.instance(category),
            PLID_FIRST_CATEGORY + 3 * index,
            self.category_name(category),
            query,
            category,
        )

    def detail_page_listing(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        return self.listing_page(
            self.site.newest_first(),
            DETAIL_PAGE,
            self.detail_instance,
            PLID_DETAIL,
            "Chi tiết bài viết",
            query,
            None,
        )

    def home(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        return self.listing_page(
            self.site.newest_first()[:PER_PAGE],
            f"{SITE_PATH}/trang-chu",
            "hOme7Xq2Lm4A",
            PLID_HOME,
            "Tin mới",
            {},
            None,
        )

    def about(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        context = self.chrome(
            "Giới thiệu",
            f"{SITE_PATH}/gioi-thieu",
            PLID_ABOUT,
            heading="Giới thiệu",
            lines=[
                f"Trang thông tin điện tử của {self.spec.publisher}.",
                f"Email: {self.spec.email}",
            ],
        )
        return text_page(rendering.render("liferay-page.html.j2", **context))

    def update_language(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        """Liferay switches the locale and sends the visitor back: one more URL per page."""
        target = query.get("redirect", f"{SITE_PATH}/trang-chu")
        if not target.startswith("/"):
            target = f"{SITE_PATH}/trang-chu"
        language = query.get("languageId", "vi_VN")
        cookie = ("Set-Cookie", f"GUEST_LANGUAGE_ID={language}; Path=/; HttpOnly")
        return redirect(target, 302, (cookie,))

    # ---------------------------------------------------------------- feeds, sitemaps
    def feed(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        category = match.group(1)
        xml = rendering.render(
            "atom.xml.j2",
            title=self.category_name(category),
            link=self.url(self.listing_path(category)),
            items=self.site.newest_first(category)[:FEED_SIZE],
            url=lambda item: self.url(self.article_path(item)),
        )
        return text_page(xml, ATOM)

    def sitemap(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        """Liferay's sitemap lists the site's pages, not Asset Publisher content."""
        paths = [
            f"{SITE_PATH}/trang-chu",
            *self.listing_paths(),
            DETAIL_PAGE,
            f"{SITE_PATH}/gioi-thieu",
        ]
        entries = [(self.url(path), None) for path in paths]
        return text_page(
            rendering.render("sitemap-urlset.xml.j2", entries=entries, changefreq="daily"), XML
        )

    def robots(self, match: re.Match[str], query: dict[str, str]) -> Page | None:
        return text_page(ROBOTS.format(base=self.site.base_url), TEXT)
