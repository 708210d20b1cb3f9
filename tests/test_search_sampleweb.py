"""Search over the crawled sample web: page furniture never matches, both tone styles do."""

from __future__ import annotations

import re

from sqlalchemy import select

from archive.captures import capture_body
from archive.models import Article, Capture
from archive.vietnamese import nfc
from sampleweb.texts import bank
from search.analysis import words
from search.query.engine import matching_article_ids, search
from tests.conftest import Crawled


def _phrases_on_pages(crawled: Crawled) -> dict[str, int]:
    """Furniture and figure captions, with how many captured pages print them."""
    with crawled.archive().session() as session:
        pages = [
            " ".join(nfc(capture_body(c).decode("utf-8", "replace")).split())
            for c in session.scalars(select(Capture).where(Capture.http_status == 200))
        ]
    strings = {s for site in crawled.web.site_ids for s in crawled.web.boilerplate(site)}
    strings |= {caption.rstrip(".") for caption in bank().captions}
    multiword = [s for s in strings if len(re.findall(r"\w+", s)) >= 2]
    return {s: sum(s in page for page in pages) for s in multiword}


def test_words_only_found_in_page_furniture_never_match(crawled: Crawled) -> None:
    """A furniture phrase finds exactly the articles whose own text has it (usually none)."""
    with crawled.archive().session() as session:
        texts = {
            a.id: " ".join(words(f"{a.title}\n{a.text}")) for a in session.scalars(select(Article))
        }
    on_pages = [phrase for phrase, pages in _phrases_on_pages(crawled).items() if pages]
    only_on_pages = 0
    for phrase in on_pages:
        wanted = " ".join(words(phrase))
        expected = sorted(i for i, text in texts.items() if f" {wanted} " in f" {text} ")
        found = matching_article_ids(crawled.home / "index", f'"{phrase}"')
        assert found == expected, phrase
        only_on_pages += not expected
    assert only_on_pages >= 20  # sidebars, counters, polls and captions were on the pages


def test_both_tone_styles_of_the_sample_web_are_found_either_way(crawled: Crawled) -> None:
    archive, index_dir = crawled.archive(), crawled.home / "index"
    old, new = (
        search(archive, index_dir, '"Tỉnh uỷ"', limit=500),
        search(archive, index_dir, '"Tỉnh ủy"', limit=500),
    )
    assert old["total"] == new["total"] > 0
    snippets = " ".join(hit["snippet"] for hit in old["results"])
    assert "<mark>Tỉnh uỷ</mark>" in snippets and "<mark>Tỉnh ủy</mark>" in snippets
    unaccented = search(archive, index_dir, '"tinh uy"', limit=500)
    assert unaccented["total"] == old["total"]
