"""A running server picks up a reindexed archive, a rebuilt index and a rebuilt site."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import select

from archive.articles import ArticleFields
from archive.db import Archive
from archive.models import Article
from search.store import STATE_FILE
from tests.conftest import Crawled, run_cli
from tests.running_server import Server, copy_home, running_server
from tests.website_archive import store_article


def _add_article(home: Path, word: str) -> None:
    archive = Archive(f"sqlite:///{home / 'archive.db'}")
    with archive.session() as session:
        site_id = session.scalars(select(Article.site_id)).first()
    fields = ArticleFields(title=f"Bài mới {word}", text=f"Hội nghị về {word} của tỉnh ủy.")
    store_article(archive, site_id, f"http://127.0.0.1/{word}.html", fields)
    archive.dispose()


def _total(server: Server, word: str) -> int:
    reply = server.request(f"/api/search?q={word}")
    assert reply.status == 200, reply.body
    return json.loads(reply.body)["total"]


def _index(home: Path, *args: str) -> None:
    result = run_cli(home, "index", *args)
    assert result.returncode == 0, result.stderr


@pytest.fixture
def home(crawled: Crawled, tmp_path: Path) -> Path:
    return copy_home(crawled.home, tmp_path / "home")


def test_server_answers_from_the_updated_and_the_rebuilt_index(home: Path) -> None:
    with running_server(home, "--threads", "2") as server:
        for _ in range(4):  # every worker thread holds a searcher on the old index
            assert _total(server, "xylofon") == 0
        _add_article(home, "xylofon")
        _index(home)
        assert all(_total(server, "xylofon") == 1 for _ in range(4))
        _add_article(home, "quokkar")
        _index(home, "--rebuild")
        assert all(_total(server, "quokkar") == 1 for _ in range(4))
        assert _total(server, "xylofon") == 1


def test_server_serves_the_site_the_link_points_at_now(home: Path) -> None:
    with running_server(home) as server:
        assert server.request("/fresh.txt").status == 404
        fresh = home / "site-fresh"
        fresh.mkdir()
        (fresh / "fresh.txt").write_text("mới", encoding="utf-8")
        link = home / "site.new"
        link.symlink_to(fresh.name)
        os.replace(link, home / "site")
        reply = server.request("/fresh.txt")
        assert reply.status == 200 and reply.body == "mới".encode()
        missing = server.request("/nothing-here")
        assert missing.status == 404 and missing.headers["content-type"].startswith("text/plain")


def test_missing_index_gets_a_503_and_a_friendly_note(home: Path) -> None:
    state = home / "index" / STATE_FILE
    state.rename(state.with_suffix(".away"))
    with running_server(home) as server:
        reply = server.request("/api/search?q=tinh")
        result = json.loads(reply.body)
        assert reply.status == 503 and reply.headers["retry-after"]
        assert result["results"] == [] and "index" in result["error"]
        assert str(home) not in reply.body.decode()
        page = server.request("/en/search?q=tinh")
        assert page.status == 503 and b"Try again" in page.body
        state.with_suffix(".away").rename(state)
        assert _total(server, "tinh") > 0
