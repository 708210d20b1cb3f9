"""``partyline report``: the last crawl run, and the sites that need a person."""

from __future__ import annotations

import argparse

from partyline import pipeline, terminal
from partyline.commands import add_command
from partyline.context import Context


def report(args: argparse.Namespace, ctx: Context) -> int:
    result = pipeline.report(ctx, args.run)
    if result is None:
        print("No crawl run recorded yet: run `partyline crawl` first.")
        return 0
    print(terminal.to_json(result.as_dict()) if args.json else terminal.format_report(result))
    return 1 if result.needs_person else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "report",
        report,
        "Show the last crawl run per site and flag sites that need a person (exit 1 if any).",
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--run", type=int, default=None, help="a run id (default: the last)")
