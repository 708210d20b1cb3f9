"""Search over a real Whoosh index built from a real archive."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archive.articles import ArticleFields, upsert_article
from archive.captures import store_capture
from archive.db import Archive
from archive.models import Article
from archive.sites import sync_sites
from search.index.update import update_index
from search.query.engine import matching_article_ids, search

ARTICLES = [
    (
        "Tỉnh uỷ Bình Phước họp phiên thường kỳ",
        "Ban Thường vụ Tỉnh uỷ đánh giá công tác tuyên giáo.",
    ),
    ("Tỉnh ủy Quảng Trị sơ kết Chỉ thị 05", "Hội nghị bàn về an ninh và y tế ở cơ sở."),
    ("Đảng bộ xã tổ chức đại hội", "Đại hội biểu quyết thông qua nghị quyết."),
]


@pytest.fixture
def indexed(tmp_path: Path) -> tuple[Archive, Path]:
    archive = Archive(f"sqlite:///{tmp_path / 'a.db'}")
    with archive.session() as session:
        sync_sites(session, [{"id": "s", "name": "S", "family": "generic", "hosts": ["h"]}])
        for number, (title, text) in enumerate(ARTICLES):
            url = f"http://h/a-{number}.html"
            capture = store_capture(
                session,
                site_id="s",
                url=url,
                final_url=url,
                canonical_url=url,
                http_status=200,
                headers={},
                body=b"<html></html>",
            )
            session.flush()
            upsert_article(
                session,
                capture,
                ArticleFields(title=title, text=text, published=f"2023-01-0{number + 1}"),
            )
    update_index(archive, tmp_path / "index")
    return archive, tmp_path / "index"


def _titles(indexed: tuple[Archive, Path], query: str) -> set[str]:
    archive, index_dir = indexed
    return {hit["title"] for hit in search(archive, index_dir, query)["results"]}


def test_unaccented_query_finds_old_and_new_tone_placement(indexed: tuple[Archive, Path]) -> None:
    assert _titles(indexed, "tinh uy") == {ARTICLES[0][0], ARTICLES[1][0]}


def test_accented_query_matches_both_tone_placements(indexed: tuple[Archive, Path]) -> None:
    assert (
        _titles(indexed, "Tỉnh uỷ")
        == _titles(indexed, "tỉnh ủy")
        == {ARTICLES[0][0], ARTICLES[1][0]}
    )


def test_d_folds_to_d_and_short_syllables_are_searchable(indexed: tuple[Archive, Path]) -> None:
    assert _titles(indexed, "dang bo") == {ARTICLES[2][0]}
    assert _titles(indexed, '"y tế"') == {ARTICLES[1][0]}
    assert _titles(indexed, "an ninh ở") == {ARTICLES[1][0]}


def test_unbalanced_quote_is_answered_with_a_note(indexed: tuple[Archive, Path]) -> None:
    archive, index_dir = indexed
    result = search(archive, index_dir, '"tuyên giáo')
    assert result["notes"] and result["total"] == 1


def test_snippet_marks_the_accented_original(indexed: tuple[Archive, Path]) -> None:
    archive, index_dir = indexed
    [hit] = search(archive, index_dir, "tuyen giao")["results"]
    assert re.search(r"<mark[^>]*>tuyên giáo</mark>", hit["snippet"])


def test_matching_article_ids_returns_every_match(indexed: tuple[Archive, Path]) -> None:
    archive, index_dir = indexed
    ids = matching_article_ids(index_dir, "tinh uy")
    with archive.session() as session:
        titles = {session.get(Article, article_id).title for article_id in ids}
    assert titles == {ARTICLES[0][0], ARTICLES[1][0]}
    assert matching_article_ids(index_dir, '"') == []
