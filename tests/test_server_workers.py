"""``partyline serve`` answers searches in worker processes: they survive, and stop with it."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path
from urllib.parse import urlencode

import psutil
import pytest

from tests.conftest import Crawled
from tests.running_server import Server, copy_home, running_server

QUERIES = ("tinh uy", '"tuyên giáo"', "dang vien -covid", "hội nghị date:2023")


@pytest.fixture
def home(crawled: Crawled, tmp_path: Path) -> Path:
    return copy_home(crawled.home, tmp_path / "home")


def _answers(server: Server) -> list[tuple[int, list[int]]]:
    found = []
    for query in QUERIES:
        reply = server.request(f"/api/search?{urlencode({'q': query})}")
        assert reply.status == 200, reply.body
        result = json.loads(reply.body)
        found.append((result["total"], [hit["id"] for hit in result["results"]]))
    return found


def _search_workers(server: Server) -> list[psutil.Process]:
    """The server's spawned search processes (not multiprocessing's resource tracker)."""
    children = psutil.Process(server.pid).children()
    return [child for child in children if "spawn_main" in " ".join(child.cmdline())]


def _wait_for_workers(server: Server, count: int) -> list[psutil.Process]:
    deadline = time.monotonic() + 30
    while len(workers := _search_workers(server)) != count and time.monotonic() < deadline:
        time.sleep(0.1)
    return workers


def test_worker_processes_answer_as_the_server_threads_do(home: Path) -> None:
    with running_server(home, "--processes", "0") as server:
        assert _search_workers(server) == []
        in_threads = _answers(server)
    with running_server(home, "--processes", "2", "--cache", "0") as server:
        assert len(_wait_for_workers(server, 2)) == 2
        assert _answers(server) == in_threads
    assert all(total > 0 for total, _ in in_threads)


def test_a_killed_search_worker_is_replaced_and_no_search_fails(home: Path) -> None:
    with running_server(home, "--processes", "2", "--cache", "0") as server:
        before = _answers(server)
        victim = _wait_for_workers(server, 2)[0]
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(10)
        assert _answers(server) == before
        replaced = _wait_for_workers(server, 2)
        assert victim.pid not in {worker.pid for worker in replaced}
        assert _answers(server) == before


def test_terminating_the_server_stops_its_search_workers(home: Path) -> None:
    with running_server(home, "--processes", "2") as server:
        workers = _wait_for_workers(server, 2)
        assert len(workers) == 2
        _answers(server)
    _, alive = psutil.wait_procs(workers, timeout=15)
    assert alive == []
