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
from search.query.termcounts import TermCounts

THRESHOLD = 0.2
MIN_PAIR_COUNT = 3
DOMINANT = 0.5  # a neighbour standing beside the pair this often competes with it


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


def _best_by(keys: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each distinct key, the position of its largest count (keys, positions)."""
    order = np.lexsort((-counts, keys))
    distinct, first = np.unique(keys[order], return_index=True)
    return distinct, order[first]


def _dominant(
    keys: np.ndarray, best: np.ndarray, tallies: np.ndarray, codes: np.ndarray, totals: np.ndarray
) -> np.ndarray:
    """For each code, the position of its most frequent triple among ``keys`` when that
    triple holds at least ``DOMINANT`` of the code's occurrences; -1 otherwise."""
    where = np.minimum(np.searchsorted(keys, codes), max(len(keys) - 1, 0))
    present = (keys[where] == codes) if len(keys) else np.zeros(len(codes), bool)
    chosen = best[where] if len(keys) else np.zeros(len(codes), np.int64)
    strong = present & (tallies[chosen] >= DOMINANT * totals) if len(keys) else present
    return np.where(strong, chosen, -1)


def neighbours(counts: TermCounts, pairs: Sequence[str]) -> dict[str, list[str]]:
    """For each pair, the pairs it overlaps that stand beside it in most of its occurrences
    in ``counts`` ("phát triển" for "triển đảng" in "phát triển đảng viên")."""
    size = counts.size
    known = [(pair, code) for pair in pairs if (code := counts.pair_code(pair)) is not None]
    if not known:
        return {}
    codes = np.array([code for _, code in known], np.int64)
    totals = counts.pair_counts[np.searchsorted(counts.pair_codes, codes)]
    triples, tallies = counts.triples_around(np.unique(codes))
    if not len(triples):
        return {}
    heads, at_head = _best_by(triples // size, tallies)  # pair + the word after it
    tails, at_tail = _best_by(triples % (size * size), tallies)  # the word before + pair
    after = _dominant(heads, at_head, tallies, codes, totals)
    before = _dominant(tails, at_tail, tallies, codes, totals)
    found: dict[str, list[str]] = {}
    for (pair, _), next_at, previous_at in zip(known, after, before, strict=True):
        rivals = []
        if next_at >= 0:
            rivals.append(_words(counts.triple(triples[next_at]))[1:])
        if previous_at >= 0:
            rivals.append(_words(counts.triple(triples[previous_at]))[:2])
        found[pair] = [PAIR_SEPARATOR.join(words) for words in rivals]
    return found


def _words(triple: str) -> list[str]:
    return triple.split(PAIR_SEPARATOR)


def recognised_words(
    facts: Facts,
    pairs: Sequence[str],
    rivals: dict[str, list[str]] | None = None,
    threshold: float = THRESHOLD,
) -> np.ndarray:
    """Which pairs are two-syllable words (a boolean per pair). ``rivals``: for each pair,
    the overlapping pairs beside it most of the time (``neighbours``); a pair bound less
    tightly than one of them is a piece of a longer word or of two words."""
    candidates = [index for index, pair in enumerate(pairs) if plausible(pair)]
    found = np.zeros(len(pairs), bool)
    if not candidates:
        return found
    chosen = [pairs[index] for index in candidates]
    scores, together = association(facts, chosen)
    accepted = (scores >= threshold) & (together >= MIN_PAIR_COUNT)
    rivals = rivals or {}
    competing = sorted({r for pair in chosen for r in rivals.get(pair, ())})
    if competing:
        rival_scores = dict(zip(competing, association(facts, competing)[0].tolist(), strict=True))
        for position, pair in enumerate(chosen):
            if any(rival_scores[r] > scores[position] for r in rivals.get(pair, ())):
                accepted[position] = False
    found[candidates] = accepted
    return found
