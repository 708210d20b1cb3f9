"""``partyline extract PATH``: one saved page in, its article as JSON out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crawler.extraction.extractor import ExtractionError, extract_article
from crawler.profiles import load_families
from partyline import terminal
from partyline.commands import add_command
from partyline.context import Context

# The fields printed, in this order.
FIELDS = (
    "title",
    "published",
    "published_source",
    "date_note",
    "author",
    "source",
    "text",
    "family",
    "encoding_note",
)
EXIT_NO_ARTICLE = 1
EXIT_UNREADABLE = 2


def _read(path: str) -> bytes:
    return sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()


def run(args: argparse.Namespace, ctx: Context) -> int:
    try:
        body = _read(args.path)
    except OSError as exc:
        print(f"partyline extract: cannot read {args.path}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    try:
        result = extract_article(
            body,
            args.url or "",
            content_type=args.content_type,
            family_hint=args.family,
        )
    except ExtractionError as exc:
        print(f"partyline extract: {args.path}: {exc} ({exc.kind})", file=sys.stderr)
        return EXIT_NO_ARTICLE
    article = result.as_dict()
    print(terminal.to_json({name: article[name] for name in FIELDS}))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "extract",
        run,
        "Extract the article of one saved HTML file (bytes as received) and print it as JSON.",
    )
    parser.add_argument("path", help="the saved page, or - for standard input")
    parser.add_argument("--url", help="the page's address (dates in URLs, relative links)")
    parser.add_argument(
        "--family",
        choices=sorted(load_families()),
        help="the CMS family to assume when the page shows none (default: detect)",
    )
    parser.add_argument(
        "--content-type", help='the Content-Type the server sent, e.g. "text/html; charset=utf-8"'
    )
