"""The index directory: the current build, its version, and the one writer's lock.

    index/
      partyline-index.json   which build is current, its INDEX_VERSION, a snapshot of the sites
      build-<timestamp>/     a Whoosh index (only ever opened by Partyline: Whoosh pickles)
      write.lock             held by the one indexing run at a time

A rebuild writes a new build directory and then switches the state file to it
in one rename, so searches keep answering from the old build meanwhile; an
incremental run commits into the current build, where Whoosh keeps every open
searcher on its snapshot. An index of another INDEX_VERSION (an older
Partyline) is never read: searches say so and ``partyline index`` rebuilds it.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import json
import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.searching import Searcher

from search import mapped_files
from search.schema import INDEX_VERSION

STATE_FILE = "partyline-index.json"
LOCK_FILE = "write.lock"
BUILD_PREFIX = "build-"
# Files an index of the first Partyline version kept directly in index/.
LEGACY_PATTERNS = ("_MAIN_*.toc", "MAIN_*.seg", "MAIN_WRITELOCK", "*.tmp")
KEEP_OLD_BUILDS = 1
LOCK_POLL_SECONDS = 0.5


class IndexMissing(RuntimeError):
    """No usable index: the message says which command builds it."""


class IndexOutdated(IndexMissing):
    """The index was written by another version of Partyline: it must be rebuilt."""


class IndexBusy(RuntimeError):
    """Another indexing run holds the lock."""


def read_state(index_dir: Path) -> dict[str, Any]:
    try:
        state = json.loads((index_dir / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def write_state(index_dir: Path, state: dict[str, Any]) -> None:
    """Replace the state file atomically (readers see the old or the new one)."""
    temporary = index_dir / f"{STATE_FILE}.{os.getpid()}.tmp"
    temporary.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    temporary.replace(index_dir / STATE_FILE)


def current_build(index_dir: Path) -> Path:
    """The directory of the current Whoosh index, or a clear error saying what to run."""
    state = read_state(index_dir)
    if not state:
        if any(index_dir.glob(LEGACY_PATTERNS[0])):
            raise IndexOutdated(
                f"The search index in {index_dir} was built by an older version of Partyline. "
                "Run `partyline index` to rebuild it."
            )
        raise IndexMissing(f"No search index in {index_dir}. Run `partyline index` first.")
    if state.get("version") != INDEX_VERSION:
        raise IndexOutdated(
            f"The search index in {index_dir} was built by another version of Partyline "
            f"(index version {state.get('version')}, this one reads {INDEX_VERSION}). "
            "Run `partyline index` to rebuild it."
        )
    build = index_dir / str(state.get("build", ""))
    if not state.get("build") or not _complete(build):
        raise IndexMissing(f"The search index in {index_dir} is incomplete. Run `partyline index`.")
    return build


_complete_builds: set[Path] = set()


def _complete(build: Path) -> bool:
    """Whether ``build`` holds a whole index (remembered: a complete build stays complete,
    and opening its table of contents on every search costs a millisecond)."""
    if build not in _complete_builds and whoosh_index.exists_in(str(build)):
        _complete_builds.add(build)
    return build in _complete_builds


def new_build_dir(index_dir: Path) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
    build = index_dir / f"{BUILD_PREFIX}{stamp}"
    build.mkdir(parents=True)
    return build


def remove_stale_builds(index_dir: Path, current: Path) -> None:
    """Drop builds older than the previous one (searches may still read it) and legacy files."""
    builds = sorted(path for path in index_dir.glob(f"{BUILD_PREFIX}*") if path != current)
    for old in builds[: max(len(builds) - KEEP_OLD_BUILDS, 0)]:
        shutil.rmtree(old, ignore_errors=True)
    for pattern in LEGACY_PATTERNS:
        for path in index_dir.glob(pattern):
            path.unlink(missing_ok=True)


@contextmanager
def writer_lock(index_dir: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the index's write lock; wait up to ``wait`` seconds, then raise IndexBusy.

    An OS lock (flock): it is released when the holder exits, even when killed.
    """
    index_dir.mkdir(parents=True, exist_ok=True)
    path = index_dir / LOCK_FILE
    with open(path, "a+", encoding="utf-8") as handle:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    raise IndexBusy(
                        f"Another indexing run ({holder}) is updating {index_dir}. "
                        "Wait for it to finish, or run `partyline index --wait SECONDS`."
                    ) from None
                time.sleep(LOCK_POLL_SECONDS)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


mapped_files.install()
_indexes: dict[Path, whoosh_index.Index] = {}
_indexes_lock = threading.Lock()
_local = threading.local()


def _index(build: Path) -> whoosh_index.Index:
    """The build's index, its segments memory-mapped and read in place
    (``mapped_files``: whoosh3 would copy every mapped part per reader)."""
    with _indexes_lock:
        if build not in _indexes:
            _indexes[build] = FileStorage(str(build)).open_index()
        return _indexes[build]


def open_searcher(index_dir: Path) -> Searcher:
    """This thread's searcher on the current build, refreshed if the index changed.

    Whoosh searchers are not shared between threads; each thread keeps its own
    and reuses the segments that did not change.
    """
    build = current_build(index_dir)
    searchers: dict[Path, tuple[Path, Searcher]] = _local.__dict__.setdefault("searchers", {})
    cached = searchers.get(index_dir)
    if cached and cached[0] == build:
        searcher = cached[1].refresh()
    else:
        if cached:
            cached[1].close()
        searcher = _index(build).searcher()
    searchers[index_dir] = (build, searcher)
    return searcher


def index_generation(index_dir: Path) -> tuple[str, int]:
    """(current build, its Whoosh generation): changes whenever an indexing run commits.

    What a cache of search answers is keyed by; raises like ``current_build``.
    """
    build = current_build(index_dir)
    return build.name, _index(build).latest_generation()
