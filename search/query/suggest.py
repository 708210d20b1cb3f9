""" "Did you mean": the query with missing or wrong diacritics restored.

Each searched word gets candidate spellings: every indexed exact form of its
folded form (``tuyen`` → tuyên, tuyến, tuyển…), or, when there is none (a
typo such as ``tuyêm``), those of the folded words one edit away. The best
sequence of candidates is the one whose words and adjacent pairs are most
frequent in the archive (a small Viterbi search), so context decides:
``tuyen giao`` → ``tuyên giáo``, not ``tuyến giao``. A word the user typed
with diacritics that does occur keeps its spelling unless its neighbours
strongly disagree. Only words shaped like a Vietnamese syllable are corrected
by edits: a name, a foreign word or a lone letter (``bar``, ``x``) is kept.
"""

from __future__ import annotations

import math
import re
import string

from whoosh.reading import IndexReader

from archive.vietnamese import has_diacritics
from search.analysis import PAIR_SEPARATOR, exact_form, folded_form
from search.query import syntax
from search.query.facts import document_frequency
from search.query.variants import present, spellings
from search.schema import PAIR_FIELD, WORD_FIELDS

PAIR_WEIGHT = 3.0  # one pair seen together outweighs many words seen apart
TYPED_BONUS = 4.0  # keeping what was typed needs e^4 (about 55x) less evidence
MAX_CANDIDATES = 8
MAX_WORDS = 12
# A folded Vietnamese syllable: an optional initial, one to three vowels, an optional final.
SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdghklmnpqrstvx])?[aeiouy]{1,3}(?:ch|ng|nh|[cmnpt])?"
)


def _edits(word: str) -> set[str]:
    """Folded words one edit (delete, swap, replace, insert) from ``word``."""
    letters = string.ascii_lowercase
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in splits if b}
        | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        | {a + c + b[1:] for a, b in splits if b for c in letters}
        | {a + c + b for a, b in splits for c in letters}
    )


def _candidates(reader: IndexReader, word: str) -> list[tuple[str, int]]:
    folded = folded_form(word)
    found = present(reader, WORD_FIELDS["exact"], spellings(folded))
    if not found and SYLLABLE.fullmatch(folded):
        near = [w for w, _ in present(reader, WORD_FIELDS["folded"], sorted(_edits(folded)))]
        found = [
            hit for other in near for hit in present(reader, WORD_FIELDS["exact"], spellings(other))
        ]
    return sorted(found, key=lambda hit: -hit[1])[:MAX_CANDIDATES]


def _options(reader: IndexReader, word: str) -> list[tuple[str, int]]:
    """Candidate spellings of a query word; a word typed with diacritics keeps its own."""
    typed = exact_form(word)
    candidates = _candidates(reader, word)
    if has_diacritics(word) and typed not in dict(candidates):
        frequency = document_frequency(reader, WORD_FIELDS["exact"], typed)
        if frequency:
            candidates.append((typed, frequency))
    return candidates or [(typed, 0)]


def _best_path(
    reader: IndexReader, typed: list[str], options: list[list[tuple[str, int]]]
) -> list[str]:
    """The most likely spelling of the whole word sequence (words and pairs frequencies)."""

    def own(index: int, term: str, frequency: int) -> float:
        kept = term == typed[index] and has_diacritics(term)
        bonus = TYPED_BONUS if kept else 0.0
        return math.log1p(frequency) + bonus

    best = {term: (own(0, term, freq), [term]) for term, freq in options[0]}
    for index in range(1, len(options)):
        following = {}
        for term, frequency in options[index]:
            scored = []
            for previous, (score, path) in best.items():
                together = document_frequency(reader, PAIR_FIELD, previous + PAIR_SEPARATOR + term)
                scored.append((score + PAIR_WEIGHT * math.log1p(together), path))
            score, path = max(scored)
            following[term] = (score + own(index, term, frequency), [*path, term])
        best = following
    return max(best.values())[1]


def _restyled(typed: str, suggestion: str) -> str:
    """The suggestion with the typed word's capitals."""
    if typed.isupper() and len(typed) > 1:
        return suggestion.upper()
    if typed[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


def did_you_mean(reader: IndexReader, parsed: syntax.ParsedQuery) -> str | None:
    """The query text with better-spelled words, or None when it is already the best guess."""
    words = parsed.words()[:MAX_WORDS]
    if not words:
        return None
    typed = [exact_form(word.text) for word in words]
    options = [_options(reader, word.text) for word in words]
    chosen = _best_path(reader, typed, options)
    if chosen == typed:
        return None
    # Better spellings in, ignored quotes and parentheses out: the suggestion is a
    # query that searches as written, without the notes this one needed.
    edits = [
        (word.start, word.end, _restyled(word.text, spelling))
        for word, spelling in zip(words, chosen, strict=True)
    ]
    edits += [(position, position + 1, "") for position in parsed.dropped]
    text = parsed.text
    for start, end, replacement in sorted(edits, reverse=True):
        text = text[:start] + replacement + text[end:]
    return " ".join(text.split())
