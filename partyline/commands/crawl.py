"""``partyline crawl`` and ``partyline extract-pending``."""

from __future__ import annotations

import argparse
from pathlib import Path

from archive.home import Home
from crawler.registry import DEFAULT_REGISTRY
from partyline import stages
from partyline.commands import add_command


def _setting(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key, value


def crawl(args: argparse.Namespace, home: Home) -> int:
    request = stages.CrawlRequest(
        registry=args.registry,
        site_ids=tuple(args.site or ()),
        mode="backfill" if args.backfill else "incremental",
        local_sample=args.local_sample,
        settings=dict(args.set or ()),
        refresh=args.refresh,
        workers=args.workers,
        extract_workers=args.extract_workers,
    )
    if args.join:
        run_id, codes = stages.join_crawl(home, request)
        print(f"joined run {run_id} with {len(codes)} worker(s); exit codes {codes}")
        return 1 if any(codes) else 0
    summary = stages.run_crawl(home, request)
    extraction = summary.extraction
    print(
        f"run {summary.run_id} {summary.status}: {extraction.new} new, "
        f"{extraction.changed} changed articles; extraction errors: {extraction.errors or 'none'}"
    )
    return 0


def extract_pending(args: argparse.Namespace, home: Home) -> int:
    summary = stages.run_extract_pending(home, workers=args.workers)
    print(f"{summary.new} new, {summary.changed} changed, errors: {summary.errors or 'none'}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers, "crawl", crawl, "Fetch new articles of the registered sites and extract them."
    )
    parser.add_argument(
        "--registry", type=Path, default=DEFAULT_REGISTRY, help="sites registry YAML"
    )
    parser.add_argument("--site", action="append", help="crawl only this site id (repeatable)")
    parser.add_argument(
        "--backfill", action="store_true", help="walk every listing page to the end"
    )
    parser.add_argument(
        "--refresh",
        action="store_true",
        help="re-request archived articles met on the way, conditionally (ETag/Last-Modified); "
        "a changed article is captured again and its earlier text kept",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="crawl worker processes sharing one frontier in Redis ($PARTYLINE_REDIS_URL)",
    )
    parser.add_argument(
        "--extract-workers",
        type=int,
        default=2,
        help="extraction processes running beside the crawl (default 2)",
    )
    parser.add_argument(
        "--join",
        action="store_true",
        help="add this machine's workers to the crawl running on the shared frontier",
    )
    parser.add_argument(
        "--local-sample",
        action="store_true",
        help="lift politeness limits (only for the bundled sample web on 127.0.0.1)",
    )
    parser.add_argument(
        "-s", "--set", type=_setting, action="append", metavar="KEY=VALUE", help="a Scrapy setting"
    )
    pending = add_command(
        subparsers, "extract-pending", extract_pending, "Extract stored captures not yet extracted."
    )
    pending.add_argument("--workers", type=int, default=None, help="worker processes (default 2)")
