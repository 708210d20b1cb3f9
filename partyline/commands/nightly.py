"""``partyline nightly``."""

from __future__ import annotations

import argparse
from pathlib import Path

from archive.home import Home
from crawler.registry import DEFAULT_REGISTRY
from partyline import stages
from partyline.commands import add_command


def nightly(args: argparse.Namespace, home: Home) -> int:
    from partyline.nightly import run_nightly

    request = stages.CrawlRequest(
        registry=args.registry,
        site_ids=tuple(args.site or ()),
        local_sample=args.local_sample,
        workers=args.workers,
    )
    result = run_nightly(home, request)
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
    parser.add_argument("--registry", type=Path, default=DEFAULT_REGISTRY)
    parser.add_argument("--site", action="append", help="only this site id (repeatable)")
    parser.add_argument("--workers", type=int, default=1, help="crawl workers (Redis frontier)")
    parser.add_argument(
        "--local-sample", action="store_true", help="lift politeness (sample web only)"
    )
