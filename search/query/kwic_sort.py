"""Sorting a concordance by the words beside the match, in bounded memory.

A concordance is read by sorting it: on the first word to the right of the
match (R1, then R2, R3) or to its left (L1, then L2, L3), so that the
phrases a word takes part in line up. Lines are sorted a run of
``RUN_LINES`` at a time; longer concordances are spilled to temporary files
in sorted runs and merged (``heapq.merge``), so memory stays bounded
however many lines there are. Words compare without diacritics first (so
"dan", "dân" and "dần" sort together), then exactly.
"""

from __future__ import annotations

import heapq
import json
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from typing import IO, Any

from search.analysis import exact_form, folded_form
from search.query.kwic import neighbour_words

SORTS = ("text", "left", "right")
RUN_LINES = 50_000

Line = dict[str, Any]
Key = tuple


def sort_key(line: Line, side: str) -> Key:
    """The words nearest the match on ``side``, folded then exact, then the article."""
    words = [exact_form(word) for word in neighbour_words(line, side)]
    return (
        tuple(folded_form(word) for word in words),
        tuple(words),
        line["article_id"],
        line["field"],
        line["offset"],
    )


def _spill(run: list[tuple[Key, Line]], handle: IO[str]) -> IO[str]:
    """Write a sorted run to ``handle`` and rewind it for reading."""
    for _, line in run:
        handle.write(json.dumps(line, ensure_ascii=False) + "\n")
    handle.seek(0)
    return handle


def _read(handle: IO[str], side: str) -> Iterator[tuple[Key, Line]]:
    for text in handle:
        line = json.loads(text)
        yield sort_key(line, side), line


def sorted_lines(lines: Iterable[Line], side: str, run_lines: int = RUN_LINES) -> Iterator[Line]:
    """``lines`` ordered by the words on ``side`` (``left`` or ``right``); ``text``: as read."""
    if side == "text":
        yield from lines
        return
    if side not in SORTS:
        raise ValueError(f"unknown sort {side!r}: one of {', '.join(SORTS)}")
    with ExitStack() as files:
        runs: list[IO[str]] = []
        run: list[tuple[Key, Line]] = []
        for line in lines:
            run.append((sort_key(line, side), line))
            if len(run) >= run_lines:
                run.sort(key=lambda item: item[0])
                spare = files.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8"))
                runs.append(_spill(run, spare))
                run = []
        run.sort(key=lambda item: item[0])
        if not runs:
            yield from (line for _, line in run)
            return
        sources = [_read(handle, side) for handle in runs] + [iter(run)]
        for _, line in heapq.merge(*sources, key=lambda item: item[0]):
            yield line
