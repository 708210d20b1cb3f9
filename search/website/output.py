"""Writing a build atomically: a fresh ``site-<stamp>/`` directory, then a symlink swap.

Files whose key did not change are hard-linked from the current build (no copy,
no render). A file in the new build is either linked or newly written, never
both: nothing already published is ever modified in place. ``site`` is switched
to the new directory with ``os.replace`` (readers see the old or the new site,
never a mix); the previous build is kept, older ones are retired (renamed, then
deleted in the background).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

from search.website.manifest import load_manifest, manifest_file, save_manifest

KEEP_PREVIOUS = 1


def current_build(site_dir: Path) -> Path | None:
    """The build directory ``site_dir`` points at (None before the first build)."""
    if site_dir.is_symlink():
        target = site_dir.resolve()
        return target if target.is_dir() else None
    return None


class BuildOutput:
    def __init__(self, site_dir: Path, *, full: bool = False) -> None:
        self.site_dir = site_dir
        self.current = current_build(site_dir)
        self.previous = {} if full else load_manifest(self.current)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%f")
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        self.dir = site_dir.parent / f"{site_dir.name}-{stamp}"
        self.dir.mkdir()
        self.files: dict[str, str] = {}
        self.reused = 0
        self._folders: set[str] = set()

    def folder_for(self, relative: str) -> None:
        parent = relative.rpartition("/")[0]
        if parent and parent not in self._folders:
            (self.dir / parent).mkdir(parents=True, exist_ok=True)
            self._folders.add(parent)

    def reuse(self, files: list[str], key: str) -> bool:
        """Record ``files`` under ``key``; link them from the current build when unchanged.

        False means they must be written (new, changed, or missing from the old build).
        """
        for name in files:
            self.files[name] = key
        if self.current is None or any(self.previous.get(name) != key for name in files):
            return False
        old, new = str(self.current), str(self.dir)
        try:
            for name in files:
                self.folder_for(name)
                os.link(f"{old}/{name}", f"{new}/{name}")
        except OSError:
            for name in files:
                (self.dir / name).unlink(missing_ok=True)
            return False
        self.reused += len(files)
        return True

    @property
    def removed(self) -> int:
        return len(self.previous.keys() - self.files.keys()) if self.current else 0

    def publish(self) -> None:
        """Record the manifest and switch ``site`` to the new build."""
        save_manifest(self.dir, self.files)
        link = self.site_dir.with_name(self.site_dir.name + ".new")
        if link.is_symlink() or link.exists():
            link.unlink()
        link.symlink_to(self.dir.name)
        if self.site_dir.exists() and not self.site_dir.is_symlink():
            shutil.rmtree(self.site_dir)
        os.replace(link, self.site_dir)
        self._prune()

    def abandon(self) -> None:
        """Remove the unfinished build; the published site is untouched."""
        shutil.rmtree(self.dir, ignore_errors=True)
        manifest_file(self.dir).unlink(missing_ok=True)

    def _prune(self) -> None:
        """Retire builds older than the previous one: renamed at once (out of sight),
        deleted by a background process. Unlinking a build's hundreds of thousands of
        files takes longer than an incremental build, and nothing waits for it."""
        keep = {self.dir, self.current}
        builds = sorted(
            p for p in self.site_dir.parent.glob(f"{self.site_dir.name}-*") if p.is_dir()
        )
        trash = self.site_dir.parent / f".{self.site_dir.name}-retired"
        trash.mkdir(exist_ok=True)
        for old in builds[: -(KEEP_PREVIOUS + 1)]:
            if old not in keep:
                manifest_file(old).unlink(missing_ok=True)
                old.rename(trash / old.name)
        if any(trash.iterdir()):
            subprocess.Popen(
                ["rm", "-rf", "--", *(str(p) for p in trash.iterdir())],
                start_new_session=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
