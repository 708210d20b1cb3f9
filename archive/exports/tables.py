"""Tabular exports: CSV for Excel (UTF-8 with BOM) and JSON Lines for R and Python."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path

from archive.exports.rows import DEDUPE_FIELDS, FIELDS, TEXT_FIELDS, ExportRow

# Excel runs a cell that starts with one of these as a formula; scraped text is
# untrusted, so such cells get a leading apostrophe (the JSON Lines keep them as is).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
URL_SEPARATOR = " | "
WRITE_BUFFER = 1 << 20  # fewer, larger writes: rows are a few kilobytes each


def csv_cell(value: object) -> object:
    """A value as a CSV cell for Excel: empty for None, formulas defused, lists joined."""
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, list):
        return URL_SEPARATOR.join(str(item) for item in value)
    return value


def write_csv(
    rows: Iterable[ExportRow], out: Path, *, include_text: bool, dedupe: bool, **_: str
) -> int:
    """One row per article; the header is written even when there is no row."""
    written = 0
    with out.open("w", encoding="utf-8-sig", newline="", buffering=WRITE_BUFFER) as stream:
        writer = None
        for row in rows:
            record = row.record(include_text=include_text, dedupe=dedupe)
            if writer is None:
                writer = csv.writer(stream)
                writer.writerow(record)
            writer.writerow([csv_cell(value) for value in record.values()])
            written += 1
        if writer is None:
            csv.writer(stream).writerow(header(include_text=include_text, dedupe=dedupe))
    return written


def header(*, include_text: bool, dedupe: bool) -> list[str]:
    names = [name for name in FIELDS if include_text or name not in TEXT_FIELDS]
    return names + list(DEDUPE_FIELDS) if dedupe else names


def write_jsonl(
    rows: Iterable[ExportRow], out: Path, *, include_text: bool, dedupe: bool, **_: str
) -> int:
    written = 0
    with out.open("w", encoding="utf-8", newline="\n", buffering=WRITE_BUFFER) as stream:
        for row in rows:
            record = row.record(include_text=include_text, dedupe=dedupe)
            stream.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            written += 1
    return written
