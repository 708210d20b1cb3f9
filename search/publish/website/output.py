"""Writing a build atomically: a fresh ``site-<stamp>/`` directory, then a symlink swap.

The new build starts as a hard-linked copy of the current one, made by a
background thread while the build reads the archive and computes page keys
(linking is kernel work, so it overlaps the Python work). Once the copy is done
(``settle``), every file that will be rewritten or is no longer produced is
unlinked from the new build first: writes always create new files, so nothing
already published is ever modified in place. ``site`` is switched
to the new directory with ``os.replace`` (readers see the old or the new site,
never a mix); the previous build is kept, older ones are retired (renamed, then
deleted in the background).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import subprocess
import threading
from pathlib import Path

from search.publish.website.build_state import load_manifest, manifest_file, save_manifest

KEEP_PREVIOUS = 1


def current_build(site_dir: Path) -> Path | None:
    """The build directory ``site_dir`` points at (None before the first build)."""
    if site_dir.is_symlink():
        target = site_dir.resolve()
        return target if target.is_dir() else None
    return None


def link_tree(source: str, target: str) -> int:
    """Hard-link every file under ``source`` into ``target`` (folders created); returns
    the files linked."""
    linked = 0
    with os.scandir(source) as entries:
        for entry in entries:
            destination = f"{target}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                os.makedirs(destination, exist_ok=True)
                linked += link_tree(entry.path, destination)
            elif entry.is_file(follow_symlinks=False):
                os.link(entry.path, destination)
                linked += 1
    return linked


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
        self._stale: list[str] = []
        self._settled = False
        self._copy_error: BaseException | None = None
        self._copier: threading.Thread | None = None
        if self.current is not None and self.previous:
            self._copier = threading.Thread(target=self._copy_current, daemon=True)
            self._copier.start()

    def _copy_current(self) -> None:
        try:
            link_tree(str(self.current), str(self.dir))
        except BaseException as exc:  # re-raised by settle(), in the building thread
            self._copy_error = exc

    def reuse(self, files: list[str], key: str) -> bool:
        """Record ``files`` under ``key``; True when the copy of the current build
        already holds them unchanged. False means they must be written (new,
        changed, or missing from the old build); they are cleared for writing."""
        for name in files:
            self.files[name] = key
        if (
            self._copier is not None
            and all(self.previous.get(name) == key for name in files)
            # Once the copy is done, a file deleted from the published build by hand
            # is missing from it: written again (pages reused before: ``present``).
            and (not self._settled or self._holds(files))
        ):
            return True
        if self._settled:
            self._clear(files)
        else:
            self._stale.extend(files)
        return False

    def present(self, files: list[str]) -> bool:
        """Whether the new build holds all of ``files`` (after ``settle``): a page reused
        before the copy was done may have been deleted from the published build by
        hand. When one is missing, the others are cleared too: the page is written anew."""
        if self._holds(files):
            return True
        self._clear(files)
        return False

    def _holds(self, files: list[str]) -> bool:
        return all(os.path.exists(f"{self.dir}/{name}") for name in files)

    def settle(self) -> None:
        """Wait for the copy of the current build; clear what will be rewritten. Call
        before writing any file into the build."""
        if self._settled:
            return
        if self._copier is not None:
            self._copier.join()
            if self._copy_error is not None:
                raise self._copy_error
        self._settled = True
        self._clear(self._stale)
        self._stale = []

    def _clear(self, files: list[str]) -> None:
        # Unlink, never truncate: the old build shares the inode.
        for name in files:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.dir}/{name}")

    @property
    def removed(self) -> int:
        return len(self.previous.keys() - self.files.keys()) if self.current else 0

    def publish(self) -> None:
        """Drop files no longer produced, record the manifest, switch ``site`` to the build."""
        self.settle()
        if self._copier is not None:
            self._clear(sorted(self.previous.keys() - self.files.keys()))
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
        if self._copier is not None:
            self._copier.join()
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
