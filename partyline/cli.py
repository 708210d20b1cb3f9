"""``partyline``: the one command line.

Thin by design: it builds the parser from ``partyline/commands/``, makes the one
``Context`` the command is handed, and turns the failures a user can fix into one
line on stderr (exit 2) instead of a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from archive.db import DatabaseError
from archive.exports import ExportError
from archive.topics import TopicError
from crawler.frontier import FrontierError
from crawler.profiles import ProfileError
from crawler.registry import RegistryError
from partyline import __version__
from partyline.commands import COMMAND_MODULES
from partyline.context import Context
from search.query.engine import IndexBusy, IndexMissing

# Failures a user can fix: printed as one line, never as a traceback.
EXPECTED_ERRORS = (
    RegistryError,
    ProfileError,
    DatabaseError,
    IndexMissing,
    OSError,
    TopicError,
    ExportError,
    FrontierError,
    IndexBusy,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="partyline",
        description="Archive, search and publish Vietnam's provincial Party websites.",
    )
    parser.add_argument("--version", action="version", version=f"partyline {__version__}")
    parser.add_argument(
        "--home", help="data directory (default: $PARTYLINE_HOME or ./partyline-data)"
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"partyline.commands.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    with Context.resolve(args.home) as ctx:
        try:
            return args.handler(args, ctx)
        except EXPECTED_ERRORS as exc:
            print(f"partyline {args.command}: error: {exc}", file=sys.stderr)
            return 2
        except KeyboardInterrupt:
            print(f"partyline {args.command}: interrupted", file=sys.stderr)
            return 130
