"""``partyline search``."""

from __future__ import annotations

import argparse

from archive.home import Home
from partyline import stages
from partyline.commands import add_command
from partyline.results_text import format_results
from search.query.collapse import collapsed_search, format_copies

EXAMPLES = """query language (see docs/search.md):
  tinh uy                     words, with or without diacritics (AND is the default)
  "tuyên giáo"                an exact phrase
  covid OR dịch  -site:X      either word; without a site (NOT also works)
  province:"Bình Phước" date:2022-01..2023-06 author:"Duy Khiêm" source:TTXVN
"""


def run(args: argparse.Namespace, home: Home) -> int:
    if args.collapse:
        archive = stages.open_archive(home)
        result = collapsed_search(
            archive, home.index_dir, args.query, limit=args.limit, page=args.page, sort=args.sort
        )
    else:
        result = stages.run_search(
            home, args.query, limit=args.limit, page=args.page, sort=args.sort
        )
    print(stages.to_json(result) if args.json else format_results(result))
    if args.collapse and not args.json:
        print("\n" + format_copies(result))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(subparsers, "search", run, "Search the archive.")
    parser.epilog = EXAMPLES
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument("query", help='e.g. tinh uy, "tuyên giáo" province:"Long An" date:2023')
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--limit", type=int, default=10, help="results per page (default 10)")
    parser.add_argument("--page", type=int, default=1, help="page number (default 1)")
    parser.add_argument(
        "--collapse",
        action="store_true",
        help="one result per cluster of near-identical articles (republished copies)",
    )
    parser.add_argument(
        "--sort",
        choices=("relevance", "newest", "oldest", "date"),
        help="order (default: relevance; newest when the query has only filters)",
    )
