"""Which CMS family made a page: its generator meta and its markup, then the registry.

Each family profile names the generator strings and marker selectors of its
pages. A family scores for a generator match and for each marker found; the
registry's word breaks ties, and decides alone only when the page says nothing.
"""

from __future__ import annotations

from lxml import html

from crawler.profiles import GENERIC, FamilyProfile, family, load_families
from crawler.selectors import PageNames, select

GENERATOR_WEIGHT = 2
HINT_WEIGHT = 0.5
_GENERATOR = (
    "//meta[translate(@name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')"
    " = 'generator']/@content"
)


def page_generator(tree: html.HtmlElement) -> str:
    """The page's ``<meta name="generator">`` content, lower-cased."""
    return " ".join(tree.xpath(_GENERATOR)).lower()


def _score(profile: FamilyProfile, tree: html.HtmlElement, generator: str, names: PageNames) -> int:
    score = 0
    if generator and any(name.lower() in generator for name in profile.generators):
        score += GENERATOR_WEIGHT
    markers = [marker for marker in profile.markers if names.may_match(marker)]
    return score + sum(1 for marker in markers if select(tree, marker))


def detect_family(tree: html.HtmlElement, hint: str | None = None) -> FamilyProfile:
    """The page's family; the registry's ``hint`` when the page gives no sign of one."""
    generator = page_generator(tree)
    names = PageNames.of(tree)
    best, best_score = None, 0.0
    for profile in load_families().values():
        score = _score(profile, tree, generator, names)
        if score and profile.id == hint:
            score += HINT_WEIGHT
        if score > best_score:
            best, best_score = profile, score
    return best or family(hint or GENERIC)
