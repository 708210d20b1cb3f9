"""Vietnamese spelling variants the sample web serves: tone placement and NFD.

Vietnamese sites mix two tone-placement conventions in open syllables ending in
``oa``, ``oe`` and ``uy``: the old style puts the mark on the last vowel
(``hoà``, ``khoẻ``, ``Tỉnh uỷ``, ``Thuý``), the new style on the first
(``hòa``, ``khỏe``, ``Tỉnh ủy``, ``Thúy``). The archive must treat both as the
same word, so the fixture serves both, consistently within one article.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

ToneStyle = Literal["old", "new"]

# The five tone marks as combining characters.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_SWING_ENDINGS = ("oa", "oe", "uy")
_WORD = re.compile(r"\w+")


def _letters(word: str) -> tuple[list[str], list[str], int | None, str | None]:
    """Split an NFD word into base letters and their non-tone marks, plus the tone."""
    bases: list[str] = []
    marks: list[str] = []
    tone_at: int | None = None
    tone: str | None = None
    for char in unicodedata.normalize("NFD", word):
        if char in _TONES and bases:
            tone_at, tone = len(bases) - 1, char
        elif unicodedata.combining(char) and bases:
            marks[-1] += char
        else:
            bases.append(char)
            marks.append("")
    return bases, marks, tone_at, tone


# Vietnamese has a few thousand syllables: remembering them makes restyling cheap.
@lru_cache(maxsize=65536)
def _restyle_word(word: str, style: ToneStyle) -> str:
    bases, marks, tone_at, tone = _letters(word)
    if tone is None or len(bases) < 2:
        return word
    if "".join(bases[-2:]).lower() not in _SWING_ENDINGS or marks[-1] or marks[-2]:
        return word
    # In "quy"/"qua" the u belongs to the consonant: the mark never moves.
    if len(bases) >= 3 and bases[-3].lower() == "q":
        return word
    # A vowel before the pair ("uoa"...) is not Vietnamese: leave it alone.
    if len(bases) >= 3 and bases[-3].lower() in "aeiouy":
        return word
    target = len(bases) - (1 if style == "old" else 2)
    if tone_at == target:
        return word
    marks[target] += tone
    return unicodedata.normalize("NFC", "".join(b + m for b, m in zip(bases, marks, strict=True)))


def restyle(text: str, style: ToneStyle) -> str:
    """``text`` (NFC out) with every swing syllable in the given tone style."""
    text = unicodedata.normalize("NFC", text)
    return _WORD.sub(lambda match: _restyle_word(match.group(), style), text)


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Strip diacritics and map đ to d (for slugs): ``Tỉnh ủy`` -> ``Tinh uy``."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def slugify(text: str) -> str:
    """The unaccented, hyphenated alias NukeViet and Liferay derive from a title."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")
