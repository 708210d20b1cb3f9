"""``partyline sites list`` and ``partyline sites validate``."""

from __future__ import annotations

import argparse

from crawler.registry import PUBLISHER_TYPES, check_registry, load_registry
from crawler.registry.coverage import coverage
from partyline import terminal
from partyline.commands import add_command, add_registry_argument
from partyline.context import Context


def list_sites(args: argparse.Namespace, ctx: Context) -> int:
    sites = load_registry(args.registry)
    if args.types:
        sites = [site for site in sites if site.publisher_type in args.types]
    if args.coverage:
        report = coverage(sites)
        print(terminal.to_json(report.as_dict()) if args.json else terminal.sites_coverage(report))
    elif args.json:
        print(terminal.to_json([site.as_record() for site in sites]))
    else:
        print(terminal.sites_table(sites, args.registry))
    return 0


def validate(args: argparse.Namespace, ctx: Context) -> int:
    check = check_registry(args.registry)
    print(terminal.registry_check(check, args.registry))
    return 1 if check.errors else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    sites = subparsers.add_parser("sites", help="Inspect and check the sites registry.")
    actions = sites.add_subparsers(dest="sites_command", required=True, metavar="ACTION")
    listing = add_command(actions, "list", list_sites, "List the registered sites.")
    add_registry_argument(listing)
    listing.add_argument(
        "--type",
        dest="types",
        action="append",
        choices=PUBLISHER_TYPES,
        metavar="TYPE",
        help=f"only sites of this publisher type (repeatable): {', '.join(PUBLISHER_TYPES)}",
    )
    listing.add_argument(
        "--coverage",
        action="store_true",
        help="which provinces have a portal, a Ban Tuyên giáo site and a newspaper",
    )
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    checking = add_command(
        actions,
        "validate",
        validate,
        "Check the registry: keys, families, hosts, URLs, provinces and evidence, "
        "with line numbers.",
    )
    add_registry_argument(checking)
