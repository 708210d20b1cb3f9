"""The sample web: reachable, realistic, trapped where the real sites are, and truthful."""

from __future__ import annotations

import copy
import re
import socket
import unicodedata
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta, timezone
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from lxml import html

from crawler.registry import load_registry
from sampleweb import BOILERPLATE, SITE_IDS, SampleWeb

# Where each sample site lists its articles, and where its article pages keep
# title, date, lead and body: what a site-specific extractor would use.
LISTING_ITEMS = {
    "mau-nukeviet": ".news_column h3 a",
    "mau-egov": ".egov-item h3 a",
    "mau-liferay": ".asset-title a",
    "mau-baolongan": ".story-title a",
}
PAGINATION = ".pagination a, .paging a"
ARTICLE_PARTS = {  # title, date, lead (None: first body paragraph), body
    "mau-nukeviet": ("h1.title", ".row.margin-bottom-lg span.h5", ".hometext", "#news-bodyhtml"),
    "mau-egov": ("h1.newsdetailtitle", ".newsdetailmetatop span.h5", ".hometext", "#news-bodyhtml"),
    "mau-liferay": ("h1.tieu-de", ".ngay-dang", None, ".journal-content-article .noi-dung"),
    "mau-baolongan": ("h1.article-title", ".article-date", ".article-sapo", ".article-body"),
}
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


def fetch(url: str, headers: dict[str, str] | None = None, timeout: float = 10):
    """(status, headers, body) without following redirects."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def page(url: str) -> html.HtmlElement:
    status, _, body = fetch(url)
    assert status == 200, url
    return html.fromstring(unicodedata.normalize("NFC", body.decode("utf-8")), base_url=url)


def words(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


@pytest.fixture(scope="module")
def web():
    with SampleWeb(slow_seconds=30) as sample:
        yield sample


@pytest.fixture(scope="module")
def article_pages(web):
    """Every article page of every site, parsed: {site_id: {url: document}}."""
    with ThreadPoolExecutor(8) as pool:
        return {
            site_id: dict(zip(urls, pool.map(page, urls), strict=True))
            for site_id in web.site_ids
            for urls in [[e.url for e in web.expected_articles(site_id)]]
        }


@pytest.fixture(scope="module")
def registry(web, tmp_path_factory):
    """The registry the crawler would read, as the crawler reads it."""
    path = web.write_registry(tmp_path_factory.mktemp("registry") / "sites.yaml")
    return {site.id: site for site in load_registry(path)}


def listing_pages(site) -> dict[str, list[str]]:
    """Each registry listing, walked through its pagination: {first page: [page urls]}."""
    listings = {}
    for first in site.listings:
        pages, queue = [], [first]
        while queue:
            url = queue.pop(0)
            if url in pages:
                continue
            pages.append(url)
            for link in page(url).cssselect(PAGINATION):
                target = urljoin(url, link.get("href")).split("#")[0]
                if target != url and target not in pages and target not in queue:
                    queue.append(target)
        listings[first] = pages
    return listings


# ---------------------------------------------------------------------------- structure


def test_registry_lists_every_site_with_its_entry_points(web, registry):
    assert list(registry) == list(SITE_IDS)
    for site_id, site in registry.items():
        base = web.base_url(site_id)
        assert site.hosts == (base.removeprefix("http://"),)
        assert site.listings and site.feeds and site.sitemaps
        for url in (*site.listings, *site.feeds, *site.sitemaps, base + "/robots.txt"):
            assert fetch(url)[0] == 200, url
    assert registry["mau-baolongan"].publisher_type == "bao"
    assert registry["mau-liferay"].family == "liferay"


def test_listings_link_every_article_exactly_once_over_three_pages_or_more(web, registry):
    for site_id in web.site_ids:
        linked = Counter()
        for first, pages in listing_pages(registry[site_id]).items():
            assert len(pages) >= 3, f"{first} has {len(pages)} pages"
            for url in pages:
                linked.update(
                    urljoin(url, a.get("href")) for a in page(url).cssselect(LISTING_ITEMS[site_id])
                )
        expected = {e.url for e in web.expected_articles(site_id)} | {
            e.url for e in web.error_pages(site_id)
        }
        assert set(linked) == expected, site_id
        assert set(linked.values()) == {1}, site_id


def test_listings_are_newest_first_with_dates(web):
    document = page(web.base_url("mau-baolongan") + "/chinh-tri/")
    dates = [words(d.text_content()) for d in document.cssselect(".story-date")]
    assert len(dates) == 10
    parsed = [tuple(reversed(d.split(" ")[0].split("/"))) for d in dates]
    assert parsed == sorted(parsed, reverse=True)


def test_articles_span_years_and_categories(web):
    for site_id in web.site_ids:
        truth = web.expected_articles(site_id)
        assert len(truth) >= 30
        assert {e.published[:4] for e in truth} >= {"2019", "2021", "2023", "2025"}
        assert len({e.category for e in truth}) >= 2
        assert len({e.title for e in truth}) == len(truth)
        assert len({e.text for e in truth}) == len(truth)


# ---------------------------------------------------------------------------- ground truth


def test_truth_matches_what_the_pages_show(web, article_pages):
    for site_id, pages in article_pages.items():
        title_sel, date_sel, lead_sel, body_sel = ARTICLE_PARTS[site_id]
        for truth in web.expected_articles(site_id):
            document = pages[truth.url]
            body = copy.deepcopy(document.cssselect(body_sel)[0])
            for caption in body.cssselect("figure, table.tplCaption"):
                caption.drop_tree()
            paragraphs = [words(p.text_content()) for p in body.cssselect("p")]
            if lead_sel:
                paragraphs.insert(0, words(document.cssselect(lead_sel)[0].text_content()))
            assert "\n\n".join(p for p in paragraphs if p) == truth.text, truth.url
            assert words(document.cssselect(title_sel)[0].text_content()) == truth.title
            shown = words(document.cssselect(date_sel)[0].text_content())
            day = date.fromisoformat(truth.published[:10])
            assert f"{day:%d/%m/%Y}" in shown
            assert (len(truth.published) > 10) == bool(re.search(r"\d\d:\d\d", shown))


def test_authors_are_names_only(web):
    authors = {e.author for site_id in web.site_ids for e in web.expected_articles(site_id)}
    assert None in authors
    for author in authors - {None}:
        assert not author.startswith(("Tác giả", "Bài và ảnh")) and "(" not in author
        assert not author.endswith(".")

    def last_paragraph(site_id: str) -> list[tuple[str, str]]:
        return [
            (e.author, e.text.rsplit("\n\n", 1)[1])
            for e in web.expected_articles(site_id)
            if e.author
        ]

    assert any(line.startswith(f"{name} (") for name, line in last_paragraph("mau-liferay"))
    assert any(line == f"Tác giả: {name}." for name, line in last_paragraph("mau-nukeviet"))
    assert any(line == f"Bài và ảnh: {name}" for name, line in last_paragraph("mau-egov"))
    sources = {e.source for site_id in web.site_ids for e in web.expected_articles(site_id)}
    assert {"TTXVN", "Báo Nhân Dân"} <= sources


def test_texts_never_contain_page_furniture(web):
    for site_id in web.site_ids:
        furniture = web.boilerplate(site_id)
        for truth in web.expected_articles(site_id):
            leaked = [s for s in furniture if s in truth.text or s in truth.title]
            assert not leaked, (truth.url, leaked)
            assert not set(web.related_titles(site_id, truth.article_id)) & {truth.title}


def test_boilerplate_strings_really_appear_on_article_pages(web, article_pages):
    seen = " ".join(
        words(document.text_content())
        for pages in article_pages.values()
        for document in pages.values()
    )
    missing = [string for string in BOILERPLATE if string not in seen]
    assert not missing


def test_related_titles_are_on_the_page(web, article_pages):
    for site_id, pages in article_pages.items():
        truth = web.expected_articles(site_id)[len(pages) // 2]
        titles = web.related_titles(site_id, truth.article_id)
        assert len(titles) >= 5
        text = words(pages[truth.url].text_content())
        assert all(title in text for title in titles)


# ---------------------------------------------------------------------------- traps


def test_nukeviet_dates_name_the_right_weekday(web, article_pages):
    for site_id in ("mau-nukeviet", "mau-egov"):
        date_sel = ARTICLE_PARTS[site_id][1]
        for url, document in article_pages[site_id].items():
            shown = words(document.cssselect(date_sel)[0].text_content())
            match = re.fullmatch(r"(.+) - (\d\d)/(\d\d)/(\d{4}) \d\d:\d\d", shown)
            assert match, shown
            day = date(int(match[4]), int(match[3]), int(match[2]))
            assert match[1] == WEEKDAYS[day.weekday()], url


def test_nukeviet_metadata_carries_the_real_cms_bugs(web, article_pages):
    for truth in web.expected_articles("mau-nukeviet"):
        document = article_pages["mau-nukeviet"][truth.url]
        meta = document.cssselect('meta[property="article:published_time"]')[0].get("content")
        assert re.fullmatch(r"\d{4}-\d\d-\d\d\+07\d\d:\d\d:\d\d", meta)
        assert meta[:10] == truth.published[:10]
        schema = document.cssselect('[itemprop="datePublished"]')[0].text_content()
        assert schema[:10] != truth.published[:10]  # the edit time, not the publication


def test_print_and_savefile_views_duplicate_nukeviet_articles(web, article_pages):
    for site_id in ("mau-nukeviet", "mau-egov"):
        truth = web.expected_articles(site_id)[3]
        links = [a.get("href") for a in article_pages[site_id][truth.url].cssselect("a[href]")]
        print_url, savefile_url = web.duplicate_urls(site_id, truth.article_id)
        assert "/print/" in print_url and "/savefile/" in savefile_url
        base = web.base_url(site_id)
        assert {print_url, savefile_url} <= {urljoin(base, link) for link in links}
        printed = page(print_url)
        assert words(printed.cssselect("#print #content h1")[0].text_content()) == truth.title
        assert "/" in printed.cssselect("#content ul.list-inline li")[0].text_content()
        assert truth.text.split("\n\n")[1] in words(
            printed.cssselect("#bodytext")[0].text_content()
        )
        status, headers, _ = fetch(savefile_url)
        assert status == 200 and headers["Content-Disposition"].startswith("attachment")


def test_liferay_language_links_bounce_back_to_the_page(web, article_pages):
    truth = web.expected_articles("mau-liferay")[0]
    links = [
        a.get("href")
        for a in article_pages["mau-liferay"][truth.url].cssselect("a[href]")
        if "/c/portal/update_language" in a.get("href")
    ]
    assert {parse_qs(urlsplit(link).query)["languageId"][0] for link in links} >= {
        "en_US",
        "fi_FI",
        "vi_VN",
    }
    for link in links:
        status, headers, _ = fetch(urljoin(truth.url, link))
        assert status == 302
        assert urljoin(truth.url, headers["Location"]) == truth.url
        assert "GUEST_LANGUAGE_ID" in headers["Set-Cookie"]
    listing = web.base_url("mau-liferay") + "/web/btg/tin-tuc"
    assert any("update_language" in a.get("href") for a in page(listing).cssselect("a[href]"))


def test_newspaper_header_shows_todays_date(web, article_pages):
    document = next(iter(article_pages["mau-baolongan"].values()))
    header = words(document.cssselect(".top-date")[0].text_content())
    assert header in web.boilerplate("mau-baolongan")
    today = datetime.now(timezone(timedelta(hours=7))).date()
    assert header.startswith(("Thứ ", "Chủ Nhật")) and header.endswith(f", {today:%d/%m/%Y}")
    assert "Tiếng Việt | English" in words(document.cssselect(".top-lang")[0].text_content())


def test_nfd_pages_are_decomposed_and_the_rest_composed(web):
    for site_id in web.site_ids:
        truth = web.expected_articles(site_id)
        nfd = [e for e in truth if e.nfd]
        assert len(nfd) >= 2, site_id
        for expected in (*nfd, next(e for e in truth if not e.nfd)):
            _, headers, body = fetch(expected.url)
            text = body.decode("utf-8")
            assert "charset=utf-8" in headers["Content-Type"].lower()
            assert unicodedata.is_normalized("NFD", text) == expected.nfd
            assert unicodedata.is_normalized("NFC", text) != expected.nfd
            assert unicodedata.is_normalized("NFC", expected.text)


def test_both_tone_placements_are_served(web):
    for site_id in web.site_ids:
        truth = web.expected_articles(site_id)
        old = [e for e in truth if e.tone_style == "old"]
        new = [e for e in truth if e.tone_style == "new"]
        assert sum("Tỉnh uỷ" in e.text for e in old) >= 3, site_id
        assert sum("Tỉnh ủy" in e.text for e in new) >= 3, site_id
        assert not any(re.search(r"Tỉnh ủy|\bhòa\b", e.text) for e in old)
        assert not any(re.search(r"Tỉnh uỷ|\bhoà\b", e.text) for e in new)


def test_error_pages_fail_as_described(web):
    errors = {e.kind: e for e in web.error_pages("mau-nukeviet")}
    assert set(errors) == {"error-500", "slow", "malformed"}
    assert fetch(errors["error-500"].url)[0] == 500
    status, _, body = fetch(errors["malformed"].url)
    assert status == 200 and b"</html>" not in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    with pytest.raises((TimeoutError, urllib.error.URLError)):
        fetch(errors["slow"].url, timeout=0.5)
    assert web.error_pages("mau-liferay") == []


def test_serving_is_silent(web, capfd):
    truth = web.expected_articles("mau-egov")[0]
    fetch(truth.url)
    fetch(web.base_url("mau-egov") + "/no-such-page")
    assert capfd.readouterr().err == ""


# ---------------------------------------------------------------------------- feeds, sitemaps


def test_nukeviet_feed_and_sitemap_are_capped_like_the_real_cms(web):
    base = web.base_url("mau-nukeviet")
    _, _, feed = fetch(base + "/news/rss/")
    assert feed.count(b"<item>") == 30
    _, _, index = fetch(base + "/sitemap.xml")
    assert b"/sitemap-vi.news.xml" in index
    _, _, sitemap = fetch(base + "/sitemap-vi.news.xml")
    assert sitemap.count(b"<lastmod>") == sitemap.count(b"<url>") == 51
    assert b'<meta name="generator" content="NukeViet v4.5">' in fetch(base + "/")[2]


# ---------------------------------------------------------------------------- refresh, scale


def test_edit_changes_page_etag_and_truth():
    with SampleWeb(sites=["mau-nukeviet"], articles_per_site=12, special_pages=False) as web:
        truth = web.expected_articles("mau-nukeviet")
        index, before = next(
            (i, e) for i, e in enumerate(truth) if e.author and e.text.endswith(f"{e.author}.")
        )
        status, headers, _ = fetch(before.url)
        etag, modified = headers["ETag"], headers["Last-Modified"]
        assert fetch(before.url, {"If-None-Match": etag})[0] == 304
        assert fetch(before.url, {"If-Modified-Since": modified})[0] == 304

        extra = "Hội nghị đã bổ sung một nội dung mới."
        after = web.edit_article("mau-nukeviet", before.article_id, extra)
        assert after.text != before.text and "bổ sung một nội dung mới" in after.text
        # The byline stays the last paragraph.
        assert after.text.rsplit("\n\n", 1)[1] == before.text.rsplit("\n\n", 1)[1]
        assert web.expected_articles("mau-nukeviet")[index] == after
        status, headers, body = fetch(before.url, {"If-None-Match": etag})
        assert status == 200 and headers["ETag"] != etag
        shown = html.fromstring(unicodedata.normalize("NFC", body.decode())).text_content()
        assert "bổ sung một nội dung mới" in words(shown)
        assert fetch(before.url, {"If-Modified-Since": modified})[0] == 200


def test_start_inside_with_moves_the_sites_to_the_requested_ports():
    with SampleWeb(sites=["mau-liferay"], articles_per_site=3) as web:
        web.start()  # already running: nothing changes
        first = web.base_url("mau-liferay")
        with socket.socket() as probe:  # a port the OS just said was free
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        web.start(port_base=port)
        assert web.base_url("mau-liferay") == f"http://127.0.0.1:{port}" != first
        assert fetch(web.base_url("mau-liferay") + "/robots.txt")[0] == 200
        assert str(port) in fetch(web.expected_articles("mau-liferay")[0].url)[2].decode()


def test_copies_are_independent_sites():
    with SampleWeb(sites=["mau-egov"], articles_per_site=12, copies=2) as web:
        assert web.site_ids == ["mau-egov", "mau-egov-2"]
        first, second = (web.expected_articles(site_id) for site_id in web.site_ids)
        assert not {e.article_id for e in first} & {e.article_id for e in second}
        assert {e.title for e in first} != {e.title for e in second}
        assert web.base_url("mau-egov") != web.base_url("mau-egov-2")


def test_a_site_scales_to_two_thousand_articles():
    with SampleWeb(sites=["mau-baolongan"], articles_per_site=2000) as web:
        truth = web.expected_articles("mau-baolongan")
        assert len(truth) == 2000
        assert len({(e.title, e.text) for e in truth}) == 2000
        last_page = web.base_url("mau-baolongan") + "/chinh-tri/?page=100"
        assert len(page(last_page).cssselect(LISTING_ITEMS["mau-baolongan"])) == 10
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda e: fetch(e.url)[0], truth[::5]))
        assert statuses == [200] * 400
