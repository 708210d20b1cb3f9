"""``partyline crawl`` and ``partyline extract-pending``."""

from __future__ import annotations

import argparse

from partyline import pipeline, terminal
from partyline.commands import add_command, add_registry_argument
from partyline.context import Context


def _setting(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key, value


def add_site_arguments(parser: argparse.ArgumentParser) -> None:
    """Which sites, and how: shared by ``crawl`` and ``nightly``."""
    add_registry_argument(parser)
    parser.add_argument("--site", action="append", help="only this site id (repeatable)")
    parser.add_argument(
        "--local-sample",
        action="store_true",
        help="lift politeness limits (only for the bundled sample web on 127.0.0.1)",
    )
    parser.add_argument(
        "-s", "--set", type=_setting, action="append", metavar="KEY=VALUE", help="a Scrapy setting"
    )
    parser.add_argument(
        "--no-discover",
        dest="discover",
        action="store_false",
        help="do not read each site's robots.txt and home page first for the feeds and "
        "sitemaps it declares",
    )


def crawl(args: argparse.Namespace, ctx: Context) -> int:
    request = pipeline.CrawlRequest(
        registry=args.registry,
        site_ids=tuple(args.site or ()),
        mode="backfill" if args.backfill else "incremental",
        local_sample=args.local_sample,
        discover=args.discover,
        settings=dict(args.set or ()),
        refresh=args.refresh,
        workers=args.workers,
        extract_workers=args.extract_workers,
    )
    if args.join:
        run_id, codes = pipeline.join_crawl(ctx, request)
        print(
            f"Joined run {run_id} with {len(codes)} worker(s); exit codes {terminal.numbers(codes)}"
        )
        return 1 if any(codes) else 0
    print(terminal.crawl_summary(pipeline.crawl(ctx, request)))
    return 0


def extract_pending(args: argparse.Namespace, ctx: Context) -> int:
    print(terminal.extraction_summary(pipeline.extract_pending(ctx, workers=args.workers)))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers, "crawl", crawl, "Fetch new articles of the registered sites and extract them."
    )
    add_site_arguments(parser)
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
    pending = add_command(
        subparsers, "extract-pending", extract_pending, "Extract stored captures not yet extracted."
    )
    pending.add_argument("--workers", type=int, default=None, help="worker processes (default 2)")
