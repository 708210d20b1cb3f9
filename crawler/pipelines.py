"""Storing what the spider yields: captures, fetch errors, 304s and listing walks.

Items are written in small batches, one transaction each (at most ``BATCH_ITEMS``
items or ``BATCH_SECONDS`` old), by one writer thread: compressing bodies and
committing (Zstandard and sqlite3 release the GIL) happen beside the reactor, not in
it. Batches are written in order; when ``MAX_BATCHES_IN_FLIGHT`` wait, new items
wait too (backpressure through CONCURRENT_ITEMS). A crawl killed at any moment
loses no capture already written; the few still in memory were never written,
and the next run fetches them.
"""

from __future__ import annotations

import time
from collections import Counter

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from sqlalchemy.orm import Session
from twisted.internet import reactor, task
from twisted.internet.defer import Deferred
from twisted.internet.threads import deferToThreadPool
from twisted.python.threadpool import ThreadPool

from archive.captures import capture_row, store_captures
from archive.db import Archive
from archive.runs import bump, record_error
from archive.walks import record_walk
from crawler.archive_access import archive_for
from crawler.items import CaptureItem, FetchErrorItem, ListingWalkItem, NotModifiedItem

Item = CaptureItem | FetchErrorItem | NotModifiedItem | ListingWalkItem

BATCH_ITEMS = 32
BATCH_SECONDS = 0.5
MAX_BATCHES_IN_FLIGHT = 4


class ArchivePipeline:
    def __init__(self, archive: Archive, run_id: int | None) -> None:
        self.archive = archive
        self.run_id = run_id
        self.pending: list[Item] = []
        self.oldest = 0.0
        self.timer = task.LoopingCall(self.flush_if_old)
        self.writer = ThreadPool(minthreads=1, maxthreads=1, name="partyline-writer")
        self.in_flight: list[Deferred[None]] = []

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        pipeline = cls(
            archive_for(crawler.settings), crawler.settings.getint("PARTYLINE_RUN_ID") or None
        )
        crawler.signals.connect(pipeline.open, signal=signals.spider_opened)
        crawler.signals.connect(pipeline.close, signal=signals.spider_closed)
        return pipeline

    def open(self, spider: Spider | None = None) -> None:
        self.writer.start()
        self.timer.start(BATCH_SECONDS, now=False)

    def process_item(self, item: Item, spider: Spider | None = None) -> Item | Deferred[Item]:
        if not self.pending:
            self.oldest = time.monotonic()
        self.pending.append(item)
        if len(self.pending) >= BATCH_ITEMS:
            self.flush()
        if len(self.in_flight) > MAX_BATCHES_IN_FLIGHT:
            waiting = self.in_flight[0]
            done: Deferred[Item] = Deferred()
            waiting.addBoth(lambda result: (done.callback(item), result)[1])
            return done
        return item

    def flush_if_old(self) -> None:
        if self.pending and time.monotonic() - self.oldest >= BATCH_SECONDS:
            self.flush()

    def flush(self) -> None:
        """Hand every pending item to the writer thread, as one transaction."""
        if not self.pending:
            return
        items, self.pending = self.pending, []
        written = deferToThreadPool(reactor, self.writer, self.write, items)
        self.in_flight.append(written)
        written.addBoth(self._written, written)

    def _written(self, result: object, written: Deferred[None]) -> object:
        self.in_flight.remove(written)
        return result

    async def close(self, spider: Spider | None = None) -> None:
        """spider_closed: write what is left, wait for the writer, stop it."""
        if self.timer.running:
            self.timer.stop()
        self.flush()
        try:
            for written in list(self.in_flight):
                await maybe_deferred_to_future(written)
        finally:
            self.writer.stop()

    def write(self, items: list[Item]) -> None:
        """Writer thread: one transaction for a batch of items."""
        counts: Counter[tuple[str, str]] = Counter()
        walks = sorted(
            (item for item in items if isinstance(item, ListingWalkItem)),
            key=lambda walk: (walk.site_id, walk.url),
        )
        captures = [item for item in items if isinstance(item, CaptureItem)]
        with self.archive.session() as session:
            # Captures go in as one multi-row insert: the writer thread shares the
            # interpreter with the reactor, so its Python work is kept small.
            store_captures(session, [self._capture_row(item) for item in captures])
            for item in captures:
                counts[(item.site_id, "captures")] += 1
            # Rows shared between workers (listing walks, then run counters) are
            # written last and in one order, so concurrent writers never deadlock.
            for item in items:
                if not isinstance(item, ListingWalkItem | CaptureItem):
                    self._write(session, item, counts)
            for walk in walks:
                self._write(session, walk, counts)
            if self.run_id is not None:
                # Sorted: concurrent writers lock the run's rows in one order (no deadlock).
                for site_id in sorted({site for site, _ in counts}):
                    increments = {name: n for (site, name), n in counts.items() if site == site_id}
                    bump(session, self.run_id, site_id, **increments)

    def _capture_row(self, item: CaptureItem) -> dict[str, object]:
        return capture_row(
            site_id=item.site_id,
            url=item.url,
            final_url=item.final_url,
            canonical_url=item.canonical_url,
            http_status=item.http_status,
            headers=item.headers,
            body=item.body,
            run_id=self.run_id,
            fetched_at=item.fetched_at,
        )

    def _write(self, session: Session, item: Item, counts: Counter[tuple[str, str]]) -> None:
        if isinstance(item, FetchErrorItem):
            record_error(
                session,
                run_id=self.run_id,
                site_id=item.site_id,
                url=item.url,
                kind=item.kind,
                message=item.message,
                http_status=item.http_status,
            )
        elif isinstance(item, NotModifiedItem):
            counts[(item.site_id, "not_modified")] += 1
        elif isinstance(item, ListingWalkItem):
            record_walk(
                session,
                site_id=item.site_id,
                url=item.url,
                kind=item.kind,
                page=item.page,
                complete=item.complete,
            )
