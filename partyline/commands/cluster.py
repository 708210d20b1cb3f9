"""``partyline cluster``: group near-identical articles (republished copies)."""

from __future__ import annotations

import argparse

from archive.clusters import MAX_DISTANCE, recluster
from archive.home import Home
from partyline.commands import add_command
from partyline.progress import Progress
from partyline.stages import open_archive


def run(args: argparse.Namespace, home: Home) -> int:
    progress = Progress("cluster")
    summary = recluster(open_archive(home), progress=progress.update)
    progress.close()
    print(
        f"{summary.articles} article(s): {summary.copies} near-copies in "
        f"{summary.clusters_with_copies} cluster(s) of several articles "
        f"(SimHash within {MAX_DISTANCE} bits of the first copy); "
        f"{summary.changed} assignment(s) changed, {summary.fingerprinted} fingerprinted now; "
        f"{summary.seconds:.1f} s"
    )
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    add_command(
        subparsers,
        "cluster",
        run,
        "Recompute the clusters of near-identical articles (exports and search --collapse "
        "do it when needed).",
    )
