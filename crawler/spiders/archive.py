"""The one generic spider: driven by the registry and the CMS-family profiles.

It finds article URLs (listings, feeds, sitemaps), fetches each article once and
yields the raw response as a capture. It never parses article bodies: that is the
extraction stage's job, outside the reactor.

Modes: ``incremental`` (default) stops walking a listing at the first page that
holds only archived articles, once that listing has been walked to its end by an
earlier run; ``backfill`` walks every listing to the end. ``refresh`` (with either)
re-requests archived articles it meets, conditionally (ETag / Last-Modified), so
a changed article is captured again and its earlier text kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from archive.captures import Validators, archived_urls, latest_validators
from archive.walks import listing_walks
from crawler.archive_access import archive_for
from crawler.discovery import (
    SitemapEntry,
    declared_canonical,
    read_feed,
    read_listing,
    read_sitemap,
)
from crawler.errors import classify_failure
from crawler.items import (
    CaptureItem,
    FetchErrorItem,
    ListingWalkItem,
    NotModifiedItem,
)
from crawler.profiles import FamilyProfile, family
from crawler.registry import SiteConfig, load_registry, select_sites
from crawler.urls import canonicalize, is_article_url, listing_key, page_number

MODES = ("incremental", "backfill")


class ArchiveSpider(scrapy.Spider):
    name = "archive"

    def __init__(
        self,
        sites: list[SiteConfig],
        mode: str = "incremental",
        refresh: bool = False,
        seed: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        if mode not in MODES:
            raise ValueError(f"crawl mode must be one of {MODES}, not {mode!r}")
        self.sites = {site.id: site for site in sites}
        self.mode = mode
        self.refresh = refresh
        # Scale-out: only the worker that seeds the shared frontier yields start URLs.
        self.seed = seed
        # URLs archived by earlier runs, and every URL requested or archived so far.
        self.archived: set[str] = set()
        self.seen: set[str] = set()
        self.validators: dict[str, Validators] = {}
        # Listings (and child sitemaps) once walked to their end, with when.
        self.walked: dict[tuple[str, str], dt.datetime] = {}
        self.tls_reported: set[str] = set()
        self.refreshed: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> ArchiveSpider:
        settings = crawler.settings
        if "sites" not in kwargs:
            registry = load_registry(settings.get("PARTYLINE_REGISTRY"))
            kwargs["sites"] = select_sites(registry, settings.getlist("PARTYLINE_SITES"))
        kwargs.setdefault("mode", settings.get("PARTYLINE_MODE", "incremental"))
        kwargs.setdefault("refresh", settings.getbool("PARTYLINE_REFRESH"))
        kwargs.setdefault("seed", settings.getbool("PARTYLINE_SEED", True))
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.load_archive_state()
        return spider

    def load_archive_state(self) -> None:
        with archive_for(self.settings).session() as session:
            self.archived = archived_urls(session, self.sites)
            if self.refresh:
                self.validators = latest_validators(session, self.sites)
            self.walked = {
                key: walk.completed_at
                for key, walk in listing_walks(session, self.sites).items()
                if walk.completed_at is not None
            }
        self.seen = set(self.archived)
        self.logger.info(
            "Crawling %d site(s) in %s mode%s; %d article URLs already archived",
            len(self.sites),
            self.mode,
            " with refresh" if self.refresh else "",
            len(self.archived),
        )

    def _profile(self, site_id: str) -> FamilyProfile:
        return family(self.sites[site_id].family)

    def _request(self, url: str, site: SiteConfig, kind: str, **meta: Any) -> scrapy.Request:
        callbacks = {
            "listing": self.parse_listing,
            "feed": self.parse_feed,
            "sitemap": self.parse_sitemap,
            "article": self.parse_article,
        }
        headers = meta.pop("headers", None)
        return scrapy.Request(
            url,
            callback=callbacks[kind],
            errback=self.on_error,
            headers=headers,
            # Start pages are re-read by every run; within a run (and across the
            # workers sharing a frontier) each URL is requested once.
            dont_filter=meta.pop("dont_filter", False),
            meta={
                "site_id": site.id,
                "kind": kind,
                "download_slot": site.id,
                "dont_obey_robotstxt": not site.obey_robots,
                **meta,
            },
        )

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if not self.seed:
            return
        for site in self.sites.values():
            profile = self._profile(site.id)
            for kind, urls in (
                ("listing", site.listings),
                ("feed", site.feeds),
                ("sitemap", site.sitemaps),
            ):
                for url in urls:
                    yield self._request(canonicalize(url, profile, site), site, kind)

    # ------------------------------------------------------------------ articles
    def _new_articles(
        self, urls: list[str], site: SiteConfig, modified: dict[str, dt.datetime] | None = None
    ) -> Iterator[scrapy.Request]:
        for url in urls:
            if url in self.seen:
                if url in self.archived and self.refresh and url not in self.refreshed:
                    yield from self._refresh_request(url, site, (modified or {}).get(url))
                continue
            self.seen.add(url)
            yield self._request(url, site, "article")

    def _refresh_request(
        self, url: str, site: SiteConfig, modified: dt.datetime | None
    ) -> Iterator[scrapy.Request]:
        """A conditional request for an archived article, unless its sitemap says unchanged."""
        self.refreshed.add(url)
        known = self.validators.get(url)
        if known is None:
            return
        if modified is not None and modified <= known.fetched_at:
            return
        headers = {}
        if known.etag:
            headers["If-None-Match"] = known.etag
        if known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        yield self._request(
            url,
            site,
            "article",
            headers=headers,
            refresh=True,
            handle_httpstatus_list=[304],
        )

    # ------------------------------------------------------------------ discovery
    def parse_listing(self, response: Response) -> Iterator[Any]:
        site = self.sites[response.meta["site_id"]]
        yield from self._tls_problem(response, site)
        if not hasattr(response, "text"):
            return
        profile = self._profile(site.id)
        page = read_listing(response.text, response.url, site, profile)
        yield from self._new_articles(page.articles, site)
        here = canonicalize(response.url, profile, site)
        key = listing_key(here, profile)
        number = page_number(here, profile) or 1
        trusted = (site.id, key) in self.walked
        # Incremental runs stop at the first page holding only archived articles,
        # but only on a listing once walked to its end: a first crawl killed
        # halfway is finished by the next run.
        unarchived = any(url not in self.archived for url in page.articles)
        if page.next_page and (unarchived or self.mode == "backfill" or not trusted):
            yield self._request(page.next_page, site, "listing")
            yield ListingWalkItem(site.id, key, "listing", number, complete=False)
        else:
            yield ListingWalkItem(site.id, key, "listing", number, complete=not page.next_page)

    def parse_feed(self, response: Response) -> Iterator[Any]:
        site = self.sites[response.meta["site_id"]]
        yield from self._tls_problem(response, site)
        profile = self._profile(site.id)
        urls = [canonicalize(url, profile, site) for url in read_feed(response.body, response.url)]
        wanted = [url for url in urls if is_article_url(url, site, profile)]
        yield from self._new_articles(list(dict.fromkeys(wanted)), site)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        site = self.sites[response.meta["site_id"]]
        yield from self._tls_problem(response, site)
        profile = self._profile(site.id)
        kind, entries = read_sitemap(response.body)
        if kind == "sitemapindex":
            yield from self._child_sitemaps(entries, site, profile)
            return
        modified: dict[str, dt.datetime] = {}
        wanted = []
        for entry in entries:
            url = canonicalize(entry.loc, profile, site)
            if is_article_url(url, site, profile):
                wanted.append(url)
                if entry.modified is not None:
                    modified[url] = entry.modified
        yield from self._new_articles(list(dict.fromkeys(wanted)), site, modified)
        here = canonicalize(response.url, profile, site)
        yield ListingWalkItem(site.id, here, "sitemap", 1, complete=True)

    def _child_sitemaps(
        self, entries: list[SitemapEntry], site: SiteConfig, profile: FamilyProfile
    ) -> Iterator[scrapy.Request]:
        """Child sitemaps, skipping (incremental runs) those unchanged since last read."""
        for entry in entries:
            url = canonicalize(entry.loc, profile, site)
            if not site.owns(url):
                continue
            read_at = self.walked.get((site.id, url))
            unchanged = entry.modified is not None and read_at is not None
            if unchanged and entry.modified <= read_at and self.mode == "incremental":
                continue
            yield self._request(url, site, "sitemap")

    # ------------------------------------------------------------------ attachments
    def attachment_requests(
        self, documents: list[tuple[str, str]], maxsize: int
    ) -> Iterator[scrapy.Request]:
        """Documents linked from archived articles, ``(site id, URL)``, each once, on
        the site's own hosts, at most ``maxsize`` bytes (crawler/attachment_fetch.py
        finds them). Their responses are captures like any page."""
        for site_id, url in documents:
            site = self.sites.get(site_id)
            if site is None or url in self.seen or not site.owns(url):
                continue
            self.seen.add(url)
            yield self._request(url, site, "article", download_maxsize=maxsize)

    # ------------------------------------------------------------------ captures
    def _canonical_url(self, response: Response, requested: str, site: SiteConfig) -> str:
        """The page's own rel=canonical when it names an article of this site."""
        profile = self._profile(site.id)
        declared = declared_canonical(response.body, response.url)
        if declared:
            declared = canonicalize(declared, profile, site)
            if is_article_url(declared, site, profile):
                # Another URL of the same article (Liferay's id/ and urlTitle forms).
                self.seen.add(declared)
                return declared
        return canonicalize(requested, profile, site)

    def parse_article(self, response: Response) -> Iterator[Any]:
        site = self.sites[response.meta["site_id"]]
        yield from self._tls_problem(response, site)
        requested = response.meta.get("redirect_urls", [response.request.url])[0]
        if response.meta.get("refresh"):
            known = self.validators.get(requested)
            unchanged = known and hashlib.sha256(response.body).hexdigest() == known.sha256
            if response.status == 304 or unchanged:
                yield NotModifiedItem(site.id, requested)
                return
        yield CaptureItem(
            site_id=site.id,
            url=requested,
            final_url=response.url,
            canonical_url=self._canonical_url(response, requested, site),
            http_status=response.status,
            headers={
                key.decode("latin-1"): b", ".join(values).decode("latin-1")
                for key, values in response.headers.items()
            },
            body=response.body,
            fetched_at=dt.datetime.now(dt.UTC),
        )

    def _tls_problem(self, response: Response, site: SiteConfig) -> Iterator[FetchErrorItem]:
        """A broken certificate chain, recorded once per host and run (the page was kept)."""
        problem = response.meta.get("tls_problem")
        host = urlsplit(response.url).netloc
        if not problem or host in self.tls_reported:
            return
        self.tls_reported.add(host)
        yield FetchErrorItem(
            site_id=site.id,
            url=response.url,
            kind="tls",
            message=problem,
            extra={"page_kind": response.meta.get("kind", "")},
        )

    def on_error(self, failure: Failure) -> Iterator[FetchErrorItem]:
        request = failure.request
        # The URL the spider asked for, not the last hop of its redirects.
        url = request.meta.get("redirect_urls", [request.url])[0]
        kind, status, message = classify_failure(failure)
        self.logger.warning("%s failed (%s): %s", url, kind, message)
        if request.meta.get("kind") == "article":
            # Not archived: the next run tries it again.
            self.seen.discard(url)
        yield FetchErrorItem(
            site_id=request.meta["site_id"],
            url=url,
            kind=kind,
            message=message,
            http_status=status,
            extra={"page_kind": request.meta.get("kind", "")},
        )
