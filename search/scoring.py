"""Relevance scores for the match set: BM25F over posting blocks, plus ranking tiers.

Whoosh's collector walks its matcher tree one document at a time, a few tens
of microseconds each: fine for a rare word, far too slow when the match set
holds half the archive. The match set is already known (``docsets.py``), so
scoring here reads each query term's postings a block at a time, keeps the
documents in the set, and adds up BM25F (Whoosh's formula and parameters) or,
for a ranking tier, a fixed amount per document.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from search.facts import Postings, document_frequency

B, K1 = 0.75, 1.2  # Whoosh's BM25F defaults


@dataclass(frozen=True)
class Weighted:
    """A term scored by BM25F, times ``boost``."""

    fieldname: str
    term: str
    boost: float = 1.0


@dataclass(frozen=True)
class Tier:
    """``points`` for each document holding any of ``terms``, however common they are."""

    fieldname: str
    terms: tuple[str, ...]
    points: float


def _add_bm25(
    postings: Postings, weighted: Weighted, matches: set[int], into: dict[int, float]
) -> None:
    facts = postings.facts
    reader = facts.reader
    count = reader.doc_count_all()
    frequency = document_frequency(reader, weighted.fieldname, weighted.term)
    if not frequency:
        return
    weight = weighted.boost * (math.log(count / (frequency + 1)) + 1) * (K1 + 1)
    average = (reader.field_length(weighted.fieldname) / count) or 1.0
    lengths = facts.lengths(weighted.fieldname)
    short, slope = K1 * (1 - B), K1 * B / average
    get = into.get
    for offset, documents, frequencies in postings.read(weighted.fieldname, weighted.term).blocks:
        for document, tf in zip(documents, frequencies, strict=True):
            document += offset
            if document in matches:
                norm = short + slope * lengths[document]
                into[document] = get(document, 0.0) + weight * tf / (tf + norm)


def _add_tier(postings: Postings, tier: Tier, matches: set[int], into: dict[int, float]) -> None:
    holding: set[int] = set()
    for term in tier.terms:
        holding |= postings.documents(tier.fieldname, term)
    for document in holding & matches:
        into[document] = into.get(document, 0.0) + tier.points


def scores(postings: Postings, terms: list[Weighted | Tier], matches: set[int]) -> dict[int, float]:
    """Every matching document's score (documents no term scores are left out)."""
    total: dict[int, float] = {}
    for term in terms:
        if isinstance(term, Tier):
            _add_tier(postings, term, matches, total)
        else:
            _add_bm25(postings, term, matches, total)
    return total
