"""``partyline cluster``: group near-identical articles (republished copies)."""

from __future__ import annotations

import argparse

from archive.clusters import recluster
from partyline import terminal
from partyline.commands import add_command
from partyline.context import Context
from partyline.progress import Progress


def run(args: argparse.Namespace, ctx: Context) -> int:
    progress = Progress("cluster")
    try:
        summary = recluster(ctx.archive, progress=progress.update)
    finally:
        progress.close()
    print(terminal.cluster_summary(summary))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    add_command(
        subparsers,
        "cluster",
        run,
        "Recompute the clusters of near-identical articles (exports and search --collapse "
        "do it when needed).",
    )
