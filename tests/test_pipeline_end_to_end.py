"""The whole pipeline through real components: crawl the sample web, store, index, search."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from archive.models import Article, Capture, CrawlError, SiteRunStats
from sampleweb import SampleWeb
from tests.conftest import Crawled, run_cli


def _expected(web: SampleWeb) -> list:
    return [article for site_id in web.site_ids for article in web.expected_articles(site_id)]


def test_every_sample_article_is_archived_once_with_exact_metadata(crawled: Crawled) -> None:
    expected = _expected(crawled.web)
    with crawled.archive().session() as session:
        stored = {a.canonical_url: a for a in session.scalars(select(Article))}
    assert len(stored) == len(expected)
    for truth in expected:
        article = stored[truth.url]
        assert (article.title, article.published, article.author) == (
            truth.title,
            truth.published,
            truth.author,
        ), truth.url
        assert article.source == truth.source
        assert article.text == truth.text
        assert article.published_source and article.published_source.startswith("page:")


def test_no_boilerplate_reaches_any_stored_text(crawled: Crawled) -> None:
    with crawled.archive().session() as session:
        texts = list(session.scalars(select(Article.text)))
    for site_id in crawled.web.site_ids:
        for phrase in crawled.web.boilerplate(site_id):
            leaking = [text[:60] for text in texts if phrase in text]
            assert not leaking, f"{phrase!r} leaked into {leaking}"


def test_duplicate_views_and_language_links_are_never_fetched(crawled: Crawled) -> None:
    with crawled.archive().session() as session:
        urls = list(session.scalars(select(Capture.url)))
        canonical = list(session.scalars(select(Capture.canonical_url)))
    assert len(canonical) == len(set(canonical))
    for url in urls:
        assert "/print/" not in url and "/savefile/" not in url
        assert "update_language" not in url


def test_server_errors_timeouts_and_malformed_pages_are_recorded(crawled: Crawled) -> None:
    error_pages = {page.url: page.kind for page in crawled.web.error_pages("mau-nukeviet")}
    with crawled.archive().session() as session:
        recorded = {error.url: error.kind for error in session.scalars(select(CrawlError))}
    kinds = {kind: recorded.get(url) for url, kind in error_pages.items()}
    assert kinds == {"error-500": "http_5xx", "slow": "timeout", "malformed": "extraction"}


def test_second_crawl_fetches_no_article_again(crawled: Crawled) -> None:
    with crawled.archive().session() as session:
        captures_before = session.scalar(select(func.count()).select_from(Capture))
    crawled.crawl()
    with crawled.archive().session() as session:
        last_run = session.scalar(select(func.max(SiteRunStats.run_id)))
        stats = session.scalars(select(SiteRunStats).where(SiteRunStats.run_id == last_run)).all()
        captures_after = session.scalar(select(func.count()).select_from(Capture))
    assert captures_after == captures_before
    assert {s.site_id: s.captures for s in stats} == dict.fromkeys(crawled.web.site_ids, 0)
    assert all(s.listing_pages > 0 for s in stats)


def _search(crawled: Crawled, query: str, *extra: str) -> dict:
    result = run_cli(crawled.home, "search", query, "--json", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_unaccented_search_finds_old_and_new_tone_placement(crawled: Crawled) -> None:
    result = _search(crawled, "tinh uy", "--limit", "500")
    titles = [hit["title"] for hit in result["results"]]
    assert any("Tỉnh uỷ" in title for title in titles)
    assert any("Tỉnh ủy" in title for title in titles)
    assert result["total"] == len(result["results"])
    assert {"url", "title", "published", "site", "snippet", "score"} <= set(result["results"][0])


def test_boilerplate_words_match_nothing(crawled: Crawled) -> None:
    assert _search(crawled, "lượt truy cập")["total"] == 0
    assert _search(crawled, '"Tổng lượt truy cập"')["total"] == 0


def test_unbalanced_quote_gets_a_clear_message_not_a_traceback(crawled: Crawled) -> None:
    result = run_cli(crawled.home, "search", '"unbalanced')
    assert result.returncode == 0
    assert "Unbalanced quote" in result.stdout
    assert "Traceback" not in result.stderr
