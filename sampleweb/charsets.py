"""Encodings older Vietnamese sites serve: windows-1258, and UTF-8 under a false label."""

from __future__ import annotations

import unicodedata

# The five tone marks, which windows-1258 only has as combining characters.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def windows_1258(text: str) -> bytes:
    """``text`` as windows-1258 pages carry it: letters precomposed, tones combining.

    Characters the code page lacks become numeric character references, as
    browsers submitting such forms (and CMSs saving them) do.
    """
    out = []
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in decomposed if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))
        out.append(base + tones)
    return "".join(out).encode("cp1258", errors="xmlcharrefreplace")
