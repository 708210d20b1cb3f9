"""Random paths and query strings never get a 5xx or a file outside the site."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.conftest import Crawled
from tests.running_server import Server, copy_home, running_server

SECRET = b"partyline-secret-outside-the-site"
ROUTES = ["", "api/search", "search", "en/search", "captures", "static", "articles", "en"]
SEGMENTS = [
    "..",
    ".",
    "%2e%2e",
    "%252e%252e",
    "%2f",
    "%5c",
    "\\",
    "%00",
    "%ff",
    "%c0%ae",
    "secret.txt",
    "escape.txt",
    "index.html",
    "style.css",
    "etc",
    "passwd",
    "1",
    "99999999999999999999999",
    "",
]
FIELDS = ["q", "page", "per_page", "sort", "raw", "site"]
VALUES = [
    '"',
    "AND",
    "OR NOT",
    "site:",
    "province:",
    "date:",
    "tinh uy",
    "tỉnh",
    "-1",
    "9" * 30,
    "newest",
    "1",
    "(",
]


def _encoded(data: bytes) -> str:
    return quote(data, safe="")


segment = st.one_of(
    st.sampled_from(SEGMENTS),
    st.text(max_size=12).map(lambda text: quote(text, safe="")),
    st.binary(max_size=8).map(_encoded),
)
value = st.one_of(
    st.sampled_from(VALUES).map(lambda text: quote(text, safe="")),
    st.binary(max_size=40).map(_encoded),
    st.text(max_size=40).map(lambda text: quote(text, safe="")),
)
field = st.tuples(st.sampled_from(FIELDS) | st.text(max_size=5).map(quote), value)
query = st.lists(field, max_size=5).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs))
path = st.tuples(st.sampled_from(ROUTES), st.lists(segment, max_size=5)).map(
    lambda parts: "/" + "/".join([parts[0], *parts[1]]).lstrip("/")
)


@pytest.fixture(scope="module")
def server(crawled: Crawled, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    home = copy_home(crawled.home, tmp_path_factory.mktemp("fuzzed") / "home")
    (home / "secret.txt").write_bytes(SECRET)
    ((home / "site").resolve() / "escape.txt").symlink_to(home / "secret.txt")
    with running_server(home) as running:
        yield running


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@example(path="/escape.txt", query="", method="GET")
@example(path="/%2e%2e/secret.txt", query="raw=1", method="GET")
@example(path="/static/..%5c..%5csecret.txt", query="", method="HEAD")
@given(path=path, query=query, method=st.sampled_from(["GET", "GET", "HEAD", "POST"]))
def test_random_requests_never_fail_or_leak(
    server: Server, path: str, query: str, method: str
) -> None:
    reply = server.request(f"{path}?{query}" if query else path, method=method)
    assert reply.status < 500, (path, query, reply.body[:300])
    assert SECRET not in reply.body
