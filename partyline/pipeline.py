"""The pipeline's stages, and their one sequence: crawl → extract → index → build → report.

Each stage is a function of the ``Context`` that calls one package: the crawler
(fetching, with extraction alongside), the search index, the site builder, the
archive's run report. ``run_pipeline`` runs them in order; ``partyline demo``,
``partyline nightly`` and the end-to-end tests all go through it. This is the
only module of the command line that knows the crawler, the archive and search
together.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from archive.report import RunReport, run_report
from archive.runs import record_discovered
from archive.selection import Selection
from archive.topics import Filters, TopicDefinition
from crawler import settings as crawler_settings
from crawler.crawl import CrawlOptions, CrawlSummary, user_agent
from crawler.crawl import crawl as run_crawl
from crawler.crawl import join_crawl as run_join
from crawler.declared_start_urls import StartUrlsFound, with_declared_start_urls
from crawler.extraction.batches import ExtractionSummary
from crawler.extraction.batches import extract_pending as run_extract_pending
from crawler.polite_fetch import PoliteFetcher
from crawler.registry import DEFAULT_REGISTRY, SiteConfig, load_registry, select_sites
from partyline.context import Context
from partyline.progress import CrawlProgress, Progress
from search.index.update import IndexSummary, update_index
from search.publish.website import BuildSummary, build_site
from search.query import selections

T = TypeVar("T")


@dataclass(frozen=True)
class CrawlRequest:
    registry: Path = DEFAULT_REGISTRY
    site_ids: tuple[str, ...] = ()
    mode: str = "incremental"
    local_sample: bool = False
    settings: Mapping[str, Any] | None = None
    refresh: bool = False
    workers: int = 1
    log_file: Path | None = None
    extract_workers: int = 2
    # Read each site's robots.txt and home page first for the feeds and sitemaps it
    # declares (crawler/declared_start_urls.py).
    discover: bool = True


def crawl_options(ctx: Context, request: CrawlRequest) -> CrawlOptions:
    """Scrapy settings and run options: the request's, over the environment's."""
    ctx.home.ensure()  # the log folder
    overrides: dict[str, Any] = {}
    if ctx.settings.contact_url:
        overrides["PARTYLINE_CONTACT_URL"] = ctx.settings.contact_url
    if request.local_sample:
        overrides.update(crawler_settings.LOCAL_SAMPLE_OVERRIDES)
    overrides.update(request.settings or {})
    return CrawlOptions(
        mode=request.mode,
        refresh=request.refresh,
        overrides=overrides,
        log_file=request.log_file or ctx.home.logs_dir / "crawl-latest.log",
        workers=request.workers,
        extract_workers=request.extract_workers,
        redis_url=ctx.settings.redis_url if request.workers > 1 else None,
        redis_prefix=ctx.settings.redis_prefix,
    )


def declared_start_urls(
    ctx: Context, sites: list[SiteConfig], request: CrawlRequest
) -> tuple[list[SiteConfig], dict[str, StartUrlsFound]]:
    """The sites with the feeds and sitemaps they declare added (robots.txt, home page)."""
    if not request.discover:
        return sites, {}
    contact = ctx.settings.contact_url or crawler_settings.PARTYLINE_CONTACT_URL
    delay = 0.0 if request.local_sample else DISCOVERY_DELAY
    proxy = (request.settings or {}).get("PARTYLINE_PROXY")

    def fetcher() -> PoliteFetcher:
        return PoliteFetcher(
            user_agent(contact), timeout=DISCOVERY_TIMEOUT, delay=delay, proxy=proxy
        )

    return with_declared_start_urls(sites, fetcher)


DISCOVERY_DELAY = 1.0
DISCOVERY_TIMEOUT = 10.0


def crawl(ctx: Context, request: CrawlRequest) -> CrawlSummary:
    """Crawl the registry's sites (or the chosen ones) and extract what was fetched."""
    sites = select_sites(load_registry(request.registry), list(request.site_ids))
    options = crawl_options(ctx, request)
    archive = ctx.archive  # opened before saying anything: a damaged archive stops here
    sites, found = declared_start_urls(ctx, sites, request)
    progress = CrawlProgress()
    print(
        f"crawl: {len(sites)} site(s), {options.workers} worker(s); Scrapy log: {options.log_file}",
        file=sys.stderr,
        flush=True,
    )
    try:
        summary = run_crawl(
            archive,
            sites,
            options=options,
            on_snapshot=lambda snapshot, done: progress.update(snapshot, done.new, done.changed),
        )
    finally:
        progress.close()
    with ctx.archive.session() as session:
        for site_id, declared in found.items():
            record_discovered(session, summary.run_id, site_id, declared.as_record())
    return summary


def join_crawl(ctx: Context, request: CrawlRequest) -> tuple[int, list[int]]:
    """Add this machine's workers to the crawl another machine runs on the same frontier."""
    options = crawl_options(ctx, request)
    if not options.redis_url:
        options = replace(options, redis_url=ctx.settings.redis_url)
    sites = select_sites(load_registry(request.registry), list(request.site_ids))
    return run_join(ctx.archive, sites, options)


def extract_pending(ctx: Context, workers: int | None = None) -> ExtractionSummary:
    """Extract the captures no extraction has seen yet (a killed crawl leaves some)."""
    progress = Progress("extract")
    try:
        return run_extract_pending(ctx.archive, workers=workers, progress=progress.update)
    finally:
        progress.close()


def index(ctx: Context, *, rebuild: bool = False, wait: float = 0.0) -> IndexSummary:
    """Bring the search index up to date with the database (or rebuild it)."""
    progress = Progress("index")
    try:
        return update_index(
            ctx.archive, ctx.index_dir, rebuild=rebuild, progress=progress.update, wait=wait
        )
    finally:
        progress.close()


def build(ctx: Context, *, full: bool = False) -> BuildSummary:
    """Render what changed since the last build (everything with ``full``)."""
    progress = Progress("build")
    try:
        return build_site(
            ctx.archive, ctx.site_dir, index_dir=ctx.index_dir, full=full, progress=progress.update
        )
    finally:
        progress.close()


def report(ctx: Context, run_id: int | None = None) -> RunReport | None:
    """What run ``run_id`` (default: the last) did per site, and what needs a person."""
    with ctx.archive.session() as session:
        return run_report(session, run_id)


def refresh_index(ctx: Context) -> None:
    """Index what changed since the last run first, so a topic or a query reflects the
    archive as it is now (nothing changed: fast). A read-only archive is searched as
    its index was built."""
    if ctx.archive.read_only:
        print("index: the archive is read-only; using the index as it was built", file=sys.stderr)
        return
    summary = index(ctx)
    if summary.added:
        print(f"index: indexed {summary.added} new or changed article(s) first", file=sys.stderr)


def topic_selection(ctx: Context, definition: TopicDefinition) -> Selection:
    refresh_index(ctx)
    return selections.topic_selection(ctx.archive, ctx.index_dir, definition)


def export_articles(
    ctx: Context,
    *,
    query: str | None = None,
    filters: Filters | None = None,
    slug: str | None = None,
    snapshot: str | None = None,
) -> selections.Chosen:
    """An export's articles: an ad-hoc query with filters, or a topic (or its snapshot)."""
    refresh_index(ctx)
    if query is not None:
        return selections.query_articles(ctx.archive, ctx.index_dir, query, filters or Filters())
    assert slug is not None
    return selections.topic_articles(ctx.archive, ctx.index_dir, slug, snapshot)


@dataclass(frozen=True)
class PipelineResult:
    crawl: CrawlSummary
    extraction: ExtractionSummary
    index: IndexSummary
    build: BuildSummary
    report: RunReport


def _run(name: str, action: Callable[[], T]) -> T:
    return action()


def run_pipeline(
    ctx: Context,
    request: CrawlRequest,
    *,
    stage: Callable[[str, Callable[[], Any]], Any] = _run,
) -> PipelineResult:
    """Every stage, in order. ``stage(name, action)`` runs each one: the nightly run
    logs around it; an exception ends the sequence."""
    crawled: CrawlSummary = stage("crawl", lambda: crawl(ctx, request))
    extracted: ExtractionSummary = stage("extract", lambda: extract_pending(ctx))
    indexed: IndexSummary = stage("index", lambda: index(ctx))
    built: BuildSummary = stage("build", lambda: build(ctx))
    reported: RunReport | None = stage("report", lambda: report(ctx, crawled.run_id))
    if reported is None:  # the crawl recorded its run: there is always a report
        raise RuntimeError(f"run {crawled.run_id} has no report")
    return PipelineResult(crawled, extracted, indexed, built, reported)
