"""The pipeline's stages as library functions: what the CLI, the demo and tests call."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from archive.db import Archive
from archive.home import Home
from archive.models import Article
from crawler import settings as crawler_settings
from crawler.crawl import CrawlOptions, CrawlSummary, crawl
from crawler.crawl import join_crawl as run_join
from crawler.extraction.batches import ExtractionSummary, extract_pending
from crawler.frontier import DEFAULT_PREFIX
from crawler.registry import DEFAULT_REGISTRY, load_registry, select_sites
from partyline.progress import CrawlProgress, Progress
from search.index.update import IndexSummary, update_index
from search.publish.website import BuildSummary, build_site
from search.query.engine import search


def open_archive(home: Home) -> Archive:
    home.ensure()
    return Archive(home.database_url)


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


def _crawl_options(home: Home, request: CrawlRequest) -> CrawlOptions:
    overrides: dict[str, Any] = {}
    contact = os.environ.get("PARTYLINE_CONTACT_URL")
    if contact:
        overrides["PARTYLINE_CONTACT_URL"] = contact
    if request.local_sample:
        overrides.update(crawler_settings.LOCAL_SAMPLE_OVERRIDES)
    overrides.update(request.settings or {})
    return CrawlOptions(
        mode=request.mode,
        refresh=request.refresh,
        overrides=overrides,
        log_file=request.log_file or home.logs_dir / "crawl-latest.log",
        workers=request.workers,
        extract_workers=request.extract_workers,
        redis_url=os.environ.get("PARTYLINE_REDIS_URL") if request.workers > 1 else None,
        redis_prefix=os.environ.get("PARTYLINE_REDIS_PREFIX", DEFAULT_PREFIX),
    )


def run_crawl(home: Home, request: CrawlRequest) -> CrawlSummary:
    """Crawl the registry's sites (or the chosen ones) and extract what was fetched."""
    sites = select_sites(load_registry(request.registry), list(request.site_ids))
    options = _crawl_options(home, request)
    archive = open_archive(home)
    progress = CrawlProgress()
    print(
        f"crawl: {len(sites)} site(s), {options.workers} worker(s); Scrapy log: {options.log_file}",
        file=sys.stderr,
        flush=True,
    )
    try:
        summary = crawl(
            archive,
            sites,
            options=options,
            on_snapshot=lambda snapshot, done: progress.update(snapshot, done.new, done.changed),
        )
    finally:
        progress.close()
    return summary


def join_crawl(home: Home, request: CrawlRequest) -> tuple[int, list[int]]:
    """Add this machine's workers to the crawl another machine runs on the same frontier."""
    options = _crawl_options(home, request)
    if not options.redis_url:
        options = replace(options, redis_url=os.environ.get("PARTYLINE_REDIS_URL"))
    sites = select_sites(load_registry(request.registry), list(request.site_ids))
    return run_join(open_archive(home), sites, options)


def count_articles(home: Home) -> int:
    with open_archive(home).session() as session:
        return session.scalar(select(func.count()).select_from(Article)) or 0


def run_extract_pending(home: Home, workers: int | None = None) -> ExtractionSummary:
    progress = Progress("extract")
    summary = extract_pending(open_archive(home), workers=workers, progress=progress.update)
    progress.close()
    return summary


def run_index(home: Home, *, rebuild: bool = False, wait: float = 0.0) -> IndexSummary:
    progress = Progress("index")
    try:
        return update_index(
            open_archive(home), home.index_dir, rebuild=rebuild, progress=progress.update, wait=wait
        )
    finally:
        progress.close()


def run_build(home: Home, *, full: bool = False) -> BuildSummary:
    """Render what changed since the last build (everything with ``full``)."""
    progress = Progress("build")
    try:
        return build_site(
            open_archive(home),
            home.site_dir,
            index_dir=home.index_dir,
            full=full,
            progress=progress.update,
        )
    finally:
        progress.close()


def run_search(
    home: Home, query: str, *, limit: int = 10, page: int = 1, sort: str | None = None
) -> dict[str, Any]:
    return search(open_archive(home), home.index_dir, query, limit=limit, page=page, sort=sort)


def to_json(result: dict[str, Any]) -> str:
    return json.dumps(result, ensure_ascii=False, indent=2)
