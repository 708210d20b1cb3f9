"""``partyline export``: a topic, a frozen snapshot or an ad-hoc query, in one file format."""

from __future__ import annotations

import argparse
from pathlib import Path

from archive.exports import EXTENSIONS, FORMATS, ExportError, ExportRequest, run_export
from partyline import pipeline, terminal
from partyline.commands import add_command
from partyline.commands.topic import add_filter_arguments, filters_from
from partyline.context import Context
from partyline.progress import Progress


def _default_out(args: argparse.Namespace) -> Path:
    stem = args.slug or "query"
    if args.snapshot:
        stem += f"-{args.snapshot}"
    return Path(stem + EXTENSIONS[args.format])


def _has_filters(args: argparse.Namespace) -> bool:
    return bool(args.date_from or args.date_to or args.province or args.site)


def _check(args: argparse.Namespace) -> None:
    """A topic or a query, and filters only with a query."""
    if args.query is not None:
        if args.slug or args.snapshot:
            raise ExportError("Give either a topic SLUG or --query, not both.")
        return
    if not args.slug:
        raise ExportError("Name a topic (`partyline topic list`) or give --query.")
    if _has_filters(args):
        raise ExportError(
            "--from/--to/--province/--site go with --query; a topic has its own filters "
            "(change them with `partyline topic edit`)."
        )


def export(args: argparse.Namespace, ctx: Context) -> int:
    _check(args)
    chosen = pipeline.export_articles(
        ctx,
        query=args.query,
        filters=filters_from(args),
        slug=args.slug,
        snapshot=args.snapshot,
    )
    out = args.out or _default_out(args)
    progress = Progress("export")
    progress.message(f"writing {args.format} to {out}")
    try:
        summary = run_export(
            ctx.archive,
            ExportRequest(
                selection=chosen.selection,
                format=args.format,
                out=out,
                include_text=not args.no_text,
                dedupe=args.dedupe,
                about=chosen.about,
            ),
        )
    finally:
        progress.close()
    print(terminal.export_summary(summary, dedupe=args.dedupe))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "export",
        export,
        "Export a topic, a frozen snapshot or a query as CSV, JSON Lines, text, "
        "citations or WARC (with a manifest).",
    )
    parser.add_argument("slug", nargs="?", help="topic to export (or use --query)")
    parser.add_argument("--format", required=True, choices=FORMATS, help="the file format to write")
    parser.add_argument("--out", type=Path, help="output file (default: SLUG plus extension)")
    parser.add_argument("--query", help="export an ad-hoc query instead of a topic")
    parser.add_argument("--snapshot", metavar="NAME", help="the topic's frozen article list")
    parser.add_argument("--no-text", action="store_true", help="leave the article text out")
    parser.add_argument(
        "--dedupe",
        action="store_true",
        help="one row per cluster of near-identical articles, listing every copy's URL",
    )
    add_filter_arguments(parser)
