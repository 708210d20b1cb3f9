"""Searches answered by worker processes, so the server uses every core.

A search is CPU-bound Python: in one process the interpreter lock lets one
thread search at a time however many threads the server has. The server's
threads therefore hand each search to a small pool of worker processes
(spawned, each with its own archive connection and index searchers) and wait
for the answer; HTTP, static files and the answer cache stay in the server
process. Requests are balanced one search at a time, not one connection at a
time, so a slow search never holds up a whole connection's worth of others.

A worker that dies (killed, out of memory) breaks the pool: it is started
again and the search asked once more.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from archive.db import Archive

log = logging.getLogger(__name__)

_archive: Archive | None = None
_index_dir: Path | None = None


def default_processes() -> int:
    """One search process per core."""
    return os.cpu_count() or 1


def _open(archive_url: str, index_dir: str) -> None:
    """Worker start-up: the archive (already migrated by the server) and the index."""
    global _archive, _index_dir
    _archive = Archive(archive_url, migrate=False)
    _index_dir = Path(index_dir)


def _warm() -> None:
    """Open the index and read its columns, so the first visitor does not wait for it."""
    from search.query.engine import search

    try:
        search(_archive, _index_dir, "a", facets=True, suggest=False)
    except Exception as exc:  # no index yet: searches will say so when asked
        log.info("search worker %d started without an index: %s", os.getpid(), exc)


def _search(query: str, options: dict[str, Any]) -> dict[str, Any]:
    from search.query.engine import search

    return search(_archive, _index_dir, query, **options)


def _call(function: Callable[..., Any], args: tuple, options: dict[str, Any]) -> Any:
    return function(_archive, _index_dir, *args, **options)


class SearchWorkers:
    """A pool of ``processes`` search processes over one archive and index directory."""

    def __init__(self, archive_url: str, index_dir: Path, processes: int) -> None:
        self.archive_url = archive_url
        self.index_dir = index_dir
        self.processes = max(1, processes)
        self._lock = threading.Lock()
        self._pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        pool = ProcessPoolExecutor(
            self.processes,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_open,
            initargs=(self.archive_url, str(self.index_dir)),
        )
        for _ in range(self.processes):  # starts every worker now, in the background
            pool.submit(_warm)
        return pool

    def search(self, query: str, **options: Any) -> dict[str, Any]:
        """``search.query.engine.search(archive, index_dir, query, **options)`` in a worker."""
        return self._submit(_search, query, options)

    def call(self, function: Callable[..., Any], *args: Any, **options: Any) -> Any:
        """``function(archive, index_dir, *args, **options)`` in a worker; ``function`` is a
        module-level function (it is sent by name), like the research computations."""
        return self._submit(_call, function, args, options)

    def _submit(self, task: Callable[..., Any], *args: Any) -> Any:
        pool = self._pool
        try:
            return pool.submit(task, *args).result()
        except BrokenProcessPool:
            log.warning("a search worker died; starting the pool again")
            return self._restarted(pool).submit(task, *args).result()

    def _restarted(self, broken: ProcessPoolExecutor) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is broken:  # another thread may have restarted it already
                broken.shutdown(wait=False, cancel_futures=True)
                self._pool = self._start()
            return self._pool

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)
