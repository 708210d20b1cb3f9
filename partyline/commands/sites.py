"""``partyline sites list``, ``partyline sites validate`` and ``partyline sites discover``."""

from __future__ import annotations

import argparse

from crawler import settings as crawler_settings
from crawler.polite_fetch import PoliteFetcher
from crawler.registry import PUBLISHER_TYPES, check_registry, load_registry
from crawler.registry.coverage import coverage
from crawler.registry_draft import append_block, block_yaml, draft_block
from crawler.site_discovery import discover_site
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


def discover(args: argparse.Namespace, ctx: Context) -> int:
    contact = ctx.settings.contact_url or crawler_settings.PARTYLINE_CONTACT_URL
    agent = f"Partyline/0.1 (research web archive; +{contact})"
    given = {
        "id": args.id,
        "name": args.name,
        "province": args.province,
        "publisher_type": args.publisher_type,
    }
    status = 0
    reports = []
    for url in args.urls:
        fetcher = PoliteFetcher(agent, timeout=args.timeout, delay=args.delay)
        found = discover_site(url, fetcher)
        answered = bool(found.name)
        block = draft_block(found, **given) if answered else None
        status = status if answered else 1
        if args.json:
            reports.append({**found.as_dict(), "registry_block": block})
            continue
        print(terminal.site_discovery(found, block_yaml(block) if block else None))
        if block and args.write:
            check = append_block(args.registry, block)
            print(terminal.registry_check(check, args.registry))
            status = 1 if check.errors else status
    if args.json:
        print(terminal.to_json(reports))
    return status


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
    discovering = add_command(
        actions,
        "discover",
        discover,
        "From a home page: the CMS family, feeds, sitemaps and listings, one article "
        "extracted, and a registry block marking each value seen or guessed.",
    )
    discovering.add_argument("urls", nargs="+", metavar="URL", help="a site's home page")
    add_registry_argument(discovering)
    discovering.add_argument(
        "--write", action="store_true", help="append the block to the registry and check it"
    )
    discovering.add_argument("--json", action="store_true", help="print JSON instead of text")
    discovering.add_argument("--id", help="the site id (default: from the host name)")
    discovering.add_argument("--name", help="the site's name (default: the home page's)")
    discovering.add_argument("--province", help="the province at the time (default: from the host)")
    discovering.add_argument(
        "--publisher-type", choices=PUBLISHER_TYPES, help="who publishes it (default: guessed)"
    )
    discovering.add_argument(
        "--delay", type=float, default=1.0, help="seconds between two requests (default 1)"
    )
    discovering.add_argument(
        "--timeout", type=float, default=15.0, help="seconds to wait for an answer (default 15)"
    )
