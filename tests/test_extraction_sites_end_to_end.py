"""The other CMS families and newspaper layouts, crawled through ``partyline crawl``.

One crawl of the eight extraction sites (Joomla 3, K2, Joomla 1.x, WebSphere,
WordPress, Báo Nam Định, tuyengiao.vn, an unknown windows-1258 site); every
article must come out exactly as the sample web's truth says.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import func, select

from archive.db import Archive
from archive.models import Article, Capture
from crawler.profiles import family
from crawler.urls import canonicalize
from sampleweb import EXTRACTION_SITE_IDS, ExpectedArticle, SampleWeb
from tests.conftest import CRAWL_ARGS, run_cli

ARTICLES_PER_SITE = 32


@dataclass
class CrawledSites:
    web: SampleWeb
    articles: list[Article]
    captures: dict[str, int]


@pytest.fixture(scope="module")
def crawled_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CrawledSites]:
    home: Path = tmp_path_factory.mktemp("extraction-home")
    with SampleWeb(sites=list(EXTRACTION_SITE_IDS), articles_per_site=ARTICLES_PER_SITE) as web:
        registry = web.write_registry(home / "registry.yaml")
        result = run_cli(home, "crawl", "--registry", str(registry), *CRAWL_ARGS)
        assert result.returncode == 0, result.stderr
        archive = Archive(f"sqlite:///{home / 'archive.db'}")
        with archive.session() as session:
            articles = list(session.scalars(select(Article)))
            counts = select(Capture.site_id, func.count()).group_by(Capture.site_id)
            captures = {site_id: count for site_id, count in session.execute(counts)}
        archive.dispose()
        yield CrawledSites(web, articles, captures)


def _stored(crawled: CrawledSites, truth: ExpectedArticle) -> list[Article]:
    """The stored articles for one truth: by canonical URL, or by title and date."""
    profile = family(crawled.web.site(truth.site_id).spec.family)
    if profile.article_key == "title+date":
        return [
            a
            for a in crawled.articles
            if (a.site_id, a.title, a.published) == (truth.site_id, truth.title, truth.published)
        ]
    url = canonicalize(truth.url, profile)
    return [a for a in crawled.articles if a.canonical_url == url]


def test_every_article_is_archived_once_with_exact_fields(crawled_sites: CrawledSites) -> None:
    web = crawled_sites.web
    expected = [t for site_id in web.site_ids for t in web.expected_articles(site_id)]
    assert len(expected) == len(EXTRACTION_SITE_IDS) * ARTICLES_PER_SITE
    assert len(crawled_sites.articles) == len(expected)
    for truth in expected:
        stored = _stored(crawled_sites, truth)
        assert len(stored) == 1, truth.url
        article = stored[0]
        got = (article.title, article.published, article.author, article.source, article.text)
        assert got == (truth.title, truth.published, truth.author, truth.source, truth.text)
        assert article.family == web.site(truth.site_id).spec.family, truth.url
        assert article.published_source.startswith("page:"), truth.url


def test_no_furniture_or_related_title_reaches_a_text(crawled_sites: CrawledSites) -> None:
    web = crawled_sites.web
    by_title = {(a.site_id, a.title): a for a in crawled_sites.articles}
    for site_id in web.site_ids:
        furniture = web.boilerplate(site_id)
        for truth in web.expected_articles(site_id):
            text = by_title[(site_id, truth.title)].text
            leaked = [
                s for s in furniture + web.related_titles(site_id, truth.article_id) if s in text
            ]
            assert not leaked, (truth.url, leaked)


def test_websphere_articles_are_keyed_by_title_and_date_not_url(
    crawled_sites: CrawledSites,
) -> None:
    websphere = [a for a in crawled_sites.articles if a.site_id == "mau-websphere"]
    # The newest articles are linked under a second opaque URL beside the listing.
    assert crawled_sites.captures["mau-websphere"] > len(websphere) == ARTICLES_PER_SITE
    assert all(a.article_key.startswith("mau-websphere|") for a in websphere)
    others = [a for a in crawled_sites.articles if a.site_id != "mau-websphere"]
    assert all(a.article_key == a.canonical_url for a in others)


def test_pages_in_lying_and_legacy_charsets_come_out_as_nfc(crawled_sites: CrawledSites) -> None:
    web = crawled_sites.web
    for site_id in ("mau-joomla1", "mau-unknown"):  # UTF-8 labelled latin-1; windows-1258
        truths = {t.title: t.text for t in web.expected_articles(site_id)}
        stored = [a for a in crawled_sites.articles if a.site_id == site_id]
        assert {a.title: a.text for a in stored} == truths
