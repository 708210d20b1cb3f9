"""``partyline search``."""

from __future__ import annotations

import argparse

from partyline import terminal
from partyline.commands import add_command
from partyline.context import Context
from search.query.collapse import collapsed_search
from search.query.engine import search

EXAMPLES = """query language (see docs/search.md):
  tinh uy                     words, with or without diacritics (AND is the default)
  "tuyên giáo"                an exact phrase
  covid OR dịch  -site:X      either word; without a site (NOT also works)
  province:"Bình Phước" date:2022-01..2023-06 author:"Duy Khiêm" source:TTXVN
"""


def run(args: argparse.Namespace, ctx: Context) -> int:
    answer = collapsed_search if args.collapse else search
    result = answer(
        ctx.archive, ctx.index_dir, args.query, limit=args.limit, page=args.page, sort=args.sort
    )
    if args.json:
        print(terminal.to_json(result))
        return 0
    print(terminal.format_results(result))
    if args.collapse:
        print("\n" + terminal.format_copies(result))
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
