"""``partyline``: the one command line.

Thin by design: it builds the parser from ``partyline/commands/``, makes the one
``Context`` the command is handed, and turns the failures a user can fix into one
line on stderr (exit 2) instead of a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from sqlalchemy.exc import OperationalError

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
from search.query.masks import ResearchError

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
    ResearchError,
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
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also print the log lines of the libraries underneath (database, server)",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"partyline.commands.{name}").register(subparsers)
    return parser


# 128 + SIGPIPE: what a shell reports for a command whose reader went away (``| head``).
EXIT_BROKEN_PIPE = 141


def _silence_stdout() -> None:
    """The reader of our output is gone: drop what is left instead of failing at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _read_only_write(exc: OperationalError) -> bool:
    return "readonly database" in str(exc.orig)


def _configure_logging(verbose: bool) -> None:
    """The libraries' informational lines only when asked for. Otherwise no handler is
    installed: warnings and errors reach stderr through Python's last-resort handler,
    and a crawl's own log goes to its log file alone (Scrapy installs that handler)."""
    if verbose:
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    _configure_logging(args.verbose)
    with Context.resolve(args.home) as ctx:
        try:
            code = args.handler(args, ctx)
            sys.stdout.flush()
            return code
        except BrokenPipeError:
            _silence_stdout()
            return EXIT_BROKEN_PIPE
        except EXPECTED_ERRORS as exc:
            print(f"partyline {args.command}: error: {exc}", file=sys.stderr)
            return 2
        except OperationalError as exc:
            if not _read_only_write(exc):
                raise
            print(
                f"partyline {args.command}: error: the archive in {ctx.home.root} is read-only "
                "and this command writes to it; reading commands (search, report, topic list, "
                "export) still work.",
                file=sys.stderr,
            )
            return 2
        except KeyboardInterrupt:
            print(f"partyline {args.command}: interrupted", file=sys.stderr)
            return 130
