"""The article's title: the family's element, else the heading the page's metadata names.

``<title>`` often carries the site's name beside the article's, and on some
portals (WebSphere) nothing else; an unknown layout's ``<h1>`` is often the
site's logo. So its title is the heading that ``og:title`` names, else the
longest heading ``<title>`` starts or ends with (the site's name excluded),
then ``og:title``, then ``<title>`` up to its first separator.
"""

from __future__ import annotations

import re

from lxml import html

from archive.vietnamese import fold
from crawler.extraction.text import clean_line
from crawler.profiles import FamilyProfile
from crawler.selectors import first_match

HEADINGS = ("h1", "h2", "h3")
MAX_HEADINGS = 12
_SEPARATORS = re.compile(r"\s+[-|–—:»>›]\s+")
_SEPARATOR_MARKS = tuple("-|–—:»>›")
# Liferay's empty back-link label shows as "null" before the title.
_NULL_PREFIX = "null "
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)\s*$")


def _clean_title(text: str) -> str | None:
    title = clean_line(text).removeprefix(_NULL_PREFIX).strip()
    return title if title and title.lower() != "null" else None


def _key(text: str) -> str:
    return " ".join(fold(text).lower().split())


def _headings(tree: html.HtmlElement) -> list[str]:
    found = []
    for element in tree.iter(*HEADINGS):
        text = _clean_title(element.text_content())
        if text:
            found.append(text)
        if len(found) == MAX_HEADINGS:
            break
    return found


def _site_names(tree: html.HtmlElement, site_name: str | None) -> set[str]:
    names = [*tree.xpath("//meta[@property='og:site_name']/@content"), site_name or ""]
    return {_key(_PARENTHETICAL.sub("", name)) for name in names if name.strip()}


def _framed_by(title: str, heading: str) -> bool:
    """``title`` is ``heading`` alone, or ``heading`` and a separator and more."""
    if title == heading:
        return True
    if title.startswith(heading) and title[len(heading) :].lstrip().startswith(_SEPARATOR_MARKS):
        return True
    return title.endswith(heading) and title[: -len(heading)].rstrip().endswith(_SEPARATOR_MARKS)


def _from_metadata(tree: html.HtmlElement, site_name: str | None) -> str | None:
    headings = _headings(tree)
    names = _site_names(tree, site_name)
    og_title = clean_line(" ".join(tree.xpath("//meta[@property='og:title']/@content")))
    page_title = clean_line(" ".join(tree.xpath("//title//text()")))
    if og_title:
        for heading in headings:
            if _key(heading) == _key(og_title):
                return heading
    framed = [
        heading
        for heading in headings
        if _key(heading) not in names and _framed_by(_key(page_title), _key(heading))
    ]
    if framed:
        return max(framed, key=len)
    if og_title and _key(og_title) not in names:
        return og_title
    if page_title and _key(page_title) not in names:
        return _SEPARATORS.split(page_title)[0]
    return headings[0] if headings else None


def find_title(
    tree: html.HtmlElement, profile: FamilyProfile, site_name: str | None = None
) -> str | None:
    """The title, from the family's selectors or the page's own metadata."""
    element = first_match(tree, profile.title)
    if element is not None:
        title = _clean_title(element.text_content())
        if title:
            return title
    return _from_metadata(tree, site_name)
