"""Vietnamese analysis for Whoosh: words and two-word pairs, exact or folded, in one pass.

A *word* is a run of letters and digits in NFC text (Vietnamese writes one
syllable per word). Every word is lowercased and takes one of two forms:

- *exact*: old and new tone placement unified (``uỷ`` and ``ủy`` are one word);
- *folded*: every diacritic stripped and ``đ`` mapped to ``d`` (``Đảng`` -> ``dang``).

No stop words and no minimum length: ``an`` ("an ninh"), ``y`` ("y tế") and
``ở`` are words. A *pair* is two adjacent words of one paragraph, joined by a
space ("tuyên giáo"); punctuation between them is ignored, a line break is not.
Pairs make two-syllable phrases, the common case in Vietnamese, a single term;
word positions (with a gap at each line break) serve longer phrases.

The tokenizer is pickled into the index schema, so it must stay importable
from this module; change ``ANALYSIS_VERSION`` whenever its output changes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache
from itertools import pairwise
from typing import Any, Literal

from whoosh.analysis import Token, Tokenizer

from archive.vietnamese import fold, nfc, unify_tone_placement

# Bump when the words or pairs produced for a text change: indexes are rebuilt.
ANALYSIS_VERSION = 2

WORD = re.compile(r"\w+")
PAIR_SEPARATOR = " "
Form = Literal["exact", "folded"]


@lru_cache(maxsize=500_000)
def exact_form(word: str) -> str:
    """Lowercase, tone placement unified: ``Uỷ`` -> ``ủy``."""
    return unify_tone_placement(word.lower())


@lru_cache(maxsize=500_000)
def folded_form(word: str) -> str:
    """Lowercase, no diacritics, đ -> d: ``Đảng`` -> ``dang``."""
    return fold(word)


FORMS = {"exact": exact_form, "folded": folded_form}


def ensure_nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else nfc(text)


class VietnameseTokenizer(Tokenizer):
    """Words (or pairs of adjacent words) of a text in the exact or folded form."""

    def __init__(self, form: Form = "exact", pairs: bool = False) -> None:
        self.form = form
        self.pairs = pairs

    def __eq__(self, other: object) -> bool:
        return isinstance(other, VietnameseTokenizer) and (self.form, self.pairs) == (
            other.form,
            other.pairs,
        )

    def __hash__(self) -> int:
        return hash((self.form, self.pairs))

    def __call__(  # type: ignore[override]
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        token.boost = 1.0
        if not tokenize:  # a query term, already one word or pair
            token.text, token.pos = value, start_pos
            token.startchar, token.endchar = start_char, start_char + len(value)
            yield token
            return
        found = spans(ensure_nfc(value), self.form)
        if self.pairs:
            found = pair_spans(found)
        for index, (text, start, end, paragraph) in enumerate(found):
            token.text = text
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + word_position(index, paragraph)
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


# A word or pair as found in a text: (form, start, end, paragraph number).
Span = tuple[str, int, int, int]


def word_position(index: int, paragraph: int) -> int:
    """A word's position: each paragraph break leaves a gap, so no phrase spans two."""
    return index + paragraph


def spans(text: str, form: Form = "exact") -> list[Span]:
    """Every word of ``text`` (NFC) in ``form``, with where it sits in the original."""
    exact = _exact_spans(text)
    if form == "exact":
        return exact
    # Folding the exact form folds the original: tone placement is all it changed.
    return [(folded_form(word), start, end, paragraph) for word, start, end, paragraph in exact]


# Indexing analyses one text for several fields in a row (title, body, pairs…):
# the last few analyses are kept, recognised by the identity of their text.
_RECENT = 4
_recent: list[tuple[str, list[Span]]] = []


def _exact_spans(text: str) -> list[Span]:
    for seen, found in _recent:
        if seen is text:
            return found
    found = []
    paragraph, previous_end = 0, 0
    for match in WORD.finditer(text):
        start, end = match.span()
        if text.find("\n", previous_end, start) != -1:
            paragraph += 1
        found.append((exact_form(match.group()), start, end, paragraph))
        previous_end = end
    _recent.insert(0, (text, found))
    del _recent[_RECENT:]
    return found


def pair_spans(word_spans: list[Span]) -> list[Span]:
    """Adjacent words of one paragraph."""
    return [
        (first[0] + PAIR_SEPARATOR + second[0], first[1], second[2], first[3])
        for first, second in pairwise(word_spans)
        if first[3] == second[3]
    ]


def words(text: str) -> list[str]:
    """The exact-form words of ``text``, as the index sees them."""
    return [span[0] for span in spans(ensure_nfc(text), "exact")]


def folded_words(text: str) -> list[str]:
    return [span[0] for span in spans(ensure_nfc(text), "folded")]


def exact_analyzer() -> VietnameseTokenizer:
    return VietnameseTokenizer("exact")


def folded_analyzer() -> VietnameseTokenizer:
    return VietnameseTokenizer("folded")


def pair_analyzer(form: Form = "exact") -> VietnameseTokenizer:
    return VietnameseTokenizer(form, pairs=True)
