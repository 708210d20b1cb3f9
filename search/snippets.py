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
from itertools import accumulate

from whoosh.reading import IndexReader

from search import syntax
from search.analysis import WORD, ensure_nfc, exact_form, folded_form
from search.docsets import word_term
from search.schema import WORD_FIELDS
from search.variants import word_spellings

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


def _fold_table() -> dict[int, str]:
    """Every letter that folds to one other letter: folding a text keeps its offsets."""
    table = {}
    for code in range(0x41, 0x2000):
        char = chr(code)
        folded = folded_form(char)
        if folded != char and len(folded) == 1:
            table[code] = folded
    for code in range(0x1E00, 0x1F00):  # Vietnamese letters with two marks
        folded = folded_form(chr(code))
        if len(folded) == 1:
            table[code] = folded
    return table


_FOLD = _fold_table()


class _Words:
    """The words of a text, folded cheaply in one pass; exact forms only where asked."""

    def __init__(self, text: str) -> None:
        self.text = text
        folded = text.translate(_FOLD)
        self.folded = folded
        self.bounds = [match.span() for match in WORD.finditer(folded)]

    def folded_at(self, index: int) -> str:
        start, end = self.bounds[index]
        return self.folded[start:end]

    def exact_at(self, index: int) -> str:
        start, end = self.bounds[index]
        return exact_form(self.text[start:end])

    def phrase_at(self, index: int, phrase: tuple[frozenset[str], ...]) -> bool:
        last = index + len(phrase) - 1
        if last >= len(self.bounds):
            return False
        if "\n" in self.text[self.bounds[index][0] : self.bounds[last][1]]:
            return False  # phrases never span paragraphs
        return all(self.exact_at(index + k) in allowed for k, allowed in enumerate(phrase))


def _marked_spans(text: str, marks: Highlights) -> list[tuple[int, int]]:
    words = _Words(text)
    exact_folds = {folded_form(word) for word in marks.exact}
    phrase_folds = {folded_form(word) for phrase in marks.phrases for word in phrase[0]}
    wanted = marks.folded | exact_folds | phrase_folds
    found: list[tuple[int, int]] = []
    for index, (start, end) in enumerate(words.bounds):
        folded = words.folded_at(index)
        if folded not in wanted:
            continue
        if folded in marks.folded or (
            folded in exact_folds and words.exact_at(index) in marks.exact
        ):
            found.append((start, end))
        for phrase in marks.phrases:
            if words.phrase_at(index, phrase):
                found.append((start, words.bounds[index + len(phrase) - 1][1]))
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
    marked = _marked_spans(text, marks)
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
