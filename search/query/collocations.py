"""Two-syllable Vietnamese words recognised from the archive's own statistics.

Vietnamese writes one syllable per word-space; most words are two syllables
("tuyên giáo", "cán bộ", "tỉnh ủy"). Two adjacent syllables are taken as a
word when they occur together far more often than chance across the whole
archive: their normalised pointwise mutual information,

    NPMI = ln(p(xy) / (p(x) p(y))) / -ln p(xy),

from 0 (independent) to 1 (never apart), is at least ``THRESHOLD`` and the
pair occurs at least ``MIN_PAIR_COUNT`` times, and neither syllable is a
function syllable (``stopwords.py``). Counts come from the index (pairs of
adjacent words are index terms), so recognising a word costs one look-up.
The threshold was chosen on half of a hand-labelled sample of pairs and
measured on the other half (``docs/research.md``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from search.analysis import PAIR_SEPARATOR
from search.query.facts import Facts
from search.query.reference import pair_counts, running_words, word_counts
from search.query.stopwords import is_stop

THRESHOLD = 0.35
MIN_PAIR_COUNT = 3


def npmi(pair: np.ndarray, first: np.ndarray, second: np.ndarray, total: int) -> np.ndarray:
    """Normalised PMI of each pair's counts (-1 where the pair never occurs)."""
    pair = np.asarray(pair, np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        joint = pair / total
        pmi = np.log(joint / ((np.asarray(first) / total) * (np.asarray(second) / total)))
        value = pmi / -np.log(joint)
    return np.where((pair > 0) & (joint < 1), value, -1.0)


def plausible(pair: str) -> bool:
    """Whether a pair could be a word at all: two syllables of letters, no function syllable."""
    first, _, second = pair.partition(PAIR_SEPARATOR)
    return first.isalpha() and second.isalpha() and not is_stop(first) and not is_stop(second)


def association(facts: Facts, pairs: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(NPMI, archive count) of each pair over the snapshot."""
    firsts = [pair.partition(PAIR_SEPARATOR)[0] for pair in pairs]
    seconds = [pair.partition(PAIR_SEPARATOR)[2] for pair in pairs]
    together, _ = pair_counts(facts, pairs)
    words = sorted(set(firsts) | set(seconds))
    word_totals, _ = word_counts(facts, words)
    by_word = dict(zip(words, word_totals.tolist(), strict=True))
    first = np.array([by_word[word] for word in firsts], np.float64)
    second = np.array([by_word[word] for word in seconds], np.float64)
    return npmi(together, first, second, max(running_words(facts), 1)), together


def recognised_words(
    facts: Facts, pairs: Sequence[str], threshold: float = THRESHOLD
) -> np.ndarray:
    """Which pairs are two-syllable words (a boolean per pair)."""
    candidates = [index for index, pair in enumerate(pairs) if plausible(pair)]
    found = np.zeros(len(pairs), bool)
    if not candidates:
        return found
    scores, together = association(facts, [pairs[index] for index in candidates])
    found[candidates] = (scores >= threshold) & (together >= MIN_PAIR_COUNT)
    return found
