"""Joomla article URLs as the real router writes them, menu item or not.

The shapes come from joomla-cms: ``NomenuRules::build`` writes ``article/{id}-{alias}``
(or ``{alias}`` alone when a Joomla 4 site hides ids) under ``component/content/``
and leaves ``catid`` and ``Itemid`` in the query; with SEF URLs off every link is
``index.php?option=com_content&view=article&id={id}[:{alias}]``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from archive.db import Archive
from archive.models import Article
from crawler.discovery import read_feed
from crawler.profiles import family
from crawler.registry import SiteConfig
from crawler.urls import canonicalize, is_article_url
from tests.conftest import run_cli
from tests.fixture_sites import FixtureSite, write_registry

JOOMLA = family("joomla")
SITE = SiteConfig(
    id="tinhuy-laichau",
    name="Tỉnh ủy Lai Châu",
    family="joomla",
    hosts=("laichau.dcs.vn",),
    listings=("https://laichau.dcs.vn/index.php/tin-tuc",),
)
HOME = "https://laichau.dcs.vn"


@pytest.mark.parametrize(
    "path",
    [
        # A category with a menu item: the SEF path the menu gives.
        "/index.php/tin-tuc/1328-hoi-nghi-ban-chap-hanh",
        "/tin-tuc/thoi-su/1328-hoi-nghi-ban-chap-hanh.html",
        # No menu item: NomenuRules, with catid and Itemid left in the query.
        "/component/content/article/1328-hoi-nghi-ban-chap-hanh?catid=27&Itemid=101",
        "/index.php/component/content/article/1328-hoi-nghi-ban-chap-hanh?catid=27&Itemid=101",
        "/vi/component/content/article/1328-hoi-nghi-ban-chap-hanh?catid=27",
        "/component/content/article/1328-hoi-nghi-ban-chap-hanh.html?catid=27&Itemid=101",
        # Joomla 4 with "URLs without ids": the alias alone, catid needed to find it.
        "/component/content/article/hoi-nghi-ban-chap-hanh?catid=27&Itemid=101",
        # SEF URLs off.
        "/index.php?option=com_content&view=article&id=1328:hoi-nghi-ban-chap-hanh&catid=27&Itemid=101",
        "/index.php?option=com_content&view=article&id=1328&catid=27",
        "/index.php?view=article&id=1328&option=com_content",
    ],
)
def test_joomla_article_urls_with_or_without_a_menu_item_are_articles(path: str) -> None:
    url = canonicalize(HOME + path, JOOMLA, SITE)
    assert is_article_url(url, SITE, JOOMLA), url


@pytest.mark.parametrize(
    "path",
    [
        "/index.php/tin-tuc",
        "/index.php/tin-tuc?start=10",
        "/index.php?option=com_content&view=category&id=27&Itemid=101",
        "/index.php?option=com_content&view=category&layout=blog&id=27&limitstart=10",
        "/index.php?option=com_content&view=featured&Itemid=101",
        "/component/content/article/1328-hoi-nghi-ban-chap-hanh?format=feed&type=rss",
        "/component/mailto/?tmpl=component&link=abc",
        "/index.php?option=com_users&view=login",
    ],
)
def test_joomla_listings_feeds_and_tools_are_not_articles(path: str) -> None:
    url = canonicalize(HOME + path, JOOMLA, SITE)
    assert not is_article_url(url, SITE, JOOMLA), url


def test_menu_ids_and_print_views_do_not_multiply_a_menuless_article() -> None:
    links = [
        "/component/content/article/1328-hoi-nghi?catid=27&Itemid=101",
        "/component/content/article/1328-hoi-nghi?catid=27&Itemid=135",
        "/component/content/article/1328-hoi-nghi?catid=27&tmpl=component&print=1&layout=default",
    ]
    assert {canonicalize(HOME + link, JOOMLA, SITE) for link in links} == {
        HOME + "/component/content/article/1328-hoi-nghi?catid=27"
    }


def test_a_feed_of_menuless_articles_yields_articles_to_fetch() -> None:
    feed = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Tin tuc</title>
<item><title>Hoi nghi</title>
<link>https://laichau.dcs.vn/component/content/article/1328-hoi-nghi?catid=27&amp;Itemid=101</link></item>
<item><title>Tiep xuc</title>
<link>https://laichau.dcs.vn/index.php?option=com_content&amp;view=article&amp;id=1329:tiep-xuc&amp;catid=27</link></item>
</channel></rss>"""
    urls = [canonicalize(url, JOOMLA, SITE) for url in read_feed(feed, HOME + "/index.php/tin-tuc")]
    assert [url for url in urls if is_article_url(url, SITE, JOOMLA)] == urls
    assert len(urls) == 2


def _joomla_page(title: str, body: str) -> bytes:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="generator" content="Joomla! - Open Source Content Management"><title>{title}</title>
</head><body><div class="item-page" itemscope itemtype="https://schema.org/Article">
<div class="page-header"><h2 itemprop="headline">{title}</h2></div>
<dl class="article-info"><dd class="published"><time datetime="2024-03-05T08:00:00+07:00"
itemprop="datePublished">05/03/2024</time></dd></dl>
<div itemprop="articleBody"><p>{body}</p></div></div></body></html>""".encode()


def test_a_crawl_archives_articles_only_its_feed_and_sitemap_reach(tmp_path: Path) -> None:
    """Articles of a category without a menu item, linked only from the feed (NomenuRules
    URLs) and the sitemap (no SEF), are fetched and archived."""
    text = "Ban Thường vụ Tỉnh ủy họp phiên thường kỳ tháng Ba, cho ý kiến về nhiều nội dung."
    feed = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Tin</title>
<item><title>A</title><link>{base}/component/content/article/1328-hoi-nghi?catid=27&amp;Itemid=101</link></item>
</channel></rss>"""
    sitemap = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/index.php?option=com_content&amp;view=article&amp;id=1329:tiep-xuc&amp;catid=27</loc></url>
</urlset>"""
    pages = {
        "/index.php/tin-tuc": ("text/html; charset=utf-8", b"<html><body>Tin</body></html>"),
        "/component/content/article/1328-hoi-nghi?catid=27": (
            "text/html; charset=utf-8", _joomla_page("Hội nghị Ban Thường vụ", text)),
        "/index.php?option=com_content&view=article&id=1329:tiep-xuc&catid=27": (
            "text/html; charset=utf-8", _joomla_page("Tiếp xúc cử tri", text)),
    }  # fmt: skip
    with FixtureSite(pages) as site:
        base = site.url("")
        site.pages["/rss"] = ("application/rss+xml", feed.format(base=base).encode())
        site.pages["/sitemap.xml"] = ("application/xml", sitemap.format(base=base).encode())
        registry = write_registry(
            tmp_path / "registry.yaml",
            [{"id": "tinhuy-joomla", "name": "Tỉnh ủy", "publisher_type": "tinh_uy",
              "province": "Lai Châu", "family": "joomla", "hosts": [site.netloc],
              "listings": [site.url("/index.php/tin-tuc")], "feeds": [site.url("/rss")],
              "sitemaps": [site.url("/sitemap.xml")]}],
        )  # fmt: skip
        result = run_cli(tmp_path, "crawl", "--registry", str(registry), "--local-sample")
        assert result.returncode == 0, result.stderr
    archive = Archive(f"sqlite:///{tmp_path / 'archive.db'}")
    with archive.session() as session:
        titles = set(session.scalars(select(Article.title)))
    archive.dispose()
    assert titles == {"Hội nghị Ban Thường vụ", "Tiếp xúc cử tri"}
