"""Where each registry value comes from: seen in a public source, or guessed.

A site block's ``evidence:`` maps a key of the block (``hosts``, ``family``,
``listings`` …) or one of its own hosts or URLs to ``{seen: "<where>"}`` or
``{guessed: "<why>"}``. Evidence for a single URL or host overrides the evidence
of its list. docs/sites.md describes the format.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

URL_LISTS = ("listings", "feeds", "sitemaps")

# Block keys that may carry evidence (besides the block's own hosts and URLs).
EVIDENCE_KEYS = ("hosts", "family", "cms", *URL_LISTS, "article_urls", "province")

# Keys whose values must say where they come from; so must every start-URL list
# the block has (see ``required_evidence``).
ALWAYS_REQUIRED = ("hosts", "family")

KINDS = ("seen", "guessed")


@dataclass(frozen=True)
class Evidence:
    """One value's provenance: ``kind`` is ``seen`` or ``guessed``."""

    kind: str
    # Where it was seen (a repository file, a page address), or why it is guessed.
    source: str

    @property
    def seen(self) -> bool:
        return self.kind == "seen"

    def as_record(self) -> dict[str, str]:
        return {self.kind: self.source}


def malformed(value: Any) -> str | None:
    """Why ``value`` is not an evidence entry, or None when it is one."""
    if not isinstance(value, Mapping):
        return 'must be {seen: "<where>"} or {guessed: "<why>"}'
    kinds = [kind for kind in KINDS if kind in value]
    others = [str(key) for key in value if key not in KINDS]
    if others:
        return f"has unknown key(s) {', '.join(others)}; use 'seen' or 'guessed'"
    if len(kinds) != 1:
        return "must say either 'seen' or 'guessed', not both"
    text = value[kinds[0]]
    if not isinstance(text, str) or not text.strip():
        return f"'{kinds[0]}' must say where (or why) in words"
    return None


def parse(value: Any) -> Evidence:
    """A checked evidence entry (``malformed(value)`` is None) as ``Evidence``."""
    kind = next(kind for kind in KINDS if kind in value)
    return Evidence(kind, " ".join(str(value[kind]).split()))


def evidence_map(entry: Mapping[str, Any]) -> dict[str, Evidence]:
    """The well-formed evidence of a block, keyed as written."""
    raw = entry.get("evidence")
    if not isinstance(raw, Mapping):
        return {}
    return {str(key): parse(value) for key, value in raw.items() if malformed(value) is None}


def required_evidence(entry: Mapping[str, Any]) -> tuple[str, ...]:
    """The keys of ``entry`` whose values must carry evidence."""
    return ALWAYS_REQUIRED + tuple(key for key in URL_LISTS if entry.get(key))


def covers(evidence: Mapping[str, Any], entry: Mapping[str, Any], key: str) -> bool:
    """True when ``key`` has evidence, as a whole or item by item (hosts and URL lists)."""
    if key in evidence:
        return True
    items = entry.get(key)
    if key in ("hosts", *URL_LISTS) and isinstance(items, list) and items:
        return all(str(item) in evidence for item in items)
    return False


def own_values(entry: Mapping[str, Any]) -> set[str]:
    """The hosts and URLs of a block, each of which may carry its own evidence."""
    values: set[str] = set()
    for key in ("hosts", *URL_LISTS):
        items = entry.get(key)
        if isinstance(items, list):
            values.update(str(item) for item in items)
    return values
