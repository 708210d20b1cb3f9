"""SimHash fingerprints of article texts, for finding near-identical copies.

Provincial sites republish central articles ("Theo TTXVN", "Nguồn: Báo Nhân
Dân") and each other's with small edits: another lead line, a byline, a
dropped sentence, old or new tone placement. A 64-bit SimHash (Charikar 2002;
Manku et al. 2007) over syllable shingles changes only a few bits for such
edits, while unrelated texts differ in about half of them.

- What republishing adds around the same text is left out: a source tag before
  the lead ("(TTXVN) - ", "QTO - ") and short lines after it (bylines, "Theo
  TTXVN", "Nguồn: Báo Nhân Dân"), see ``core_text``.
- Text is folded first (lowercase, diacritics stripped, đ→d), so tone placement
  (``uỷ``/``ủy``), NFD input and capitalisation never make two copies differ.
- Shingles are runs of ``SHINGLE_SYLLABLES`` syllables: Vietnamese words are
  mostly two syllables, so three-syllable shingles carry word order.
- Each distinct shingle votes once per bit with a stable 64-bit BLAKE2b hash
  (Python's ``hash()`` changes between processes).
- Texts with fewer than ``MIN_SHINGLES`` shingles get no fingerprint: a
  three-line caption would collide with anything.

The per-bit votes are counted in NumPy: the shingles' digests as one array of
bytes, unpacked into bits and summed per bit (a loop over shingles and bits in
Python would cost milliseconds per article).
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from archive.vietnamese import fold

SHINGLE_SYLLABLES = 3
MIN_SHINGLES = 20
HASH_BITS = 64

# Republishing furniture, as data: a lead's source tag and short trailing lines.
LEADING_TAG = re.compile(r"^\s*\(?[A-ZĐ]{2,12}\)?\s*[-–—:]\s+")
TRAILING_LINE_WORDS = 8  # a last paragraph this short is a byline or a credit
MAX_TRAILING_LINES = 3

_SYLLABLE = re.compile(r"\w+")
_SIGN_BIT = 1 << (HASH_BITS - 1)
_MODULUS = 1 << HASH_BITS


def core_text(text: str) -> str:
    """``text`` without a leading source tag and without trailing byline/credit lines."""
    paragraphs = [p for p in re.split(r"\n\s*\n|\n", text.strip()) if p.strip()]
    for _ in range(MAX_TRAILING_LINES):
        if len(paragraphs) > 1 and len(paragraphs[-1].split()) <= TRAILING_LINE_WORDS:
            paragraphs.pop()
    if paragraphs:
        paragraphs[0] = LEADING_TAG.sub("", paragraphs[0], count=1)
    return "\n".join(paragraphs)


def shingles(text: str) -> set[str]:
    """The distinct runs of ``SHINGLE_SYLLABLES`` folded syllables of the core text."""
    syllables = _SYLLABLE.findall(fold(core_text(text)))
    size = SHINGLE_SYLLABLES
    return {" ".join(syllables[i : i + size]) for i in range(len(syllables) - size + 1)}


def simhash(text: str) -> int | None:
    """The text's 64-bit SimHash (unsigned), or None when it is too short to fingerprint."""
    pieces = shingles(text)
    if len(pieces) < MIN_SHINGLES:
        return None
    blake2b = hashlib.blake2b
    digests = b"".join(blake2b(piece.encode(), digest_size=8).digest() for piece in pieces)
    # Bit 8p + b of the fingerprint is bit b (least significant first) of digest byte p.
    bits = np.unpackbits(np.frombuffer(digests, np.uint8).reshape(-1, 8), axis=1, bitorder="little")
    votes = bits.sum(axis=0, dtype=np.int64)
    fingerprint = 0
    for bit in np.flatnonzero(votes > len(pieces) / 2).tolist():
        fingerprint |= 1 << bit
    return fingerprint


def distance(first: int, second: int) -> int:
    """How many bits two fingerprints differ in (Hamming distance)."""
    return ((first ^ second) % _MODULUS).bit_count()


def to_signed(fingerprint: int | None) -> int | None:
    """Store an unsigned 64-bit fingerprint in a signed BIGINT column."""
    if fingerprint is None:
        return None
    return fingerprint - _MODULUS if fingerprint & _SIGN_BIT else fingerprint


def from_signed(stored: int | None) -> int | None:
    if stored is None:
        return None
    return stored % _MODULUS


def text_fingerprint(text: str) -> int | None:
    """The value stored in ``article_fingerprints.simhash`` for ``text``."""
    return to_signed(simhash(text))
