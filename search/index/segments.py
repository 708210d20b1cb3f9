"""Writing segments: in this process, or in worker processes on every core.

A large batch of articles (a full build, a big incremental run) is split into
chunks; each worker process reads its chunk's articles from the database and
writes one Whoosh segment with ``FastSegmentWriter``; the parent then commits
all the new segments, with any deletions, in one table of contents. Nothing
is visible to searches until that commit, and a failed run leaves the index
as it was. Small batches are written in this process.

Segments written by incremental runs are small; they are merged in tiers of
``MERGE_FACTOR`` similar sizes so their number stays bounded, while the large
segments of a full build are never rewritten (``partyline index --rebuild``
compacts everything).
"""

from __future__ import annotations

import math
import multiprocessing
import os
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from whoosh import index as whoosh_index
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from archive.db import Archive
from search.index.documents import article_document, article_rows
from search.index.fastwriter import FastSegmentWriter

Progress = Callable[[int, int], None]

# Below this many articles a worker process costs more than it saves.
PARALLEL_FROM = 2_000
WORKERS = 2
# Articles per segment written by a worker: bounds its memory (~400 MB).
SEGMENT_DOCS = 8_000
PROGRESS_EVERY = 250
POLL_SECONDS = 1.0
SMALL_SEGMENT = 5_000
MERGE_FACTOR = 8

_counter: Any = None  # the shared count of documents written, in a worker


def _init_worker(counter: Any) -> None:
    global _counter
    _counter = counter


def _write_chunk(task: tuple[str, str, list[int]]) -> Any:
    """In a worker: write one segment holding these articles; return the segment."""
    database_url, build, ids = task
    archive = Archive(database_url, migrate=False)
    writer = FastSegmentWriter(whoosh_index.open_dir(build), _lk=False)
    written = 0
    try:
        for row in article_rows(archive, ids):
            writer.add_document(**article_document(row))
            written += 1
            if written % PROGRESS_EVERY == 0:
                with _counter.get_lock():
                    _counter.value += PROGRESS_EVERY
        segment = writer._finalize_segment()
    finally:
        archive.dispose()
    with _counter.get_lock():
        _counter.value += written % PROGRESS_EVERY
    return segment


def _chunks(ids: Sequence[int], workers: int) -> list[list[int]]:
    count = max(workers, math.ceil(len(ids) / SEGMENT_DOCS))
    size = math.ceil(len(ids) / count)
    return [list(ids[start : start + size]) for start in range(0, len(ids), size)]


def _parallel_segments(
    archive: Archive, build: str, ids: Sequence[int], workers: int, progress: Progress | None
) -> list:
    # fork: the workers inherit the loaded modules (the CLI's __main__ cannot be re-imported).
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    counter = context.Value("l", 0)
    tasks = [(archive.url, build, chunk) for chunk in _chunks(ids, workers)]
    with context.Pool(workers, initializer=_init_worker, initargs=(counter,)) as pool:
        pending = pool.map_async(_write_chunk, tasks, chunksize=1)
        while not pending.ready():
            pending.wait(POLL_SECONDS)
            if progress:
                progress(min(counter.value, len(ids)), len(ids))
        return pending.get()


def write_articles(
    archive: Archive,
    build: str,
    ids: Sequence[int],
    *,
    delete: Sequence[int] = (),
    workers: int = WORKERS,
    progress: Progress | None = None,
) -> int:
    """Delete ``delete``, add the articles ``ids``, commit once. Returns articles written."""
    ix = whoosh_index.open_dir(build)
    parallel = workers > 1 and len(ids) >= PARALLEL_FROM
    segments = _parallel_segments(archive, build, ids, workers, progress) if parallel else []
    writer = FastSegmentWriter(ix)
    try:
        for article_id in delete:
            writer.delete_by_term("id", str(article_id))
        if not parallel:
            for done, row in enumerate(article_rows(archive, ids), 1):
                writer.add_document(**article_document(row))
                if progress and done % PROGRESS_EVERY == 0:
                    progress(done, len(ids))
        kept = writer._merge_segments(None, False, False)  # nothing merged here
        written = sum(segment.doc_count_all() for segment in segments) + writer.doc_count()
        if writer._added:
            kept.append(writer._finalize_segment())
        else:
            writer._close_segment()
        writer._commit_toc(kept + segments)
        writer._finish()
    except BaseException:
        writer.cancel()
        raise
    if progress:
        progress(len(ids), len(ids))
    return written


def _tiers(segments: list) -> list:
    """The small segments to merge: those in a size tier that has MERGE_FACTOR of them."""
    tiers: dict[int, list] = defaultdict(list)
    for segment in segments:
        count = segment.doc_count_all()
        if count < SMALL_SEGMENT:
            tiers[int(math.log(max(count, 1), MERGE_FACTOR))].append(segment)
    return [s for tier in tiers.values() if len(tier) >= MERGE_FACTOR for s in tier]


def tiered_merge(writer: SegmentWriter, segments: list) -> list:
    """Whoosh merge policy: merge the small segments of a full tier into the new one."""
    merging = {id(segment) for segment in _tiers(segments)}
    for segment in segments:
        if id(segment) in merging:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
    return [segment for segment in segments if id(segment) not in merging]


def merge_small_segments(build: str) -> bool:
    """Merge small segments if a tier is full (Whoosh's own writer does the merging)."""
    ix = whoosh_index.open_dir(build)
    if not _tiers(ix._segments()):
        return False
    ix.writer().commit(mergetype=tiered_merge)
    return True
