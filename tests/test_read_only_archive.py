"""An archive on a read-only disk (or a shared copy) can still be searched and reported on.

The home is bind-mounted read-only in a private mount namespace (``unshare -m``),
so the kernel itself refuses every write, as on a read-only disk; the mount
vanishes with the namespace. Where the machine does not allow it, the test says why.
"""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import REPO, Crawled, cli_environment


@cache
def _read_only_mounts_unavailable() -> str | None:
    if not shutil.which("unshare"):
        return "unshare (util-linux) is not installed"
    probe = subprocess.run(
        ["unshare", "-m", "sh", "-c", "mount -t tmpfs -o ro none /mnt"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        return f"read-only mounts are not allowed here: {probe.stderr.strip()}"
    return None


def _on_read_only_copy(home: Path, mount_point: Path, *args: str) -> subprocess.CompletedProcess:
    """``partyline ARGS`` with PARTYLINE_HOME on a read-only bind mount of ``home``."""
    reason = _read_only_mounts_unavailable()
    if reason:
        pytest.skip(reason)
    mount_point.mkdir(exist_ok=True)
    command = " ".join(shlex.quote(part) for part in (sys.executable, "-m", "partyline", *args))
    script = (
        f"mount --bind {shlex.quote(str(home))} {shlex.quote(str(mount_point))} && "
        f"mount -o remount,bind,ro {shlex.quote(str(mount_point))} && {command}"
    )
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        env=cli_environment(mount_point),
        cwd=REPO,
    )


def test_reading_commands_work_on_a_read_only_archive(crawled: Crawled, tmp_path: Path) -> None:
    mount_point = tmp_path / "ro"
    searched = _on_read_only_copy(crawled.home, mount_point, "search", "tinh uy", "--json")
    assert searched.returncode == 0, searched.stderr
    assert json.loads(searched.stdout)["total"] > 0
    reported = _on_read_only_copy(crawled.home, mount_point, "report")
    assert reported.returncode in (0, 1), reported.stderr  # 1: a site needs a person
    assert "Run " in reported.stdout
    topics = _on_read_only_copy(crawled.home, mount_point, "topic", "list")
    assert topics.returncode == 0, topics.stderr
    out = tmp_path / "export.csv"
    exported = _on_read_only_copy(
        crawled.home, mount_point, "export", "--query", "tinh uy", "--format", "csv", "--out",
        str(out),
    )  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    assert "read-only" in exported.stderr
    assert len(out.read_text(encoding="utf-8-sig").splitlines()) > 1


def test_a_writing_command_on_a_read_only_archive_fails_in_one_line(
    crawled: Crawled, tmp_path: Path
) -> None:
    result = _on_read_only_copy(crawled.home, tmp_path / "ro", "topic", "add", "t", "--query", "x")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert "read-only" in line
