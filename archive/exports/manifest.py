"""``<export>.manifest.json``: what was exported, from what, when, by which version.

The manifest is written while the export streams: its header first, then one
``{"id", "capture_sha256"}`` entry per article as each row goes out, then the
totals and the export file's own SHA-256. Nothing accumulates in memory.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, TextIO

from archive.models import utcnow
from archive.version import SOFTWARE_VERSION

if TYPE_CHECKING:
    from archive.models import Topic, TopicSnapshot
    from archive.snapshots import SnapshotDrift
    from archive.topics import Filters


def manifest_path(out: Path) -> Path:
    return out.with_name(out.name + ".manifest.json")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class ManifestWriter:
    """Open with the header fields; ``add`` each article; ``finish`` with the totals."""

    def __init__(self, path: Path, header: Mapping[str, Any]) -> None:
        self.path = path
        self.partial = path.with_name(path.name + ".partial")
        self.count = 0
        self.stream: TextIO = self.partial.open("w", encoding="utf-8", newline="\n")
        self.stream.write("{\n")
        for key, value in header.items():
            self.stream.write(f"  {json.dumps(key)}: {_dumps(value)},\n")
        self.stream.write('  "articles": [')

    def add(self, article_id: int, capture_sha256: str) -> None:
        # Ids are integers and hashes hexadecimal: nothing to escape, no json.dumps per row.
        entry = f'{{"id": {int(article_id)}, "capture_sha256": "{capture_sha256:.64}"}}'
        self.stream.write(("," if self.count else "") + "\n    " + entry)
        self.count += 1

    def finish(self, totals: Mapping[str, Any]) -> Path:
        self.stream.write("\n  ],\n" if self.count else "],\n")
        items = [("count", self.count), *totals.items(), ("finished_at", _now())]
        self.stream.write(",\n".join(f"  {json.dumps(k)}: {_dumps(v)}" for k, v in items))
        self.stream.write("\n}\n")
        self.stream.close()
        os.replace(self.partial, self.path)
        return self.path

    def abort(self) -> None:
        self.stream.close()
        self.partial.unlink(missing_ok=True)

    def __enter__(self) -> ManifestWriter:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if kind is not None:
            self.abort()


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str, indent=2).replace("\n", "\n  ")


def _now() -> str:
    return utcnow().strftime("%Y-%m-%dT%H:%M:%SZ")


def started_at() -> str:
    return _now()


def manifest_about(
    *,
    query: str,
    filters: Filters,
    topic: Topic | None = None,
    snapshot: TopicSnapshot | None = None,
    drift: SnapshotDrift | None = None,
) -> dict[str, Any]:
    """What an export's manifest says about where its articles came from."""
    about: dict[str, Any] = {
        "partyline_version": SOFTWARE_VERSION,
        "topic": None,
        "query": query,
        "filters": filters.as_dict(),
        "snapshot": None,
    }
    if topic is not None:
        about["topic"] = {
            "slug": topic.slug,
            "title": topic.title,
            "description": topic.description,
        }
    if snapshot is not None:
        about["snapshot"] = {
            "name": snapshot.name,
            "frozen_at": snapshot.created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "frozen_with_partyline": snapshot.software_version,
            "article_count": snapshot.article_count,
            "definition": snapshot.definition,
            "articles_missing_since": drift.missing if drift else [],
            "articles_reextracted_since": drift.text_changed if drift else [],
        }
    return about
