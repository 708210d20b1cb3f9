"""The built site and the search server, over HTTP on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from archive.articles import ArticleFields, upsert_article
from archive.captures import store_capture
from archive.db import Archive
from archive.models import Article
from archive.sites import sync_sites
from search.website import build_site
from tests.conftest import REPO, Crawled


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(crawled: Crawled) -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "partyline",
            "--home",
            str(crawled.home),
            "serve",
            "--port",
            str(port),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/", timeout=1)
            break
        except OSError:
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(timeout=10)


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_home_and_article_pages_are_served(server: str, crawled: Crawled) -> None:
    status, body = _get(server + "/")
    assert status == 200 and b"Partyline" in body
    with crawled.archive().session() as session:
        article = session.scalars(select(Article)).first()
    status, body = _get(f"{server}/articles/{article.id}.html")
    assert status == 200 and article.title.encode() in body


def test_api_search_answers_the_cli_json_shape(server: str) -> None:
    status, body = _get(server + "/api/search?q=tinh+uy&per_page=5")
    result = json.loads(body)
    assert status == 200
    assert result["total"] > 5 and len(result["results"]) == 5
    assert all(hit["url"].startswith("http://127.0.0.1:") for hit in result["results"])


def test_search_page_highlights_matches(server: str) -> None:
    status, body = _get(server + "/search?q=tuyen+giao")
    assert status == 200 and b"<mark" in body
    assert "Có phải bạn muốn tìm".encode() in body and "Theo tỉnh".encode() in body


def test_api_search_filters_sorts_and_counts_facets(server: str) -> None:
    query = urllib.parse.urlencode({"q": 'tỉnh province:"Bình Phước"', "sort": "oldest"})
    status, body = _get(f"{server}/api/search?{query}")
    result = json.loads(body)
    assert status == 200 and result["sort"] == "oldest" and result["total"] > 0
    dates = [hit["published"] for hit in result["results"]]
    assert dates == sorted(dates)
    assert [row["value"] for row in result["facets"]["province"]] == ["Bình Phước"]
    assert sum(row["count"] for row in result["facets"]["year"]) == result["total"]
    status, _ = _get(f"{server}/api/search?q=x&sort=sideways")
    assert status == 400


@pytest.mark.parametrize(
    "path",
    ["/..%2f..%2f..%2fetc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/static/..%2f..%2farchive.db"],
)
def test_path_traversal_never_leaves_the_site(server: str, path: str) -> None:
    status, body = _get(server + path)
    assert status == 404 and b"root:" not in body


@pytest.mark.parametrize("query", ["q=%ff%fe", "q=" + "a" * 5000, "q=x&page=abc", "q=x&sort=%00"])
def test_bad_parameters_get_a_4xx(server: str, query: str) -> None:
    status, _ = _get(f"{server}/api/search?{query}")
    assert status == 400


def test_scraped_markup_is_escaped_in_pages(tmp_path: Path) -> None:
    archive = Archive(f"sqlite:///{tmp_path / 'a.db'}")
    with archive.session() as session:
        sync_sites(session, [{"id": "s", "name": "<b>S</b>", "family": "generic", "hosts": ["h"]}])
        capture = store_capture(
            session,
            site_id="s",
            url="http://h/a-1.html",
            final_url="http://h/a-1.html",
            canonical_url="http://h/a-1.html",
            http_status=200,
            headers={},
            body=b"",
        )
        session.flush()
        upsert_article(
            session,
            capture,
            ArticleFields(title="<script>alert(1)</script>", text="<img src=x onerror=alert(1)>"),
        )
    build_site(archive, tmp_path / "site")
    page = next((tmp_path / "site" / "articles").glob("*.html")).read_text()
    assert (
        "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    )
    assert "<img src=x" not in page
