"""``partyline export``: a topic, a frozen snapshot or an ad-hoc query, in one file format."""

from __future__ import annotations

import argparse
from pathlib import Path

from archive.exports import EXTENSIONS, FORMATS, ExportError, ExportRequest, run_export
from archive.exports.manifest import manifest_about
from archive.home import Home
from archive.selection import Selection
from archive.snapshots import get_snapshot, snapshot_drift
from archive.topics import Filters, definition_of, get_topic
from partyline.commands import add_command
from partyline.commands.topic import add_filter_arguments, filters_from
from partyline.progress import Progress
from partyline.selections import query_selection
from partyline.stages import open_archive


def _default_out(args: argparse.Namespace) -> Path:
    stem = args.slug or "query"
    if args.snapshot:
        stem += f"-{args.snapshot}"
    return Path(stem + EXTENSIONS[args.format])


def _has_filters(args: argparse.Namespace) -> bool:
    return bool(args.date_from or args.date_to or args.province or args.site)


def _resolve(args: argparse.Namespace, home: Home) -> tuple[Selection, dict]:
    """The selection to export and what the manifest says about it."""
    archive = open_archive(home)
    if args.query is not None:
        if args.slug or args.snapshot:
            raise ExportError("Give either a topic SLUG or --query, not both.")
        filters = filters_from(args)
        selection = query_selection(archive, home, args.query, filters)
        return selection, manifest_about(query=args.query, filters=filters)
    if not args.slug:
        raise ExportError("Name a topic (`partyline topic list`) or give --query.")
    if _has_filters(args):
        raise ExportError(
            "--from/--to/--province/--site go with --query; a topic has its own filters "
            "(change them with `partyline topic edit`)."
        )
    with archive.session() as session:
        topic = get_topic(session, args.slug)
        definition = definition_of(topic)
        if args.snapshot:
            snapshot = get_snapshot(session, topic, args.snapshot)
            frozen = Filters.from_dict(snapshot.definition)
            about = manifest_about(
                query=snapshot.definition["query"],
                filters=frozen,
                topic=topic,
                snapshot=snapshot,
                drift=snapshot_drift(session, snapshot),
            )
            return Selection(snapshot_id=snapshot.id), about
    about = manifest_about(query=definition.query, filters=definition.filters, topic=topic)
    return query_selection(archive, home, definition.query, definition.filters), about


def export(args: argparse.Namespace, home: Home) -> int:
    selection, about = _resolve(args, home)
    out = args.out or _default_out(args)
    progress = Progress("export")
    progress.message(f"writing {args.format} to {out}")
    summary = run_export(
        open_archive(home),
        ExportRequest(
            selection=selection,
            format=args.format,
            out=out,
            include_text=not args.no_text,
            dedupe=args.dedupe,
            about=about,
        ),
    )
    progress.close()
    folded = f" in {summary.rows} row(s)" if args.dedupe else ""
    print(
        f"{summary.articles} article(s){folded} written to {summary.out} "
        f"in {summary.seconds:.1f} s; manifest: {summary.manifest}"
    )
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
    parser.add_argument("--format", required=True, choices=FORMATS)
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
