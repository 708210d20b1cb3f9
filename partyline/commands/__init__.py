"""One module per group of subcommands; each exposes ``register(subparsers)``.

Adding a command is adding a module here and naming it in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

COMMAND_MODULES = (
    "demo",
    "crawl",
    "extract",
    "ingest",
    "reextract",
    "index",
    "search",
    "site",
    "sites",
    "topic",
    "export",
    "cluster",
    "report",
    "nightly",
    "warc",
)

Handler = Callable[..., int]


def add_command(
    subparsers: argparse._SubParsersAction, name: str, handler: Handler, help_text: str
) -> argparse.ArgumentParser:
    """A subcommand whose ``--help`` repeats its one-line description."""
    parser = subparsers.add_parser(name, help=help_text, description=help_text)
    parser.set_defaults(handler=handler)
    return parser
