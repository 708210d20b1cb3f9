"""``partyline index``."""

from __future__ import annotations

import argparse

from partyline import pipeline, terminal
from partyline.commands import add_command
from partyline.context import Context


def run(args: argparse.Namespace, ctx: Context) -> int:
    print(terminal.index_summary(pipeline.index(ctx, rebuild=args.rebuild, wait=args.wait)))
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
