"""Research tables as text: CSV for Excel and JSON Lines, streamed a row at a time.

The command line prints them and the server sends them, from the same rows,
so a download and ``partyline … --csv`` are the same file. CSV follows the
exports (``archive/exports/tables.py``): UTF-8 with a byte-order mark so
Excel shows Vietnamese, and cells that Excel would run as formulas defused.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from archive.exports.tables import csv_cell

BOM = "\ufeff"


def _csv_line(values: Iterable[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([csv_cell(value) for value in values])
    return buffer.getvalue()


def csv_text(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> Iterator[str]:
    """The byte-order mark and header, then one line per row (only ``columns``, in order)."""
    yield BOM + _csv_line(columns)
    for row in rows:
        yield _csv_line(row.get(column) for column in columns)


def jsonl_text(rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """One JSON object per line, UTF-8 unescaped."""
    for row in rows:
        yield json.dumps(row, ensure_ascii=False) + "\n"
