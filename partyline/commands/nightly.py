"""``partyline nightly``."""

from __future__ import annotations

import argparse

from partyline import pipeline
from partyline.commands import add_command
from partyline.commands.crawl import add_site_arguments
from partyline.context import Context


def nightly(args: argparse.Namespace, ctx: Context) -> int:
    from partyline.nightly import run_nightly

    request = pipeline.CrawlRequest(
        registry=args.registry,
        site_ids=tuple(args.site or ()),
        local_sample=args.local_sample,
        discover=args.discover,
        settings=dict(args.set or ()),
        workers=args.workers,
    )
    result = run_nightly(ctx, request)
    if result.log_dir is not None:
        print(f"nightly: log in {result.log_dir}; exit {result.exit_code}")
    return result.exit_code


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "nightly",
        nightly,
        "Crawl, extract, index, build and report under a lock; exit 1 when a person is needed.",
    )
    add_site_arguments(parser)
    parser.add_argument("--workers", type=int, default=1, help="crawl workers (Redis frontier)")
