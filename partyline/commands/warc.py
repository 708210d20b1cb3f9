"""``partyline warc export``: captures out as standard WARC/1.1 files, one per crawl run."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archive.warc import export_run, run_ids_with_captures
from partyline import terminal
from partyline.context import Context
from partyline.progress import Progress


def export(args: argparse.Namespace, ctx: Context) -> int:
    out = args.out or ctx.home.root / "warc"
    with ctx.archive.session() as session:
        available = run_ids_with_captures(session)
        runs = args.run or (available if args.all else available[-1:])
        missing = [run for run in runs if run not in available]
        if missing:
            print(
                f"partyline warc export: error: no captures in run(s) {terminal.numbers(missing)}; "
                f"runs with captures: {terminal.numbers(available)}",
                file=sys.stderr,
            )
            return 2
        progress = Progress("warc")
        for done, run_id in enumerate(runs, 1):
            path, count = export_run(session, run_id, out)
            progress.message(f"Run {run_id}: {count} captures written to {path}")
            progress.update(done, len(runs))
        progress.close()
    if not runs:
        print("No captures yet: run `partyline crawl` first.")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    warc = subparsers.add_parser("warc", help="Write captures as WARC files.")
    actions = warc.add_subparsers(dest="warc_command", required=True, metavar="ACTION")
    description = "Write each crawl run's captures to a WARC/1.1 file (pywb replays them)."
    parser = actions.add_parser("export", help=description, description=description)
    parser.set_defaults(handler=export)
    parser.add_argument("--run", type=int, action="append", help="this run (repeatable)")
    parser.add_argument("--all", action="store_true", help="every run (default: the last)")
    parser.add_argument("--out", type=Path, help="folder (default: $PARTYLINE_HOME/warc)")
