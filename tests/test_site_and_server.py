"""The built site (the server's tests are in tests/test_server_*.py)."""

from __future__ import annotations

from pathlib import Path

from archive.articles import ArticleFields, upsert_article
from archive.captures import store_capture
from archive.db import Archive
from archive.sites import sync_sites
from search.publish.website import build_site


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
