"""Counting pages per site for the run record.

A page counts as fetched when it answered below 400 (304 included): failed
answers are the run's errors, so a site whose pages all fail shows 0 pages.
"""

from __future__ import annotations

import logging
from collections import Counter

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred
from twisted.internet.task import LoopingCall, deferLater
from twisted.internet.threads import deferToThread
from twisted.python.failure import Failure

from archive.runs import bump
from crawler.archive_access import archive_for

# Pages are counted in memory and written every this many seconds (and at the
# end), so progress displays reading the run stay current at little cost. A timer
# writes them, not the next response: a crawl waiting on slow pages still shows
# every page answered so far.
FLUSH_SECONDS = 2.0
FINAL_ATTEMPTS = 3  # the last write, at the crawl's end, is tried this many times

log = logging.getLogger(__name__)


class RunStatsExtension:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run_id = crawler.settings.getint("PARTYLINE_RUN_ID") or None
        self.pages: Counter[str] = Counter()
        self.listings: Counter[str] = Counter()
        self.writing: Deferred[None] | None = None
        self.timer = LoopingCall(self._tick)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunStatsExtension:
        extension = cls(crawler)
        crawler.signals.connect(extension.open, signal=signals.spider_opened)
        crawler.signals.connect(extension.response_received, signal=signals.response_received)
        crawler.signals.connect(extension.close, signal=signals.spider_closed)
        return extension

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        site_id = request.meta.get("site_id")
        if site_id is None or self.run_id is None or response.status >= 400:
            return
        self.pages[site_id] += 1
        if request.meta.get("kind") in ("listing", "feed", "sitemap"):
            self.listings[site_id] += 1

    def open(self, *_args: object) -> None:
        if self.run_id is not None:
            self.timer.start(FLUSH_SECONDS, now=False)

    def _tick(self) -> None:
        if (self.pages or self.listings) and self.writing is None:
            self._flush()

    async def close(self, *_args: object) -> None:
        """spider_closed: the last counts, after the write still running if any."""
        if self.timer.running:
            self.timer.stop()
        if self.writing is not None:
            await maybe_deferred_to_future(self.writing)
        attempts = 0
        while self.pages or self.listings:  # a failed write puts its counts back
            if attempts == FINAL_ATTEMPTS:
                log.error(
                    "run %s: page counts not recorded (%s); the crawl's captures are safe, "
                    "but `partyline report` shows fewer pages for these sites",
                    self.run_id,
                    ", ".join(f"{site} {count}" for site, count in sorted(self.pages.items())),
                )
                return
            if attempts:  # the database was busy or away: give it a moment
                from twisted.internet import reactor  # the one Scrapy installed

                await maybe_deferred_to_future(deferLater(reactor, attempts, lambda: None))
            await maybe_deferred_to_future(self._flush())
            attempts += 1

    def _flush(self) -> Deferred[None]:
        """Write the counts so far in a thread: waiting for the database's write lock
        (extraction processes hold it too) must not stall the reactor."""
        pages, listings = self.pages, self.listings
        self.pages, self.listings = Counter(), Counter()
        written = deferToThread(self._write, pages, listings)
        self.writing = written
        written.addBoth(self._written, pages, listings)
        return written

    def _written(self, result: object, pages: Counter[str], listings: Counter[str]) -> None:
        self.writing = None
        if isinstance(result, Failure):
            # Counted again with the next write.
            self.pages.update(pages)
            self.listings.update(listings)
            log.warning("run counters not written yet: %s", result.getErrorMessage())

    def _write(self, pages: Counter[str], listings: Counter[str]) -> None:
        with archive_for(self.crawler.settings).session() as session:
            # Sorted: concurrent writers lock the run's rows in one order (no deadlock).
            for site_id in sorted(set(pages) | set(listings)):
                bump(
                    session,
                    self.run_id,
                    site_id,
                    pages_fetched=pages[site_id],
                    listing_pages=listings[site_id],
                )
