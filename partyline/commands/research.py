"""``partyline trends``, ``shares``, ``terms`` and ``kwic``: from search to research.

Each takes the query language of ``partyline search`` (or a saved topic) and
prints a table for a person, or the same numbers as CSV or JSON on standard
output (the files the site's pages offer for download). docs/research.md
explains every number.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable

from archive.topics import definition_of, get_topic
from partyline import pipeline, terminal
from partyline.commands import add_command
from partyline.context import Context
from search.query.delimited import csv_text, jsonl_text
from search.query.groups import PER_CHOICES
from search.query.kwic import DEFAULT_WIDTH, KWIC_COLUMNS, kwic_lines
from search.query.kwic_sort import SORTS, sorted_lines
from search.query.masks import ResearchError
from search.query.periods import PERIODS
from search.query.selections import topic_query
from search.query.shares import SHARE_COLUMNS, shares
from search.query.terms import DEFAULT_MIN_COUNT, DEFAULT_TOP, term_rows, terms_for_queries
from search.query.trends import TREND_COLUMNS, trend_rows, trends


def _queries(args: argparse.Namespace, ctx: Context) -> list[str]:
    """The queries asked for, a topic written as a query; the index brought up to date."""
    pipeline.refresh_index(ctx)
    queries = [args.query] if isinstance(args.query, str) else list(args.query or [])
    if getattr(args, "topic", None):
        with ctx.archive.session() as session:
            definition = definition_of(get_topic(session, args.topic))
        queries.append(topic_query(ctx.archive, definition))
    if not queries:
        raise ResearchError("Give a query, or a topic with --topic.")
    return queries


def _one_query(args: argparse.Namespace, ctx: Context) -> str:
    queries = _queries(args, ctx)
    if len(queries) > 1:
        raise ResearchError("Give one query or one topic, not both.")
    return queries[0]


def _write(chunks: Iterable[str]) -> None:
    for chunk in chunks:
        sys.stdout.write(chunk)


def run_trends(args: argparse.Namespace, ctx: Context) -> int:
    result = trends(
        ctx.archive, ctx.index_dir, _queries(args, ctx), period=args.by, per=args.per, top=args.top
    )
    if args.json:
        print(terminal.to_json(result))
    elif args.csv:
        _write(csv_text(trend_rows(result), TREND_COLUMNS))
    else:
        print(terminal.trends_table(result))
    return 0


def run_shares(args: argparse.Namespace, ctx: Context) -> int:
    query = _one_query(args, ctx)
    result = shares(ctx.archive, ctx.index_dir, query, per=args.per)
    if args.json:
        print(terminal.to_json(result))
    elif args.csv:
        _write(csv_text(result["rows"], SHARE_COLUMNS))
    else:
        print(terminal.shares_table(result))
    return 0


def run_terms(args: argparse.Namespace, ctx: Context) -> int:
    result = terms_for_queries(
        ctx.archive,
        ctx.index_dir,
        _queries(args, ctx),
        against=args.against,
        top=args.top,
        min_count=args.min_count,
        sample=args.sample,
        keep_query_words=args.keep_query_words,
    )
    if args.json:
        print(terminal.to_json(result))
    elif args.csv:
        rows, columns = term_rows(result)
        _write(csv_text(rows, columns))
    else:
        print(terminal.terms_table(result))
    return 0


def run_kwic(args: argparse.Namespace, ctx: Context) -> int:
    query = _one_query(args, ctx)
    lines = sorted_lines(kwic_lines(ctx.archive, ctx.index_dir, query, width=args.width), args.sort)
    if args.csv:
        _write(csv_text(lines, KWIC_COLUMNS))
    elif args.jsonl:
        _write(jsonl_text(lines))
    else:
        for line in lines:
            print(terminal.kwic_line(line, args.width))
    return 0


def _formats(parser: argparse.ArgumentParser, *names: str) -> None:
    group = parser.add_mutually_exclusive_group()
    helps = {
        "csv": "CSV on standard output (UTF-8 with BOM, for Excel and R)",
        "json": "JSON on standard output",
        "jsonl": "JSON Lines on standard output, one line per object",
    }
    for name in names:
        group.add_argument(f"--{name}", action="store_true", help=helps[name])


def _topic(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--topic", metavar="SLUG", help="a saved topic (its query and filters) as one more query"
    )


def _per(parser: argparse.ArgumentParser, default: str | None) -> None:
    parser.add_argument(
        "--per",
        choices=PER_CHOICES,
        default=default,
        help="province: the 63 at publication; province_current: the 34 since 1 July 2025; "
        "site: each site",
    )


def register(subparsers: argparse._SubParsersAction) -> None:
    trend = add_command(
        subparsers,
        "trends",
        run_trends,
        "Attention over time: per period, the articles a query matches, all articles of its "
        "slice (same filters, without the words) and their ratio.",
    )
    trend.add_argument("query", nargs="*", help="up to five queries, compared side by side")
    trend.add_argument("--by", choices=PERIODS, default="month", help="the period (default month)")
    _per(trend, None)
    trend.add_argument(
        "--top", type=int, default=5, help="with --per: how many, most matches first (0: all)"
    )
    _topic(trend)
    _formats(trend, "csv", "json")

    share = add_command(
        subparsers,
        "shares",
        run_shares,
        "Provinces compared: each province's (or site's) share of articles matching a query, "
        "with the counts behind it and a 95% interval.",
    )
    share.add_argument("query", nargs="?", help="the query (words, filters, or both)")
    _per(share, "province")
    _topic(share)
    _formats(share, "csv", "json")

    term = add_command(
        subparsers,
        "terms",
        run_terms,
        "Distinctive terms: words and two-syllable words over-represented in a query's articles "
        "against the rest of the archive (log-likelihood, with counts).",
    )
    term.add_argument("query", nargs="*", help="up to five queries, side by side")
    term.add_argument("--against", metavar="QUERY", help="compare with this query's articles")
    term.add_argument("--top", type=int, default=DEFAULT_TOP, help="terms per query")
    term.add_argument(
        "--min-count",
        type=int,
        default=DEFAULT_MIN_COUNT,
        help=f"occurrences a term needs in the selection (default {DEFAULT_MIN_COUNT})",
    )
    term.add_argument(
        "--sample", type=int, metavar="N", help="count a fixed random sample of N articles"
    )
    term.add_argument(
        "--keep-query-words", action="store_true", help="list the query's own words too"
    )
    _topic(term)
    _formats(term, "csv", "json")

    kwic = add_command(
        subparsers,
        "kwic",
        run_kwic,
        "Keyword in context: every occurrence of a query's words with the text around it, "
        "the article's title, date, site and link (streamed, no limit).",
    )
    kwic.add_argument("query", nargs="?", help="the query (words as search matches them)")
    kwic.add_argument(
        "--width", type=int, default=DEFAULT_WIDTH, help="characters of context on each side"
    )
    kwic.add_argument(
        "--sort",
        choices=SORTS,
        default="text",
        help="text: articles oldest first; left or right: by the words beside the match",
    )
    _topic(kwic)
    _formats(kwic, "csv", "jsonl")
