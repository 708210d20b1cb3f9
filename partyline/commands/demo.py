"""``partyline demo``."""

from __future__ import annotations

import argparse

from partyline.commands import add_command
from partyline.context import Context


def run(args: argparse.Namespace, ctx: Context) -> int:
    from partyline.demo import run_demo

    return run_demo(ctx, serve=not args.no_serve, port=args.port, port_base=args.port_base)


def register(subparsers: argparse._SubParsersAction) -> None:
    demo = add_command(
        subparsers, "demo", run, "Serve the bundled sample web, crawl, index, build and serve it."
    )
    demo.add_argument(
        "--no-serve", action="store_true", help="stop after the build, print a summary"
    )
    demo.add_argument("--port", type=int, default=8080, help="search server port (default 8080)")
    demo.add_argument(
        "--port-base", type=int, default=8401, help="first sample-site port (0: any free ports)"
    )
