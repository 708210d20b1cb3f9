"""Shared fixtures: archives on SQLite and PostgreSQL, the sample web, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from archive.db import Archive
from sampleweb import SampleWeb

REPO = Path(__file__).resolve().parents[1]
PG_CONNINFO = "host=127.0.0.1 port=5432 dbname=test user=postgres"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@cache
def postgres_unavailable_reason() -> str | None:
    """Why PostgreSQL tests cannot run here, or None when they can."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install 'partyline[postgres]')"
    try:
        with psycopg.connect(PG_CONNINFO, connect_timeout=3):
            return None
    except psycopg.OperationalError as exc:
        return f"PostgreSQL at 127.0.0.1:5432 (database test) is not reachable: {exc}".strip()


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL for a fresh schema in the ``test`` database, dropped afterwards."""
    reason = postgres_unavailable_reason()
    if reason:
        pytest.skip(reason)
    import psycopg

    schema = f"partyline_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_CONNINFO, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield f"{PG_URL}?options=-csearch_path%3D{schema}"
    with psycopg.connect(PG_CONNINFO, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def archive(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Archive]:
    """An empty, migrated archive on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'archive.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    archive = Archive(url)
    yield archive
    archive.dispose()


def cli_environment(home: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    """The test's environment for ``partyline`` on ``home`` (never a configured database)."""
    environment = {k: v for k, v in os.environ.items() if k != "PARTYLINE_DB_URL"}
    environment.update(PARTYLINE_HOME=str(home), **(env or {}))
    return environment


def run_cli(
    home: Path, *args: str, timeout: float = 300, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``partyline`` in a subprocess, as a user would (each crawl needs its own reactor)."""
    return subprocess.run(
        [sys.executable, "-m", "partyline", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=cli_environment(home, env),
        cwd=REPO,
    )


def start_cli(home: Path, *args: str, stderr: Any = subprocess.DEVNULL) -> subprocess.Popen:
    """``partyline`` started in a session of its own (``os.killpg`` stops all of it)."""
    return subprocess.Popen(
        [sys.executable, "-m", "partyline", *args],
        env=cli_environment(home),
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=stderr,
        start_new_session=True,
    )


@dataclass
class Crawled:
    """A home holding a crawl of the sample web, with the web still serving."""

    web: SampleWeb
    home: Path
    registry: Path

    def archive(self) -> Archive:
        return Archive(f"sqlite:///{self.home / 'archive.db'}")

    def crawl(self) -> None:
        result = run_cli(self.home, "crawl", "--registry", str(self.registry), *CRAWL_ARGS)
        assert result.returncode == 0, result.stderr


# The sample web's slow page outlasts this timeout, so crawls record a timeout.
CRAWL_ARGS = ("--local-sample", "-s", "DOWNLOAD_TIMEOUT=2")


@pytest.fixture(scope="session")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    """The sample web through the whole pipeline once (``partyline nightly``: crawl,
    extract, index, build, report): shared by the end-to-end tests."""
    home = tmp_path_factory.mktemp("home")
    with SampleWeb(slow_seconds=6) as web:
        registry = web.write_registry(home / "registry.yaml")
        result = run_cli(home, "nightly", "--registry", str(registry), *CRAWL_ARGS)
        assert result.returncode == 0, result.stderr
        yield Crawled(web, home, registry)


@pytest.fixture(scope="module")
def search_corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple]:
    """tests/search_corpus.py's articles in an archive and an index: (archive, index_dir, ids)."""
    from tests.search_corpus import indexed_corpus

    archive, index_dir, ids = indexed_corpus(tmp_path_factory.mktemp("search"))
    yield archive, index_dir, ids
    archive.dispose()
