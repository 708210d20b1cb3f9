"""The feeds and sitemaps a site declares itself, found at the start of every crawl.

Before fetching, each site's robots.txt (``Sitemap:`` lines) and home page
(``<link rel="alternate">`` feeds) are read, two polite requests a site, several
sites at once; what the registry block lacks is added to the run's start URLs and
recorded in the run report, with what was skipped and why (another host, a home
page that did not answer). ``partyline sites discover`` does the full reading.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from crawler.extraction.page import parse_page
from crawler.polite_fetch import PoliteFetcher
from crawler.profiles import family
from crawler.registry import SiteConfig
from crawler.site_discovery import declared_feeds
from crawler.urls import canonicalize


@dataclass
class StartUrlsFound:
    """What a site declares itself that its registry block lacks, and what was skipped."""

    feeds: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def as_record(self) -> dict[str, list[str]]:
        return {"feeds": self.feeds, "sitemaps": self.sitemaps, "skipped": self.skipped}


def home_url(site: SiteConfig) -> str:
    """The site's home page: its first host, with the scheme of its start URLs."""
    scheme = urlsplit(site.start_urls[0]).scheme if site.start_urls else "https"
    return f"{scheme}://{site.hosts[0]}/"


def start_urls_found(site: SiteConfig, fetcher: PoliteFetcher) -> StartUrlsFound:
    """Feeds and sitemaps ``site`` declares (robots.txt, the home page) beyond its block."""
    profile = family(site.family)
    known = {canonicalize(url, profile, site) for url in site.start_urls}
    found = StartUrlsFound()
    home = home_url(site)
    robots = fetcher.robots(home)
    if robots.note != "robots.txt read":
        found.skipped.append(robots.note)
    declared_sitemaps = robots.sitemaps
    answer = fetcher.get(home)
    feeds: list[str] = []
    if answer.ok:
        feeds = declared_feeds(parse_page(answer.body, answer.content_type).tree, answer.url)
    else:
        found.skipped.append(f"home page {home}: {answer.problem}")
    for kind, urls, into in (
        ("sitemap", declared_sitemaps, found.sitemaps),
        ("feed", feeds, found.feeds),
    ):
        for url in dict.fromkeys(urls):
            if not site.owns(url):
                found.skipped.append(f"{kind} {url}: on another host")
                continue
            canonical = canonicalize(url, profile, site)
            if canonical not in known:
                into.append(canonical)
    return found


SITES_AT_ONCE = 8  # sites read at once (each site's few requests go one after another)


def with_declared_start_urls(
    sites: list[SiteConfig], fetcher_for: Callable[[], PoliteFetcher]
) -> tuple[list[SiteConfig], dict[str, StartUrlsFound]]:
    """The sites with the feeds and sitemaps each declares added, and what was found.

    A site whose robots.txt or home page does not answer keeps its block as it is;
    ``skipped`` says why.
    """

    def one(site: SiteConfig) -> tuple[SiteConfig, StartUrlsFound]:
        found = start_urls_found(site, fetcher_for())
        grown = replace(
            site,
            feeds=site.feeds + tuple(found.feeds),
            sitemaps=site.sitemaps + tuple(found.sitemaps),
        )
        return grown, found

    with ThreadPoolExecutor(min(SITES_AT_ONCE, max(1, len(sites)))) as pool:
        results = list(pool.map(one, sites))
    return [site for site, _ in results], {site.id: found for site, found in results}
