"""Running one crawl: record the run, fetch with Scrapy, extract alongside, close the run.

Scrapy's reactor runs in this process's main thread (or, with ``workers > 1``, in
worker processes sharing a Redis frontier); extraction of the captures they
store runs meanwhile in a background thread feeding worker processes, so the
archive fills while the crawl goes on and a killed crawl leaves only pending
captures behind (the next run extracts them).
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from archive.captures import pending_captures
from archive.db import Archive
from archive.runs import finish_run, open_site_stats, run_snapshot, start_run
from archive.sites import sync_sites
from crawler import frontier
from crawler import settings as default_settings
from crawler.extraction.batches import (
    ExtractionSummary,
    extract_ids,
    warm_up,
    yield_to_the_crawl,
)
from crawler.registry import SiteConfig
from crawler.spiders.archive import ArchiveSpider

log = logging.getLogger(__name__)

# How often the background extractor looks for new captures while the crawl runs,
# how many captures one extraction task takes, and how many tasks each process
# may have queued (enough to keep it busy, few enough to stay current).
EXTRACT_POLL_SECONDS = 1.0
EXTRACT_CHUNK = 16
EXTRACT_CHUNKS_IN_FLIGHT = 3

Snapshot = dict[str, dict[str, int]]


@dataclass
class CrawlSummary:
    run_id: int
    status: str
    extraction: ExtractionSummary = field(default_factory=ExtractionSummary)


@dataclass(frozen=True)
class CrawlOptions:
    """How to crawl: mode, refresh, Scrapy overrides, logs, and scale-out."""

    mode: str = "incremental"
    refresh: bool = False
    overrides: Mapping[str, Any] | None = None
    log_file: Path | None = None
    # Spawned extraction processes fed by the background thread (at least one).
    extract_workers: int = 2
    # Crawl worker processes on this machine; more than one needs Redis.
    workers: int = 1
    redis_url: str | None = None
    redis_prefix: str = frontier.DEFAULT_PREFIX

    @property
    def shared_frontier(self) -> bool:
        return self.workers > 1 or bool(self.redis_url)


def user_agent(contact_url: str) -> str:
    return f"Partyline/0.1 (research web archive; +{contact_url})"


def scrapy_settings(
    db_url: str,
    run_id: int,
    *,
    mode: str,
    overrides: Mapping[str, Any] | None = None,
    log_file: Path | None = None,
) -> Settings:
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    settings.set("PARTYLINE_DB_URL", db_url, priority="cmdline")
    settings.set("PARTYLINE_RUN_ID", run_id, priority="cmdline")
    settings.set("PARTYLINE_MODE", mode, priority="cmdline")
    contact = (overrides or {}).get("PARTYLINE_CONTACT_URL")
    if contact:
        settings.set("USER_AGENT", user_agent(contact), "cmdline")
    if log_file is not None:
        # Scrapy's root handler writes the whole crawl log (ours too) to this file.
        settings.set("LOG_FILE", str(log_file), priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


class _BackgroundExtractor(threading.Thread):
    """Hands new captures to extraction processes until the crawl is over, then drains.

    The processes load, extract and store captures themselves (``extract_ids``):
    this thread only finds pending captures and collects the summaries, so the
    crawling process keeps its core for the reactor. Between rounds it reads the
    run's counters for the progress display.
    """

    def __init__(
        self,
        archive: Archive,
        workers: int,
        run_id: int,
        on_snapshot: Callable[[Snapshot, ExtractionSummary], None] | None = None,
    ) -> None:
        super().__init__(name="partyline-extract", daemon=True)
        self.archive = archive
        self.workers = max(1, workers)
        self.run_id = run_id
        self.on_snapshot = on_snapshot
        self.done = threading.Event()
        self.summary = ExtractionSummary()
        self.failure: BaseException | None = None

    def run(self) -> None:
        context = multiprocessing.get_context("spawn")
        try:
            with ProcessPoolExecutor(
                self.workers, mp_context=context, initializer=yield_to_the_crawl
            ) as pool:
                # Processes start on demand: one task each starts them all now.
                for _ in range(self.workers):
                    pool.submit(warm_up, self.archive.url)
                self._feed(pool)
        except BaseException as exc:  # reported by the caller after the crawl
            self.failure = exc

    def _feed(self, pool: Executor) -> None:
        known: set[int] = set()  # every pending capture read so far
        waiting: dict[str, list[int]] = {}  # those not yet handed out, by site
        running: set[Future[ExtractionSummary]] = set()
        newest, last_report, last_read, rescanned = 0, 0.0, 0.0, False
        while True:
            finished = self.done.is_set()
            room = EXTRACT_CHUNKS_IN_FLIGHT * self.workers - len(running)
            if finished and not rescanned:
                # Once fetching is over, every pending capture once more: one another
                # crawl worker committed late (with a smaller id) is not left behind.
                newest, rescanned = self._read_pending(known, waiting, 0), True
            elif (
                not finished
                and _short(waiting, room)
                and time.monotonic() - last_read >= (EXTRACT_POLL_SECONDS / 4)
            ):
                # While fetching, only captures newer than any read, and only when
                # the processes would otherwise run short of work.
                newest, last_read = self._read_pending(known, waiting, newest), time.monotonic()
            for chunk in _chunks(waiting, room):
                running.add(pool.submit(extract_ids, self.archive.url, chunk))
            if finished and not waiting and not running:
                break
            if running:
                done, running = wait(
                    running, timeout=EXTRACT_POLL_SECONDS, return_when=FIRST_COMPLETED
                )
                for future in done:
                    self.summary.add(future.result())
            else:
                self.done.wait(EXTRACT_POLL_SECONDS)
            if time.monotonic() - last_report >= EXTRACT_POLL_SECONDS:
                last_report = time.monotonic()
                self.report()
        self.report()

    def _read_pending(self, known: set[int], waiting: dict[str, list[int]], after: int) -> int:
        """Add the pending captures above ``after`` not read before to ``waiting``;
        the highest id read."""
        newest = after
        with self.archive.session() as session:
            for capture_id, site_id in pending_captures(session, after):
                newest = max(newest, capture_id)
                if capture_id not in known:
                    known.add(capture_id)
                    waiting.setdefault(site_id, []).append(capture_id)
        return newest

    def report(self) -> None:
        if self.on_snapshot is None:
            return
        with self.archive.session() as session:
            snapshot = run_snapshot(session, self.run_id)
        self.on_snapshot(snapshot, self.summary)


def _short(waiting: dict[str, list[int]], room: int) -> bool:
    """Whether the waiting captures fill fewer than ``room`` chunks and one more."""
    return sum(len(ids) for ids in waiting.values()) < (room + 1) * EXTRACT_CHUNK


def _chunks(waiting: dict[str, list[int]], room: int) -> list[list[int]]:
    """Up to ``room`` chunks of waiting captures, each of one site, taken out of ``waiting``.

    One site per chunk: a worker's transaction then updates one counter row,
    so two workers never wait on each other's rows (PostgreSQL deadlocks).
    """
    chunks = []
    for site_id in list(waiting):
        ids = waiting[site_id]
        while ids and len(chunks) < room:
            chunks.append(ids[:EXTRACT_CHUNK])
            del ids[:EXTRACT_CHUNK]
        if not ids:
            del waiting[site_id]
    return chunks


def _worker_settings(
    archive_url: str, run_id: int, options: CrawlOptions, *, seed: bool, name: str, log: Path | None
) -> dict[str, Any]:
    """Everything a worker process needs, as plain (picklable) data."""
    overrides = dict(options.overrides or {})
    overrides.update(
        frontier.frontier_settings(options.redis_url or "", options.redis_prefix, run_id)
    )
    overrides.update(PARTYLINE_SEED=seed, PARTYLINE_WORKER_NAME=name)
    return {
        "db_url": archive_url,
        "run_id": run_id,
        "mode": options.mode,
        "refresh": options.refresh,
        "overrides": overrides,
        "log_file": log,
    }


def run_worker(config: dict[str, Any], sites: list[SiteConfig]) -> None:
    """One crawl worker process: a reactor of its own, fed by the shared frontier."""
    overrides = dict(config["overrides"])
    settings = scrapy_settings(
        config["db_url"],
        config["run_id"],
        mode=config["mode"],
        overrides=overrides,
        log_file=config["log_file"],
    )
    process = CrawlerProcess(settings)
    process.crawl(
        ArchiveSpider,
        sites=sites,
        mode=config["mode"],
        refresh=config["refresh"],
        seed=overrides["PARTYLINE_SEED"],
    )
    process.start()


def _run_workers(
    archive: Archive,
    run_id: int,
    sites: list[SiteConfig],
    options: CrawlOptions,
    *,
    seed: bool,
) -> list[int]:
    """Start ``options.workers`` worker processes on the shared frontier; their exit codes."""
    if not options.redis_url:
        raise frontier.FrontierError(
            "several crawl workers share their frontier through Redis: set PARTYLINE_REDIS_URL "
            "(e.g. redis://127.0.0.1:6379/0)"
        )
    names = [frontier.worker_name(index) for index in range(options.workers)]
    if seed:
        frontier.open_frontier(options.redis_url, options.redis_prefix, run_id, names)
    context = multiprocessing.get_context("spawn")
    processes = []
    for index, name in enumerate(names):
        log_file = None
        if options.log_file is not None:
            log_file = options.log_file.with_name(f"{options.log_file.stem}-w{index}.log")
        config = _worker_settings(
            archive.url, run_id, options, seed=seed and index == 0, name=name, log=log_file
        )
        process = context.Process(target=run_worker, args=(config, sites), name=name)
        process.start()
        processes.append(process)
    try:
        for process in processes:
            process.join()
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
                process.join(10)
    return [process.exitcode or 0 for process in processes]


@contextmanager
def _signal_handlers_kept() -> Iterator[None]:
    """Scrapy installs its own SIGINT and SIGTERM handlers and leaves them behind when
    the crawl ends: a process going on afterwards (the demo serving its site) would
    then ignore Ctrl-C. The handlers in place before the crawl come back after it."""
    kept = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in kept.items():
            signal.signal(number, handler)


def crawl(
    archive: Archive,
    sites: list[SiteConfig],
    *,
    mode: str = "incremental",
    overrides: Mapping[str, Any] | None = None,
    log_file: Path | None = None,
    extract_workers: int = 1,
    on_progress: Callable[[str], None] | None = None,
    options: CrawlOptions | None = None,
    on_snapshot: Callable[[Snapshot, ExtractionSummary], None] | None = None,
) -> CrawlSummary:
    """Crawl ``sites`` once, storing captures and extracting them into articles."""
    options = options or CrawlOptions(
        mode=mode, overrides=overrides, log_file=log_file, extract_workers=extract_workers
    )
    with archive.session() as session:
        sync_sites(session, [site.as_record() for site in sites])
        run = start_run(
            session,
            mode=options.mode,
            settings={
                "sites": [s.id for s in sites],
                "refresh": options.refresh,
                "workers": options.workers,
                "log_file": str(options.log_file) if options.log_file else None,
            },
        )
        run_id = run.id
        open_site_stats(session, run_id, [site.id for site in sites])
    extractor = _BackgroundExtractor(archive, options.extract_workers, run_id, on_snapshot)
    extractor.start()
    status, reason = "finished", None
    try:
        if options.shared_frontier:
            codes = _run_workers(archive, run_id, sites, options, seed=True)
            if any(codes):
                status, reason = "failed", f"crawl worker exit codes {codes}"
        else:
            settings = scrapy_settings(
                archive.url,
                run_id,
                mode=options.mode,
                overrides={**(options.overrides or {}), "PARTYLINE_REFRESH": options.refresh},
                log_file=options.log_file,
            )
            process = CrawlerProcess(settings)
            process.crawl(ArchiveSpider, sites=sites, mode=options.mode, refresh=options.refresh)
            # What start-up built (modules, registry, known URLs) lives as long as the
            # crawl: out of the collector's sight, its full passes stay short.
            gc.freeze()
            try:
                with _signal_handlers_kept():
                    process.start()
            finally:
                gc.unfreeze()
    except BaseException as exc:
        status, reason = "failed", f"{type(exc).__name__}: {exc}"
        raise
    finally:
        if on_progress:
            on_progress("fetching done; extracting the remaining captures")
        extractor.done.set()
        extractor.join()
        with archive.session() as session:
            finish_run(session, run_id, status=status, reason=reason[:100] if reason else None)
            if on_snapshot is not None:  # the final counts, every write done
                on_snapshot(run_snapshot(session, run_id), extractor.summary)
        if options.shared_frontier and options.redis_url:
            frontier.clear_frontier(options.redis_url, options.redis_prefix, run_id)
    if extractor.failure is not None:
        raise extractor.failure
    return CrawlSummary(run_id=run_id, status=status, extraction=extractor.summary)


def join_crawl(
    archive: Archive, sites: list[SiteConfig], options: CrawlOptions
) -> tuple[int, list[int]]:
    """Add this machine's workers to the run another machine started (fetching only)."""
    run_id = frontier.current_run(options.redis_url or "", options.redis_prefix)
    if run_id is None:
        raise frontier.FrontierError(
            "no crawl is running on this frontier: start one with `partyline crawl --workers N`"
        )
    return run_id, _run_workers(archive, run_id, sites, options, seed=False)
