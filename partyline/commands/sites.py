"""``partyline sites list`` and ``partyline sites validate``."""

from __future__ import annotations

import argparse
from pathlib import Path

from crawler.registry import DEFAULT_REGISTRY, check_registry, load_registry
from partyline import terminal
from partyline.commands import add_command
from partyline.context import Context


def list_sites(args: argparse.Namespace, ctx: Context) -> int:
    print(terminal.sites_table(load_registry(args.registry), args.registry))
    return 0


def validate(args: argparse.Namespace, ctx: Context) -> int:
    check = check_registry(args.registry)
    print(terminal.registry_check(check, args.registry))
    return 1 if check.errors else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    sites = subparsers.add_parser("sites", help="Inspect and check the sites registry.")
    actions = sites.add_subparsers(dest="sites_command", required=True, metavar="ACTION")
    listing = add_command(actions, "list", list_sites, "List the registered sites.")
    listing.add_argument("--registry", type=Path, default=DEFAULT_REGISTRY)
    checking = add_command(
        actions,
        "validate",
        validate,
        "Check the registry: keys, families, hosts, URLs and provinces, with line numbers.",
    )
    checking.add_argument("--registry", type=Path, default=DEFAULT_REGISTRY)
