"""``partyline build`` and ``partyline serve``."""

from __future__ import annotations

import argparse

from partyline import pipeline, terminal
from partyline.commands import add_command
from partyline.context import Context
from search.publish.server.cache import DEFAULT_SIZE
from search.publish.server.workers import SearchWorkers, default_processes


def build(args: argparse.Namespace, ctx: Context) -> int:
    print(terminal.build_summary(pipeline.build(ctx, full=args.full)))
    return 0


def serve(args: argparse.Namespace, ctx: Context) -> int:
    from search.publish.server.app import SearchApp, check_port
    from search.publish.server.app import serve as serve_app

    check_port(args.host, args.port)

    workers = None
    if args.processes:
        workers = SearchWorkers(ctx.archive.url, ctx.index_dir, args.processes)
    app = SearchApp(
        ctx.archive, ctx.index_dir, ctx.site_dir, cache_size=args.cache, workers=workers
    )
    searching = f"{args.processes} search processes" if workers else "searches in those threads"
    print(
        f"serving {ctx.site_dir} on http://{args.host}:{args.port}/ "
        f"with {args.threads} threads and {searching} (Ctrl-C stops)",
        flush=True,
    )
    serve_app(app, host=args.host, port=args.port, threads=args.threads)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = add_command(
        subparsers,
        "build",
        build,
        "Render the static site into $PARTYLINE_HOME/site (only what changed since last time).",
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="render every page again instead of reusing unchanged ones",
    )
    parser = add_command(
        subparsers, "serve", serve, "Serve the built site with /search and /api/search."
    )
    parser.add_argument("--host", default="127.0.0.1", help="interface (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    parser.add_argument(
        "--threads", type=int, default=8, help="worker threads answering requests (default 8)"
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=default_processes(),
        metavar="N",
        help="worker processes answering searches, so every core searches "
        f"(default {default_processes()}, one per core; 0: in the server's threads)",
    )
    parser.add_argument(
        "--cache",
        type=int,
        default=DEFAULT_SIZE,
        metavar="N",
        help=f"search answers kept per index generation (default {DEFAULT_SIZE}; 0: none)",
    )
