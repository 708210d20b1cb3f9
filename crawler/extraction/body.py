"""The article's paragraphs: the family's body element, else a generic extraction.

With a family selector the work is cheap: cut the element out, drop the blocks
the profile names, read paragraphs, put the lead first. Without one (an unknown
layout, or a known one that changed), trafilatura reads the page after the
chrome Vietnamese sites name alike (share bars, related and comment boxes) and
the image captions are pruned; its output tree is read the same way.
"""

from __future__ import annotations

from lxml import html

from crawler.extraction.chrome import in_chrome
from crawler.extraction.text import element_paragraphs, is_caption
from crawler.profiles import GENERIC, FamilyProfile, family
from crawler.selectors import first_match, select

LEAD_CHARS = (40, 1500)
LEAD_SEARCH = 3  # a lead already among the first paragraphs is not added again
MIN_FAMILY_TEXT = 200  # characters a family's body element must hold to be trusted


def _drop(root: html.HtmlElement, selectors: tuple[str, ...]) -> None:
    for selector in selectors:
        for element in select(root, selector):
            if element.getparent() is not None:
                element.drop_tree()


def _family_paragraphs(
    tree: html.HtmlElement, profile: FamilyProfile, body: html.HtmlElement
) -> list[str]:
    _drop(body, profile.drop)
    paragraphs = element_paragraphs(body)
    lead = first_match(tree, profile.lead)
    if lead is not None and body not in lead.iterancestors() and lead not in body.iterdescendants():
        paragraphs = element_paragraphs(lead) + paragraphs
    return paragraphs


def _generic_lead(tree: html.HtmlElement, selectors: tuple[str, ...]) -> list[str]:
    """A lead printed apart from the text, found by its class (never in chrome)."""
    for selector in selectors:
        for element in select(tree, selector):
            if in_chrome(element):
                continue
            paragraphs = element_paragraphs(element)
            if LEAD_CHARS[0] <= _chars(paragraphs) <= LEAD_CHARS[1]:
                return paragraphs
    return []


def generic_paragraphs(tree: html.HtmlElement, profile: FamilyProfile) -> list[str]:
    """trafilatura on the page pruned of chrome and captions (the tree is consumed).

    trafilatura sometimes leaves out a lead printed apart from the text: it is
    put back first when the page has one and the text does not start with it.
    """
    generic = family(GENERIC)
    lead = _generic_lead(tree, profile.lead + generic.lead)
    _drop(tree, profile.drop + generic.drop)
    for element in [e for e in tree.iter() if isinstance(e.tag, str) and is_caption(e)]:
        if element.getparent() is not None:
            element.drop_tree()
    # Imported on first use: a crawl of family-profiled sites never needs it, and
    # importing it costs each extraction process a fifth of a second.
    import trafilatura

    document = trafilatura.bare_extraction(
        tree,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        deduplicate=False,
        with_metadata=False,
    )
    if document is None or document.body is None:
        return []
    paragraphs = element_paragraphs(document.body)
    if lead and lead[0] not in paragraphs[:LEAD_SEARCH]:
        paragraphs = lead + paragraphs
    return paragraphs


def body_paragraphs(tree: html.HtmlElement, profile: FamilyProfile) -> list[str]:
    """The article's paragraphs: by the family's selectors, else the generic way.

    A body element that holds (almost) nothing may mean the layout changed under
    the profile (text moved elsewhere): the generic way is tried too, and kept
    only if it finds a real text (a short notice stays as the family read it).
    """
    body = first_match(tree, profile.body)
    if body is None:
        return generic_paragraphs(tree, profile)
    paragraphs = _family_paragraphs(tree, profile, body)
    if _chars(paragraphs) >= MIN_FAMILY_TEXT:
        return paragraphs
    generic = generic_paragraphs(tree, profile)
    return generic if _chars(generic) >= MIN_FAMILY_TEXT else paragraphs


def _chars(paragraphs: list[str]) -> int:
    return sum(map(len, paragraphs))
