"""Fetching the documents articles attach, once the crawl has nothing else to do.

Extraction records each article's document links as it stores the article
(``archive/attachments.py``). Whenever the spider goes idle, this extension asks
the archive for the linked documents of the crawl's sites never fetched, and
hands them to the spider (``ArchiveSpider.attachment_requests``): same politeness
as every page (robots.txt, the site's download slot), at most
``PARTYLINE_ATTACHMENT_MAXSIZE`` bytes each. While this run's captures still wait
for extraction (their links are not known yet), the spider is kept open, looking
again twice a second, at most ``PARTYLINE_ATTACHMENT_WAIT`` seconds; a document
found after that is fetched by the next run. ``PARTYLINE_ATTACHMENTS = False``
turns it off.
"""

from __future__ import annotations

import time

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from twisted.internet import reactor

from archive.attachments import documents_to_fetch
from archive.captures import has_pending_captures
from crawler.archive_access import archive_for

RECHECK_SECONDS = 0.5
# An idle spider may still have captures in the pipeline's buffer (written every
# half second): it closes only after idling this long with nothing to fetch.
SETTLE_SECONDS = 1.0


class AttachmentFetchExtension:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.run_id = settings.getint("PARTYLINE_RUN_ID") or None
        self.maxsize = settings.getint("PARTYLINE_ATTACHMENT_MAXSIZE")
        self.wait = settings.getfloat("PARTYLINE_ATTACHMENT_WAIT")
        self.requested: set[tuple[str, str]] = set()
        self.idle_since: float | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AttachmentFetchExtension:
        if not crawler.settings.getbool("PARTYLINE_ATTACHMENTS"):
            raise NotConfigured("attachments are not fetched")
        extension = cls(crawler)
        crawler.signals.connect(extension.idle, signal=signals.spider_idle)
        return extension

    def idle(self, spider: Spider) -> None:
        sites = getattr(spider, "sites", None)
        if not sites:
            return
        with archive_for(self.crawler.settings).session() as session:
            found = [doc for doc in documents_to_fetch(session, sites) if doc not in self.requested]
            extracting = self.run_id is not None and has_pending_captures(session, self.run_id)
        self.requested.update(found)
        requests = list(spider.attachment_requests(found, self.maxsize))
        for request in requests:
            self.crawler.engine.crawl(request)
        now = time.monotonic()
        if requests:
            self.idle_since = None
            raise DontCloseSpider
        self.idle_since = self.idle_since or now
        waited = now - self.idle_since
        if waited < SETTLE_SECONDS or (extracting and waited < self.wait):
            reactor.callLater(RECHECK_SECONDS, self._look_again)
            raise DontCloseSpider

    def _look_again(self) -> None:
        """Scrapy's engine looks at an idle spider only every 5 s on its own."""
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None:
            slot.nextcall.schedule()
