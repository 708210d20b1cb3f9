"""The built site: every page kind, escaping, citations, topics, links, the search page."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from archive.db import Archive
from archive.provinces import provinces_before_reform, units_after_reform
from search.index.update import update_index
from search.publish.website import build_site, render_search_page
from search.publish.website.i18n import format_published
from search.query.engine import search
from tests.website_archive import (
    HOSTILE_AUTHOR,
    HOSTILE_TITLE,
    Special,
    add_topic_to,
    local_links,
    make_archive,
)


class Built:
    def __init__(self, archive: Archive, special: Special, site: Path, index_dir: Path) -> None:
        self.archive, self.special, self.site, self.index_dir = archive, special, site, index_dir

    def page(self, path: str) -> str:
        return (self.site / path).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    folder = tmp_path_factory.mktemp("website")
    archive, special = make_archive(folder)
    add_topic_to(archive)
    update_index(archive, folder / "index")
    build_site(archive, folder / "site", index_dir=folder / "index")
    yield Built(archive, special, folder / "site", folder / "index")
    archive.dispose()


def test_home_says_what_the_archive_holds(built: Built) -> None:
    home = built.page("index.html")
    assert '<html lang="vi">' in home
    assert re.search(r"<dd>63</dd>", home)  # 60 corpus articles + 3 hand-made
    assert 'form class="search-form" role="search" action="search"' in home
    assert 'name="q"' in home and '<label for="q">' in home
    assert 'href="en/index.html" hreflang="en" lang="en">English</a>' in home
    english = built.page("en/index.html")
    assert '<html lang="en">' in english and "Newest articles" in english
    assert 'href="../index.html" hreflang="vi" lang="vi">Tiếng Việt</a>' in english


def test_article_page_shows_its_metadata_text_and_links(built: Built) -> None:
    page = built.page(f"articles/{built.special.original}.html")
    assert "<h1>Triển khai Chỉ thị 05</h1>" in page
    assert page.count("<p>Đoạn ") == 6  # paragraphs split on blank lines
    # The date as a reader writes it, where it was read in words; the rule's name is kept
    # in the markup for those who look, never shown to a reader.
    assert '<time datetime="2023-05-02" title="2023-05-02">02/05/2023</time>' in page
    assert '<span class="meta" data-rule="page:date">(theo ngày ghi trên trang)</span>' in page
    assert ">page:date<" not in page
    english = built.page(f"en/articles/{built.special.original}.html")
    assert ">2 May 2023</time>" in english and "from the date printed on the page" in english
    assert 'rel="nofollow noopener noreferrer"' in page
    assert re.search(r'href="\.\./captures/\d+"', page) and "thu thập lúc" in page
    assert "Tỉnh khi đăng" in page and "Tỉnh hiện nay" in page
    undated = built.page(f"articles/{built.special.copy}.html")
    # The reason is recorded in English: marked so, for screen readers on the Vietnamese page.
    assert "không rõ ngày" in undated and '<span class="meta" lang="en">(no date)' in undated


def test_near_identical_articles_on_other_sites_are_listed(built: Built) -> None:
    page = built.page(f"articles/{built.special.original}.html")
    related = page.split('class="related"')[1].split("</section>")[0]
    assert f'href="../articles/{built.special.copy}.html"' in related
    hostile = built.page(f"articles/{built.special.hostile}.html")
    assert 'class="related"' not in hostile


def test_highwire_tags_let_zotero_save_the_article(built: Built) -> None:
    page = built.page(f"articles/{built.special.original}.html")
    head = page.split("</head>")[0]
    tags = re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)">', head)
    assert ("citation_title", "Triển khai Chỉ thị 05") in tags
    assert ("citation_author", "Thanh Mai") in tags and ("citation_author", "Duy Khiêm") in tags
    assert ("citation_publication_date", "2023/05/02") in tags
    assert ("citation_language", "vi") in tags
    names = dict(tags)
    assert names["citation_journal_title"] == names["citation_publisher"]
    assert names["citation_public_url"].startswith("https://")
    cite = page.split('class="cite"')[1]
    assert "TY  - NEWS" in cite and "@article{partyline-" in cite


def test_hostile_title_and_author_render_as_text(built: Built) -> None:
    for path in (f"articles/{built.special.hostile}.html", "index.html", "en/index.html"):
        page = built.page(path)
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    page = built.page(f"articles/{built.special.hostile}.html")
    assert "<img src=x" not in page and HOSTILE_AUTHOR not in page
    assert HOSTILE_TITLE not in page


def test_listings_exist_for_every_site_province_unit_and_month(built: Built) -> None:
    for province in provinces_before_reform():
        assert (built.site / "provinces" / f"{province.slug}.html").is_file()
    for unit in units_after_reform():
        assert (built.site / "en" / "units" / f"{unit.slug}.html").is_file()
    site_page = built.page("sites/hanoi-bantuyengiao.html")
    month = re.search(r'href="\.\./(sites/hanoi-bantuyengiao/\d{4}-\d{2}\.html)"', site_page)
    assert month, "a site's index links to its month pages"
    month_page = built.page(month.group(1))
    assert month_page.count('href="../../articles/') >= 1
    assert "2023-06" in built.page("months/index.html")
    assert "tháng 6/2023" in built.page("months/2023-06.html")
    assert "June 2023" in built.page("en/months/2023-06.html")


def test_topic_page_has_a_chart_and_export_files(built: Built) -> None:
    page = built.page("topics/chi-thi-05.html")
    assert "<svg" in page and '<title id="chart-title">' in page and "<desc" in page
    assert "<table>" in page  # the chart's numbers as a table
    assert f'href="../articles/{built.special.original}.html"' in page
    exports = built.site / "exports" / "topics" / "chi-thi-05"
    names = sorted(os.listdir(exports))
    for extension in (".csv", ".jsonl", ".ris", ".bib", ".json", ".zip"):
        assert f"chi-thi-05{extension}" in names
        manifest = json.loads((exports / f"chi-thi-05{extension}.manifest.json").read_text())
        assert built.special.original in [entry["id"] for entry in manifest["articles"]]
        assert manifest["topic"]["slug"] == "chi-thi-05"
    assert 'href="../../exports/topics/chi-thi-05/chi-thi-05.csv"' in built.page(
        "en/topics/chi-thi-05.html"
    )


def test_every_local_link_resolves_to_a_file(built: Built) -> None:
    root = built.site.resolve()
    checked = 0
    for page in root.rglob("*.html"):
        for link in local_links(page):
            target = (page.parent / link).resolve()
            relative = target.relative_to(root).as_posix()
            if re.fullmatch(r"(en/)?(search|trends)(\?.*)?|captures/\d+", relative):
                continue  # answered by the search server
            assert target.is_file(), f"{page.relative_to(root)} links to missing {link}"
            checked += 1
    assert checked > 1000


def test_search_page_renders_results_facets_and_pages(built: Built) -> None:
    result = search(built.archive, built.index_dir, "tỉnh", limit=5, page=1)
    html = render_search_page("en", "tỉnh", None, {**result, "page": 1, "per_page": 5})
    assert '<html lang="en">' in html and 'href="../static/style.css"' in html
    assert 'action="../en/search"' in html
    results = html.split('<ol class="results"')[1].split("</ol>")[0]
    assert results.count("<li>") == 5 and "<mark>" in results
    assert 'class="snippet"' in results and 'href="../en/articles/' in results
    facets = html.split('class="facets"')[1].split("</aside>")[0]
    assert "?q=t%E1%BB%89nh+site%3A" in facets
    assert 'rel="next" href="?q=t%E1%BB%89nh&amp;page=2"' in html
    assert 'hreflang="vi"' in html and 'href="../search?q=t%E1%BB%89nh"' in html
    empty = render_search_page("vi", "", None, None)
    assert '<html lang="vi">' in empty and 'href="static/style.css"' in empty


@pytest.mark.parametrize(
    ("value", "vietnamese", "english"),
    [
        ("2024-10-16T15:06:00+07:00", "16/10/2024, 15:06", "16 October 2024, 15:06"),
        ("2024-10-16", "16/10/2024", "16 October 2024"),
        ("2024-10-16T08:06:00+00:00", "16/10/2024, 08:06 (UTC+00:00)", None),
        ("2024-10-16T15:06:00+05:30", "16/10/2024, 15:06 (UTC+05:30)", None),
        ("Thứ hai, 16/10/2024", "Thứ hai, 16/10/2024", "Thứ hai, 16/10/2024"),  # not ISO: as is
        ("2024-13-01", "2024-13-01", "2024-13-01"),
    ],
)
def test_dates_are_shown_as_readers_write_them(
    value: str, vietnamese: str, english: str | None
) -> None:
    assert format_published(value, "vi") == vietnamese
    if english:
        assert format_published(value, "en") == english
