"""Ordering the matches: by relevance or by date.

Relevance is BM25F over the searched words (a match in the title counting
double, ``search/scoring.py``) plus two *tiers* that carry the Vietnamese rules
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

import heapq
from itertools import pairwise

from whoosh.reading import IndexReader

from search import syntax
from search.analysis import exact_form
from search.docsets import word_term
from search.facts import Facts, Postings
from search.schema import PAIR_FIELD, TITLE_FIELDS, WORD_FIELDS
from search.scoring import Tier, Weighted, scores
from search.variants import pair_spellings

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


def by_date(facts: Facts, matches: set[int], count: int, *, oldest: bool = False) -> list[int]:
    """The first ``count`` matches newest (or oldest) first; undated ones last."""
    if oldest:
        return heapq.nsmallest(count, matches, key=facts.oldest_keys.__getitem__)
    return heapq.nlargest(count, matches, key=facts.newest_keys.__getitem__)


def by_relevance(
    postings: Postings, terms: list[Term], matches: set[int], count: int
) -> list[tuple[int, float]]:
    """The first ``count`` matches by score, then unscored matches newest first."""
    facts = postings.facts
    scored = scores(postings, terms, matches)
    newest = facts.newest_keys
    best = heapq.nlargest(count, scored, key=lambda document: (scored[document], newest[document]))
    ranked = [(document, scored[document]) for document in best]
    if len(ranked) < count and len(scored) < len(matches):
        rest = matches.difference(scored)
        ranked += [(document, 0.0) for document in by_date(facts, rest, count - len(ranked))]
    return ranked
