"""The exact spellings a folded word or pair stands for, as the index holds them.

A word typed without diacritics (``tuyen``) means any spelling that folds to
it: ``tuyên``, ``tuyến``, ``tuyển``… Vietnamese spelling is regular enough to
list those candidates from the letters (a→a/ă/â, e→e/ê, o→o/ô/ơ, u→u/ư, d→d/đ,
and one tone mark on a vowel); the index says which of them occur. Phrases
typed without diacritics, the "did you mean" suggestions and the exact-first
ranking all start from these.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from itertools import product

from whoosh.reading import IndexReader

from archive.vietnamese import has_diacritics
from search.analysis import PAIR_SEPARATOR, exact_form, folded_form
from search.query.facts import document_frequency
from search.schema import PAIR_FIELD, WORD_FIELDS

LETTER_OPTIONS = {"a": "aăâ", "e": "eê", "o": "oôơ", "u": "uư", "d": "dđ"}
VOWELS = frozenset("aăâeêioôơuưy")
TONE_MARKS = ("\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
# The longest Vietnamese syllable has 7 letters ("nghiêng"); longer words are not syllables.
MAX_SYLLABLE = 7
MAX_PAIR_CANDIDATES = 400


@lru_cache(maxsize=50_000)
def spellings(folded: str) -> tuple[str, ...]:
    """Every exact form (tone placement unified) whose folded form is ``folded``."""
    if not (folded.isascii() and folded.isalpha()) or len(folded) > MAX_SYLLABLE:
        return (folded,)
    found: set[str] = set()
    for letters in product(*(LETTER_OPTIONS.get(char, char) for char in folded)):
        base = "".join(letters)
        found.add(base)
        for index, char in enumerate(base):
            if char in VOWELS:
                head, tail = base[: index + 1], base[index + 1 :]
                for tone in TONE_MARKS:
                    found.add(exact_form(unicodedata.normalize("NFC", head + tone + tail)))
    return tuple(sorted(found))


def present(reader: IndexReader, fieldname: str, terms: Iterable[str]) -> list[tuple[str, int]]:
    """The terms that occur in ``fieldname``, with their document frequency."""
    found = []
    for term in terms:
        frequency = document_frequency(reader, fieldname, term)
        if frequency:
            found.append((term, frequency))
    return found


def word_spellings(reader: IndexReader, word: str) -> list[tuple[str, int]]:
    """The indexed exact forms a query word stands for (itself, if typed with diacritics)."""
    if has_diacritics(word):
        return present(reader, WORD_FIELDS["exact"], [exact_form(word)])
    return present(reader, WORD_FIELDS["exact"], spellings(folded_form(word)))


def pair_spellings(reader: IndexReader, first: str, second: str) -> list[tuple[str, int]]:
    """The indexed exact pairs two adjacent query words stand for."""
    left = [term for term, _ in word_spellings(reader, first)]
    right = [term for term, _ in word_spellings(reader, second)]
    candidates = (a + PAIR_SEPARATOR + b for a, b in product(left, right))
    return present(reader, PAIR_FIELD, list(candidates)[:MAX_PAIR_CANDIDATES])
