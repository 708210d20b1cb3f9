"""Relevance scores for the match set: BM25F over posting blocks, plus ranking tiers.

Whoosh's collector walks its matcher tree one document at a time, a few tens
of microseconds each: fine for a rare word, far too slow when the match set
holds half the archive. The match set is already known (``docsets.py``), so
scoring here takes each query term's postings as arrays, keeps the documents
in the set, and adds up BM25F (Whoosh's formula and parameters, the same
floating-point operations in the same order) or, for a ranking tier, a fixed
amount per document, all in array operations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from search.query.facts import Mask, Postings, document_frequency

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


@dataclass
class Scores:
    """Each document's score, and which documents any term scored (the others are 0)."""

    values: np.ndarray  # float64 per document number
    scored: Mask


def _add_bm25(postings: Postings, weighted: Weighted, matches: Mask, into: Scores) -> None:
    facts = postings.facts
    reader = facts.reader
    count = reader.doc_count_all()
    frequency = document_frequency(reader, weighted.fieldname, weighted.term)
    if not frequency:
        return
    weight = weighted.boost * (math.log(count / (frequency + 1)) + 1) * (K1 + 1)
    average = (reader.field_length(weighted.fieldname) / count) or 1.0
    short, slope = K1 * (1 - B), K1 * B / average
    found = postings.read(weighted.fieldname, weighted.term)
    kept = matches[found.documents]
    documents, tf = found.documents[kept], found.frequencies[kept]
    norm = short + slope * facts.lengths(weighted.fieldname)[documents]
    # A term lists each document once, so the indexed addition never adds twice.
    into.values[documents] += weight * tf / (tf + norm)
    into.scored[documents] = True


def _add_tier(postings: Postings, tier: Tier, matches: Mask, into: Scores) -> None:
    holding = matches & postings.any_of(tier.fieldname, tier.terms)
    into.values[holding] += tier.points
    into.scored |= holding


def scores(postings: Postings, terms: list[Weighted | Tier], matches: Mask) -> Scores:
    """Every matching document's score (``scored``: the documents some term scored)."""
    total = Scores(np.zeros(postings.facts.doc_count_all), postings.facts.nothing())
    for term in terms:
        if isinstance(term, Tier):
            _add_tier(postings, term, matches, total)
        else:
            _add_bm25(postings, term, matches, total)
    return total
