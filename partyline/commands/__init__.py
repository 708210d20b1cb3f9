"""One module per group of subcommands; each exposes ``register(subparsers)``.

A command's handler is ``handler(args, ctx) -> exit code``: it reads its
arguments, calls one function of a package (or of ``partyline.pipeline``) with
the ``Context``, and prints the result through ``partyline.terminal``. Adding a
command is adding a module here and naming it in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from crawler.registry import DEFAULT_REGISTRY

COMMAND_MODULES = (
    "demo",
    "crawl",
    "extract",
    "ingest",
    "reextract",
    "index",
    "search",
    "research",
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


def add_registry_argument(parser: argparse.ArgumentParser) -> None:
    """``--registry FILE``: which sites registry a command reads."""
    parser.add_argument(
        "--registry",
        type=Path,
        default=DEFAULT_REGISTRY,
        metavar="FILE",
        help="the sites registry (default: the real sites, crawler/sites.yaml)",
    )
