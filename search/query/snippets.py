"""Highlighted snippets: passages of the article with the matched words marked.

The article text comes from the database as published; the marks are placed
on that original text (accents, capitals and old tone placement kept) even
when the query matched its folded form. A phrase is marked where its words
stand together, not wherever one of them appears. The result is HTML: the
text is escaped, only ``<mark>`` is added.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate

import numpy as np
from whoosh.reading import IndexReader

from search.analysis import WORD, ensure_nfc, exact_form, folded_form
from search.query import syntax
from search.query.docsets import word_term
from search.query.variants import word_spellings
from search.schema import WORD_FIELDS

# Letters with diacritics are all below U+2000 (Latin, its extensions, Vietnamese).
FOLDED_BELOW = 0x2000
FRAGMENT_CHARS = 220
LEAD_CHARS = 90  # how much text comes before the first mark of a fragment
FRAGMENTS = 2
OPENING_CHARS = 240
ELLIPSIS = " … "
_SPACES = re.compile(r"\s+")


@dataclass
class Highlights:
    """What to mark: exact words, folded words, and phrases (exact spellings per word)."""

    exact: set[str] = field(default_factory=set)
    folded: set[str] = field(default_factory=set)
    phrases: list[tuple[frozenset[str], ...]] = field(default_factory=list)


def highlights_for(reader: IndexReader, tree: syntax.Node | None) -> Highlights:
    """The marks a query asks for (words under NOT are not marked)."""
    marks = Highlights()
    _collect(reader, tree, marks)
    return marks


def _collect(reader: IndexReader, node: syntax.Node | None, marks: Highlights) -> None:
    match node:
        case syntax.Word(text=text):
            fieldname, term = word_term(text)
            (marks.exact if fieldname == WORD_FIELDS["exact"] else marks.folded).add(term)
        case syntax.Phrase(words=words):
            spellings = [frozenset(t for t, _ in word_spellings(reader, w.text)) for w in words]
            if all(spellings):
                marks.phrases.append(tuple(spellings))
        case syntax.And(nodes=nodes) | syntax.Or(nodes=nodes):
            for child in nodes:
                _collect(reader, child, marks)


def _fold_table() -> np.ndarray:
    """Code point to code point: every letter that folds to one other letter is
    replaced by it, so folding a text keeps its offsets."""
    table = np.arange(FOLDED_BELOW, dtype=np.uint32)
    for code in range(0x41, FOLDED_BELOW):
        folded = folded_form(chr(code))
        if folded != chr(code) and len(folded) == 1:
            table[code] = ord(folded)
    return table


_FOLD = _fold_table()


def fold_in_place(text: str) -> str:
    """``text`` folded letter for letter (``Đảng`` -> ``dang``): same length, same offsets.

    A table lookup over the code points in NumPy: ten times faster than
    ``str.translate`` on an article, and every snippet folds a whole one.
    """
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), np.uint32)
    folded = codes.copy()
    low = codes < FOLDED_BELOW
    folded[low] = _FOLD[codes[low]]
    return folded.tobytes().decode("utf-32-le", "surrogatepass")


@lru_cache(maxsize=4096)
def _finder(folded_words: frozenset[str]) -> re.Pattern[str]:
    """The words of a folded text that are one of ``folded_words``."""
    words = "|".join(re.escape(word) for word in sorted(folded_words))
    return re.compile(r"(?<!\w)(?:" + words + r")(?!\w)")


def _phrase_end(text: str, start: int, end: int, phrase: tuple[frozenset[str], ...]) -> int:
    """Where ``phrase`` ends if it starts with the word at ``start:end``, else -1.

    Its words must follow one another within one paragraph, spelled as allowed.
    """
    if exact_form(text[start:end]) not in phrase[0]:
        return -1
    position = end
    for allowed in phrase[1:]:
        word = WORD.search(text, position)
        if word is None or "\n" in text[position : word.start()]:
            return -1  # the text ends, or a paragraph does: phrases never span them
        if exact_form(word.group()) not in allowed:
            return -1
        position = word.end()
    return position


def marked_spans(text: str, marks: Highlights) -> list[tuple[int, int]]:
    """Where ``text`` (NFC) holds what the query asks to mark: (start, end) offsets, in order;
    adjacent marks ("tuyên" "giáo") become one. Snippets and the concordance use it."""
    exact_folds = {folded_form(word) for word in marks.exact}
    phrase_folds = {folded_form(word) for phrase in marks.phrases for word in phrase[0]}
    wanted = marks.folded | exact_folds | phrase_folds
    if not wanted:
        return []
    found: list[tuple[int, int]] = []
    # Folding keeps every offset (one letter for one), so spans found in the folded
    # text are spans of the text; only the words found are looked at in Python.
    for word in _finder(frozenset(wanted)).finditer(fold_in_place(text)):
        start, end = word.span()
        folded = word.group()
        if folded in marks.folded or (
            folded in exact_folds and exact_form(text[start:end]) in marks.exact
        ):
            found.append((start, end))
        for phrase in marks.phrases:
            phrase_end = _phrase_end(text, start, end, phrase)
            if phrase_end != -1:
                found.append((start, phrase_end))
    # Overlapping marks, and marks one space apart ("tuyên giáo"), become one.
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and (start <= merged[-1][1] or text[merged[-1][1] : start] == " "):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text)


def _render(text: str, start: int, end: int, marks: list[tuple[int, int]]) -> str:
    out, position = [], start
    for mark_start, mark_end in marks:
        if mark_end <= start or mark_start >= end:
            continue
        mark_start, mark_end = max(mark_start, start), min(mark_end, end)
        out.append(html.escape(_one_line(text[position:mark_start])))
        out.append(f"<mark>{html.escape(_one_line(text[mark_start:mark_end]))}</mark>")
        position = mark_end
    out.append(html.escape(_one_line(text[position:end])))
    return "".join(out).strip()


def _window(text: str, first_mark: int) -> tuple[int, int]:
    """About FRAGMENT_CHARS around a mark, cut at spaces."""
    start = max(0, first_mark - LEAD_CHARS)
    if start:
        space = text.find(" ", start, first_mark)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + FRAGMENT_CHARS)
    if end < len(text):
        space = text.rfind(" ", first_mark, end)
        end = space if space > first_mark else end
    return start, end


def snippet(text: str, marks: Highlights) -> str:
    """Up to two passages of ``text`` with the densest marks, as one line of HTML."""
    text = ensure_nfc(text)
    marked = marked_spans(text, marks)
    if not marked:
        opening = _one_line(text[:OPENING_CHARS])
        return html.escape(opening) + ("…" if len(text) > OPENING_CHARS else "")
    # A window's worth: the words marked in it (a phrase counts all its words).
    starts = [start for start, _ in marked]
    worth = list(accumulate(text.count(" ", start, end) + 1 for start, end in marked))
    windows = []
    for start, _ in marked:
        window = _window(text, start)
        first, last = bisect_left(starts, window[0]), bisect_right(starts, window[1])
        density = worth[last - 1] - (worth[first - 1] if first else 0)
        windows.append((density, -window[0], window))
    chosen: list[tuple[int, int]] = []
    for _, _, window in sorted(windows, reverse=True):
        if all(window[1] <= other[0] or window[0] >= other[1] for other in chosen):
            chosen.append(window)
        if len(chosen) == FRAGMENTS:
            break
    return ELLIPSIS.join(_render(text, start, end, marked) for start, end in sorted(chosen))
