"""``partyline sites list`` and ``partyline sites validate``."""

from __future__ import annotations

import argparse
from pathlib import Path

from archive.home import Home
from crawler.registry import DEFAULT_REGISTRY, check_registry, load_registry
from partyline.commands import add_command


def list_sites(args: argparse.Namespace, home: Home) -> int:
    sites = load_registry(args.registry)
    print(f"{'id':24} {'type':16} {'family':10} {'province (now)':30} name · hosts")
    for site in sites:
        province = site.province or "-"
        if site.province_current and site.province_current != site.province:
            province += f" ({site.province_current})"
        print(
            f"{site.id:24} {site.publisher_type:16} {site.family:10} {province:30} "
            f"{site.name} · {', '.join(site.hosts)}"
        )
    print(f"{len(sites)} site(s) in {args.registry}")
    return 0


def validate(args: argparse.Namespace, home: Home) -> int:
    report = check_registry(args.registry)
    for problem in report.problems:
        print(problem)
    errors, warnings = len(report.errors), len(report.warnings)
    verdict = "is valid" if not errors else "has errors: fix the lines above"
    print(
        f"{args.registry}: {len(report.entries)} site(s), {errors} error(s), "
        f"{warnings} warning(s); the registry {verdict}"
    )
    return 1 if errors else 0


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
