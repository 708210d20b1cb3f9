"""Exporting a selection of articles in the formats researchers' tools read.

``run_export`` streams the selection's rows from SQL into one writer per format
and the manifest beside it, writing to ``<out>.partial`` and renaming at the
end, so a failed or interrupted export never leaves a half file under the
real name.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from archive.clusters import MAX_DISTANCE, ensure_clusters
from archive.db import Archive
from archive.exports.captures import write_warc
from archive.exports.citations import write_bibtex, write_csl_json, write_ris
from archive.exports.manifest import ManifestWriter, file_sha256, manifest_path, started_at
from archive.exports.rows import ExportRow, export_rows
from archive.exports.tables import write_csv, write_jsonl
from archive.exports.text_files import write_txt_zip
from archive.selection import Selection, selected

Writer = Callable[..., int]
ROW_WRITERS: dict[str, Writer] = {
    "csv": write_csv,
    "jsonl": write_jsonl,
    "txt": write_txt_zip,
    "ris": write_ris,
    "bibtex": write_bibtex,
    "csl-json": write_csl_json,
}
FORMATS = (*ROW_WRITERS, "warc")
EXTENSIONS = {
    "csv": ".csv",
    "jsonl": ".jsonl",
    "txt": ".zip",
    "ris": ".ris",
    "bibtex": ".bib",
    "csl-json": ".json",
    "warc": ".warc.gz",
}
DEDUPE_RULE = (
    "Articles are taken in order of appearance (earliest publication date, undated last, "
    "then first seen); an article whose 64-bit SimHash is within "
    f"{MAX_DISTANCE} bits of an earlier cluster's first copy joins that cluster. With "
    "--dedupe each cluster's articles in the export become one row: the earliest copy's "
    "fields plus every copy's URL."
)


class ExportError(ValueError):
    """An export cannot be made as asked; the message says what to do."""


@dataclass
class ExportRequest:
    selection: Selection
    format: str
    out: Path
    include_text: bool = True
    dedupe: bool = False
    # What the manifest says about where the selection came from: topic, query,
    # filters, snapshot, software version.
    about: dict[str, Any] = field(default_factory=dict)


@dataclass
class ExportSummary:
    out: Path
    manifest: Path
    articles: int
    rows: int
    seconds: float


def _check(request: ExportRequest) -> None:
    if request.format not in FORMATS:
        raise ExportError(f"Unknown format {request.format!r}: choose one of {', '.join(FORMATS)}.")
    if request.format == "warc" and request.dedupe:
        raise ExportError("A WARC holds every capture: --dedupe does not apply to --format warc.")
    if request.out.is_dir():
        raise ExportError(f"{request.out} is a directory: give a file name with --out.")


def _tap(rows: Iterator[ExportRow], manifest: ManifestWriter) -> Iterator[ExportRow]:
    for row in rows:
        for article_id, sha in row.member_ids:
            manifest.add(article_id, sha)
        yield row


def _write(session: Session, request: ExportRequest, target: Path, manifest: ManifestWriter) -> int:
    with selected(session, request.selection) as members:
        if request.format == "warc":
            return write_warc(session, members, target, manifest.add, filename=request.out.name)
        rows = export_rows(
            session, members, include_text=request.include_text, dedupe=request.dedupe
        )
        writer = ROW_WRITERS[request.format]
        return writer(
            _tap(rows, manifest),
            target,
            include_text=request.include_text,
            dedupe=request.dedupe,
            name=request.out.name,
        )


def run_export(archive: Archive, request: ExportRequest) -> ExportSummary:
    """Write the export and its manifest; clusters are brought up to date first."""
    _check(request)
    started = time.perf_counter()
    ensure_clusters(archive)
    try:
        rows, count = _write_with_manifest(archive, request)
    except OSError as exc:
        # Say which file the user asked for, not the temporary name it is written under.
        raise ExportError(f"cannot write {request.out}: {exc.strerror or exc}") from exc
    return ExportSummary(
        request.out, manifest_path(request.out), count, rows, time.perf_counter() - started
    )


def _write_with_manifest(archive: Archive, request: ExportRequest) -> tuple[int, int]:
    """Write the export under a temporary name, then its manifest; (rows, articles)."""
    request.out.parent.mkdir(parents=True, exist_ok=True)
    target = request.out.with_name(request.out.name + ".partial")
    header = {
        **request.about,
        "format": request.format,
        "file": request.out.name,
        "options": {"text": request.include_text, "dedupe": request.dedupe},
        "near_duplicates": DEDUPE_RULE,
        "started_at": started_at(),
    }
    with ManifestWriter(manifest_path(request.out), header) as manifest:
        try:
            with archive.session() as session:
                rows = _write(session, request, target, manifest)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        os.replace(target, request.out)
        manifest.finish({"rows": rows, "file_sha256": file_sha256(request.out)})
    return rows, manifest.count
