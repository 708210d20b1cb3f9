"""Keeping the Whoosh index in step with the archive; the database stays the truth.

An incremental run compares every article's *stamp* (a digest of what the
index holds of it: title, text, date, author, source, site) in the database
with the stamps in the index, then deletes the removed and changed articles
and writes the changed and new ones, in one commit, whatever happened since
the last run: no deletion log is needed. A full build (asked for, a first
run, an index of another Partyline version, or one that cannot be read)
writes a fresh build directory on every core and switches to it when done.

One run at a time holds the write lock (``search/store.py``); searches keep
answering from the last commit meanwhile.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from whoosh import index as whoosh_index

from archive.db import Archive
from archive.models import Article
from search.index.documents import database_stamps
from search.index.segments import WORKERS, Progress, merge_small_segments, write_articles
from search.schema import INDEX_VERSION, build_schema
from search.site_filters import load_sites, sites_snapshot
from search.store import (
    IndexMissing,
    current_build,
    new_build_dir,
    read_state,
    remove_stale_builds,
    write_state,
    writer_lock,
)


@dataclass
class IndexSummary:
    added: int
    updated: int
    removed: int
    rebuilt: bool
    documents: int
    size_bytes: int
    reason: str | None = None


def index_size(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def index_stamps(build: Path) -> dict[int, str]:
    """Every article id in the index (deleted documents aside) with its stamp."""
    found: dict[int, str] = {}
    with whoosh_index.open_dir(str(build)).reader() as reader:
        for leaf, _ in reader.leaf_readers():
            deleted = leaf.deleted_docs_set if leaf.has_deletions() else frozenset()
            ids, stamps = leaf.column_reader("id"), leaf.column_reader("stamp")
            for docnum in range(leaf.doc_count_all()):
                if docnum not in deleted:
                    found[int(ids[docnum])] = stamps[docnum].decode()
    return found


def _rebuild_reason(index_dir: Path, rebuild: bool) -> str | None:
    if rebuild:
        return "rebuild requested"
    try:
        build = current_build(index_dir)
        whoosh_index.open_dir(str(build)).close()
    except IndexMissing as exc:
        return "no index yet" if not read_state(index_dir) else str(exc).split(". ")[0]
    except Exception as exc:  # an unreadable index is rebuilt from the database
        return f"the index could not be read ({exc.__class__.__name__}: {exc})"
    return None


def _publish(archive: Archive, index_dir: Path, build: Path) -> int:
    """Record ``build`` as current, with a snapshot of the sites; its document count."""
    state = {
        "version": INDEX_VERSION,
        "build": build.name,
        "sites": sites_snapshot(load_sites(archive)),
    }
    write_state(index_dir, state)
    with whoosh_index.open_dir(str(build)).reader() as reader:
        return reader.doc_count()


def _full_build(
    archive: Archive, index_dir: Path, reason: str, workers: int, progress: Progress | None
) -> IndexSummary:
    build = new_build_dir(index_dir)
    try:
        whoosh_index.create_in(str(build), build_schema())
        with archive.session() as session:
            ids = list(session.scalars(select(Article.id).order_by(Article.id)))
        written = write_articles(archive, str(build), ids, workers=workers, progress=progress)
        documents = _publish(archive, index_dir, build)
    except BaseException:
        shutil.rmtree(build, ignore_errors=True)
        raise
    remove_stale_builds(index_dir, build)
    return IndexSummary(written, 0, 0, True, documents, index_size(build), reason)


def _incremental(
    archive: Archive, index_dir: Path, workers: int, progress: Progress | None
) -> IndexSummary:
    build = current_build(index_dir)
    wanted, indexed = database_stamps(archive), index_stamps(build)
    removed = indexed.keys() - wanted.keys()
    changed = {i for i in wanted.keys() & indexed.keys() if wanted[i] != indexed[i]}
    new = wanted.keys() - indexed.keys()
    if removed or changed or new:
        write_articles(
            archive,
            str(build),
            sorted(changed | new),
            delete=sorted(removed | changed),
            workers=workers,
            progress=progress,
        )
        merge_small_segments(str(build))
    documents = _publish(archive, index_dir, build)
    return IndexSummary(len(new), len(changed), len(removed), False, documents, index_size(build))


def update_index(
    archive: Archive,
    index_dir: Path,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    wait: float = 0.0,
    workers: int = WORKERS,
) -> IndexSummary:
    """Bring the index up to date with the database (rebuild it when needed or asked).

    Raises ``IndexBusy`` when another run holds the lock for longer than ``wait`` seconds.
    """
    with writer_lock(index_dir, wait):
        reason = _rebuild_reason(index_dir, rebuild)
        if reason:
            return _full_build(archive, index_dir, reason, workers, progress)
        return _incremental(archive, index_dir, workers, progress)
