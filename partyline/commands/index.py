"""``partyline index``."""

from __future__ import annotations

import argparse

from archive.home import Home
from partyline import stages
from partyline.commands import add_command


def run(args: argparse.Namespace, home: Home) -> int:
    summary = stages.run_index(home, rebuild=args.rebuild, wait=args.wait)
    if summary.rebuilt:
        done = f"index rebuilt ({summary.reason}): {summary.added} article(s) written"
    else:
        done = (
            f"index updated: {summary.added} new, {summary.updated} changed, "
            f"{summary.removed} removed"
        )
    print(f"{done}; {summary.documents} article(s) in the index, {summary.size_bytes / 1e6:.1f} MB")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers, "index", run, "Bring the search index up to date with the database."
    )
    parser.add_argument("--rebuild", action="store_true", help="rebuild it from the database")
    parser.add_argument(
        "--wait",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="if another indexing run is going on, wait this long for it (default: exit)",
    )
