"""``partyline ingest FILE.warc[.gz] ...``: import other crawlers' WARC files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crawler.ingest import ingest_warcs
from crawler.registry import load_registry
from partyline import terminal
from partyline.commands import add_command, add_registry_argument
from partyline.context import Context
from partyline.progress import Progress

EXIT_SOME_FILES_FAILED = 1


def run(args: argparse.Namespace, ctx: Context) -> int:
    progress = Progress("ingest")
    try:
        summary = ingest_warcs(
            ctx.archive,
            args.files,
            load_registry(args.registry),
            workers=args.workers,
            progress=progress.update,
        )
    finally:
        progress.close()
    print(terminal.ingest_summary(summary))
    for path, problem in summary.failed_files.items():
        print(f"partyline ingest: {path}: not read ({problem})", file=sys.stderr)
    for path, problem in summary.damaged_files.items():
        print(f"partyline ingest: {path}: damaged: {problem}", file=sys.stderr)
    return EXIT_SOME_FILES_FAILED if summary.failed_files or summary.damaged_files else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "ingest",
        run,
        "Import the HTML pages of WARC files written by other crawlers, then extract them.",
    )
    parser.add_argument(
        "files",
        nargs="+",
        type=Path,
        metavar="FILE.warc[.gz]",
        help="WARC or ARC files, gzipped or not",
    )
    add_registry_argument(parser)
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default 2)")
