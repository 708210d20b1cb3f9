"""A query as two masks over the index snapshot: the articles it matches and its slice.

Trends, shares and distinctive terms all divide: the articles a query
matches by the articles of the same slice (its filters without its words,
``slices.py``). Both are boolean arrays over the snapshot's documents
(``docsets.py``), so counting them per month, per province or per site is
one ``bincount`` each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh.searching import Searcher

from archive.db import Archive
from search.query import syntax
from search.query.docsets import DocSets
from search.query.facts import Facts, Mask, facts_for
from search.query.slices import slice_of
from search.site_filters import SiteInfo, load_sites
from search.store import open_searcher

EVERY_ARTICLE = "(every article)"


class ResearchError(ValueError):
    """A research request that cannot be answered as asked; the message says why."""


@dataclass
class Snapshot:
    """One index snapshot with the sites table as it is now."""

    searcher: Searcher
    facts: Facts
    sites: list[SiteInfo]

    @classmethod
    def open(cls, archive: Archive, index_dir: Path) -> Snapshot:
        searcher = open_searcher(index_dir)
        return cls(searcher, facts_for(searcher.reader()), load_sites(archive))

    def site_info(self) -> dict[str, SiteInfo]:
        return {site.id: site for site in self.sites}


@dataclass
class Measured:
    """A query's matches and its slice (matches are always inside the slice)."""

    query: str
    matches: Mask
    slice: Mask
    slice_query: str  # the slice as the query language writes it, for links and reports
    notes: list[str] = field(default_factory=list)

    @property
    def matching(self) -> int:
        return int(np.count_nonzero(self.matches))

    @property
    def total(self) -> int:
        return int(np.count_nonzero(self.slice))


def measure(snapshot: Snapshot, query: str) -> Measured:
    """Evaluate ``query`` (the full language) into its matches and its slice."""
    parsed = syntax.parse(query)
    docsets = DocSets(snapshot.searcher, snapshot.facts, snapshot.sites)
    if parsed.tree is None:
        nothing = snapshot.facts.nothing()
        return Measured(query, nothing, nothing, EVERY_ARTICLE, list(parsed.notes))
    matches = docsets.matches(parsed.tree)
    context = slice_of(parsed.tree)
    within = snapshot.facts.live if context is None else docsets.matches(context)
    notes = list(dict.fromkeys([*parsed.notes, *docsets.notes]))
    return Measured(query, matches, within | matches, write_query(context), notes)


def write_query(node: syntax.Node | None) -> str:
    """A (filter) tree as query text: ``province:"Long An" date:2021-01-01..2021-12-31``."""
    match node:
        case None:
            return EVERY_ARTICLE
        case syntax.Filter(name=name, value=value):
            return f'{name}:"{value}"' if " " in value else f"{name}:{value}"
        case syntax.DateRange(first=first, last=last):
            return f"date:{_iso(first)}..{_iso(last)}"
        case syntax.Not(node=inner):
            return f"-{_grouped(inner)}"
        case syntax.And(nodes=nodes):
            return " ".join(_grouped(child) for child in nodes)
        case syntax.Or(nodes=nodes):
            return " OR ".join(_grouped(child) for child in nodes)
        case syntax.Word(text=text):
            return text
        case syntax.Phrase(words=words):
            return '"' + " ".join(word.text for word in words) + '"'
    raise TypeError(f"unknown query node {node!r}")


def _grouped(node: syntax.Node) -> str:
    text = write_query(node)
    return f"({text})" if isinstance(node, syntax.And | syntax.Or) else text


def _iso(yyyymmdd: int) -> str:
    if yyyymmdd <= syntax.EARLIEST:
        return ""
    if yyyymmdd >= 99991231:
        return ""
    return f"{yyyymmdd // 10000:04d}-{yyyymmdd // 100 % 100:02d}-{yyyymmdd % 100:02d}"
