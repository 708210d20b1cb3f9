"""The search server over HTTP: routes, security headers, caching, captures, bad requests."""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from archive.captures import capture_body
from archive.models import Article, Capture
from search.query.engine import search
from tests.conftest import Crawled
from tests.running_server import Server, copy_home, running_server

SECRET = b"partyline-secret-outside-the-site"
NOT_FOUND_PAGE = "<!doctype html><title>404</title><p>Trang này không có.</p>"
SITE_POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'"
CAPTURE_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@pytest.fixture(scope="module")
def server(crawled: Crawled, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server over a copy of the crawled home, its site given a 404 page and a trap:
    a secret next to the site and a symlink inside the site pointing at it."""
    home = copy_home(crawled.home, tmp_path_factory.mktemp("served") / "home")
    (home / "secret.txt").write_bytes(SECRET)
    build = (home / "site").resolve()
    (build / "404.html").write_text(NOT_FOUND_PAGE, encoding="utf-8")
    (build / "escape.txt").symlink_to(home / "secret.txt")
    with running_server(home) as running:
        yield running


def _json(server: Server, path: str) -> tuple[int, dict]:
    reply = server.request(path)
    assert reply.headers["content-type"] == "application/json; charset=utf-8"
    return reply.status, json.loads(reply.body)


def _first_article(server: Server) -> Article:
    from archive.db import Archive

    archive = Archive(f"sqlite:///{server.home / 'archive.db'}")
    with archive.session() as session:
        return session.scalars(select(Article).order_by(Article.id)).first()


def test_pages_are_served_with_security_headers(server: Server) -> None:
    home = server.request("/")
    assert home.status == 200 and b"Partyline" in home.body
    assert home.headers["content-type"] == "text/html; charset=utf-8"
    assert home.headers["content-security-policy"] == SITE_POLICY
    assert home.headers["x-content-type-options"] == "nosniff"
    assert home.headers["referrer-policy"] == "no-referrer"
    article = _first_article(server)
    page = server.request(f"/articles/{article.id}.html")
    assert page.status == 200 and article.title.encode() in page.body


def test_static_files_revalidate_with_etag_and_last_modified(server: Server) -> None:
    first = server.request("/static/style.css")
    assert first.status == 200 and first.headers["cache-control"].startswith("public, max-age=")
    assert first.headers["content-type"] == "text/css; charset=utf-8"
    again = server.request("/static/style.css", headers={"If-None-Match": first.headers["etag"]})
    assert again.status == 304 and again.body == b""
    since = server.request(
        "/", headers={"If-Modified-Since": server.request("/").headers["last-modified"]}
    )
    assert since.status == 304
    stale = server.request("/static/style.css", headers={"If-None-Match": '"other"'})
    assert stale.status == 200 and stale.body == first.body


def test_a_folder_without_its_slash_is_redirected(server: Server) -> None:
    reply = server.request("/static")
    assert reply.status == 301 and reply.headers["location"] == "/static/"


def test_api_answers_what_search_answers_in_process(server: Server) -> None:
    status, result = _json(server, "/api/search?q=tinh+uy&per_page=5&page=2")
    from archive.db import Archive

    archive = Archive(f"sqlite:///{server.home / 'archive.db'}")
    expected = search(archive, server.home / "index", "tinh uy", limit=5, page=2)
    assert status == 200 and result["total"] > 10 and len(result["results"]) == 5
    assert result == json.loads(json.dumps(expected, ensure_ascii=False))
    assert result["page"] == 2 and result["per_page"] == 5
    assert all(hit["url"].startswith("http://127.0.0.1:") for hit in result["results"])


def test_api_filters_sorts_and_counts_facets(server: Server) -> None:
    query = urllib.parse.urlencode({"q": 'tỉnh province:"Bình Phước"', "sort": "oldest"})
    status, result = _json(server, f"/api/search?{query}")
    assert status == 200 and result["sort"] == "oldest" and result["total"] > 0
    dates = [hit["published"] for hit in result["results"]]
    assert dates == sorted(dates)
    assert [row["value"] for row in result["facets"]["province"]] == ["Bình Phước"]
    assert sum(row["count"] for row in result["facets"]["year"]) == result["total"]


def test_search_pages_in_vietnamese_and_english(server: Server) -> None:
    page = server.request("/search?q=tuyen+giao")
    assert page.status == 200 and b"<mark" in page.body
    assert "Có phải bạn muốn tìm".encode() in page.body and "Theo tỉnh".encode() in page.body
    assert page.headers["content-security-policy"] == SITE_POLICY
    english = server.request("/en/search?q=tuyen+giao")
    assert english.status == 200 and b"<mark" in english.body
    assert b'href="../static/style.css"' in english.body
    # Dates as readers write them, the archived value kept for machines.
    shown = rb'<time datetime="\d{4}-\d\d-\d\dT[^"]+">\d\d/\d\d/\d{4}, \d\d:\d\d<'
    assert re.search(shown, page.body)
    assert re.search(rb"<time [^>]+>\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d<", english.body)
    empty = server.request("/search")
    assert empty.status == 200 and b"tinh uy" in empty.body


@pytest.mark.parametrize(
    "query",
    ['"tuyên giáo', "AND", "OR NOT", "site:", "province:", "((", "date:9999..0", "-", "*", '""'],
)
def test_malformed_queries_get_a_graceful_answer(server: Server, query: str) -> None:
    encoded = urllib.parse.quote(query)
    status, result = _json(server, f"/api/search?q={encoded}")
    assert status == 200 and isinstance(result["results"], list)
    assert server.request(f"/search?q={encoded}").status == 200


@pytest.mark.parametrize("number", ["9" * 40, "99999", "-5", "0"])
@pytest.mark.parametrize("field", ["page", "per_page"])
def test_page_numbers_out_of_range_are_refused_with_the_range(
    server: Server, field: str, number: str
) -> None:
    status, result = _json(server, f"/api/search?q=tinh&{field}={number}")
    assert status == 400 and "between 1 and" in result["error"], result


def test_a_page_past_the_last_is_an_honest_empty_page(server: Server) -> None:
    status, result = _json(server, "/api/search?q=tinh&page=9999")
    assert status == 200 and result["page"] == 9999 and result["results"] == []
    assert result["pages"] < 9999


@pytest.mark.parametrize(
    "query",
    [
        "q=%ff%fe",
        "q=" + "a" * 600,
        "q=x&page=abc",
        "q=x&per_page=1e3",
        "q=x&sort=sideways",
        "q=x%00y",
        "q=x&sort=%00",
        "%c3%28=x",
        "&".join(f"f{n}=1" for n in range(30)),
    ],
)
def test_bad_parameters_get_a_400(server: Server, query: str) -> None:
    status, result = _json(server, f"/api/search?{query}")
    assert status == 400 and result["error"] and result["error_vi"]
    assert server.request(f"/search?{query}").status == 400


def test_a_huge_query_string_gets_a_414(server: Server) -> None:
    assert server.request("/api/search?q=" + "a" * 10_000).status == 414
    assert server.request("/" + "a" * 5000).status == 414


@pytest.mark.parametrize(
    "path",
    [
        "/..%2f..%2f..%2fetc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%252e%252e/%252e%252e/secret.txt",
        "/static/..%2f..%2fsecret.txt",
        "/..\\..\\secret.txt",
        "/%5c..%5csecret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/escape.txt",
        "/static/../../secret.txt",
        "/%c0%ae%c0%ae/secret.txt",
        "/secret.txt%00.html",
        "/%ff",
    ],
)
def test_path_traversal_never_leaves_the_site(server: Server, path: str) -> None:
    reply = server.request(path)
    assert reply.status in (400, 404) and SECRET not in reply.body and b"root:" not in reply.body


def test_missing_pages_get_the_sites_404_page(server: Server) -> None:
    reply = server.request("/no/such/page.html")
    assert reply.status == 404 and reply.headers["content-type"] == "text/html; charset=utf-8"
    assert reply.body.decode() == NOT_FOUND_PAGE


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS", "PATCH"])
def test_other_methods_get_a_405_with_allow(server: Server, method: str) -> None:
    reply = server.request("/api/search?q=x", method=method)
    assert reply.status == 405 and reply.headers["allow"] == "GET, HEAD"


def test_head_answers_headers_without_a_body(server: Server) -> None:
    for path in ("/", "/api/search?q=tinh", "/search?q=tinh", "/static/style.css"):
        get, head = server.request(path), server.request(path, method="HEAD")
        assert head.status == 200 and head.body == b""
        assert head.headers["content-type"] == get.headers["content-type"]
    assert server.request("/static/style.css", method="HEAD").headers["content-length"] == str(
        len(server.request("/static/style.css").body)
    )


def _capture(server: Server) -> tuple[int, bytes, str]:
    from archive.db import Archive

    archive = Archive(f"sqlite:///{server.home / 'archive.db'}")
    with archive.session() as session:
        capture = session.get(Capture, _first_article(server).capture_id)
        return capture.id, capture_body(capture), capture.content_type


def test_captures_are_served_as_captured_in_a_sandbox(server: Server) -> None:
    ident, body, content_type = _capture(server)
    reply = server.request(f"/captures/{ident}")
    assert reply.status == 200 and reply.body == body
    assert reply.headers["content-security-policy"] == CAPTURE_POLICY
    assert reply.headers["x-content-type-options"] == "nosniff"
    assert (
        reply.headers["content-type"].replace(" ", "").lower()
        == content_type.replace(" ", "").lower()
    )
    again = server.request(f"/captures/{ident}", headers={"If-None-Match": reply.headers["etag"]})
    assert again.status == 304


def test_captures_download_raw_as_plain_text(server: Server) -> None:
    ident, body, _ = _capture(server)
    reply = server.request(f"/captures/{ident}?raw=1")
    assert reply.status == 200 and reply.body == body
    assert reply.headers["content-type"].startswith("text/plain")
    assert reply.headers["content-disposition"].startswith("attachment;")


@pytest.mark.parametrize("ident", ["999999999", "abc", "1.5", "-1", "9" * 40, "", "%d9%a3"])
def test_unknown_captures_get_a_404(server: Server, ident: str) -> None:
    assert server.request(f"/captures/{ident}").status == 404
