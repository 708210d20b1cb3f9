"""Finding article URLs and next pages in listings, feeds and sitemaps.

Plain functions over fetched documents, so they are tested without a crawl.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector
from scrapy.utils.sitemap import Sitemap

from crawler.extraction.page import without_xml_declaration
from crawler.profiles import FamilyProfile
from crawler.registry import SiteConfig
from crawler.urls import canonicalize, is_article_url, listing_key, page_number

_LINK_TAG = re.compile(rb"<link\b[^>]*>", re.IGNORECASE)
_REL_CANONICAL = re.compile(rb"""\brel\s*=\s*["']?canonical\b""", re.IGNORECASE)
_HREF = re.compile(rb"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
HEAD_BYTES = 65536
# Every link's target, as plain strings (no element or selector objects for them).
_HREFS = etree.XPath("//a/@href", smart_strings=False)


def declared_canonical(body: bytes, base_url: str) -> str | None:
    """The page's ``<link rel="canonical">`` target, read from the head without parsing."""
    for tag in _LINK_TAG.finditer(body[:HEAD_BYTES]):
        if not _REL_CANONICAL.search(tag.group()):
            continue
        href = _HREF.search(tag.group())
        if href:
            value = next(group for group in href.groups() if group is not None)
            return urljoin(base_url, value.decode("utf-8", "replace").strip().replace("&amp;", "&"))
    return None


@dataclass(frozen=True)
class ListingPage:
    """What one listing page offers: its article links (in page order) and the next page."""

    articles: list[str]
    next_page: str | None


@dataclass(frozen=True)
class _Link:
    """What a listing needs to know of one link: its canonical form, whether it is an
    article, and else its page number and listing."""

    canonical: str
    article: bool
    page: int | None = None
    listing: str | None = None


_OFF_SITE = _Link("", False)  # an href leading off the site (or nowhere)

# Every listing page of a site repeats its menus, sidebars and pagers: each href is
# resolved and classified once per site (bounded: cleared when full). A site's table
# is keyed with everything classifying depends on (so an edited registry entry gets
# a fresh one); an href with what resolving it depends on: nothing for an absolute
# URL, the page's origin for a root-relative one, else the page's URL.
_LINKS: dict[tuple[object, ...], dict[tuple[str, str], _Link]] = {}
MAX_LINKS = 100_000  # per site


def _site_links(site: SiteConfig, profile: FamilyProfile) -> dict[tuple[str, str], _Link]:
    """The classified hrefs of this site (configuration and family rules)."""
    signature = (site.id, site.hosts, site.start_urls, site.article_urls, profile)
    links = _LINKS.get(signature)
    if links is None or len(links) >= MAX_LINKS:
        links = _LINKS[signature] = {}
    return links


def _link(
    href: str,
    page_url: str,
    origin: str,
    links: dict[tuple[str, str], _Link],
    site: SiteConfig,
    profile: FamilyProfile,
) -> _Link:
    href = href.strip()
    if href.startswith(("http://", "https://")):
        scope = ""
    elif href.startswith("/") and not href.startswith("//"):
        scope = origin
    else:
        scope = page_url
    key = (scope, href)
    found = links.get(key)
    if found is None:
        found = links[key] = _classify(href, page_url, site, profile)
    return found


def _classify(href: str, page_url: str, site: SiteConfig, profile: FamilyProfile) -> _Link:
    if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
        return _OFF_SITE
    url = urljoin(page_url, href)
    if not url.startswith(("http://", "https://")) or not site.owns(url):
        return _OFF_SITE
    canonical = canonicalize(url, profile, site)
    if is_article_url(canonical, site, profile):
        return _Link(canonical, True)
    number = page_number(canonical, profile)
    listing = listing_key(canonical, profile) if number is not None else None
    return _Link(canonical, False, number, listing)


def read_listing(html: str, url: str, site: SiteConfig, profile: FamilyProfile) -> ListingPage:
    """Article links and the following page of the listing at ``url``.

    The following page is the same listing's link with the smallest page number
    above this one: page numbers count pages (``page-2``) or items (``?start=10``).
    """
    hrefs = _HREFS(Selector(text=without_xml_declaration(html)).root)
    here = canonicalize(url, profile, site)
    current_key = listing_key(here, profile)
    current = page_number(here, profile) or 1
    origin = "/".join(url.split("/", 3)[:3])
    links = _site_links(site, profile)
    articles: dict[str, None] = {}
    following: dict[int, str] = {}
    for href in hrefs:
        link = _link(href, url, origin, links, site, profile)
        if link.article:
            articles.setdefault(link.canonical, None)
        elif link.page is not None and link.page > current and link.listing == current_key:
            following.setdefault(link.page, link.canonical)
    next_page = following[min(following)] if following else None
    return ListingPage(list(articles), next_page)


def read_feed(body: bytes, url: str) -> list[str]:
    """Item links of an RSS 2.0 or Atom feed (NukeViet, Joomla, WordPress, Liferay)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True)
    try:
        root = etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    links = [link.strip() for link in root.xpath("//item/link/text()")]
    links += root.xpath("//*[local-name()='entry']/*[local-name()='link']/@href")
    return [urljoin(url, link) for link in links if link]


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    lastmod: str | None

    @property
    def modified(self) -> dt.datetime | None:
        """``lastmod`` as an aware datetime (a bare date is read as midnight UTC)."""
        if not self.lastmod:
            return None
        try:
            value = dt.datetime.fromisoformat(self.lastmod.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def read_sitemap(body: bytes) -> tuple[str, list[SitemapEntry]]:
    """``("sitemapindex" | "urlset", entries)`` of a sitemap document."""
    try:
        sitemap = Sitemap(body)
    except (etree.XMLSyntaxError, ValueError):
        return "urlset", []
    entries = [SitemapEntry(entry["loc"], entry.get("lastmod")) for entry in sitemap]
    return sitemap.type, entries
