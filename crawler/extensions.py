"""Counting pages per site for the run record.

A page counts as fetched when it answered below 400 (304 included): failed
answers are the run's errors, so a site whose pages all fail shows 0 pages.
"""

from __future__ import annotations

import time
from collections import Counter

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response

from archive.runs import bump
from crawler.archive_access import archive_for

# Pages are counted in memory and written every this many seconds (and at the
# end), so progress displays reading the run stay current at little cost.
FLUSH_SECONDS = 2.0


class RunStatsExtension:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run_id = crawler.settings.getint("PARTYLINE_RUN_ID") or None
        self.pages: Counter[str] = Counter()
        self.listings: Counter[str] = Counter()
        self.unflushed = 0
        self.flushed_at = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunStatsExtension:
        extension = cls(crawler)
        crawler.signals.connect(extension.response_received, signal=signals.response_received)
        crawler.signals.connect(extension.flush, signal=signals.spider_closed)
        return extension

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        site_id = request.meta.get("site_id")
        if site_id is None or self.run_id is None or response.status >= 400:
            return
        self.pages[site_id] += 1
        if request.meta.get("kind") in ("listing", "feed", "sitemap"):
            self.listings[site_id] += 1
        self.unflushed += 1
        if time.monotonic() - self.flushed_at >= FLUSH_SECONDS:
            self.flush()

    def flush(self, *_args: object) -> None:
        self.flushed_at = time.monotonic()
        if self.run_id is None or (not self.unflushed and not self.pages):
            return
        with archive_for(self.crawler.settings).session() as session:
            # Sorted: concurrent writers lock the run's rows in one order (no deadlock).
            for site_id in sorted(set(self.pages) | set(self.listings)):
                bump(
                    session,
                    self.run_id,
                    site_id,
                    pages_fetched=self.pages[site_id],
                    listing_pages=self.listings[site_id],
                )
        self.pages.clear()
        self.listings.clear()
        self.unflushed = 0
