"""Incremental, backfill and refresh crawls; URL canonicalisation; staying on the site."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from sqlalchemy import func, select

from archive.articles import article_versions
from archive.db import Archive
from archive.models import Article, Capture, SiteRunStats
from crawler.discovery import read_listing
from crawler.profiles import family
from crawler.registry import SiteConfig
from crawler.urls import canonicalize, is_article_url
from sampleweb import SampleWeb
from tests.conftest import run_cli

SITE = SiteConfig(
    id="tinhuy-x",
    name="Tỉnh ủy X",
    family="nukeviet",
    hosts=("tinhuyx.vn",),
    province="Bình Phước",
    listings=("https://tinhuyx.vn/news/chinh-tri/",),
)
NUKEVIET = family("nukeviet")
CANONICAL = "https://tinhuyx.vn/news/chinh-tri/hoi-nghi-ban-chap-hanh-2012.html"


@pytest.mark.parametrize(
    "link",
    [
        "http://tinhuyx.vn/news/chinh-tri/hoi-nghi-ban-chap-hanh-2012.html",
        "https://www.tinhuyx.vn/news/chinh-tri/hoi-nghi-ban-chap-hanh-2012.html",
        "https://TINHUYX.vn:443/news/chinh-tri/hoi-nghi-ban-chap-hanh-2012.html#binh-luan",
        "https://tinhuyx.vn/news/print/chinh-tri/hoi-nghi-ban-chap-hanh-2012.html",
        "https://tinhuyx.vn/news/savefile/chinh-tri/hoi-nghi-ban-chap-hanh-2012.html",
        "https://tinhuyx.vn/news/chinh-tri/hoi-nghi-ban-chap-hanh-2012.html?utm_source=zalo&fbclid=x",
        "https://tinhuyx.vn/news/chinh-tri/hoi-nghi-ban-chap-hanh-2012.html;jsessionid=A1B2",
        "https://tinhuyx.vn/news/chinh-tri/hoi-nghi-ban-chap-hanh-2012.html?PHPSESSID=abc&nvsid=1",
    ],
)
def test_every_view_and_decoration_of_an_article_has_one_canonical_url(link: str) -> None:
    assert canonicalize(link, NUKEVIET, SITE) == CANONICAL


def test_liferay_language_switch_resolves_to_its_target() -> None:
    liferay = family("liferay")
    site = SiteConfig(
        id="btg", name="BTG", family="liferay", hosts=("btg.x.gov.vn",),
        listings=("https://btg.x.gov.vn/web/btg/tin-tuc",),
    )  # fmt: skip
    switch = (
        "http://btg.x.gov.vn/c/portal/update_language?p_l_id=1&languageId=fi_FI"
        "&redirect=%2Fweb%2Fbtg%2Ftin-tuc%2F-%2Fasset_publisher%2Fab%2Fcontent%2Fid%2F7"
    )
    assert canonicalize(switch, liferay, site) == (
        "https://btg.x.gov.vn/web/btg/tin-tuc/-/asset_publisher/ab/content/id/7"
    )
    # The rule is Liferay's (crawler/families/liferay.yaml): other families keep the link.
    assert "/c/portal/update_language" in canonicalize(switch, family("generic"), site)


def test_spam_clones_on_other_domains_are_never_followed() -> None:
    html = f"""<html><body>
      <a href="{CANONICAL}">ours</a>
      <a href="https://dangnhaphi88.com/news/chinh-tri/hoi-nghi-ban-chap-hanh-2012.html">clone</a>
      <a href="//tinhuyx.vn.evil.com/news/chinh-tri/a-1.html">lookalike</a>
      <a href="/news/chinh-tri/page-2">next</a></body></html>"""
    page = read_listing(html, SITE.listings[0], SITE, NUKEVIET)
    assert page.articles == [CANONICAL]
    assert page.next_page == "https://tinhuyx.vn/news/chinh-tri/page-2"
    assert not is_article_url("https://dangnhaphi88.com/news/a/b-1.html", SITE, NUKEVIET)


def test_an_edited_registry_entry_is_classified_afresh() -> None:
    # Links are classified once per site and remembered: a site that gains a host
    # (a merged province's portal moving) must not be read with what the old entry said.
    html = '<html><body><a href="https://moi.vn/news/chinh-tri/bai-moi-7.html">x</a></body></html>'
    assert read_listing(html, SITE.listings[0], SITE, NUKEVIET).articles == []
    moved = dataclasses.replace(SITE, hosts=(*SITE.hosts, "moi.vn"))
    found = read_listing(html, SITE.listings[0], moved, NUKEVIET).articles
    assert found == ["https://moi.vn/news/chinh-tri/bai-moi-7.html"]


def test_site_article_patterns_add_to_the_family() -> None:
    site = SiteConfig(
        id="btg-bt", name="BTG", family="generic", hosts=("btgtu.x.dcs.vn",),
        article_urls=(r"/Trang-chu/post/\d+/[\w-]+",),
    )  # fmt: skip
    generic = family("generic")
    assert is_article_url("https://btgtu.x.dcs.vn/Trang-chu/post/12/tin-moi", site, generic)
    assert not is_article_url("https://btgtu.x.dcs.vn/Trang-chu/lien-he", site, generic)


def _crawl(home: Path, registry: Path, *extra: str) -> None:
    result = run_cli(home, "crawl", "--registry", str(registry), "--local-sample", *extra)
    assert result.returncode == 0, result.stderr


def _last_stats(archive: Archive) -> SiteRunStats:
    with archive.session() as session:
        run_id = session.scalar(select(func.max(SiteRunStats.run_id)))
        return session.scalars(select(SiteRunStats).where(SiteRunStats.run_id == run_id)).one()


def test_incremental_stops_early_backfill_walks_to_the_end_refresh_keeps_versions(
    tmp_path: Path,
) -> None:
    archive = Archive(f"sqlite:///{tmp_path / 'archive.db'}")
    with SampleWeb(sites=["mau-egov"], articles_per_site=60, special_pages=False) as web:
        registry = web.write_registry(tmp_path / "registry.yaml")
        _crawl(tmp_path, registry)
        first = _last_stats(archive)
        _crawl(tmp_path, registry)
        incremental = _last_stats(archive)
        _crawl(tmp_path, registry, "--backfill")
        backfill = _last_stats(archive)
        assert incremental.captures == backfill.captures == 0
        assert incremental.listing_pages < backfill.listing_pages <= first.listing_pages

        edited = web.expected_articles("mau-egov")[-1]  # the newest: on the first pages
        before = edited.text
        after = web.edit_article("mau-egov", edited.article_id, "Bài viết được cập nhật thêm.")
        _crawl(tmp_path, registry, "--refresh")
        refresh = _last_stats(archive)
    assert refresh.captures == 1
    assert refresh.articles_changed == 1
    assert refresh.not_modified > 0
    with archive.session() as session:
        article = session.scalars(select(Article).where(Article.canonical_url == edited.url)).one()
        versions = article_versions(session, article.id)
        captures = session.scalar(
            select(func.count()).select_from(Capture).where(Capture.canonical_url == edited.url)
        )
    assert article.text == after.text
    assert [version.text for version in versions] == [before]
    assert captures == 2
