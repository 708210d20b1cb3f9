"""Vietnamese text normalisation shared by every stage.

Three operations, each keeping the original text untouched elsewhere:

- ``nfc``: Unicode NFC, applied at every boundary (pages, queries, index).
- ``unify_tone_placement``: old-style (``hoà``, ``thuỷ``, ``Tỉnh uỷ``) and new-style
  (``hòa``, ``thủy``, ``Tỉnh ủy``) tone placement become one canonical spelling, so
  both are the same word for search. Only the open syllables ending in ``oa``,
  ``oe`` and ``uy`` differ between the two conventions; everything else is left alone.
- ``fold``: strip every diacritic and map ``đ`` to ``d``, for accent-insensitive matching.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

# The five tone marks as combining characters (NFD). Vowel-quality marks
# (circumflex, breve, horn) are not tones and stay on their letter.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")

# Open syllables whose tone position differs between the old and new conventions.
_SWING_ENDINGS = ("oa", "oe", "uy")

_WORD = re.compile(r"\w+")


def nfc(text: str) -> str:
    """NFC-normalise ``text`` (no-op for text that is already NFC)."""
    return unicodedata.normalize("NFC", text)


def _split_tone(syllable: str) -> tuple[list[str], str | None]:
    """Return the syllable's letters without tone and the tone mark, if any."""
    letters: list[str] = []
    tone: str | None = None
    for char in unicodedata.normalize("NFD", syllable):
        if char in TONE_MARKS:
            tone = char
        elif unicodedata.combining(char) and letters:
            letters[-1] += char
        else:
            letters.append(char)
    return letters, tone


def _canonical_syllable(syllable: str) -> str:
    letters, tone = _split_tone(syllable)
    if tone is None or len(letters) < 2:
        return syllable
    bare = "".join(unicodedata.normalize("NFC", letter)[0] for letter in letters[-2:]).lower()
    if bare not in _SWING_ENDINGS:
        return syllable
    # "quy" is qu + y: the u belongs to the consonant and the tone stays on y.
    if bare == "uy" and len(letters) >= 3 and letters[-3].lower() == "q":
        return syllable
    # A second vowel with its own mark (e.g. "uyê") is not one of these syllables.
    if any(len(letter) > 1 for letter in letters[-2:]):
        return syllable
    letters[-2] += tone
    return unicodedata.normalize("NFC", "".join(letters))


def unify_tone_placement(text: str) -> str:
    """Rewrite old-style tone placement to the new style, word by word (NFC out)."""
    return _WORD.sub(lambda match: _canonical_syllable(match.group()), nfc(text))


# Above this length a text is stripped of its marks through an array lookup (an article's
# text: three times faster); words and titles keep the plain loop, cheaper for them.
# The table covers the Basic Multilingual Plane (built in a few milliseconds; all of
# Unicode would take half a second per process): a text with a code point above it
# takes the plain loop too.
ARRAY_FOLD_CHARS = 200
TABLE_CODE_POINTS = 0x10000


@lru_cache(maxsize=1)
def _combining_marks() -> np.ndarray:
    """For every BMP code point, whether it is a combining mark (what ``fold`` strips)."""
    marks = np.zeros(TABLE_CODE_POINTS, bool)
    marks[[code for code in range(TABLE_CODE_POINTS) if unicodedata.combining(chr(code))]] = True
    return marks


def _strip_marks(decomposed: str) -> str:
    if len(decomposed) >= ARRAY_FOLD_CHARS:
        codes = np.frombuffer(decomposed.encode("utf-32-le", "surrogatepass"), np.uint32)
        if int(codes.max()) < TABLE_CODE_POINTS:
            kept = codes[~_combining_marks()[codes]]
            return kept.tobytes().decode("utf-32-le", "surrogatepass")
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def fold(text: str) -> str:
    """Lowercase, strip all diacritics and map đ to d: ``Đảng`` -> ``dang``."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return unicodedata.normalize("NFC", _strip_marks(decomposed))


def has_diacritics(word: str) -> bool:
    """True when folding would change ``word`` (beyond case)."""
    return fold(word) != word.lower()
