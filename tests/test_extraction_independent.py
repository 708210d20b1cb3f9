"""The independent gold set (tests/gold/independent) stays well-formed.

Its pages follow real CMS templates and its truths were written from what a reader
sees, before any extractor ran; ``benchmarks/extraction.py --gold
tests/gold/independent`` scores Partyline on it. These tests check only the set's
own consistency, never the extractor.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import pytest
from lxml import html

from crawler.extraction.evaluation import GoldPage, load_gold
from crawler.profiles import load_families

INDEPENDENT_DIR = Path(__file__).parent / "gold" / "independent"
FIELDS = {
    "url",
    "content_type",
    "family",
    "title",
    "published",
    "author",
    "source",
    "body",
    "boilerplate",
    "origin",
}
PUBLISHED = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}\+07:00)?$")
CHARSET = re.compile(r"charset=([\w-]+)", re.I)
# Labels the set lies with on purpose: a page may be sent in another encoding than it says.
FALLBACK_ENCODINGS = ("utf-8", "cp1258")

PAGES = load_gold(INDEPENDENT_DIR)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _readings(page: GoldPage) -> list[str]:
    """The page's visible text under its declared charset and the fallbacks."""
    declared = CHARSET.search(page.content_type or "")
    encodings = ([declared.group(1)] if declared else []) + list(FALLBACK_ENCODINGS)
    readings = []
    for encoding in encodings:
        try:
            markup = page.body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        tree = html.fromstring(markup)
        for node in tree.xpath("//script|//style"):
            node.drop_tree()
        readings.append(_fold(tree.text_content().replace("\xa0", " ")))
    return readings


def test_the_set_is_large_and_mixes_known_and_unknown_layouts() -> None:
    families = {page.family for page in PAGES}
    assert len(PAGES) >= 80
    assert sum(page.family == "generic" for page in PAGES) >= 20
    assert families <= set(load_families())
    assert len(families) >= 6


@pytest.mark.parametrize("path", sorted(INDEPENDENT_DIR.glob("*.json")), ids=lambda path: path.stem)
def test_each_truth_is_well_formed(path: Path) -> None:
    truth = json.loads(path.read_text(encoding="utf-8"))
    assert set(truth) == FIELDS
    assert path.with_suffix(".html").exists()
    assert truth["title"].strip() and truth["body"].strip() and truth["origin"].strip()
    assert truth["published"] is None or PUBLISHED.match(truth["published"])
    for field in ("author", "source"):
        assert truth[field] is None or truth[field].strip()
    assert truth["boilerplate"]
    assert all(isinstance(item, str) and item.strip() for item in truth["boilerplate"])
    body = _fold(truth["body"])
    assert [item for item in truth["boilerplate"] if _fold(item) in body] == []


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_each_page_decodes_to_text_holding_its_title_and_body(page: GoldPage) -> None:
    readings = _readings(page)
    title = _fold(page.title)
    first_paragraph = _fold(page.text.split("\n\n")[0].split(" | ")[0])
    assert any(title in text and first_paragraph in text for text in readings)
