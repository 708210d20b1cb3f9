"""Exact strings of the sample pages' furniture (``data/boilerplate.yaml``): never article text.

Each is printed, verbatim after whitespace collapsing, on the pages of the
family it is listed under, and the composer refuses article texts containing
any of the foundation families' strings, so a test can search an extracted text
for all of them.
"""

from __future__ import annotations

import yaml

from sampleweb.specs import DATA_DIR

FOUNDATION_FAMILIES = ("nukeviet", "liferay", "newspaper")

_TABLE = yaml.safe_load((DATA_DIR / "boilerplate.yaml").read_text(encoding="utf-8"))
BY_FAMILY: dict[str, tuple[str, ...]] = {
    family: tuple(strings) for family, strings in _TABLE["families"].items()
}

# The foundation families' strings (the four sites SampleWeb() serves), each once.
BOILERPLATE: tuple[str, ...] = tuple(
    dict.fromkeys(s for family in FOUNDATION_FAMILIES for s in BY_FAMILY[family])
)


def leaked(text: str, strings: tuple[str, ...] = BOILERPLATE) -> list[str]:
    """The boilerplate strings found in ``text``."""
    return [string for string in strings if string in text]
