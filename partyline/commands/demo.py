"""``partyline demo``."""

from __future__ import annotations

import argparse

from partyline.commands import add_command
from partyline.context import Context


def run(args: argparse.Namespace, ctx: Context) -> int:
    from partyline.demo import run_demo

    return run_demo(ctx, serve=not args.no_serve, port=args.port, sample_port=args.sample_port)


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = add_command(
        subparsers, "demo", run, "Serve the bundled sample web, crawl, index, build and serve it."
    )
    demo.add_argument(
        "--no-serve", action="store_true", help="stop after the build, print a summary"
    )
    demo.add_argument("--port", type=int, default=8080, help="search server port (default 8080)")
    demo.add_argument(
        "--sample-port",
        "--port-base",
        dest="sample_port",
        type=int,
        default=8401,
        help="the sample web's port (default 8401; 0 or a busy port: any free one); the "
        "sample sites' URLs do not depend on it",
    )
