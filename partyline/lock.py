"""One nightly run at a time: a lock file holding the owner's pid, under ``flock``.

``flock`` is released by the kernel when its holder dies, however it dies, so a
lock left by a killed run never blocks the next one; the pid written in the
file tells the next run that it recovered such a lock, and tells a person who
holds the lock now.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO


class LockHeld(RuntimeError):
    """Another live process holds the lock."""

    def __init__(self, path: Path, holder: dict[str, object]) -> None:
        self.path = path
        self.holder = holder
        super().__init__(
            f"another run holds {path} (pid {holder.get('pid', '?')}, "
            f"since {holder.get('since', '?')})"
        )

    @property
    def held_for(self) -> dt.timedelta | None:
        since = self.holder.get("since")
        if not isinstance(since, str):
            return None
        return dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(since)


@dataclass
class RunLock:
    path: Path
    stale_holder: dict[str, object] | None = None
    _file: IO[str] | None = None

    def __enter__(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read(handle)
            handle.close()
            raise LockHeld(self.path, holder) from None
        previous = _read(handle)
        pid = previous.get("pid")
        if isinstance(pid, int) and pid != os.getpid():
            # The lock was free, yet a pid is written: its holder died without cleaning up.
            self.stale_holder = previous
        handle.seek(0)
        handle.truncate()
        since = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        handle.write(json.dumps({"pid": os.getpid(), "since": since}))
        handle.flush()
        self._file = handle
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._file is None:
            return
        self._file.seek(0)
        self._file.truncate()
        self._file.flush()
        fcntl.flock(self._file, fcntl.LOCK_UN)
        self._file.close()
        self._file = None


def _read(handle: IO[str]) -> dict[str, object]:
    handle.seek(0)
    try:
        value = json.loads(handle.read() or "{}")
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}
