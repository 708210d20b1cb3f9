"""Turning jobs into files: each job is rendered once per language.

Small builds render in this process; large ones in a pool of worker processes
(one per core), fed chunks of jobs while this process reads the archive.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from search.publish.website import paths
from search.publish.website.i18n import LANGUAGES
from search.publish.website.templates import template_environment

CHUNK = 250
POOL_FROM = 3000  # renders below this are not worth starting processes for
IN_FLIGHT = 4  # chunks per worker waiting in the pool (bounds memory)

# (path, template, context): what the renderer turns into one page per language.
Job = tuple[str, str, dict[str, Any]]


def render_page(template: str, context: dict[str, Any], path: str, lang: str) -> str:
    return (
        template_environment()
        .get_template(template)
        .render(context, root=paths.root_for(path, lang), lang=lang, path=path)
    )


def write_jobs(build_dir: str, jobs: Iterable[Job]) -> int:
    """Render and write every job in every language; returns the files written."""
    written = 0
    folders: set[str] = set()
    for path, template, context in jobs:
        for lang in LANGUAGES:
            relative = paths.output_path(path, lang)
            parent = os.path.dirname(relative)
            if parent not in folders:
                os.makedirs(os.path.join(build_dir, parent), exist_ok=True)
                folders.add(parent)
            with open(os.path.join(build_dir, relative), "w", encoding="utf-8") as stream:
                stream.write(render_page(template, context, path, lang))
            written += 1
    return written


class Renderer:
    """``add`` jobs, then ``close``; ``progress(files_written, files_expected)``."""

    def __init__(
        self,
        build_dir: Path,
        expected_jobs: int,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        self.build_dir = str(build_dir)
        self.expected = expected_jobs * len(LANGUAGES)
        self.progress = progress
        self.written = 0
        self.buffer: list[Job] = []
        self.pending: deque[Future[int]] = deque()
        workers = min(2, os.cpu_count() or 1)
        self.pool = (
            ProcessPoolExecutor(workers, mp_context=get_context("spawn"))
            if expected_jobs >= POOL_FROM and workers > 1
            else None
        )
        self.limit = IN_FLIGHT * workers

    def add(self, job: Job) -> None:
        self.buffer.append(job)
        if len(self.buffer) >= CHUNK:
            self._flush()

    def _flush(self) -> None:
        jobs, self.buffer = self.buffer, []
        if not jobs:
            return
        if self.pool is None:
            self._done(write_jobs(self.build_dir, jobs))
            return
        self.pending.append(self.pool.submit(write_jobs, self.build_dir, jobs))
        while len(self.pending) >= self.limit:
            self._done(self.pending.popleft().result())

    def _done(self, count: int) -> None:
        self.written += count
        if self.progress:
            self.progress(self.written, self.expected)

    def close(self) -> int:
        """Finish every job (raising the first error); returns the files written."""
        try:
            self._flush()
            while self.pending:
                self._done(self.pending.popleft().result())
        finally:
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)
        return self.written
