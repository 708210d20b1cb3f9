"""``partyline demo``: the main job, offline, from a fresh home; and stopping it."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from archive.db import Archive
from archive.models import Article, Capture
from sampleweb import SampleWeb
from tests.conftest import REPO, run_cli, start_cli
from tests.running_server import free_port, wait_until_listening

# The demo crawls, indexes and builds before it listens: minutes on a busy machine.
DEMO_TIMEOUT = 300


def test_demo_crawls_indexes_builds_and_summarises(tmp_path: Path) -> None:
    result = run_cli(tmp_path, "demo", "--no-serve", "--sample-port", "0")
    assert result.returncode == 0, result.stderr
    with SampleWeb() as web:
        total = sum(len(web.expected_articles(site_id)) for site_id in web.site_ids)
    assert "Demo archive ready" in result.stdout
    assert f"articles:  {total} archived" in result.stdout
    assert f"index:     {total} documents" in result.stdout
    assert (tmp_path / "site" / "index.html").is_file()
    assert "Traceback" not in result.stderr


def test_the_demo_run_twice_gives_the_same_archive(tmp_path: Path) -> None:
    """The sample web's port changes between the runs; its sites' URLs do not."""
    ports = [free_port(), free_port()]
    assert ports[0] != ports[1]
    first = run_cli(tmp_path, "demo", "--no-serve", "--sample-port", str(ports[0]))
    assert first.returncode == 0, first.stderr
    with Archive(f"sqlite:///{tmp_path / 'archive.db'}").session() as session:
        urls = sorted(session.scalars(select(Article.canonical_url)))
        captures = session.scalar(select(func.count()).select_from(Capture))
    second = run_cli(tmp_path, "demo", "--no-serve", "--sample-port", str(ports[1]))
    assert second.returncode == 0, second.stderr
    assert "(0 new in crawl run 2)" in second.stdout
    with Archive(f"sqlite:///{tmp_path / 'archive.db'}").session() as session:
        assert sorted(session.scalars(select(Article.canonical_url))) == urls
        assert session.scalar(select(func.count()).select_from(Capture)) == captures
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    titles = re.findall(r'<a href="articles/\d+\.html">([^<]+)</a>', home)
    assert titles and len(titles) == len(set(titles))


def test_the_sample_web_on_a_busy_port_is_one_line(tmp_path: Path) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "sampleweb", "serve", "--port-base", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=REPO,
        )
    assert result.returncode == 2 and "Traceback" not in result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert "--port-base" in line


def test_ctrl_c_stops_the_demo_while_it_serves(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "demo.stderr"
    with log.open("wb") as stderr:
        process = start_cli(
            tmp_path / "home", "demo", "--port", str(port), "--sample-port", "0", stderr=stderr
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
