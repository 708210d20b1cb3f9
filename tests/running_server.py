"""A real ``partyline serve`` process on 127.0.0.1, over a private copy of a data directory."""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO

START_TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def copy_home(source: Path, target: Path) -> Path:
    """Copy a home (database through SQLite's backup, the site link kept relative)."""
    shutil.copytree(
        source, target, symlinks=True, ignore=shutil.ignore_patterns("archive.db*", "logs")
    )
    with (
        sqlite3.connect(source / "archive.db") as old,
        sqlite3.connect(target / "archive.db") as new,
    ):
        old.backup(new)
    return target


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes


@dataclass
class Server:
    base: str
    port: int
    home: Path
    pid: int

    def request(
        self, path: str, method: str = "GET", headers: dict[str, str] | None = None
    ) -> Reply:
        """Send ``path`` exactly as given (no quoting, no normalisation)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, headers=headers or {})
            response = connection.getresponse()
            body = response.read()
            return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, body)
        finally:
            connection.close()


@contextmanager
def running_server(home: Path, *extra: str) -> Iterator[Server]:
    """``partyline serve`` on an ephemeral port of 127.0.0.1 until the block ends."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k != "PARTYLINE_DB_URL"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "partyline",
            "--home",
            str(home),
            "serve",
            "--port",
            str(port),
            *extra,
        ],
        cwd=REPO,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until_listening(port, process)
        yield Server(f"http://127.0.0.1:{port}", port, home, process.pid)
    finally:
        process.terminate()
        _, errors = process.communicate(timeout=10)
        # Anything the server logged as unexpected is a failure of the test that caused it.
        assert b"Traceback" not in errors, errors.decode(errors="replace")


def wait_until_listening(
    port: int,
    process: subprocess.Popen,
    name: str = "partyline serve",
    output: Callable[[], str] | None = None,
    timeout: float = START_TIMEOUT,
) -> None:
    """Until ``process`` accepts connections on ``port``; ``output``: what it printed."""

    def printed() -> str:
        return output() if output else process.stderr.read().decode()

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited: {printed()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{name} did not start listening")
