"""``partyline sites discover`` and the crawl's own discovery, against sites on 127.0.0.1.

Real sample-web sites and fixture sites are served; the command line runs as a
user runs it; the crawl's report says what it found and skipped.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from archive.db import Archive
from archive.models import Article
from crawler.registry import check_registry
from sampleweb import SampleWeb
from tests.conftest import CRAWL_ARGS, run_cli
from tests.fixture_sites import HTML, FixtureSite, write_registry
from tests.running_server import free_port

DISCOVER = ("sites", "discover", "--delay", "0", "--timeout", "5")


@pytest.fixture(scope="module")
def web():
    with SampleWeb(sites=["mau-nukeviet", "mau-liferay"], articles_per_site=24) as running:
        yield running


def _discover(home: Path, *args: str) -> tuple[int, str, str]:
    result = run_cli(home, *DISCOVER, *args)
    return result.returncode, result.stdout, result.stderr


def test_discover_reads_a_nukeviet_site_end_to_end(web: SampleWeb, tmp_path: Path) -> None:
    base = web.sites["mau-nukeviet"].base_url
    code, out, err = _discover(tmp_path, base + "/")
    assert code == 0, err
    assert "family     nukeviet" in out and 'generator "nukeviet v4.5"' in out
    assert f"feed       {base}/news/rss/" in out and '<link rel="alternate">' in out
    assert f"sitemap    {base}/sitemap.xml" in out and "robots.txt Sitemap: line" in out
    assert f"listing    {base}/news/tin-tuc/" in out and f"{base}/contact/" not in out
    assert "confidence high: the nukeviet body element" in out
    block = yaml.safe_load(out.split("guessed: inferred):\n", 1)[1])[0]
    assert block["family"] == "nukeviet" and block["hosts"] == [base.split("//")[1]]
    assert block["evidence"]["family"]["seen"].startswith("discover ")
    assert block["evidence"][f"{base}/news/rss/"]["seen"].endswith("items")


def test_discover_writes_a_valid_block_for_each_site(web: SampleWeb, tmp_path: Path) -> None:
    registry = tmp_path / "sites.yaml"
    registry.write_text("sites:\n", encoding="utf-8")
    urls = [web.sites[site].base_url + "/" for site in ("mau-nukeviet", "mau-liferay")]
    code, out, err = _discover(tmp_path, *urls, "--write", "--registry", str(registry),
                               "--province", "Đồng Tháp")  # fmt: skip
    assert code == 0, err
    check = check_registry(registry)
    assert not check.errors and [e["family"] for e in check.entries] == ["nukeviet", "liferay"]
    assert "the registry is valid" in out
    liferay = check.entries[1]
    assert liferay["listings"][0].endswith("/web/btg/tin-tuc")
    assert "feeds" not in liferay  # none declared, none at a default path: nothing guessed


def test_discover_as_json_marks_each_value_seen_or_guessed(web: SampleWeb, tmp_path: Path) -> None:
    code, out, _ = _discover(tmp_path, web.sites["mau-liferay"].base_url + "/", "--json")
    assert code == 0
    found = json.loads(out)[0]
    assert found["family"]["value"] == "liferay" and found["family"]["seen"]
    assert found["article"]["confidence"] == "high"
    assert found["registry_block"]["evidence"]["hosts"]["seen"]
    assert len(found["requests"]) <= 10  # a few polite requests


def test_a_site_that_does_not_answer_is_one_clear_line(tmp_path: Path) -> None:
    code, out, err = _discover(tmp_path, f"http://127.0.0.1:{free_port()}/")
    assert code == 1 and "Traceback" not in err
    assert "problem    home page" in out and "connection refused" in out


HOME_WITH_A_PRIVATE_MENU = (
    b"<html><head><title>Trang</title></head>"
    b'<body><nav><a href="/rieng/">Rieng</a></nav></body></html>'
)


def test_discovery_obeys_robots_txt_and_skips_other_hosts(tmp_path: Path) -> None:
    pages = {
        "/robots.txt": (
            "text/plain",
            b"User-agent: *\nDisallow: /rieng/\nSitemap: https://cdn.example.org/sitemap.xml\n",
        ),
        "/": (HTML, HOME_WITH_A_PRIVATE_MENU),
    }
    with FixtureSite(pages) as site:
        code, out, _ = _discover(tmp_path, site.url("/"))
        assert "/rieng/" not in site.requested  # disallowed
    assert code == 0
    assert "sitemap https://cdn.example.org/sitemap.xml: on another host, skipped" in out
    assert "family     generic" in out and "guessed: nothing on the page said" in out


def test_every_crawl_finds_the_feeds_and_sitemaps_a_site_declares(tmp_path: Path) -> None:
    """A block listing one category only: the sitemap (robots.txt) and the feed (the home
    page's link) the site declares bring the other category's articles in, and the
    report says where they came from."""
    with SampleWeb(sites=["mau-nukeviet"], articles_per_site=24) as running:
        site = running.sites["mau-nukeviet"]
        full = yaml.safe_load(running.write_registry(tmp_path / "full.yaml").read_text())
        entry = full["sites"][0]
        entry.update(listings=[site.base_url + "/news/tin-tuc/"], feeds=[], sitemaps=[])
        registry = write_registry(tmp_path / "registry.yaml", [entry])
        result = run_cli(tmp_path, "crawl", "--registry", str(registry), *CRAWL_ARGS)
        assert result.returncode == 0, result.stderr
    report = json.loads(run_cli(tmp_path, "report", "--json").stdout)
    found = report["sites"][0]["discovered"]
    assert found["sitemaps"] == [site.base_url + "/sitemap.xml"]
    assert found["feeds"] == [site.base_url + "/news/rss/"]
    text = run_cli(tmp_path, "report").stdout
    assert f"found sitemap {site.base_url}/sitemap.xml (declared by the site)" in text
    archive = Archive(f"sqlite:///{tmp_path / 'archive.db'}")
    with archive.session() as session:
        urls = list(session.scalars(select(Article.canonical_url)))
    archive.dispose()
    assert any("/hoat-dong-tuyen-giao/" in url for url in urls)  # not in the one listing


NEW_FAMILIES = {
    "mau-sharepoint": "sharepoint",
    "mau-dnn": "dnn",
    "mau-nextjs": "nextjs",
    "mau-detailview": "detailview",
}


def test_discover_recognises_the_portal_platforms_seen_in_public_code(tmp_path: Path) -> None:
    """SharePoint, DNN, Next.js over a CMS API and the /DetailView/ portal: the family
    from what the home page links and shows, one listing and one article read."""
    with SampleWeb(sites=list(NEW_FAMILIES), articles_per_site=24) as running:
        urls = [running.sites[site].base_url + "/" for site in NEW_FAMILIES]
        code, out, err = _discover(tmp_path, *urls, "--json")
    assert code == 0, err
    found = {report["family"]["value"]: report for report in json.loads(out)}
    assert set(found) == set(NEW_FAMILIES.values())
    for report in found.values():
        assert report["family"]["seen"] and report["listings"]
        assert report["article"]["problem"] is None and report["article"]["fields"]["title"]
        assert report["article"]["confidence"] in ("high", "medium")
    assert "generator" in found["sharepoint"]["family"]["how"]
    assert "/_next/" in found["nextjs"]["family"]["how"]
    assert found["nextjs"]["sitemaps"][0]["value"].endswith("/sitemap.xml")  # robots.txt
