"""The extraction sites of the sample web: truthful, trapped, and served only by id."""

from __future__ import annotations

import json
import re
import unicodedata
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from lxml import html

from crawler.extraction.decode import looks_like_windows_1258
from crawler.profiles import family
from crawler.registry import load_registry
from crawler.urls import canonicalize
from sampleweb import EXTRACTION_SITE_IDS, SITE_IDS, SampleWeb


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def visible_text(body: bytes, encoding: str) -> str:
    text = unicodedata.normalize("NFC", body.decode(encoding))
    text = re.sub(r"^<\?xml[^>]*>", "", text)
    return " ".join(html.fromstring(text).text_content().replace("\xa0", " ").split())


@pytest.fixture(scope="module")
def web():
    with SampleWeb(sites=list(EXTRACTION_SITE_IDS), articles_per_site=30) as sample:
        yield sample


@pytest.fixture(scope="module")
def pages(web):
    """Every article page's bytes and headers: {site_id: [(truth, headers, body)]}."""
    truths = [truth for site_id in web.site_ids for truth in web.expected_articles(site_id)]
    with ThreadPoolExecutor(8) as pool:
        bodies = pool.map(lambda t: fetch(t.url), truths)
        fetched = dict(zip([t.url for t in truths], bodies, strict=True))
    return {
        site_id: [(t, *fetched[t.url][1:]) for t in web.expected_articles(site_id)]
        for site_id in web.site_ids
    }


def test_the_default_web_keeps_its_four_sites() -> None:
    assert SampleWeb(articles_per_site=2).site_ids == list(SITE_IDS)
    assert not set(SITE_IDS) & set(EXTRACTION_SITE_IDS)


def test_each_site_has_thirty_articles_over_years_with_entry_points(web, tmp_path) -> None:
    for site in load_registry(web.write_registry(tmp_path / "sites.yaml")):
        truth = web.expected_articles(site.id)
        assert len(truth) >= 30 and len({t.published[:4] for t in truth}) >= 4
        assert len({t.title for t in truth}) == len(truth)
        assert site.listings and site.family == web.site(site.id).spec.family
        for url in site.start_urls:
            assert fetch(url)[0] == 200, url


def test_furniture_is_on_the_pages_and_never_in_the_truth(web, pages) -> None:
    for site_id, site_pages in pages.items():
        furniture = web.boilerplate(site_id)
        encoding = "cp1258" if site_id == "mau-unknown" else "utf-8"
        seen = " ".join(visible_text(body, encoding) for _, _, body in site_pages)
        assert [s for s in furniture if s not in seen] == [], site_id
        for truth, _, _ in site_pages:
            assert not [s for s in furniture if s in truth.text or s in truth.title], truth.url


def test_legacy_sites_serve_lying_and_windows_1258_charsets(pages) -> None:
    for _, headers, body in pages["mau-joomla1"]:
        assert headers["Content-Type"] == "text/html"
        assert b"charset=iso-8859-1" in body and body.decode("utf-8")
    for truth, headers, body in pages["mau-unknown"]:
        assert headers["Content-Type"].endswith("charset=windows-1258")
        assert looks_like_windows_1258(body)
        text = unicodedata.normalize("NFC", body.decode("cp1258"))
        assert truth.title in text


def test_tables_are_rows_in_the_truth_and_tables_on_the_page(pages) -> None:
    with_tables = [
        (truth, body) for _, site in pages.items() for truth, _, body in site if " | " in truth.text
    ]
    assert len(with_tables) >= 10
    for truth, body in with_tables:
        text = unicodedata.normalize("NFC", body.decode("utf-8"))  # some pages are NFD
        assert "<table" in text and "<td>Nội dung</td>" in text, truth.url


def test_websphere_serves_one_article_under_several_opaque_urls(web) -> None:
    truth = web.expected_articles("mau-websphere")[5]
    urls = [truth.url, *web.duplicate_urls("mau-websphere", truth.article_id)]
    assert len(set(urls)) == 3 and all("/!ut/p/z0/04_" in url for url in urls)
    bodies = [fetch(url)[2] for url in urls]
    assert all(truth.title.encode() in body for body in bodies)
    assert (
        b"<title>C\xe1\xbb\x95ng th\xc3\xb4ng tin \xc4\x91i\xe1\xbb\x87n t\xe1\xbb\xad" in bodies[0]
    )
    assert b'class="MsoNormal"' in bodies[0]


def test_duplicate_views_canonicalise_to_the_article(web) -> None:
    for site_id in ("mau-joomla", "mau-joomla1", "mau-wordpress"):
        profile = family(web.site(site_id).spec.family)
        truth = web.expected_articles(site_id)[2]
        for url in web.duplicate_urls(site_id, truth.article_id):
            assert fetch(url)[0] == 200
            if site_id != "mau-wordpress":  # /?p=N redirects to the permalink instead
                assert canonicalize(url, profile) == canonicalize(truth.url, profile), url


def test_wordpress_rest_api_pages_posts_with_totals(web) -> None:
    base = web.base_url("mau-wordpress")
    status, headers, body = fetch(base + "/wp-json/wp/v2/posts?per_page=7&page=2")
    posts = json.loads(body)
    assert status == 200 and len(posts) == 7
    assert headers["X-WP-Total"] == "30" and headers["X-WP-TotalPages"] == "5"
    assert {post["link"] for post in posts} <= {
        t.url for t in web.expected_articles("mau-wordpress")
    }
