"""Where an article's publication date comes from, in order of trust.

1. The family's own date element (``page:<rule>``), as its profile names it.
2. A date element next to the title (``page:near-title``): for unknown layouts,
   and for known ones whose element went missing. Never inside lists, sidebars,
   headers, footers, related or comment boxes, or anything saying "modified".
3. Meta tags and JSON-LD (``meta:<name>``), but not the names the family
   distrusts (NukeViet's ``datePublished`` holds the edit time).
4. A date written in the URL path (``url``).

None of these: no date, and the reason is recorded. Never the crawl date.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import html

from crawler.extraction.chrome import in_chrome, names
from crawler.extraction.dates import FoundDate, date_from_url, parse_iso_date, parse_vietnamese_date
from crawler.extraction.text import clean_line
from crawler.profiles import FamilyProfile
from crawler.selectors import select

NO_DATE = "no date element, date meta or date in the URL"
NEAR_TITLE = "page:near-title"

# Meta tags that carry a publication date, best first; never modified dates.
DATE_META = (
    ("property", "article:published_time"),
    ("name", "pubdate"),
    ("name", "publishdate"),
    ("name", "DC.date.issued"),
    ("itemprop", "datePublished"),
)
_DATE_LIKE = re.compile(r"date|time|ngay|thoi-?gian|publish|posted|created", re.I)
# Labels that open a date printed in an element no class names ("Ngày đăng: 05/03/2021").
DATE_LABELS = (
    "ngày đăng",
    "đăng ngày",
    "đăng lúc",
    "ngày cập nhật",
    "cập nhật",
    "ngày xuất bản",
    "thời gian đăng",
)
# Dates that are not the publication's, beyond the page chrome: today's, and edits.
_NOT_PUBLICATION = re.compile(r"today|hom-?nay|hien-?tai|current|modif|updated|edit|sua", re.I)
_TITLE_LIKE = re.compile(r"title|tieu-?de|heading", re.I)
MAX_DATE_TEXT = 120


def _rule_dates(tree: html.HtmlElement, profile: FamilyProfile) -> tuple[FoundDate, str] | None:
    for rule in profile.dates:
        for element in select(tree, rule.selector):
            value = element.get(rule.attribute) if rule.attribute else element.text_content()
            found = parse_vietnamese_date(clean_line(value or ""))
            if found:
                return found, rule.source
    return None


def _candidates(tree: html.HtmlElement) -> Iterator[tuple[html.HtmlElement, FoundDate]]:
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        labelled = (element.text or "").lstrip().lower().startswith(DATE_LABELS)
        if element.tag != "time" and not labelled and not _DATE_LIKE.search(names(element)):
            continue
        text = clean_line(element.get("datetime") or element.text_content())
        if not text or len(text) > MAX_DATE_TEXT or in_chrome(element, _NOT_PUBLICATION):
            continue
        found = parse_vietnamese_date(text)
        if found:
            yield element, found


def _title_element(tree: html.HtmlElement, title: str) -> html.HtmlElement | None:
    """The heading (or title-classed element) that shows ``title``."""
    headings = tree.iter("h1", "h2", "h3", "h4")
    titled = (e for e in tree.iter() if isinstance(e.tag, str) and _TITLE_LIKE.search(names(e)))
    for element in (*headings, *titled):
        if clean_line(element.text_content()) == title:
            return element
    return None


def _near_title(tree: html.HtmlElement, title: str | None) -> FoundDate | None:
    """The own-looking date element closest to the title's element in document order."""
    anchor = _title_element(tree, title) if title else None
    order = {e: i for i, e in enumerate(tree.iter())} if anchor is not None else {}
    best = None
    for element, found in _candidates(tree):
        if anchor is None:
            return found
        distance = order[element] - order[anchor]
        rank = (abs(distance), distance < 0)  # on a tie, the date after the title
        if best is None or rank < best[0]:
            best = (rank, found)
    return best[1] if best else None


def _json_ld_dates(tree: html.HtmlElement) -> Iterator[str]:
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data: Any = json.loads(script)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                if isinstance(item.get("datePublished"), str):
                    yield item["datePublished"]
                stack.extend(v for v in item.values() if isinstance(v, (dict, list)))


def _meta_date(tree: html.HtmlElement, profile: FamilyProfile) -> tuple[FoundDate, str] | None:
    for attribute, name in DATE_META:
        if name in profile.distrusted_meta:
            continue
        for value in tree.xpath(f"//meta[@{attribute}=$name]/@content", name=name):
            found = parse_iso_date(value)
            if found:
                return found, f"meta:{name}"
    if "datePublished" not in profile.distrusted_meta:
        for value in _json_ld_dates(tree):
            found = parse_iso_date(value)
            if found:
                return found, "meta:json-ld"
    return None


def find_published(
    tree: html.HtmlElement, profile: FamilyProfile, url: str, title: str | None
) -> tuple[FoundDate | None, str]:
    """The publication date and where it came from, or None and why there is none."""
    ruled = _rule_dates(tree, profile)
    if ruled:
        return ruled
    near = _near_title(tree, title)
    if near:
        return near, NEAR_TITLE
    meta = _meta_date(tree, profile)
    if meta:
        return meta
    found = date_from_url(url)
    if found:
        return found, "url"
    return None, NO_DATE
