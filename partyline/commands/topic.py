"""``partyline topic``: saved searches, their reports, frozen snapshots and topics files."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archive.snapshots import freeze, list_snapshots
from archive.topic_stats import selection_stats
from archive.topics import (
    Filters,
    TopicDefinition,
    TopicError,
    add_topic,
    definition_of,
    edit_topic,
    get_topic,
    import_topics,
    list_topics,
    parse_date,
    read_topics_file,
    remove_topic,
    unknown_filter_values,
    write_topics_file,
)
from archive.vietnamese import nfc
from partyline import __version__, pipeline, terminal
from partyline.commands import add_command
from partyline.context import Context

CLEARABLE = ("from", "to", "provinces", "sites", "title", "description")


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """``--from/--to/--province/--site``: shared by ``topic add/edit`` and ``export --query``."""
    parser.add_argument("--from", dest="date_from", metavar="DATE", help="YYYY, YYYY-MM or date")
    parser.add_argument("--to", dest="date_to", metavar="DATE", help="inclusive, same forms")
    parser.add_argument(
        "--province",
        nargs="+",
        action="extend",
        metavar="P",
        help="province at publication or current one, with or without diacritics",
    )
    parser.add_argument("--site", nargs="+", action="extend", metavar="S", help="site id")


def filters_from(args: argparse.Namespace, base: Filters | None = None) -> Filters:
    base = base or Filters()
    clear = set(getattr(args, "clear", None) or ())
    return Filters(
        date_from=None
        if "from" in clear
        else (parse_date(args.date_from) if args.date_from else base.date_from),
        date_to=None
        if "to" in clear
        else (parse_date(args.date_to, end=True) if args.date_to else base.date_to),
        provinces=()
        if "provinces" in clear
        else tuple(nfc(p) for p in args.province or base.provinces),
        sites=() if "sites" in clear else tuple(args.site or base.sites),
    )


def _warn_unknown(ctx: Context, filters: Filters) -> None:
    with ctx.archive.session() as session:
        unknown = unknown_filter_values(session, filters)
    for kind, values in unknown.items():
        if values:
            print(
                f"warning: no site in the archive has these {kind}: {', '.join(values)} "
                "(check the spelling; `partyline sites list` shows them)",
                file=sys.stderr,
            )


def add(args: argparse.Namespace, ctx: Context) -> int:
    definition = TopicDefinition(
        slug=args.slug,
        query=nfc(args.query),
        title=nfc(args.title or ""),
        description=nfc(args.description or ""),
        filters=filters_from(args),
    )
    with ctx.archive.session() as session:
        add_topic(session, definition)
    _warn_unknown(ctx, definition.filters)
    filters = terminal.describe_filters(definition.filters)
    print(f"Topic {args.slug} added: {terminal.quoted(definition.query)} ({filters})")
    return 0


def edit(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.archive.session() as session:
        current = definition_of(get_topic(session, args.slug))
        clear = set(args.clear or ())
        changes = {
            "query": nfc(args.query) if args.query else current.query,
            "title": "" if "title" in clear else nfc(args.title or current.title),
            "description": ""
            if "description" in clear
            else nfc(args.description or current.description),
            "filters": filters_from(args, current.filters),
        }
        topic = edit_topic(session, args.slug, **changes)
        definition = definition_of(topic)
    _warn_unknown(ctx, definition.filters)
    filters = terminal.describe_filters(definition.filters)
    print(f"Topic {args.slug}: {terminal.quoted(definition.query)} ({filters})")
    return 0


def list_all(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.archive.session() as session:
        topics = list_topics(session)
        if not topics:
            print("No topics yet: `partyline topic add SLUG --query Q` saves one.")
            return 0
        for topic in topics:
            snapshots = len(list_snapshots(session, topic))
            print(terminal.topic_entry(definition_of(topic), snapshots))
    return 0


def show(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.archive.session() as session:
        topic = get_topic(session, args.slug)
        definition = definition_of(topic)
        snapshots = [
            (s.name, s.created_at, s.article_count) for s in list_snapshots(session, topic)
        ]
    print(terminal.topic_header(definition))
    selection = pipeline.topic_selection(ctx, definition)
    with ctx.archive.session() as session:
        print(terminal.selection_stats(selection_stats(session, selection)))
    for name, created, count in snapshots:
        print(terminal.snapshot_line(name, created, count))
    return 0


def remove(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.archive.session() as session:
        remove_topic(session, args.slug, with_snapshots=args.delete_snapshots)
    print(f"Topic {args.slug} removed")
    return 0


def freeze_topic(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.archive.session() as session:
        definition = definition_of(get_topic(session, args.slug))
    selection = pipeline.topic_selection(ctx, definition)
    with ctx.archive.session() as session:
        topic = get_topic(session, args.slug)
        snapshot = freeze(
            session,
            topic,
            definition,
            selection,
            name=args.name,
            software_version=__version__,
        )
        name, count = snapshot.name, snapshot.article_count
    print(
        f"Topic {args.slug} frozen as {terminal.quoted(name)}: {count} article(s). Export it with "
        f"`partyline export {args.slug} --snapshot {name} --format csv --out FILE`."
    )
    return 0


def import_file(args: argparse.Namespace, ctx: Context) -> int:
    try:
        text = args.file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise TopicError(f"{args.file} is not UTF-8 text: {exc}") from exc
    definitions = read_topics_file(text, str(args.file))
    with ctx.archive.session() as session:
        counts = import_topics(session, definitions)
    print(", ".join(f"{count} {outcome}" for outcome, count in counts.items()))
    return 0


def export_file(args: argparse.Namespace, ctx: Context) -> int:
    with ctx.archive.session() as session:
        definitions = [definition_of(topic) for topic in list_topics(session)]
    text = write_topics_file(definitions)
    if str(args.file) == "-":
        sys.stdout.write(text)
    else:
        args.file.write_text(text, encoding="utf-8")
        print(f"{len(definitions)} topic(s) written to {args.file}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    topic = subparsers.add_parser("topic", help="Saved searches: add, show, freeze, share.")
    actions = topic.add_subparsers(dest="topic_command", required=True, metavar="ACTION")

    parser = add_command(actions, "add", add, "Save a query and filters as a topic.")
    parser.add_argument("slug", help="short name, e.g. chi-thi-05")
    parser.add_argument("--query", required=True, help="the search query (same language as search)")
    parser.add_argument("--title", help="a title for pages and exports (default: the slug)")
    parser.add_argument(
        "--description", help="what the topic is about, shown on its page (default: none)"
    )
    add_filter_arguments(parser)

    parser = add_command(actions, "edit", edit, "Change a topic's query, text or filters.")
    parser.add_argument("slug", help="the topic's short name (`partyline topic list` shows them)")
    parser.add_argument("--query", help="a new query (default: keep the current one)")
    parser.add_argument("--title", help="a new title (default: keep the current one)")
    parser.add_argument("--description", help="a new description (default: keep the current one)")
    add_filter_arguments(parser)
    parser.add_argument(
        "--clear", nargs="+", action="extend", choices=CLEARABLE, help="drop these settings"
    )

    add_command(actions, "list", list_all, "List the topics.")

    parser = add_command(
        actions, "show", show, "A topic's articles now: count, span, per province and month."
    )
    parser.add_argument("slug", help="the topic's short name (`partyline topic list` shows them)")

    parser = add_command(actions, "remove", remove, "Delete a topic.")
    parser.add_argument("slug", help="the topic's short name (`partyline topic list` shows them)")
    parser.add_argument(
        "--delete-snapshots", action="store_true", help="also delete its frozen snapshots"
    )

    parser = add_command(
        actions, "freeze", freeze_topic, "Record the topic's current article list as a snapshot."
    )
    parser.add_argument("slug", help="the topic's short name (`partyline topic list` shows them)")
    parser.add_argument("--name", help="snapshot name (default: today's date, YYYY-MM-DD)")

    parser = add_command(
        actions, "import", import_file, "Add or update topics from a YAML topics file."
    )
    parser.add_argument("file", type=Path, help="a topics file (YAML), as `topic export` writes")

    parser = add_command(
        actions, "export", export_file, "Write every topic's definition to a YAML topics file."
    )
    parser.add_argument("file", type=Path, help="file to write, or - for standard output")
