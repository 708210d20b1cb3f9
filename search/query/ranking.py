"""Ordering the matches: by relevance or by date.

Relevance is BM25F over the searched words (a match in the title counting
double, ``search/query/scoring.py``) plus two *tiers* that carry the Vietnamese rules
of ``docs/search.md``. A tier adds a fixed amount per document, however common
the words are, so it orders documents before BM25F does:

- ``ADJACENT_TIER`` for each pair of words typed side by side that the article
  has side by side: unquoted ``tuyên giáo`` ranks "Ban Tuyên giáo" above an
  article with "tuyên" and "giáo" far apart;
- ``EXACT_TIER`` for each word typed without diacritics that the article has
  spelled exactly so: where both kinds of match exist, the exact spelling
  ranks first.

Matches nothing scores (found through a filter alone, or an ``OR`` with a
filter) follow the scored ones, newest first; ties go to the newer article.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np
from whoosh.reading import IndexReader

from search.analysis import exact_form
from search.query import syntax
from search.query.docsets import word_term
from search.query.facts import Facts, Mask, Postings
from search.query.scoring import Tier, Weighted, scores
from search.query.variants import pair_spellings
from search.schema import PAIR_FIELD, TITLE_FIELDS, WORD_FIELDS

ADJACENT_TIER = 10_000.0
EXACT_TIER = 1_000.0
TITLE_BOOST = 2.0

Term = Weighted | Tier


def _word_terms(word: str) -> list[Term]:
    fieldname, term = word_term(word)
    form = "exact" if fieldname == WORD_FIELDS["exact"] else "folded"
    terms: list[Term] = [Weighted(fieldname, term), Weighted(TITLE_FIELDS[form], term, TITLE_BOOST)]
    if form == "folded":
        terms.append(Tier(WORD_FIELDS["exact"], (exact_form(word),), EXACT_TIER))
    return terms


def _pairs(reader: IndexReader, first: str, second: str) -> list[str]:
    return [term for term, _ in pair_spellings(reader, first, second)]


def relevance_terms(reader: IndexReader, node: syntax.Node | None) -> list[Term]:
    """What scores a document for ``node``: weighted terms and tiers (none for filters)."""
    match node:
        case syntax.Word(text=text):
            return _word_terms(text)
        case syntax.Phrase(words=words):
            return [
                Weighted(PAIR_FIELD, term)
                for first, second in pairwise(words)
                for term in _pairs(reader, first.text, second.text)
            ]
        case syntax.Or(nodes=nodes):
            return [term for child in nodes for term in relevance_terms(reader, child)]
        case syntax.And(nodes=nodes):
            terms = [term for child in nodes for term in relevance_terms(reader, child)]
            words = [child.text for child in nodes if isinstance(child, syntax.Word)]
            for first, second in pairwise(words):
                if spellings := _pairs(reader, first, second):
                    terms.append(Tier(PAIR_FIELD, tuple(spellings), ADJACENT_TIER))
            return terms
    return []  # filters, dates and exclusions do not score


def top_by_key(documents: np.ndarray, keys: np.ndarray, count: int) -> np.ndarray:
    """The ``count`` documents with the largest ``keys`` (distinct), largest first."""
    if count <= 0 or not len(documents):
        return documents[:0]
    if len(documents) > count:
        chosen = np.argpartition(keys, len(keys) - count)[len(keys) - count :]
        documents, keys = documents[chosen], keys[chosen]
    return documents[np.argsort(keys)[::-1]]


def by_date(facts: Facts, matches: Mask, count: int, *, oldest: bool = False) -> list[int]:
    """The first ``count`` matches newest (or oldest) first; undated ones last."""
    documents = np.flatnonzero(matches)
    if oldest:  # the smallest keys: the largest negated ones
        return top_by_key(documents, -facts.oldest_keys[documents], count).tolist()
    return top_by_key(documents, facts.newest_keys[documents], count).tolist()


def by_relevance(
    postings: Postings, terms: list[Term], matches: Mask, count: int
) -> list[tuple[int, float]]:
    """The first ``count`` matches by score, then unscored matches newest first."""
    facts = postings.facts
    scored = scores(postings, terms, matches)
    documents = np.flatnonzero(scored.scored)
    values = scored.values[documents]
    if len(documents) > count:
        # Every document scoring at least the count-th best score, then exact order below.
        cut = np.partition(values, len(values) - count)[len(values) - count]
        keep = values >= cut
        documents, values = documents[keep], values[keep]
    # By score, ties to the newer document (newest keys are distinct).
    order = np.lexsort((facts.newest_keys[documents], values))[::-1][:count]
    ranked = list(zip(documents[order].tolist(), values[order].tolist(), strict=True))
    if len(ranked) < count:
        rest = matches & ~scored.scored
        ranked += [(document, 0.0) for document in by_date(facts, rest, count - len(ranked))]
    return ranked
