"""``partyline report``: the last crawl run, and the sites that need a person."""

from __future__ import annotations

import argparse
import json

from archive.home import Home
from archive.report import run_report
from partyline import stages
from partyline.commands import add_command
from partyline.reporting import format_report


def report(args: argparse.Namespace, home: Home) -> int:
    with stages.open_archive(home).session() as session:
        result = run_report(session, args.run)
    if result is None:
        print("No crawl run recorded yet: run `partyline crawl` first.")
        return 0
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_report(result))
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
