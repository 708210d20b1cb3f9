"""``partyline reextract``: run extraction again over stored captures."""

from __future__ import annotations

import argparse

from archive.home import Home
from crawler.extraction.batches import reextract
from partyline import stages
from partyline.commands import add_command
from partyline.progress import Progress


def run(args: argparse.Namespace, home: Home) -> int:
    archive = stages.open_archive(home)
    progress = Progress("reextract")
    summary = reextract(archive, workers=args.workers, site_id=args.site, progress=progress.update)
    progress.close()
    where = f"site {args.site}" if args.site else "every site"
    print(
        f"re-extracted {summary.processed} capture(s) of {where}: {summary.changed} article(s) "
        f"changed, {summary.new} new, {summary.unchanged} unchanged; "
        f"errors: {summary.errors or 'none'}"
    )
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "reextract",
        run,
        "Extract every stored page again (after the rules improved); update what changed.",
    )
    parser.add_argument("--site", help="only this site id")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default 2)")
