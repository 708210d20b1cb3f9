"""The state of a build: every file it holds and the key of the data it shows.

Kept beside the build it describes (``site-<stamp>.manifest.json``), so the next
build knows which files it can reuse unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path

FORMAT = 1


def manifest_file(build_dir: Path) -> Path:
    return build_dir.with_name(build_dir.name + ".manifest.json")


def load_manifest(build_dir: Path | None) -> dict[str, str]:
    """``{file: key}`` of a previous build; empty when unknown or unreadable (full build)."""
    if build_dir is None:
        return {}
    try:
        document = json.loads(manifest_file(build_dir).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return {}
    files = document.get("files")
    return files if isinstance(files, dict) else {}


def save_manifest(build_dir: Path, files: dict[str, str]) -> Path:
    path = manifest_file(build_dir)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps({"format": FORMAT, "files": files}), encoding="utf-8")
    partial.replace(path)
    return path
