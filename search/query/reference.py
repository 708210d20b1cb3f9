"""The whole archive's counts of words and pairs, from the index's term statistics.

Every term the index holds has its total frequency (occurrences in every
article) and its document frequency recorded per segment; the running words
of a field are recorded too. A distinctive-terms query therefore costs
nothing for its reference corpus beyond one look-up per candidate term, and
those are kept per segment (segments never change) so common words are
looked up once per process. Deleted articles count until their segment is
merged, as in Whoosh's own statistics.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from whoosh.reading import IndexReader

from search.query.facts import Facts
from search.schema import PAIR_FIELD, WORD_FIELDS

TOTALS_KEPT = 2_000_000  # cached (segment, field, term) totals; emptied beyond
# A plain dictionary: its look-ups and insertions are atomic under the interpreter lock,
# and a distinctive-terms query makes a hundred thousand of them.
_totals: dict[tuple[str, str, str], tuple[int, int]] = {}


def _leaf_counts(leaf: IndexReader, segment: str, fieldname: str, term: str) -> tuple[int, int]:
    key = (segment, fieldname, term)
    found = _totals.get(key)
    if found is None:
        if (fieldname, term) in leaf:
            info = leaf.term_info(fieldname, term)
            found = (int(info.weight()), int(info.doc_frequency()))
        else:
            found = (0, 0)
        if len(_totals) >= TOTALS_KEPT:
            _totals.clear()
        _totals[key] = found
    return found


def counts(facts: Facts, fieldname: str, terms: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(occurrences, documents) of each term over the snapshot."""
    occurrences = np.zeros(len(terms), np.int64)
    documents = np.zeros(len(terms), np.int64)
    for (leaf, _offset), segment in zip(facts.leaves, facts.segment_keys, strict=True):
        for position, term in enumerate(terms):
            found = _leaf_counts(leaf, segment, fieldname, term)
            occurrences[position] += found[0]
            documents[position] += found[1]
    return occurrences, documents


def word_counts(facts: Facts, words: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(occurrences, documents) of exact-form words in titles and texts."""
    return counts(facts, WORD_FIELDS["exact"], words)


def pair_counts(facts: Facts, pairs: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(occurrences, documents) of pairs of adjacent words (``"tuyên giáo"``)."""
    return counts(facts, PAIR_FIELD, pairs)


def running_words(facts: Facts) -> int:
    """How many words the snapshot's titles and texts hold."""
    return int(facts.reader.field_length(WORD_FIELDS["exact"]))
