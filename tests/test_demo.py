"""``partyline demo``: the main job, offline, from a fresh home; and stopping it."""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path

import pytest

from sampleweb import SampleWeb
from tests.conftest import run_cli, start_cli
from tests.running_server import free_port, wait_until_listening

# The demo crawls, indexes and builds before it listens: minutes on a busy machine.
DEMO_TIMEOUT = 300


def test_demo_crawls_indexes_builds_and_summarises(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "demo", "--no-serve", "--port-base", "0")
    assert result.returncode == 0, result.stderr
    with SampleWeb() as web:
        total = sum(len(web.expected_articles(site_id)) for site_id in web.site_ids)
    assert "Demo archive ready" in result.stdout
    assert f"articles:  {total} archived" in result.stdout
    assert f"index:     {total} documents" in result.stdout
    assert (tmp_path / "site" / "index.html").is_file()
    assert "Traceback" not in result.stderr


def test_ctrl_c_stops_the_demo_while_it_serves(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "demo.stderr"
    with log.open("wb") as stderr:
        process = start_cli(
            tmp_path / "home", "demo", "--port", str(port), "--port-base", "0", stderr=stderr
        )
        try:
            wait_until_listening(
                port, process, "partyline demo", log.read_text, timeout=DEMO_TIMEOUT
            )
            os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C sends
            code = process.wait(timeout=10)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
    assert code in (0, 130)  # waitress ends quietly on Ctrl-C
    assert "Traceback" not in log.read_text()


@pytest.mark.parametrize("command", [("demo",), ("serve",)])
def test_a_busy_port_is_refused_before_any_work(tmp_path: Path, command: tuple[str]) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        started = time.monotonic()
        result = run_cli(tmp_path, *command, "--port", str(port))
        took = time.monotonic() - started
    assert result.returncode == 2 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert f"127.0.0.1:{port}" in line and "--port" in line
    assert took < 15 and not (tmp_path / "archive.db").exists()
