"""A zip of plain-text files, one per article, for corpus tools (AntConc, NVivo).

Each file is UTF-8: a header block of ``Key: value`` lines, a blank line, then
the text. Files are named ``YYYY-MM-DD_<site>_<id>.txt`` (``undated_<site>_<id>.txt``
when the article has no date) inside a folder named after the zip, so they
sort by date. The zip is written entry by entry: nothing but the zip's
directory (a few hundred bytes per file) is kept in memory.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

from archive.exports.rows import ExportRow

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
UNDATED = "undated"
EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


def file_name(row: ExportRow) -> str:
    """``2023-06-14_site-id_123.txt``; site ids are reduced to safe characters (no paths)."""
    day = row.published_date.isoformat() if row.published_date else UNDATED
    site = _UNSAFE.sub("-", row.site).strip("-.") or "site"
    return f"{day}_{site}_{row.id}.txt"


def header_block(row: ExportRow) -> str:
    lines = [
        ("Title", row.title),
        ("URL", row.url),
        ("Published", row.published or "undated"),
        ("Date source", row.date_source),
        ("Site", f"{row.site_name} ({row.site})"),
        ("Province at the time", row.province_at_time),
        ("Current province", row.province_current),
        ("Publisher type", row.publisher_type),
        ("Author", row.author),
        ("Source", row.source),
        ("Words", str(row.word_count)),
        ("Partyline id", str(row.id)),
        ("Archived capture SHA-256", row.capture_sha256),
        ("Captured at", row.captured_at.strftime("%Y-%m-%dT%H:%M:%SZ")),
        ("Cluster", str(row.cluster_id)),
        ("First seen at", row.first_seen_url),
    ]
    if row.copies:
        lines.append(("Also published at", " | ".join(row.urls[1:])))
    # One line per field: a value never carries a newline into the header.
    return "".join(f"{key}: {' '.join((value or '').split())}\n" for key, value in lines)


def write_txt_zip(
    rows: Iterable[ExportRow], out: Path, *, include_text: bool, name: str, **_: bool
) -> int:
    """``name`` is the zip's final file name: its stem names the folder inside."""
    folder = _UNSAFE.sub("-", name.removesuffix(".zip")).strip("-.") or "articles"
    written = 0
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as bundle:
        for row in rows:
            body = header_block(row) + "\n" + ((row.text or "") if include_text else "")
            when = row.published_date
            stamp = (when.year, when.month, when.day, 0, 0, 0) if when else EPOCH
            if stamp < EPOCH:
                stamp = EPOCH
            entry = zipfile.ZipInfo(f"{folder}/{file_name(row)}", date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(entry, body.rstrip("\n") + "\n")
            if include_text:
                _write_documents(bundle, folder, row, stamp)
            written += 1
    return written


def _write_documents(
    bundle: zipfile.ZipFile, folder: str, row: ExportRow, stamp: tuple[int, ...]
) -> None:
    """Each document the article attaches, read, as a file of its own beside it:
    ``<article file>_attachment-N.txt``, its header naming the article."""
    stem = file_name(row).removesuffix(".txt")
    read = [d for d in row.documents if d.text]
    for number, document in enumerate(read, 1):
        lines = [
            ("Attachment of", f"{row.title} ({row.url})"),
            ("Document", document.label),
            ("URL", document.url),
            ("Kind", document.kind),
            ("Pages", str(document.pages) if document.pages else None),
            ("Archived capture SHA-256", document.sha256),
            ("Note", document.note),
        ]
        header = "".join(f"{key}: {' '.join((value or '').split())}\n" for key, value in lines)
        entry = zipfile.ZipInfo(f"{folder}/{stem}_attachment-{number}.txt", date_time=stamp)
        entry.compress_type = zipfile.ZIP_DEFLATED
        bundle.writestr(entry, header + "\n" + document.text.rstrip("\n") + "\n")
