"""``partyline reextract``: run extraction again over stored captures."""

from __future__ import annotations

import argparse

from crawler.extraction.batches import reextract
from partyline import terminal
from partyline.commands import add_command
from partyline.context import Context
from partyline.progress import Progress


def run(args: argparse.Namespace, ctx: Context) -> int:
    progress = Progress("reextract")
    try:
        summary = reextract(
            ctx.archive, workers=args.workers, site_id=args.site, progress=progress.update
        )
    finally:
        progress.close()
    print(terminal.reextract_summary(summary, args.site))
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
