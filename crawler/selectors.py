"""Profile selectors compiled once: CSS, or XPath when written ``xpath:…``.

Family profiles are data; every page asks the same few dozen questions of its
tree, so each selector is translated to XPath and compiled a single time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cssselect import SelectorError as CSSSelectorError
from lxml import etree
from lxml.cssselect import CSSSelector

XPATH_PREFIX = "xpath:"
# EXSLT regular expressions (``re:test(@class, '…', 'i')``) are available to XPath selectors.
NAMESPACES = {"re": "http://exslt.org/regular-expressions"}


class SelectorError(ValueError):
    """A selector string that is neither valid CSS nor valid XPath."""


@lru_cache(maxsize=2048)
def compiled(selector: str) -> Callable[[Any], list[Any]]:
    """The compiled form of ``selector`` (cached)."""
    try:
        if selector.startswith(XPATH_PREFIX):
            return etree.XPath(selector[len(XPATH_PREFIX) :], namespaces=NAMESPACES)
        return CSSSelector(selector, translator="html")
    except (CSSSelectorError, etree.XPathSyntaxError) as exc:
        raise SelectorError(str(exc)) from exc


_CLASS_TOKEN = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_ID_TOKEN = re.compile(r"#(-?[_a-zA-Z][\w-]*)")


@lru_cache(maxsize=2048)
def required_names(selector: str) -> tuple[frozenset[str], frozenset[str]]:
    """Classes and ids a CSS selector cannot match without (none for XPath or ``:not``)."""
    if selector.startswith(XPATH_PREFIX) or ":not(" in selector:
        return frozenset(), frozenset()
    return frozenset(_CLASS_TOKEN.findall(selector)), frozenset(_ID_TOKEN.findall(selector))


# Attribute values as plain strings: no element objects are created for them.
_CLASS_VALUES = etree.XPath("//@class", smart_strings=False)
_ID_VALUES = etree.XPath("//@id", smart_strings=False)


@dataclass(frozen=True)
class PageNames:
    """Every class and id a page uses, gathered in one pass: selectors naming others
    cannot match, so they need not be run."""

    classes: frozenset[str]
    ids: frozenset[str]

    @classmethod
    def of(cls, tree: Any) -> PageNames:
        classes = {name for value in _CLASS_VALUES(tree) for name in value.split()}
        return cls(frozenset(classes), frozenset(_ID_VALUES(tree)))

    def may_match(self, selector: str) -> bool:
        classes, ids = required_names(selector)
        return classes <= self.classes and ids <= self.ids


def select(tree: Any, selector: str) -> list[Any]:
    """Every element of ``tree`` that ``selector`` matches, in document order."""
    return compiled(selector)(tree)


def first_match(tree: Any, selectors: Iterable[str]) -> Any | None:
    """The first element matched by the first selector that matches anything."""
    for selector in selectors:
        found = select(tree, selector)
        if found:
            return found[0]
    return None
