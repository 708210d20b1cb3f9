"""Site discovery: from a home page, what a registry block needs, each value seen or guessed.

``discover_site`` reads robots.txt and the home page, recognises the CMS family
(generator meta, paths only that software writes, markup, article links), finds
feeds (``<link rel="alternate">``, then the family's usual paths), sitemaps
(robots.txt ``Sitemap:`` lines, then the family's usual paths; a sitemap index
is read for its size) and category listings (the menu's links the family's
listing patterns recognise), then reads one listing and one article end to end
and says how far its extraction can be trusted. About ten polite requests.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import html

from crawler.discovery import read_feed, read_listing, read_sitemap
from crawler.extraction.detect import page_generator
from crawler.extraction.extractor import ExtractionError, extract_article
from crawler.extraction.page import parse_page
from crawler.polite_fetch import Fetched, PoliteFetcher
from crawler.profiles import GENERIC, FamilyProfile, family, load_families
from crawler.registry import SiteConfig
from crawler.selectors import first_match, select
from crawler.urls import canonicalize, is_article_url

FEED_TYPES = ("application/rss+xml", "application/atom+xml")
MAX_LISTINGS = 8
LISTINGS_TRIED = 2
PROBES = 2  # usual feed (and sitemap) paths tried when the site names none
MENU = (
    "nav",
    "header",
    "xpath://*[re:test(@class, '(^|[\\s_-])(menu|nav|navbar|mainmenu|topmenu)', 'i')]",
    "xpath://*[re:test(@id, 'menu|nav', 'i')]",
)
# Every URL a page names: links, scripts, styles, images, frames, forms.
_URLS = "//a/@href | //link/@href | //script/@src | //img/@src | //iframe/@src | //form/@action"


@dataclass(frozen=True)
class Found:
    """One value for the registry, ``seen`` on the site (``how`` says where) or guessed."""

    value: str
    seen: bool
    how: str


@dataclass
class ArticleCheck:
    url: str
    fields: dict[str, Any] = field(default_factory=dict)
    confidence: str = "none"
    reasons: list[str] = field(default_factory=list)
    problem: str | None = None


@dataclass
class SiteDiscovery:
    url: str
    host: str = ""
    name: str = ""
    family: Found = field(default_factory=lambda: Found(GENERIC, False, "nothing recognised"))
    feeds: list[Found] = field(default_factory=list)
    sitemaps: list[Found] = field(default_factory=list)
    listings: list[Found] = field(default_factory=list)
    listing_read: str | None = None  # what reading one listing gave
    article: ArticleCheck | None = None
    robots: str = ""
    problems: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    day: str = field(default_factory=lambda: dt.date.today().isoformat())

    def as_dict(self) -> dict[str, Any]:
        from dataclasses import asdict

        return asdict(self)


# ---------------------------------------------------------------- the family


def page_urls(tree: html.HtmlElement, base: str) -> list[str]:
    """Every URL the page names, absolute."""
    return [urljoin(base, value.strip()) for value in tree.xpath(_URLS) if value.strip()]


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def family_evidence(
    tree: html.HtmlElement, urls: list[str], site: SiteConfig, profile: FamilyProfile
) -> list[str]:
    """What on the page says ``profile`` made it: each sign as words."""
    signs = []
    generator = page_generator(tree)
    if generator and any(name.lower() in generator for name in profile.generators):
        signs.append(f'generator "{generator}"')
    signs += [f"markup {marker}" for marker in profile.markers if select(tree, marker)]
    own = [_path(url) for url in urls if site.owns(url)]
    for pattern in profile.paths:
        hit = next((path for path in own if pattern.search(path)), None)
        if hit:
            signs.append(f"path {hit[:60]}")
    if profile.id != GENERIC:
        articles = {url for url in urls if profile.is_article_url(url) and site.owns(url)}
        if len(articles) >= 3:
            signs.append(f"{len(articles)} links of its article URL shape")
    return signs


def detect_site_family(
    tree: html.HtmlElement, urls: list[str], site: SiteConfig
) -> tuple[FamilyProfile, list[str]]:
    """The family with the most signs (a generator counts two); generic without any."""
    best, best_signs, best_score = family(GENERIC), [], 0
    for profile in load_families().values():
        signs = family_evidence(tree, urls, site, profile)
        score = len(signs) + sum(1 for sign in signs if sign.startswith("generator"))
        if score > best_score:
            best, best_signs, best_score = profile, signs, score
    return best, best_signs


# ---------------------------------------------------------------- feeds and sitemaps


def declared_feeds(tree: html.HtmlElement, base: str) -> list[str]:
    """``<link rel="alternate" type="application/rss+xml|atom+xml">`` targets."""
    found = []
    for link in tree.xpath("//link[@href]"):
        rel = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower()
        if "alternate" in rel and kind in FEED_TYPES:
            found.append(urljoin(base, link.get("href").strip()))
    return list(dict.fromkeys(found))


def _feed(fetcher: PoliteFetcher, url: str, how: str) -> Found | str:
    answer = fetcher.get(url)
    if not answer.ok:
        return f"feed {url}: {answer.problem}"
    items = read_feed(answer.body, answer.url)
    if not items:
        return f"feed {url}: no RSS or Atom items in it"
    return Found(url, True, f"{how}; fetched: {len(items)} items")


def _sitemap(fetcher: PoliteFetcher, url: str, how: str) -> Found | str:
    answer = fetcher.get(url)
    if not answer.ok:
        return f"sitemap {url}: {answer.problem}"
    kind, entries = read_sitemap(answer.body)
    if not entries:
        return f"sitemap {url}: no sitemap entries in it"
    what = f"index of {len(entries)} sitemaps" if kind == "sitemapindex" else f"{len(entries)} URLs"
    return Found(url, True, f"{how}; fetched: {what}")


def _collect(results: list[Found | str], into: list[Found], problems: list[str]) -> None:
    for result in results:
        (into if isinstance(result, Found) else problems).append(result)  # type: ignore[arg-type]


# ---------------------------------------------------------------- listings and an article


def menu_listings(
    tree: html.HtmlElement, base: str, site: SiteConfig, profile: FamilyProfile
) -> list[str]:
    """The menu's links the family's listing patterns recognise (on the site, no article)."""
    found: dict[str, None] = {}
    home = canonicalize(base, profile, site)
    for menu in (element for selector in MENU for element in select(tree, selector)):
        for href in menu.xpath(".//a/@href"):
            url = canonicalize(urljoin(base, href.strip()), profile, site)
            if not site.owns(url) or url == home or is_article_url(url, site, profile):
                continue
            if any(pattern.search(_path(url)) for pattern in profile.listing_urls):
                found.setdefault(url, None)
    return list(found)[:MAX_LISTINGS]


def extraction_confidence(
    tree: Any, fields: dict[str, Any], profile: FamilyProfile
) -> tuple[str, list[str]]:
    """``high``, ``medium`` or ``low``, and why: the family's body element, the page's
    own date, an author, enough text."""
    points, reasons = 0, []
    if profile.body and first_match(tree, profile.body) is not None:
        points += 2
        reasons.append(f"the {profile.id} body element")
    else:
        reasons.append("no family body element: trafilatura's reading")
    source = fields.get("published_source") or ""
    if source.startswith("page:"):
        points += 2
        reasons.append(f"the page's own date ({source})")
    elif source:
        points += 1
        reasons.append(f"a date from {source}")
    else:
        reasons.append("no date")
    if fields.get("author"):
        points += 1
        reasons.append("an author")
    words = len((fields.get("text") or "").split())
    if words >= 150:
        points += 1
    else:
        reasons.append(f"short text ({words} words)")
    return ("high" if points >= 5 else "medium" if points >= 3 else "low"), reasons


def check_article(fetcher: PoliteFetcher, url: str, family_id: str, name: str) -> ArticleCheck:
    answer = fetcher.get(url)
    if not answer.ok:
        return ArticleCheck(url, problem=answer.problem)
    try:
        found = extract_article(
            answer.body, answer.url, content_type=answer.content_type, family_hint=family_id,
            site_name=name,
        )  # fmt: skip
    except ExtractionError as exc:
        return ArticleCheck(url, problem=f"{exc.kind}: {exc}")
    fields = found.as_dict()
    tree = parse_page(answer.body, answer.content_type).tree
    confidence, reasons = extraction_confidence(tree, fields, family(found.family))
    fields["words"] = len(found.text.split())
    return ArticleCheck(url, fields, confidence, reasons)


def _read_one_listing(
    fetcher: PoliteFetcher, site: SiteConfig, profile: FamilyProfile, home: Fetched
) -> tuple[str | None, list[str], list[str]]:
    """(what the listing read gave, its article links, problems): the first listing
    that lists articles, else the home page."""
    problems = []
    for url in [url for url in site.listings if url != home.url][:LISTINGS_TRIED]:
        answer = fetcher.get(url)
        if not answer.ok:
            problems.append(f"listing {url}: {answer.problem}")
            continue
        page = read_listing(answer.body.decode("utf-8", "replace"), answer.url, site, profile)
        if page.articles:
            nxt = f", next page {page.next_page}" if page.next_page else ", no next page"
            return f"{url}: {len(page.articles)} article links{nxt}", page.articles, problems
        problems.append(f"listing {url}: no article link the {profile.id} patterns know")
    page = read_listing(home.body.decode("utf-8", "replace"), home.url, site, profile)
    read = f"home page: {len(page.articles)} article links" if page.articles else None
    return read, page.articles, problems


# ---------------------------------------------------------------- the whole site


# Titles a home page gives itself that name no site.
PAGE_WORDS = frozenset({"trang chủ", "trang nhất", "tin mới", "home", "trang chu", "default"})


def _site_name(tree: html.HtmlElement, host: str) -> str:
    """og:site_name, else the longest part of the title ("Page - Site", "Site | Page")
    unless it is only a page's name, else the alt text of the logo linking home."""
    named = [text.strip() for text in tree.xpath("//meta[@property='og:site_name']/@content")]
    title = " ".join(tree.xpath("//title//text()")).strip()
    parts = [part.strip() for part in re.split(r" [-|–] ", title) if part.strip()]
    longest = max(parts, key=len, default="")
    logos = [alt.strip() for alt in tree.xpath("//a[@href='/']//img/@alt") if alt.strip()]
    for text in [*named, longest, *logos]:
        if text and " ".join(text.split()).lower() not in PAGE_WORDS:
            return " ".join(text.split())
    return host


def discover_site(url: str, fetcher: PoliteFetcher) -> SiteDiscovery:
    """Everything a registry block for the site at ``url`` needs (see the module doc)."""
    found = SiteDiscovery(url=url, host=urlsplit(url).netloc.lower())
    robots = fetcher.robots(url)
    found.robots = robots.note
    home = fetcher.get(url)
    if not home.ok:
        found.problems.append(f"home page {url}: {home.problem}")
        found.requests = list(fetcher.log)
        return found
    found.url, found.host = home.url, urlsplit(home.url).netloc.lower()
    if home.tls_note:
        found.problems.append(f"TLS: {home.tls_note}")
    tree = parse_page(home.body, home.content_type).tree
    site = SiteConfig(
        id="discover", name="", family=GENERIC, hosts=(found.host,), listings=(home.url,)
    )
    profile, signs = detect_site_family(tree, page_urls(tree, home.url), site)
    how = "discover " + found.day + ": " + "; ".join(signs)
    found.family = Found(profile.id, bool(signs), how if signs else "nothing on the page said")
    found.name = _site_name(tree, found.host)
    feeds = declared_feeds(tree, home.url)
    found.feeds = _find(FEEDS, feeds, found, fetcher, home, site, profile)
    found.sitemaps = _find(SITEMAPS, robots.sitemaps, found, fetcher, home, site, profile)
    _find_listings(found, fetcher, tree, home, site, profile)
    found.requests = list(fetcher.log)
    return found


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass(frozen=True)
class _Kind:
    """Feeds or sitemaps: how one is read, where the site declares them, the usual paths."""

    name: str
    read: Callable[[PoliteFetcher, str, str], Found | str]
    declared_how: str
    usual_paths: Callable[[FamilyProfile], tuple[str, ...]]


FEEDS = _Kind("feed", _feed, '<link rel="alternate"> on the home page', lambda p: p.feed_paths)
SITEMAPS = _Kind("sitemap", _sitemap, "robots.txt Sitemap: line", lambda p: p.sitemap_paths)


def _find(
    kind: _Kind,
    declared: list[str],
    found: SiteDiscovery,
    fetcher: PoliteFetcher,
    home: Fetched,
    site: SiteConfig,
    profile: FamilyProfile,
) -> list[Found]:
    """The declared ones on the site's host, else the family's usual paths; each fetched."""
    own = [url for url in declared if site.owns(url)]
    found.problems += [
        f"{kind.name} {url}: on another host, skipped" for url in declared if url not in own
    ]
    how = f"discover {found.day}: {kind.declared_how}"
    results = [kind.read(fetcher, url, how) for url in own[:PROBES]]
    if not own:
        usual = [urljoin(_origin(home.url), path) for path in kind.usual_paths(profile)[:PROBES]]
        how = f"discover {found.day}: the {profile.id} default path"
        results = [kind.read(fetcher, url, how) for url in usual]
    kept: list[Found] = []
    _collect(results, kept, found.problems)
    return kept


def _find_listings(
    found: SiteDiscovery,
    fetcher: PoliteFetcher,
    tree: html.HtmlElement,
    home: Fetched,
    site: SiteConfig,
    profile: FamilyProfile,
) -> None:
    menu = menu_listings(tree, home.url, site, profile)
    how = f"discover {found.day}: the home page's menu"
    found.listings = [Found(url, True, how) for url in menu]
    reading = SiteConfig(
        id="discover",
        name=found.name,
        family=profile.id,
        hosts=site.hosts,
        listings=tuple(menu) or site.listings,
    )
    found.listing_read, articles, problems = _read_one_listing(fetcher, reading, profile, home)
    found.problems += problems
    if not menu:
        found.listings = [Found(home.url, False, "no menu listing recognised: the home page")]
    if articles:
        found.article = check_article(fetcher, articles[0], profile.id, found.name)
    else:
        found.problems.append("no article link found to try the extraction on")
