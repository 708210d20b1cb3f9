"""Page chrome by position: headers, footers, menus, sidebars, lists, related boxes.

Used where no family profile says where the article is: a date element or a
lead found by its class must not sit in any of these.
"""

from __future__ import annotations

import re

from lxml import html

# Not <form>: ASP.NET pages wrap everything in one.
CHROME_TAGS = frozenset({"header", "footer", "nav", "aside", "li", "option", "select"})
# Class and id words of chrome on Vietnamese sites (English and unaccented Vietnamese).
CHROME_NAMES = re.compile(
    r"related|other|lien-?quan|tin-?khac|same|cung-?chuyen-?muc|side|footer|header|menu|nav"
    r"|comment|binh-?luan|widget|latest|newest|most|tin-?moi|doc-?nhieu",
    re.I,
)
MAX_ANCESTORS = 12


def names(element: html.HtmlElement) -> str:
    """An element's class and id, for matching by name."""
    return f"{element.get('class', '')} {element.get('id', '')}"


def in_chrome(element: html.HtmlElement, extra: re.Pattern[str] | None = None) -> bool:
    """True when the element or a near ancestor is chrome (or matches ``extra``)."""
    for depth, node in enumerate((element, *element.iterancestors())):
        if depth > MAX_ANCESTORS or node.tag == "body":
            break
        if node.tag in CHROME_TAGS or CHROME_NAMES.search(names(node)):
            return True
        if extra is not None and extra.search(names(node)):
            return True
    return False
